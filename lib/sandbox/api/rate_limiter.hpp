// SPDX-License-Identifier: BSL-1.0
// Per-token request windows, fixed (Laravel's throttle, the real API's) or sliding, on
// steady_clock. Not thread-safe by itself: the emulator calls it under its state mutex.
#pragma once

#include <tallyfy/sandbox/options.hpp>

#include <chrono>
#include <cstdint>
#include <deque>
#include <string>
#include <string_view>
#include <unordered_map>

namespace tallyfy::sandbox::detail {

class rate_limiter {
public:
    using clock = std::chrono::steady_clock;

    struct decision {
        bool allowed = true;
        std::uint32_t remaining = 0;   ///< after this request
        std::uint32_t retry_after = 0; ///< seconds until the window admits again, when refused
        std::int64_t reset = 0;        ///< epoch seconds of that moment, when refused
    };

    explicit rate_limiter(rate_limit limit)
        : limit_(limit) {}
    bool enabled() const { return limit_.per_minute != 0; }
    std::uint32_t limit() const { return limit_.per_minute; }
    /// Counts the request when admitted.
    decision admit(std::string_view token, clock::time_point now = clock::now(),
                   std::chrono::system_clock::time_point wall = std::chrono::system_clock::now());

private:
    struct window {
        clock::time_point start{};              ///< fixed: when the window opened
        std::uint32_t count = 0;                ///< fixed: requests admitted in it
        std::deque<clock::time_point> admitted; ///< sliding: admissions within the window
    };

    rate_limit limit_;
    std::unordered_map<std::string, window> windows_;
};

} // namespace tallyfy::sandbox::detail
