// SPDX-License-Identifier: BSL-1.0
// Per-origin pool state: idle connections, FIFO waiters, counters, DNS cache and TLS session.
// All state is behind one mutex; no I/O is done here (operations connect/read on their strand).
#pragma once

#include "core/transport/connection.hpp"

#include <tallyfy/transport.hpp>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>

#include <deque>
#include <memory>
#include <mutex>
#include <optional>

struct ssl_st;
struct ssl_session_st;

namespace tallyfy::detail {

/// A request waiting for a connection. The timer lives on its own strand: the waiting operation
/// starts its wait there and granting posts the cancel there, so the two never race.
struct pool_waiter {
    explicit pool_waiter(const boost::asio::any_io_executor& ex)
        : timer(boost::asio::make_strand(ex)) {}
    boost::asio::steady_timer timer;
    std::unique_ptr<connection> conn; // granted idle connection; null with `granted`: open one
    bool granted = false;
    bool shut_down = false;
};

enum class acquire_status { reuse, open_new, wait, shut_down };

class connection_pool {
public:
    explicit connection_pool(pool_options options);
    ~connection_pool();
    connection_pool(const connection_pool&) = delete;
    connection_pool& operator=(const connection_pool&) = delete;

    /// Takes an idle connection (reuse), reserves a slot for a new one (open_new), or enqueues a
    /// new waiter created on `ex` (wait). `fresh`: never hand out an idle connection (stale retry).
    acquire_status try_acquire(std::unique_ptr<connection>& out, bool fresh,
                               const boost::asio::any_io_executor& ex,
                               std::shared_ptr<pool_waiter>& waiter);
    /// After the waiter's timer completed: the grant, or `wait` when not granted (now dequeued).
    acquire_status finish_wait(const std::shared_ptr<pool_waiter>& waiter,
                               std::unique_ptr<connection>& out, bool fresh);

    /// Gives a connection back. Not reusable (or expired): closed and its slot freed.
    /// Returns the connection when the caller should close it gracefully (TLS close_notify).
    std::unique_ptr<connection> release(std::unique_ptr<connection> conn, bool reusable);
    /// A reserved slot whose connect failed.
    void release_slot();

    void on_created();
    void on_handshake(bool resumed);
    void on_stale_retry();

    /// DNS cache.
    std::optional<boost::asio::ip::tcp::resolver::results_type> cached_endpoints();
    void store_endpoints(const boost::asio::ip::tcp::resolver::results_type& results);

    /// TLS session resumption: offer the last session to a new connection / keep a new one.
    void apply_session(ssl_st* ssl);
    void save_session(ssl_st* ssl);

    pool_stats stats() const;
    /// Closes idle connections, fails waiters; later acquisitions fail with shut_down.
    void shutdown();
    /// Slots free for warm-up connections (min_idle minus idle, bounded by max_connections).
    std::size_t warm_deficit() const;

private:
    bool expired(const connection& c, steady::time_point now) const noexcept;
    void purge_expired_locked(steady::time_point now) const;
    void close_locked(connection& c) const noexcept;
    void grant_slot_locked();
    static void wake(const std::shared_ptr<pool_waiter>& w);

    pool_options options_;
    mutable std::mutex mutex_;
    mutable std::deque<std::unique_ptr<connection>> idle_; // back = most recently used
    std::deque<std::shared_ptr<pool_waiter>> waiters_;
    std::size_t in_use_ = 0; // lent or connecting
    mutable pool_stats counters_{};
    bool shut_down_ = false;
    std::optional<boost::asio::ip::tcp::resolver::results_type> dns_;
    steady::time_point dns_expiry_{};
    ssl_session_st* session_ = nullptr;
};

} // namespace tallyfy::detail
