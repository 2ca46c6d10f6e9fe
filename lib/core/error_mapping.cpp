// SPDX-License-Identifier: BSL-1.0
#include "core/error_mapping.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <algorithm>
#include <charconv>
#include <ctime>

namespace tallyfy::detail {

namespace json = boost::json;

error error_for_status(unsigned status) noexcept {
    switch (status) {
    case 400:
    case 422:
        return error::validation_failed;
    case 401:
        return error::unauthorized;
    case 403:
        return error::forbidden;
    case 404:
        return error::not_found;
    case 409:
        return error::conflict;
    case 413:
        return error::payload_too_large;
    case 429:
        return error::rate_limited;
    default:
        return status >= 500 && status < 600 ? error::server_error : error::http_error;
    }
}

namespace {

constexpr std::size_t max_kept_body = 8 * 1024;

std::string text_of(const json::value& v) {
    if (v.is_string())
        return std::string(v.get_string());
    return json::serialize(v);
}

void add_field_errors(error_details& d, const json::object& errors) {
    for (const auto& [field, value] : errors) {
        auto& messages = d.field_errors[std::string(field)];
        if (value.is_array()) {
            for (const auto& m : value.get_array())
                messages.push_back(text_of(m));
        } else {
            messages.push_back(text_of(value));
        }
    }
}

} // namespace

void parse_error_body(error_details& d, std::string_view body) {
    boost::system::error_code ec;
    json::value v = json::parse(body, ec);
    if (ec || !v.is_object())
        return;
    const auto& o = v.get_object();
    auto text = [&](const json::object& from, std::string_view key) -> std::string {
        auto it = from.find(key);
        return it != from.end() && it->value().is_string() ? std::string(it->value().get_string())
                                                           : std::string();
    };
    d.server_message = text(o, "message");
    d.server_code = text(o, "code");
    if (auto it = o.find("error"); it != o.end()) {
        if (it->value().is_object()) { // {"error": {"code", "message", "details"}}
            const auto& nested = it->value().get_object();
            if (d.server_message.empty())
                d.server_message = text(nested, "message");
            if (d.server_code.empty())
                d.server_code = text(nested, "code");
        } else if (it->value().is_string() &&
                   d.server_message.empty()) { // {"error": "invalid_client"}
            d.server_message = std::string(it->value().get_string());
        }
    }
    if (auto it = o.find("errors"); it != o.end() && it->value().is_object())
        add_field_errors(d, it->value().get_object());
}

std::optional<std::chrono::seconds> parse_retry_after(std::string_view value,
                                                      std::chrono::system_clock::time_point now) {
    while (!value.empty() && value.front() == ' ')
        value.remove_prefix(1);
    while (!value.empty() && value.back() == ' ')
        value.remove_suffix(1);
    if (value.empty())
        return std::nullopt;
    // Delays are capped at a day: a larger one is as good as "not soon", and the cap keeps every
    // later conversion (to milliseconds, to time points) far from overflow.
    constexpr long long max_seconds = 24 * 3600;
    if (value.front() >= '0' && value.front() <= '9') {
        long long seconds = 0;
        auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), seconds);
        if (ec == std::errc::result_out_of_range)
            return std::chrono::seconds(max_seconds);
        if (ec != std::errc() || end != value.data() + value.size())
            return std::nullopt;
        return std::chrono::seconds(std::min(seconds, max_seconds));
    }
    std::tm tm{};
    std::string text(value);
    const char* end = strptime(text.c_str(), "%a, %d %b %Y %H:%M:%S GMT", &tm);
    if (end == nullptr || *end != '\0')
        return std::nullopt;
    // Whole seconds of time_t, not chrono nanoseconds: a date centuries ahead must not overflow.
    long long delta = static_cast<long long>(timegm(&tm)) -
                      static_cast<long long>(std::chrono::system_clock::to_time_t(now));
    return std::chrono::seconds(std::clamp(delta, 0LL, max_seconds));
}

void fill_from_response(error_details& d, const http_response& response,
                        std::chrono::system_clock::time_point now) {
    d.http_status = response.status;
    d.code = error_for_status(response.status);
    if (auto id = response.header("X-Request-Id"))
        d.request_id = std::string(*id);
    if (auto ra = response.header("Retry-After"))
        d.retry_after = parse_retry_after(*ra, now);
    d.body = response.body.substr(0, max_kept_body);
    parse_error_body(d, response.body);
}

} // namespace tallyfy::detail
