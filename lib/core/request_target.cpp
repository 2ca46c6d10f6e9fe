// SPDX-License-Identifier: BSL-1.0
#include "core/request_target.hpp"

namespace tallyfy::detail {

namespace {

bool unreserved(unsigned char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '.' || c == '_' || c == '~';
}

} // namespace

void append_encoded(std::string& out, std::string_view text) {
    static constexpr char hex[] = "0123456789ABCDEF";
    for (unsigned char c : text) {
        if (unreserved(c)) {
            out += static_cast<char>(c);
        } else {
            out += '%';
            out += hex[c >> 4];
            out += hex[c & 15];
        }
    }
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
    target_.reserve(target_.size() + 96);
}

request_target& request_target::literal(std::string_view text) {
    target_ += text;
    return *this;
}

namespace {

void check_segment(std::string_view value, std::string_view what) {
    if (value.empty())
        throw invalid_argument_error(std::string(what) + " is empty");
    if (value == "." || value == "..")
        throw invalid_argument_error(std::string(what) + " is not a valid id");
    if (value.size() > 256)
        throw invalid_argument_error(std::string(what) + " is too long");
    for (unsigned char c : value)
        if (c < 0x20 || c == 0x7f)
            throw invalid_argument_error(std::string(what) + " contains control characters");
}

} // namespace

request_target& request_target::id(std::string_view value, std::string_view what) {
    check_segment(value, what);
    append_encoded(target_, value);
    return *this;
}

request_target& request_target::email(std::string_view value, std::string_view what) {
    check_segment(value, what);
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
