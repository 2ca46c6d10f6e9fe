// SPDX-License-Identifier: BSL-1.0
#include "hourly_caps.hpp"

#include <boost/json/object.hpp>

#include <algorithm>
#include <string>

namespace tallyfy::sandbox::detail {

std::optional<std::chrono::milliseconds> hourly_cap::admit(clock::time_point now) {
    if (limit_ == 0)
        return std::nullopt;
    while (!admitted_.empty() && admitted_.front() + window_ <= now)
        admitted_.pop_front();
    if (admitted_.size() < limit_) {
        admitted_.push_back(now);
        return std::nullopt;
    }
    const auto wait =
        std::chrono::ceil<std::chrono::milliseconds>(admitted_.front() + window_ - now);
    return std::max(wait, std::chrono::milliseconds(1));
}

std::uint32_t hourly_cap::retry_after_seconds(std::chrono::milliseconds wait) {
    const auto ms = wait.count();
    return static_cast<std::uint32_t>(ms <= 0 ? 1 : (ms + 999) / 1000);
}

pending_response cap_exceeded(std::string_view what, std::uint32_t limit,
                              std::chrono::milliseconds wait,
                              std::chrono::system_clock::time_point wall) {
    auto p = json_response(
        429, boost::json::object{{"message", "You've reached the hourly limit for " +
                                                 std::string(what) + " (" + std::to_string(limit) +
                                                 " per hour per organization). Please try again "
                                                 "later."},
                                 {"code", "RATE_LIMIT_EXCEEDED"}});
    p.headers.emplace_back("Retry-After", std::to_string(hourly_cap::retry_after_seconds(wait)));
    const auto wall_ms =
        std::chrono::duration_cast<std::chrono::milliseconds>(wall.time_since_epoch()).count();
    p.headers.emplace_back("X-RateLimit-Reset",
                           std::to_string((wall_ms + wait.count() + 999) / 1000));
    return p;
}

} // namespace tallyfy::sandbox::detail
