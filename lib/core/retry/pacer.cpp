// SPDX-License-Identifier: BSL-1.0
#include "core/retry/pacer.hpp"

#include <algorithm>

namespace tallyfy::detail {

pacer::pacer(pacing_options options)
    : options_(options) {}

pacer::clock::duration pacer::reserve(clock::time_point now) {
    std::lock_guard lock(mutex_);
    clock::duration interval{0};
    if (options_.requests_per_second > 0)
        interval = std::chrono::duration_cast<clock::duration>(
            std::chrono::duration<double>(1.0 / options_.requests_per_second));
    if (options_.slow_down_below_remaining > 0 && remaining_ &&
        *remaining_ <= static_cast<long long>(options_.slow_down_below_remaining)) {
        // Few requests left in the window: fall back to the rate the limit can sustain, rather
        // than spend the rest at once and bounce off 429s.
        long long limit = std::max<long long>(1, limit_.value_or(options_.assumed_limit));
        interval = std::max<clock::duration>(interval, options_.rate_window / limit);
    }
    if (interval == clock::duration::zero())
        return interval;
    auto slot = std::max(next_slot_, now);
    next_slot_ = slot + interval;
    return slot - now;
}

void pacer::observe(std::optional<long long> remaining, std::optional<long long> limit) {
    std::lock_guard lock(mutex_);
    remaining_ = remaining;
    if (limit)
        limit_ = limit;
}

} // namespace tallyfy::detail
