// SPDX-License-Identifier: BSL-1.0
#include "core/transport/request_writer.hpp"

#include <boost/beast/core/string.hpp>

#include <charconv>

namespace tallyfy::detail {

namespace {

// One pass with one test per byte in the common case (find_first_of searches the set per byte).
bool has_forbidden_char(std::string_view s) noexcept {
    for (char c : s) {
        if (static_cast<unsigned char>(c) <= '\r' && (c == '\r' || c == '\n' || c == '\0'))
            return true;
    }
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
