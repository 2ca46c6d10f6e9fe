// SPDX-License-Identifier: BSL-1.0
#include "rate_limiter.hpp"

namespace tallyfy::sandbox::detail {

rate_limiter::decision rate_limiter::admit(std::string_view token, clock::time_point now) {
    decision d;
    if (per_minute_ == 0)
        return d;
    auto& window = windows_[std::string(token)];
    const auto horizon = now - std::chrono::minutes(1);
    while (!window.empty() && window.front() <= horizon)
        window.pop_front();
    if (window.size() >= per_minute_) {
        d.allowed = false;
        const auto wait = window.front() + std::chrono::minutes(1) - now;
        const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(wait).count();
        d.retry_after = static_cast<std::uint32_t>(ms <= 0 ? 1 : (ms + 999) / 1000);
        return d;
    }
    window.push_back(now);
    d.remaining = per_minute_ - static_cast<std::uint32_t>(window.size());
    return d;
}

} // namespace tallyfy::sandbox::detail
