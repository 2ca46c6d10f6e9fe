// SPDX-License-Identifier: BSL-1.0
#include "form_data.hpp"

#include <algorithm>
#include <cctype>

namespace tallyfy::sandbox::detail {

namespace {

bool iequals_prefix(std::string_view text, std::string_view prefix) {
    return text.size() >= prefix.size() &&
           std::equal(prefix.begin(), prefix.end(), text.begin(), [](char a, char b) {
               return std::tolower(static_cast<unsigned char>(a)) ==
                      std::tolower(static_cast<unsigned char>(b));
           });
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
        s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t'))
        s.remove_suffix(1);
    return s;
}

/// The parameter `key` (`key=value` or `key="value"`) after the first `;` of a header value.
std::optional<std::string> parameter(std::string_view header, std::string_view key) {
    std::size_t i = header.find(';');
    while (i != std::string_view::npos) {
        const std::size_t eq = header.find('=', i + 1);
        if (eq == std::string_view::npos)
            return std::nullopt;
        const std::string_view name = trim(header.substr(i + 1, eq - i - 1));
        std::size_t j = eq + 1;
        std::string value;
        if (j < header.size() && header[j] == '"') {
            const std::size_t close = header.find('"', j + 1);
            if (close == std::string_view::npos)
                return std::nullopt;
            value = std::string(header.substr(j + 1, close - j - 1));
            j = close + 1;
        } else {
            const std::size_t end = header.find(';', j);
            value = std::string(trim(header.substr(
                j, end == std::string_view::npos ? std::string_view::npos : end - j)));
            j = end == std::string_view::npos ? header.size() : end;
        }
        if (name.size() == key.size() && iequals_prefix(name, key))
            return value;
        i = header.find(';', j);
    }
    return std::nullopt;
}

} // namespace

std::optional<std::vector<form_data_part>>
parse_form_data(std::string_view content_type, std::string_view body, std::string& why) {
    if (!iequals_prefix(trim(content_type), "multipart/form-data")) {
        why = "not multipart/form-data";
        return std::nullopt;
    }
    const auto boundary = parameter(content_type, "boundary");
    if (!boundary || boundary->empty() || boundary->size() > 70) {
        why = "no boundary";
        return std::nullopt;
    }
    const std::string delimiter = "--" + *boundary;
    const std::string separator = "\r\n" + delimiter;
    std::vector<form_data_part> parts;
    if (body.substr(0, delimiter.size()) != delimiter) {
        why = "the body does not start with the boundary";
        return std::nullopt;
    }
    std::size_t at = delimiter.size();
    for (;;) {
        if (body.substr(at, 2) == "--")
            return parts; // the closing delimiter (an epilogue is ignored)
        if (body.substr(at, 2) != "\r\n") {
            why = "a boundary is not followed by CRLF";
            return std::nullopt;
        }
        at += 2;
        const std::size_t headers_end = body.find("\r\n\r\n", at);
        if (headers_end == std::string_view::npos) {
            why = "a part's headers do not end";
            return std::nullopt;
        }
        form_data_part part;
        bool disposition = false;
        std::string_view headers = body.substr(at, headers_end - at);
        while (!headers.empty()) {
            const std::size_t eol = std::min(headers.find("\r\n"), headers.size());
            const std::string_view line = headers.substr(0, eol);
            headers.remove_prefix(std::min(eol + 2, headers.size()));
            const std::size_t colon = line.find(':');
            if (colon == std::string_view::npos) {
                why = "a part header has no colon";
                return std::nullopt;
            }
            const std::string_view name = trim(line.substr(0, colon));
            const std::string_view value = trim(line.substr(colon + 1));
            if (name.size() == 19 && iequals_prefix(name, "Content-Disposition")) {
                if (!iequals_prefix(value, "form-data")) {
                    why = "a part is not form-data";
                    return std::nullopt;
                }
                auto field = parameter(value, "name");
                if (!field) {
                    why = "a part has no name";
                    return std::nullopt;
                }
                part.name = *field;
                part.filename = parameter(value, "filename");
                disposition = true;
            } else if (name.size() == 12 && iequals_prefix(name, "Content-Type")) {
                part.content_type = std::string(value);
            }
        }
        if (!disposition) {
            why = "a part has no Content-Disposition";
            return std::nullopt;
        }
        const std::size_t value_start = headers_end + 4;
        const std::size_t value_end = body.find(separator, value_start);
        if (value_end == std::string_view::npos) {
            why = "a part does not end with the boundary";
            return std::nullopt;
        }
        part.value = body.substr(value_start, value_end - value_start);
        parts.push_back(std::move(part));
        at = value_end + separator.size();
    }
}

} // namespace tallyfy::sandbox::detail
