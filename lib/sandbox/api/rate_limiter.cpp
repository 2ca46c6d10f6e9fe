// SPDX-License-Identifier: BSL-1.0
#include "rate_limiter.hpp"

namespace tallyfy::sandbox::detail {

rate_limiter::decision rate_limiter::admit(std::string_view token, clock::time_point now,
                                           std::chrono::system_clock::time_point wall) {
    decision d;
    if (limit_.per_minute == 0)
        return d;
    auto& w = windows_[std::string(token)];
    clock::time_point opens_at; // when a refused request would be admitted
    if (limit_.kind == rate_window_kind::fixed) {
        if (w.count == 0 || now >= w.start + limit_.window) {
            w.start = now;
            w.count = 0;
        }
        if (w.count < limit_.per_minute) {
            d.remaining = limit_.per_minute - ++w.count;
            return d;
        }
        opens_at = w.start + limit_.window;
    } else {
        while (!w.admitted.empty() && w.admitted.front() + limit_.window <= now)
            w.admitted.pop_front();
        if (w.admitted.size() < limit_.per_minute) {
            w.admitted.push_back(now);
            d.remaining = limit_.per_minute - static_cast<std::uint32_t>(w.admitted.size());
            return d;
        }
        opens_at = w.admitted.front() + limit_.window;
    }
    // Whole seconds rounded up, as Laravel reports them: waiting that long is always enough.
    d.allowed = false;
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(opens_at - now).count();
    d.retry_after = static_cast<std::uint32_t>(ms <= 0 ? 1 : (ms + 999) / 1000);
    const auto wall_ms =
        std::chrono::duration_cast<std::chrono::milliseconds>(wall.time_since_epoch()).count();
    d.reset = (wall_ms + ms + 999) / 1000;
    return d;
}

} // namespace tallyfy::sandbox::detail
