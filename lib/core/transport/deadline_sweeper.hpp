// SPDX-License-Identifier: BSL-1.0
// Attempt and stall deadlines of the exchanges in flight on a transport whose executor runs on
// one thread. Beast's tcp_stream arms and cancels a timer around every read and write: two
// timerfd updates and an extra wakeup per request. Here one timer serves every exchange: it is
// armed at the earliest deadline it knows of, and deadlines that move later (a stall deadline
// after each read) are found when it fires, which then re-arms it. The timer is set again only
// when a new deadline is earlier than the armed one, and cancelled when nothing is in flight
// once the handlers already queued have run. The bookkeeping is deadline_table (unit-tested with
// fake time); this is its timer, lock and clock.
#pragma once

#include "core/transport/connection.hpp"
#include "core/transport/deadline_table.hpp"

#include <tallyfy/error.hpp>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/steady_timer.hpp>

#include <memory>
#include <mutex>

namespace tallyfy::detail {

class deadline_sweeper : public std::enable_shared_from_this<deadline_sweeper> {
    using table = deadline_table<connection, steady>;

public:
    /// One exchange's deadlines. Registered for its lifetime (see `scope`); its fields are
    /// guarded by the sweeper's mutex.
    using watch = table::watch;

    /// Registers a watch for the scope of one exchange.
    class scope {
    public:
        scope(deadline_sweeper& sweeper, watch& w)
            : sweeper_(sweeper)
            , watch_(w) {
            sweeper_.add(watch_);
        }
        ~scope() { sweeper_.remove(watch_); }
        scope(const scope&) = delete;
        scope& operator=(const scope&) = delete;

        /// Starts (or restarts) the stall interval: no byte for `stall` from now is a timeout.
        /// Returns what a timeout of the coming read reports.
        error arm_stall(steady::duration stall) { return sweeper_.arm_stall(watch_, stall); }

        /// The timeout that closed the connection, or an empty error_code.
        boost::system::error_code fired() const { return sweeper_.fired(watch_); }

    private:
        deadline_sweeper& sweeper_;
        watch& watch_;
    };

    explicit deadline_sweeper(const boost::asio::any_io_executor& ex);

private:
    void add(watch& w);
    void remove(watch& w) noexcept;
    error arm_stall(watch& w, steady::duration stall);
    boost::system::error_code fired(const watch& w) const;
    /// Arms the timer for `at` unless it is already armed for an earlier time. Mutex held.
    void arm_locked(steady::time_point at);
    void on_timer();
    void cancel_if_idle();

    mutable std::mutex mutex_;
    boost::asio::steady_timer timer_;
    table table_; // guarded by mutex_
    bool cancel_posted_ = false;
};

} // namespace tallyfy::detail
