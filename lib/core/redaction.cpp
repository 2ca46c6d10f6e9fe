// SPDX-License-Identifier: BSL-1.0
#include "core/redaction.hpp"

namespace tallyfy::detail {

namespace {

void redact(std::string& text, std::string_view token) {
    static constexpr std::string_view mark = "[redacted]";
    for (auto at = text.find(token); at != std::string::npos;
         at = text.find(token, at + mark.size()))
        text.replace(at, token.size(), mark);
}

} // namespace

void redact_token_in(std::string& text, std::string_view token) {
    if (token.size() >= 8)
        redact(text, token);
}

void redact_token(error_details& d, std::string_view token) {
    if (token.size() < 8)
        return;
    for (std::string* text :
         {&d.server_message, &d.server_code, &d.request_id, &d.body, &d.detail, &d.cause, &d.path})
        redact(*text, token);
    if (d.field_errors.empty())
        return;
    std::map<std::string, std::vector<std::string>> fields;
    for (auto& [name, messages] : d.field_errors) {
        std::string key = name;
        redact(key, token);
        for (auto& m : messages)
            redact(m, token);
        fields.emplace(std::move(key), std::move(messages));
    }
    d.field_errors = std::move(fields);
}

} // namespace tallyfy::detail
