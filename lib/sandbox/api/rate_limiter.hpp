// SPDX-License-Identifier: BSL-1.0
// Per-token rolling one-minute request window (steady_clock). Not thread-safe by itself: the
// emulator calls it under its state mutex.
#pragma once

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
        std::uint32_t retry_after = 0; ///< seconds, when refused
    };

    explicit rate_limiter(std::uint32_t per_minute)
        : per_minute_(per_minute) {}
    bool enabled() const { return per_minute_ != 0; }
    std::uint32_t limit() const { return per_minute_; }
    /// Counts the request when admitted.
    decision admit(std::string_view token, clock::time_point now = clock::now());

private:
    std::uint32_t per_minute_;
    std::unordered_map<std::string, std::deque<clock::time_point>> windows_;
};

} // namespace tallyfy::sandbox::detail
