// SPDX-License-Identifier: BSL-1.0
// The deadline sweeper's bookkeeping, without a timer, a lock or a clock: the exchanges in flight
// with their attempt and stall deadlines, the time the one timer is armed for, what a timer that
// fires at a given time closes and when it must fire next. Told the time by its caller and
// templated on the connection and the clock, so the unit tests drive it with fake connections and
// fake time; deadline_sweeper runs it with a steady_timer under its mutex.
//
// Conn: close() noexcept (no I/O: the pending read or write then completes with an error).
// Not thread-safe: the caller serialises every call (deadline_sweeper holds its mutex).
#pragma once

#include <tallyfy/error.hpp>

#include <algorithm>

namespace tallyfy::detail {

template <class Conn, class Clock>
class deadline_table {
public:
    using time_point = typename Clock::time_point;
    using duration = typename Clock::duration;

    /// One exchange's deadlines, linked in the table for the exchange's lifetime. Neither
    /// copyable nor movable: the table points to it.
    class watch {
    public:
        watch(Conn& c, time_point attempt_deadline) noexcept
            : conn_(c)
            , attempt_(attempt_deadline) {}
        watch(const watch&) = delete;
        watch& operator=(const watch&) = delete;

        /// The nearer of the attempt and stall deadlines.
        time_point deadline() const noexcept { return std::min(attempt_, stall_); }
        /// What this exchange's timeout reports: whichever deadline comes first.
        error kind() const noexcept {
            return stall_ < attempt_ ? error::stall_timeout : error::attempt_timeout;
        }

    private:
        friend class deadline_table;
        Conn& conn_;
        const time_point attempt_;
        time_point stall_ = time_point::max();
        error fired_{};
        watch* prev_ = nullptr;
        watch* next_ = nullptr;
    };

    /// Whether the timer must be (re)armed for `at`: it is not armed for `at` or earlier.
    bool must_arm(time_point at) const noexcept { return at < armed_for_; }
    /// The timer now has a wait pending for `at` (call once it has: arming may throw).
    void armed(time_point at) noexcept { armed_for_ = at; }
    /// The time the timer is armed for (max: not armed).
    time_point armed_for() const noexcept { return armed_for_; }

    /// Links `w` (after arming the timer for its deadline when must_arm says so).
    void link(watch& w) noexcept {
        w.next_ = head_;
        if (head_)
            head_->prev_ = &w;
        head_ = &w;
    }

    /// Unlinks `w`. Returns true when nothing is left in flight while the timer is armed: its
    /// pending wait should then be cancelled (see disarm_if_idle).
    bool unlink(watch& w) noexcept {
        if (w.prev_)
            w.prev_->next_ = w.next_;
        else
            head_ = w.next_;
        if (w.next_)
            w.next_->prev_ = w.prev_;
        w.prev_ = w.next_ = nullptr;
        return idle_and_armed();
    }

    /// Nothing in flight and a timer armed: forgets the armed time and returns true (the caller
    /// cancels the timer). Otherwise false (an exchange started meanwhile keeps the timer).
    bool disarm_if_idle() noexcept {
        if (!idle_and_armed())
            return false;
        armed_for_ = time_point::max();
        return true;
    }

    /// Starts (or restarts) `w`'s stall interval at `now`. Returns what a timeout of its coming
    /// read reports; the caller re-arms when must_arm(w.deadline()).
    error set_stall(watch& w, time_point now, duration stall) noexcept {
        w.stall_ = now + stall;
        return w.kind();
    }

    /// The timeout that closed `w`'s connection, or the empty error.
    error fired(const watch& w) const noexcept { return w.fired_; }

    /// The timer armed for armed_for() fired at `now`: closes (once) the connection of every
    /// exchange past its deadline and returns the nearest deadline left, for which the caller
    /// re-arms (max: none). A stale wake-up (the timer was cancelled or re-armed later after its
    /// handler was queued: `now` before armed_for()) does nothing and returns max.
    time_point sweep(time_point now) noexcept {
        if (now < armed_for_)
            return time_point::max();
        armed_for_ = time_point::max();
        auto next = time_point::max();
        for (watch* w = head_; w; w = w->next_) {
            if (w->fired_ != error{})
                continue;
            const auto deadline = w->deadline();
            if (deadline <= now) {
                w->fired_ = w->kind();
                w->conn_.close();
            } else {
                next = std::min(next, deadline);
            }
        }
        return next;
    }

private:
    bool idle_and_armed() const noexcept { return !head_ && armed_for_ != time_point::max(); }

    time_point armed_for_ = time_point::max();
    watch* head_ = nullptr;
};

} // namespace tallyfy::detail
