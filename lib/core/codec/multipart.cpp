// SPDX-License-Identifier: BSL-1.0
#include "core/codec/multipart.hpp"

#include <stdexcept>

namespace tallyfy::codec {

namespace {

std::string quoted(std::string_view what, std::string_view text) {
    std::string out = "\"";
    for (char c : text) {
        if (c == '\r' || c == '\n' || c == '\0')
            throw std::invalid_argument(std::string(what) + " contains CR, LF or NUL");
        if (c == '"')
            out += "%22";
        else
            out += c;
    }
    return out + '"';
}

bool occurs_in(const std::vector<form_part>& parts, std::string_view boundary) {
    for (const auto& p : parts)
        if (p.value.find(boundary) != std::string_view::npos ||
            p.filename.find(boundary) != std::string_view::npos)
            return true;
    return false;
}

} // namespace

std::pair<std::string, std::string> encode_form_data(const std::vector<form_part>& parts) {
    // Deterministic (the same parts give the same body) and absent from every part: a file
    // that happens to contain one candidate gets the next.
    std::string boundary;
    for (unsigned n = 0;; ++n) {
        boundary = "tallyfy-form-boundary-" + std::to_string(n) + "-7MA4YWxkTrZu0gW";
        if (!occurs_in(parts, boundary))
            break;
    }
    std::size_t size = boundary.size() + 8;
    for (const auto& p : parts)
        size += p.value.size() + p.name.size() + p.filename.size() + boundary.size() + 128;
    std::string body;
    body.reserve(size);
    for (const auto& p : parts) {
        body.append("--").append(boundary).append("\r\n");
        body.append("Content-Disposition: form-data; name=").append(quoted("a part name", p.name));
        if (!p.filename.empty()) {
            body.append("; filename=").append(quoted("the filename", p.filename)).append("\r\n");
            const std::string_view type =
                p.content_type.empty() ? "application/octet-stream" : p.content_type;
            for (char c : type)
                if (c == '\r' || c == '\n' || c == '\0')
                    throw std::invalid_argument("the content type contains CR, LF or NUL");
            body.append("Content-Type: ").append(type);
        }
        body.append("\r\n\r\n").append(p.value).append("\r\n");
    }
    body.append("--").append(boundary).append("--\r\n");
    return {"multipart/form-data; boundary=" + boundary, std::move(body)};
}

} // namespace tallyfy::codec
