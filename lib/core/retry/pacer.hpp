// SPDX-License-Identifier: BSL-1.0
// Client-side pacing: the client's model of the server's rate-limit window, shared by all calls,
// and the requests-per-second spacing. A pure state machine over the times it is given (no clock,
// no timer), so its decisions are tested with fake time; the retry machine drives it.
#pragma once

#include <tallyfy/retry.hpp>

#include <chrono>
#include <cstdint>
#include <deque>
#include <mutex>
#include <optional>

namespace tallyfy::detail {

/// What one response says about the rate limit (absent headers: nullopt).
struct rate_headers {
    unsigned status = 0; ///< 0: no response (transport error, cancelled before sending)
    std::optional<long long> limit;
    std::optional<long long> remaining;
    std::optional<std::chrono::seconds> retry_after;
    std::optional<long long> reset; ///< epoch seconds
    /// A 429 from an hourly cap on one action (guest invites, comments), not from the
    /// request-rate window: it says nothing about the window, so the pacer learns nothing from it.
    bool action_cap = false;
};

class pacer {
public:
    using clock = std::chrono::steady_clock;
    using wall_clock = std::chrono::system_clock;

    /// A reservation's claim on a window; handed back to release() exactly once.
    struct ticket {
        std::uint64_t window = 0;
        bool counted = false; ///< counted in the window's in-flight calls
        bool probe = false;   ///< sent to learn where a spent window ends
    };

    struct reservation {
        /// False: nothing reserved; ask again at `send_at` (a probe is out, its answer decides).
        bool granted = true;
        clock::time_point send_at;
        /// The wait is for the rate-limit window (not requests_per_second spacing).
        bool for_window = false;
        ticket claim;
    };

    explicit pacer(pacing_options options);

    /// Reserves a send slot no earlier than `earliest` (>= now).
    reservation reserve(clock::time_point now, clock::time_point earliest);
    /// Hands back a granted ticket, with what the response said (status 0: none).
    void release(const ticket& claim, const rate_headers& headers, clock::time_point now,
                 wall_clock::time_point wall);

    /// For tests and diagnostics.
    std::optional<long long> remaining() const;
    std::optional<clock::time_point> window_end() const;
    unsigned in_flight() const;

private:
    void roll(clock::time_point now);
    clock::time_point spaced(clock::time_point now, clock::time_point t);

    pacing_options options_;
    clock::duration interval_{0};
    mutable std::mutex mutex_;
    clock::time_point next_slot_{};
    std::uint64_t window_ = 0;
    std::optional<long long> limit_;
    std::optional<long long> remaining_;
    std::optional<clock::time_point> end_;
    unsigned in_flight_ = 0;
    std::deque<unsigned> queued_; ///< reservations in the windows after the current one
    bool probing_ = false;
};

} // namespace tallyfy::detail
