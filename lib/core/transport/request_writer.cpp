// SPDX-License-Identifier: BSL-1.0
#include "core/transport/request_writer.hpp"

#include <boost/beast/core/string.hpp>

#include <charconv>
#include <cstdint>
#include <cstring>

namespace tallyfy::detail {

namespace {

bool forbidden_byte(char c) noexcept {
    return static_cast<unsigned char>(c) <= '\r' && (c == '\r' || c == '\n' || c == '\0');
}

// CR, LF or NUL anywhere. Eight bytes per test: a word with no byte below 0x0E (the usual case:
// targets and header values are printable) holds none of them; a word with one is looked at byte
// by byte (the test is exact: a borrow starts only at a byte below 0x0E).
bool has_forbidden_char(std::string_view s) noexcept {
    constexpr std::uint64_t ones = 0x0101010101010101u;
    constexpr std::uint64_t highs = 0x8080808080808080u;
    const char* p = s.data();
    std::size_t n = s.size();
    for (; n >= 8; p += 8, n -= 8) {
        std::uint64_t w;
        std::memcpy(&w, p, 8);
        if (((w - ones * 0x0E) & ~w & highs) != 0)
            for (int i = 0; i < 8; ++i)
                if (forbidden_byte(p[i]))
                    return true;
    }
    for (; n > 0; ++p, --n)
        if (forbidden_byte(*p))
            return true;
    return false;
}

bool is_token(std::string_view name) noexcept {
    if (name.empty())
        return false;
    for (char c : name) {
        if (c <= ' ' || c == ':' || c == 0x7f)
            return false;
    }
    return true;
}

bool framed_by_transport(std::string_view name) noexcept {
    using boost::beast::iequals;
    return iequals(name, "Host") || iequals(name, "Content-Length") ||
           iequals(name, "Transfer-Encoding");
}

void append_header(std::string& out, std::string_view name, std::string_view value) {
    out.append(name).append(": ").append(value).append("\r\n");
}

} // namespace

bool is_sendable(const http_request& r) noexcept {
    if (r.target.empty() || r.target.find(' ') != std::string::npos || has_forbidden_char(r.target))
        return false;
    for (const auto& h : r.headers) {
        if (!is_token(h.name) || has_forbidden_char(h.value))
            return false;
    }
    return true;
}

void serialize_request(std::string& out, const http_request& r, std::string_view host,
                       std::string_view user_agent) {
    out.clear();
    out.append(to_string(r.method)).append(" ").append(r.target).append(" HTTP/1.1\r\n");
    append_header(out, "Host", host);
    append_header(out, "User-Agent", user_agent);
    bool has_content_type = false;
    for (const auto& h : r.headers) {
        if (framed_by_transport(h.name))
            continue;
        has_content_type = has_content_type || boost::beast::iequals(h.name, "Content-Type");
        append_header(out, h.name, h.value);
    }
    // Servers may insist on a length for methods that carry a body, even an empty one (411).
    const bool body_method = r.method == http_method::post || r.method == http_method::put ||
                             r.method == http_method::patch;
    if (!r.body.empty() || body_method) {
        if (!r.body.empty() && !has_content_type)
            append_header(out, "Content-Type", "application/json");
        char digits[24];
        auto end = std::to_chars(digits, digits + sizeof digits, r.body.size()).ptr;
        append_header(out, "Content-Length", std::string_view(digits, end - digits));
    }
    out.append("\r\n").append(r.body);
}

} // namespace tallyfy::detail
