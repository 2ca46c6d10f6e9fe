// SPDX-License-Identifier: BSL-1.0
#include "sandbox/wire_faults.hpp"

#include <ctime>

namespace tallyfy::sandbox {

std::string strip_query_parameter(std::string_view target, std::string_view name) {
    auto q = target.find('?');
    if (q == std::string_view::npos)
        return std::string(target);
    std::string out(target.substr(0, q));
    std::string_view query = target.substr(q + 1);
    char separator = '?';
    while (!query.empty()) {
        auto amp = query.find('&');
        std::string_view part = query.substr(0, amp);
        query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
        std::string_view key = part.substr(0, part.find('='));
        if (key == name || part.empty())
            continue;
        out += separator;
        out += part;
        separator = '&';
    }
    return out;
}

std::string injected_error_body(unsigned status) {
    const char* message = "Server Error";
    switch (status) {
    case 502:
        message = "Bad Gateway";
        break;
    case 503:
        message = "Service Unavailable";
        break;
    case 504:
        message = "Gateway Timeout";
        break;
    case 408:
        message = "Request Timeout";
        break;
    default:
        break;
    }
    return std::string(R"({"error":true,"message":")") + message + " (injected by the sandbox)\"}";
}

std::string http_date_after(std::chrono::seconds seconds) {
    std::time_t when = std::time(nullptr) + static_cast<std::time_t>(seconds.count());
    std::tm utc{};
    gmtime_r(&when, &utc);
    char text[64];
    std::strftime(text, sizeof text, "%a, %d %b %Y %H:%M:%S GMT", &utc);
    return text;
}

std::string malformed_json_body(std::string_view valid_json) {
    std::string out(valid_json.substr(0, valid_json.size() / 2));
    out += "<!-- upstream error -->";
    return out;
}

} // namespace tallyfy::sandbox
