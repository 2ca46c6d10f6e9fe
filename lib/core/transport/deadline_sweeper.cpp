// SPDX-License-Identifier: BSL-1.0
#include "core/transport/deadline_sweeper.hpp"

#include <boost/asio/post.hpp>

namespace tallyfy::detail {

deadline_sweeper::deadline_sweeper(const boost::asio::any_io_executor& ex)
    : timer_(ex) {}

void deadline_sweeper::add(watch& w) {
    std::lock_guard lock(mutex_);
    arm_locked(w.deadline()); // first: if it throws, nothing refers to `w`
    w.next_ = head_;
    if (head_)
        head_->prev_ = &w;
    head_ = &w;
}

void deadline_sweeper::remove(watch& w) noexcept {
    std::lock_guard lock(mutex_);
    if (w.prev_)
        w.prev_->next_ = w.next_;
    else
        head_ = w.next_;
    if (w.next_)
        w.next_->prev_ = w.prev_;
    w.prev_ = w.next_ = nullptr;
    // A pending wait is outstanding work: left armed, it would keep io_context::run() from
    // returning until it fires. So with nothing in flight the timer is cancelled, but from a
    // posted check: one request finishing and the next starting (one in flight, in a loop) then
    // costs no cancel and re-arm, two timerfd updates.
    if (!head_ && armed_for_ != steady::time_point::max() && !cancel_posted_) {
        try {
            boost::asio::post(timer_.get_executor(), [weak = weak_from_this()] {
                if (auto self = weak.lock())
                    self->cancel_if_idle();
            });
            cancel_posted_ = true;
        } catch (...) { // no memory for the check: cancel now
            armed_for_ = steady::time_point::max();
            timer_.cancel();
        }
    }
}

void deadline_sweeper::cancel_if_idle() {
    std::lock_guard lock(mutex_);
    cancel_posted_ = false;
    if (!head_ && armed_for_ != steady::time_point::max()) {
        armed_for_ = steady::time_point::max();
        timer_.cancel();
    }
}

error deadline_sweeper::arm_stall(watch& w, steady::duration stall) {
    const auto at = steady::now() + stall;
    std::lock_guard lock(mutex_);
    w.stall_ = at;
    arm_locked(w.deadline()); // an earlier deadline than the armed one re-arms
    return w.kind();
}

boost::system::error_code deadline_sweeper::fired(const watch& w) const {
    std::lock_guard lock(mutex_);
    if (w.fired_ == error{})
        return {};
    return w.fired_;
}

void deadline_sweeper::arm_locked(steady::time_point at) {
    if (at >= armed_for_)
        return;
    timer_.expires_at(at); // cancels a pending wait, whose handler then does nothing
    // Not owning: a sweeper destroyed with a wait pending must not be kept alive by it.
    timer_.async_wait([weak = weak_from_this()](boost::system::error_code ec) {
        if (ec)
            return;
        if (auto self = weak.lock())
            self->on_timer();
    });
    armed_for_ = at; // only once a wait is pending for it
}

void deadline_sweeper::on_timer() {
    std::lock_guard lock(mutex_);
    const auto now = steady::now();
    if (now < armed_for_)
        return; // re-armed for an earlier time meanwhile; that wait is still pending
    armed_for_ = steady::time_point::max();
    auto next = steady::time_point::max();
    for (watch* w = head_; w; w = w->next_) {
        if (w->fired_ != error{})
            continue;
        const auto deadline = w->deadline();
        if (deadline <= now) {
            w->fired_ = w->kind();
            w->conn_.close(); // the pending read or write completes with an error
        } else {
            next = std::min(next, deadline);
        }
    }
    if (next != steady::time_point::max())
        arm_locked(next);
}

} // namespace tallyfy::detail
