// SPDX-License-Identifier: BSL-1.0
// The connection pool's protocol, without I/O or a clock: who gets an idle connection, who may
// open one, who waits (FIFO), what a release hands over, when a connection has expired. Told the
// time by its caller, templated on the connection and waiter types, so the unit tests drive it
// with fake connections and fake time; connection_pool instantiates it with the real ones.
//
// Conn:   close() (no I/O); `created`, `last_used`, `server_idle_deadline` (time points of Clock);
//         `remaining_requests` (requests the server still accepts on it).
// Waiter: `conn` (std::unique_ptr<Conn>), `granted`, `shut_down`; static wake(shared_ptr) tells
//         the waiting operation to look again (called with the lock held: must not block).
#pragma once

#include <tallyfy/transport.hpp>

#include <algorithm>
#include <deque>
#include <memory>
#include <mutex>

namespace tallyfy::detail {

enum class acquire_status { reuse, open_new, wait, shut_down };

template <class Conn, class Waiter, class Clock>
class pool_protocol {
public:
    using time_point = typename Clock::time_point;

    explicit pool_protocol(pool_options options)
        : options_(options) {
        if (options_.max_connections == 0)
            options_.max_connections = 1;
    }
    ~pool_protocol() {
        for (auto& c : idle_)
            c->close();
    }
    pool_protocol(const pool_protocol&) = delete;
    pool_protocol& operator=(const pool_protocol&) = delete;

    /// Takes the most recently used idle connection (reuse), reserves a slot for a new one
    /// (open_new), or enqueues the waiter `make_waiter()` returns (wait). Waiters are served
    /// first come, first served: nobody overtakes a queue. `fresh`: never hand out an idle
    /// connection (a stale connection's retry); an idle one is closed to free its slot.
    template <class MakeWaiter>
    acquire_status try_acquire(std::unique_ptr<Conn>& out, bool fresh, time_point now,
                               MakeWaiter&& make_waiter, std::shared_ptr<Waiter>& waiter) {
        std::lock_guard lock(mutex_);
        if (shut_down_)
            return acquire_status::shut_down;
        purge_expired_locked(now);
        if (waiters_.empty() && !idle_.empty()) {
            auto c = std::move(idle_.back());
            idle_.pop_back();
            ++in_use_;
            if (fresh) {
                close_locked(*c); // its slot is reused for the fresh connection
                return acquire_status::open_new;
            }
            ++counters_.reused;
            out = std::move(c);
            return acquire_status::reuse;
        }
        if (waiters_.empty() && in_use_ + idle_.size() < options_.max_connections) {
            ++in_use_;
            return acquire_status::open_new;
        }
        waiter = make_waiter();
        waiters_.push_back(waiter);
        return acquire_status::wait;
    }

    /// After the waiter was woken or its own timeout fired: the grant, or `wait` when it was not
    /// granted (it has left the queue: a timeout or a cancellation).
    acquire_status finish_wait(const std::shared_ptr<Waiter>& waiter, std::unique_ptr<Conn>& out,
                               bool fresh) {
        std::lock_guard lock(mutex_);
        if (!waiter->granted) {
            auto it = std::find(waiters_.begin(), waiters_.end(), waiter);
            if (it != waiters_.end())
                waiters_.erase(it);
            return acquire_status::wait;
        }
        if (waiter->shut_down)
            return acquire_status::shut_down;
        if (!waiter->conn)
            return acquire_status::open_new;
        if (fresh) {
            close_locked(*waiter->conn);
            waiter->conn.reset();
            return acquire_status::open_new;
        }
        ++counters_.reused;
        out = std::move(waiter->conn);
        return acquire_status::reuse;
    }

    /// Gives a connection back. Reusable and not expired: handed straight to the first waiter,
    /// or kept idle. Otherwise its slot is freed (granted to the first waiter, who opens one)
    /// and the connection returned for the caller to close gracefully (TLS close_notify).
    std::unique_ptr<Conn> release(std::unique_ptr<Conn> conn, bool reusable, time_point now) {
        std::lock_guard lock(mutex_);
        // Its idle time starts now: the server's keep-alive timer restarts with each response,
        // so an exchange that took longer than idle_timeout does not retire the connection.
        conn->last_used = now;
        if (reusable && !shut_down_ && !expired(*conn, now)) {
            if (!waiters_.empty()) {
                auto w = std::move(waiters_.front()); // the slot stays in use
                waiters_.pop_front();
                w->conn = std::move(conn);
                w->granted = true;
                Waiter::wake(w);
                return nullptr;
            }
            --in_use_;
            idle_.push_back(std::move(conn));
            return nullptr;
        }
        --in_use_;
        ++counters_.closed;
        grant_slot_locked();
        return conn;
    }

    /// A reserved slot whose connect failed (or a warm-up that gave up).
    void release_slot() {
        std::lock_guard lock(mutex_);
        --in_use_;
        grant_slot_locked();
    }

    void on_created() {
        std::lock_guard lock(mutex_);
        ++counters_.created;
    }
    void on_handshake(bool resumed) {
        std::lock_guard lock(mutex_);
        ++counters_.handshakes;
        if (resumed)
            ++counters_.resumed_handshakes;
    }
    void on_stale_retry() {
        std::lock_guard lock(mutex_);
        ++counters_.stale_retries;
    }

    /// Counters and occupancy at `now` (expired idle connections are closed first).
    pool_stats stats(time_point now) const {
        std::lock_guard lock(mutex_);
        purge_expired_locked(now);
        pool_stats s = counters_;
        s.idle = idle_.size();
        s.in_use = in_use_;
        s.open = in_use_ + idle_.size();
        s.waiters = waiters_.size();
        return s;
    }

    /// Closes the idle connections and wakes every waiter with `shut_down`; later acquisitions
    /// fail with shut_down. Connections in use are closed when released.
    void shutdown() {
        std::lock_guard lock(mutex_);
        shut_down_ = true;
        for (auto& c : idle_)
            close_locked(*c);
        idle_.clear();
        for (auto& w : waiters_) {
            w->granted = true;
            w->shut_down = true;
            Waiter::wake(w);
        }
        waiters_.clear();
    }

    /// Slots free for warm-up connections (min_idle minus idle, bounded by max_connections).
    std::size_t warm_deficit() const {
        std::lock_guard lock(mutex_);
        if (shut_down_)
            return 0;
        const std::size_t open = in_use_ + idle_.size();
        const std::size_t room =
            options_.max_connections > open ? options_.max_connections - open : 0;
        const std::size_t want =
            options_.min_idle > idle_.size() ? options_.min_idle - idle_.size() : 0;
        return std::min(room, want);
    }

private:
    bool expired(const Conn& c, time_point now) const noexcept {
        return now - c.last_used >= options_.idle_timeout ||
               now - c.created >= options_.max_lifetime || now >= c.server_idle_deadline ||
               c.remaining_requests == 0;
    }

    void close_locked(Conn& c) const noexcept {
        c.close();
        ++counters_.closed;
    }

    void purge_expired_locked(time_point now) const {
        // Idle connections never have an operation pending, so closing them here races no I/O.
        // In-place compaction keeps the LIFO order without allocating (hot path).
        auto out = idle_.begin();
        for (auto it = idle_.begin(); it != idle_.end(); ++it) {
            if (expired(**it, now))
                close_locked(**it);
            else if (out != it)
                *out++ = std::move(*it);
            else
                ++out;
        }
        idle_.erase(out, idle_.end());
    }

    void grant_slot_locked() {
        if (waiters_.empty() || in_use_ + idle_.size() >= options_.max_connections)
            return;
        auto w = std::move(waiters_.front());
        waiters_.pop_front();
        w->granted = true;
        ++in_use_;
        Waiter::wake(w);
    }

    pool_options options_;
    mutable std::mutex mutex_;
    mutable std::deque<std::unique_ptr<Conn>> idle_; // back = most recently used
    std::deque<std::shared_ptr<Waiter>> waiters_;
    std::size_t in_use_ = 0; // lent or connecting
    mutable pool_stats counters_{};
    bool shut_down_ = false;
};

} // namespace tallyfy::detail
