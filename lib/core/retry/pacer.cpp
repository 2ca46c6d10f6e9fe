// SPDX-License-Identifier: BSL-1.0
#include "core/retry/pacer.hpp"

#include <algorithm>
#include <limits>

namespace tallyfy::detail {

namespace {

// How soon a call asks again while a probe is out: about one round trip, so that a probe
// answered 2xx (the window was not spent after all) costs the waiting calls little.
constexpr std::chrono::milliseconds probe_poll{20};

} // namespace

pacer::pacer(pacing_options options)
    : options_(options) {
    if (options_.requests_per_second > 0)
        interval_ = std::chrono::duration_cast<clock::duration>(
            std::chrono::duration<double>(1.0 / options_.requests_per_second));
}

// Windows whose end has passed give way to the next: its queued calls become the ones in
// flight, and what remains is the whole limit again (the server's next window starts with the
// first request after the end).
void pacer::roll(clock::time_point now) {
    while (end_ && now >= *end_) {
        ++window_;
        in_flight_ = queued_.empty() ? 0 : queued_.front();
        if (!queued_.empty())
            queued_.pop_front();
        remaining_ = limit_;
        probing_ = false;
        if (queued_.empty())
            end_.reset();
        else
            *end_ += options_.rate_window;
    }
}

// requests_per_second: the next free slot from `t` on. A call that waits for its own reason
// (backoff, Retry-After) past every slot taken does not take one: it would hold up the others.
pacer::clock::time_point pacer::spaced(clock::time_point now, clock::time_point t) {
    if (interval_ == clock::duration::zero() || (t > now && t > next_slot_))
        return t;
    const auto slot = std::max(next_slot_, t);
    next_slot_ = slot + interval_;
    return slot;
}

pacer::reservation pacer::reserve(clock::time_point now, clock::time_point earliest) {
    std::lock_guard lock(mutex_);
    roll(now);
    const auto t = std::max(now, earliest);
    if (!options_.follow_rate_limit)
        return {.send_at = spaced(now, t)};
    const bool after_end = end_ && t >= *end_;
    const long long left = remaining_ ? *remaining_ - static_cast<long long>(in_flight_)
                                      : std::numeric_limits<long long>::max();
    if (!after_end && left > 0) {
        ++in_flight_;
        return {.send_at = spaced(now, t), .claim = {window_, true, false}};
    }
    if (end_) {
        // Spent (or landing after the end): the first later window with room, `limit` per window.
        const long long per_window = std::max<long long>(1, limit_.value_or(1LL << 40));
        std::size_t k = 0;
        while (k < queued_.size() && queued_[k] >= per_window)
            ++k;
        if (k == queued_.size())
            queued_.push_back(0);
        ++queued_[k];
        const clock::time_point start =
            *end_ + std::chrono::duration_cast<clock::duration>(options_.rate_window) *
                        static_cast<clock::rep>(k);
        return {.send_at = spaced(now, std::max(t, start)),
                .for_window = true,
                .claim = {window_ + 1 + k, true, false}};
    }
    if (!probing_) {
        probing_ = true;
        ++in_flight_;
        return {.send_at = spaced(now, t), .claim = {window_, true, true}};
    }
    return {.granted = false, .send_at = t + probe_poll, .for_window = true};
}

void pacer::release(const ticket& claim, const rate_headers& headers, clock::time_point now,
                    wall_clock::time_point wall) {
    std::lock_guard lock(mutex_);
    roll(now);
    if (claim.counted) {
        if (claim.window == window_) {
            if (in_flight_ > 0)
                --in_flight_;
            if (claim.probe)
                probing_ = false;
        } else if (claim.window > window_) {
            const auto k = static_cast<std::size_t>(claim.window - window_ - 1);
            if (k < queued_.size() && queued_[k] > 0)
                --queued_[k];
        }
    }
    // A cap on one action refuses that action for up to an hour, not the client's other calls.
    if (headers.status == 0 || !options_.follow_rate_limit || headers.action_cap)
        return;
    if (headers.limit && *headers.limit > 0)
        limit_ = headers.limit;
    if (headers.status == 429) {
        // Retry-After is relative and rounded up by the server (Laravel, the sandbox): the window
        // has ended when it has passed, so it needs no margin and wins over Reset, whose epoch
        // seconds depend on two clocks agreeing (hence the margin).
        std::optional<clock::time_point> end;
        if (headers.retry_after)
            end = now + *headers.retry_after;
        else if (headers.reset) {
            const long long wall_s =
                std::chrono::duration_cast<std::chrono::seconds>(wall.time_since_epoch()).count();
            // Compared before subtracting: a hostile header near LLONG_MIN must not overflow.
            const long long ahead =
                *headers.reset <= wall_s ? 0 : std::min(*headers.reset - wall_s, 24LL * 3600);
            end = now + std::chrono::seconds(ahead) + options_.window_margin;
        }
        remaining_ = 0;
        if (end && (!end_ || *end > *end_))
            end_ = end;
        return;
    }
    // Answers to calls sent in an earlier window speak of that window, and a window known to be
    // spent stays spent until its end, whatever a late answer says. A success without the header
    // says nothing is counted (any more): not limited, until a 429 says otherwise.
    if (claim.window >= window_ && !end_) {
        if (headers.remaining)
            remaining_ = std::max(0LL, *headers.remaining);
        else if (headers.status >= 200 && headers.status < 300)
            remaining_.reset();
    }
}

std::optional<long long> pacer::remaining() const {
    std::lock_guard lock(mutex_);
    return remaining_;
}

std::optional<pacer::clock::time_point> pacer::window_end() const {
    std::lock_guard lock(mutex_);
    return end_;
}

unsigned pacer::in_flight() const {
    std::lock_guard lock(mutex_);
    return in_flight_;
}

} // namespace tallyfy::detail
