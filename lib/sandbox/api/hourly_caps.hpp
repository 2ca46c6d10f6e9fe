// SPDX-License-Identifier: BSL-1.0
// The API's hourly caps per organisation on actions that email outsiders (guest invites,
// comments): a sliding window of admission times on steady_clock, as the rate limiter's. Not
// thread-safe by itself: the emulator calls it under its state mutex.
#pragma once

#include "responses.hpp"

#include <chrono>
#include <cstdint>
#include <deque>
#include <optional>
#include <string_view>

namespace tallyfy::sandbox::detail {

class hourly_cap {
public:
    using clock = std::chrono::steady_clock;

    /// `limit` admissions per `window`; 0 disables the cap.
    hourly_cap(std::uint32_t limit, std::chrono::milliseconds window)
        : limit_(limit)
        , window_(window) {}
    bool enabled() const { return limit_ != 0; }
    std::uint32_t limit() const { return limit_; }

    /// Counts one admission at `now` and returns nullopt; or, when `limit` were admitted in the
    /// window that ends at `now`, counts nothing and returns how long until the oldest of them
    /// leaves it (when one more is admitted).
    std::optional<std::chrono::milliseconds> admit(clock::time_point now = clock::now());

    /// A refusal's wait as the API's `Retry-After`: whole seconds rounded up, at least 1.
    static std::uint32_t retry_after_seconds(std::chrono::milliseconds wait);

private:
    std::uint32_t limit_;
    std::chrono::milliseconds window_;
    std::deque<clock::time_point> admitted_; ///< within the window, oldest first
};

/// The API's answer past a cap: 429 `{"message":"You've reached the hourly limit for <what>
/// (<limit> per hour per organization). Please try again later.","code":"RATE_LIMIT_EXCEEDED"}`
/// with `Retry-After` (retry_after_seconds of `wait`) and `X-RateLimit-Reset` (epoch seconds of
/// `wall + wait`, rounded up), as the rate limiter's 429s carry them.
pending_response
cap_exceeded(std::string_view what, std::uint32_t limit, std::chrono::milliseconds wait,
             std::chrono::system_clock::time_point wall = std::chrono::system_clock::now());

} // namespace tallyfy::sandbox::detail
