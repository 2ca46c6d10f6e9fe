// SPDX-License-Identifier: BSL-1.0
#include "core/transport/deadline_sweeper.hpp"

#include <boost/asio/post.hpp>

namespace tallyfy::detail {

deadline_sweeper::deadline_sweeper(const boost::asio::any_io_executor& ex)
    : timer_(ex) {}

void deadline_sweeper::add(watch& w) {
    std::lock_guard lock(mutex_);
    arm_locked(w.deadline()); // first: if it throws, nothing refers to `w`
    table_.link(w);
}

void deadline_sweeper::remove(watch& w) noexcept {
    std::lock_guard lock(mutex_);
    // A pending wait is outstanding work: left armed, it would keep io_context::run() from
    // returning until it fires. So with nothing in flight the timer is cancelled, but from a
    // posted check: one request finishing and the next starting (one in flight, in a loop) then
    // costs no cancel and re-arm, two timerfd updates.
    if (table_.unlink(w) && !cancel_posted_) {
        try {
            boost::asio::post(timer_.get_executor(), [weak = weak_from_this()] {
                if (auto self = weak.lock())
                    self->cancel_if_idle();
            });
            cancel_posted_ = true;
        } catch (...) { // no memory for the check: cancel now
            if (table_.disarm_if_idle())
                timer_.cancel();
        }
    }
}

void deadline_sweeper::cancel_if_idle() {
    std::lock_guard lock(mutex_);
    cancel_posted_ = false;
    if (table_.disarm_if_idle())
        timer_.cancel();
}

error deadline_sweeper::arm_stall(watch& w, steady::duration stall) {
    const auto now = steady::now();
    std::lock_guard lock(mutex_);
    const auto kind = table_.set_stall(w, now, stall);
    arm_locked(w.deadline()); // an earlier deadline than the armed one re-arms
    return kind;
}

boost::system::error_code deadline_sweeper::fired(const watch& w) const {
    std::lock_guard lock(mutex_);
    const auto e = table_.fired(w);
    if (e == error{})
        return {};
    return e;
}

void deadline_sweeper::arm_locked(steady::time_point at) {
    if (!table_.must_arm(at))
        return;
    timer_.expires_at(at); // cancels a pending wait, whose handler then does nothing
    // No wait is pending now: should async_wait throw (no memory), the next add must arm again
    // rather than trust the wait just cancelled.
    table_.armed(steady::time_point::max());
    // Not owning: a sweeper destroyed with a wait pending must not be kept alive by it.
    timer_.async_wait([weak = weak_from_this()](boost::system::error_code ec) {
        if (ec)
            return;
        if (auto self = weak.lock())
            self->on_timer();
    });
    table_.armed(at); // only once a wait is pending for it
}

void deadline_sweeper::on_timer() {
    std::lock_guard lock(mutex_);
    const auto next = table_.sweep(steady::now());
    if (next != steady::time_point::max())
        arm_locked(next);
}

} // namespace tallyfy::detail
