// SPDX-License-Identifier: BSL-1.0
#include "core/request_target.hpp"

#include <array>

namespace tallyfy::detail {

namespace {

// RFC 3986 unreserved characters, one lookup per byte.
constexpr auto unreserved_table = [] {
    std::array<bool, 256> t{};
    for (int c = 0; c < 256; ++c)
        t[static_cast<std::size_t>(c)] = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
                                         (c >= '0' && c <= '9') || c == '-' || c == '.' ||
                                         c == '_' || c == '~';
    return t;
}();

bool unreserved(unsigned char c) noexcept {
    return unreserved_table[c];
}

// Appends `text` percent-encoded: runs of unreserved characters (ids are nothing else) in one
// append each. `on_escaped` sees each byte that is escaped, before it is.
template <class OnEscaped>
void append_encoded_with(std::string& out, std::string_view text, OnEscaped on_escaped) {
    static constexpr char hex[] = "0123456789ABCDEF";
    const char* p = text.data();
    const char* const end = p + text.size();
    while (p != end) {
        const char* run = p;
        while (p != end && unreserved(static_cast<unsigned char>(*p)))
            ++p;
        out.append(run, static_cast<std::size_t>(p - run));
        if (p == end)
            break;
        const auto c = static_cast<unsigned char>(*p++);
        on_escaped(c);
        const char escaped[3] = {'%', hex[c >> 4], hex[c & 15]};
        out.append(escaped, 3);
    }
}

} // namespace

void append_encoded(std::string& out, std::string_view text) {
    append_encoded_with(out, text, [](unsigned char) {});
}

void check_header_value(std::string_view value, std::string_view what) {
    for (char c : value)
        if (c == '\r' || c == '\n' || c == '\0')
            throw invalid_argument_error(std::string(what) + " contains CR, LF or NUL");
}

request_target::request_target(std::string_view base_path)
    : target_(base_path) {
    while (!target_.empty() && target_.back() == '/')
        target_.pop_back();
    // Room for the longest usual target (org, run and task ids, a query) without regrowing.
    target_.reserve(target_.size() + 192);
}

request_target& request_target::literal(std::string_view text) {
    target_ += text;
    return *this;
}

namespace {

// What every path segment must be; its characters are checked as it is encoded (encoded_segment).
void check_segment(std::string_view value, std::string_view what) {
    if (value.empty())
        throw invalid_argument_error(std::string(what) + " is empty");
    if (value == "." || value == "..")
        throw invalid_argument_error(std::string(what) + " is not a valid id");
    if (value.size() > 256)
        throw invalid_argument_error(std::string(what) + " is too long");
}

[[noreturn]] void refuse_control_characters(std::string_view what) {
    throw invalid_argument_error(std::string(what) + " contains control characters");
}

// Encodes a checked segment, refusing control characters (only escaped bytes can be one).
void append_segment(std::string& out, std::string_view value, std::string_view what) {
    append_encoded_with(out, value, [what](unsigned char c) {
        if (c < 0x20 || c == 0x7f)
            refuse_control_characters(what);
    });
}

} // namespace

request_target& request_target::id(std::string_view value, std::string_view what) {
    check_segment(value, what);
    const auto size = target_.size();
    try {
        append_segment(target_, value, what);
    } catch (...) {
        target_.resize(size); // as before: nothing of a refused segment is appended
        throw;
    }
    return *this;
}

request_target& request_target::email(std::string_view value, std::string_view what) {
    check_segment(value, what);
    for (unsigned char c : value)
        if (c < 0x20 || c == 0x7f)
            refuse_control_characters(what);
    for (std::size_t at = 0;;) {
        const auto next = value.find('@', at);
        append_encoded(target_, value.substr(at, next - at));
        if (next == std::string_view::npos)
            break;
        target_ += '@';
        at = next + 1;
    }
    return *this;
}

request_target& request_target::query(std::string_view key, std::string_view value) {
    if (path_end_ == std::string::npos) {
        path_end_ = target_.size();
        target_ += '?';
    } else {
        target_ += '&';
    }
    append_encoded(target_, key);
    target_ += '=';
    append_encoded(target_, value);
    return *this;
}

std::string_view request_target::path() const noexcept {
    return std::string_view(target_).substr(0, path_end_ == std::string::npos ? target_.size()
                                                                              : path_end_);
}

} // namespace tallyfy::detail
