// SPDX-License-Identifier: BSL-1.0
// Per-origin pool: the protocol (pool_protocol.hpp) over real connections, Asio waiters and the
// steady clock, beside the DNS and TLS-session caches. No I/O here (operations connect and read
// on their own strands); every member is thread-safe.
#pragma once

#include "core/transport/connection.hpp"
#include "core/transport/dns_cache.hpp"
#include "core/transport/pool_protocol.hpp"
#include "core/transport/tls_session_cache.hpp"

#include <tallyfy/transport.hpp>

#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>

#include <memory>
#include <optional>

namespace tallyfy::detail {

/// A request waiting for a connection. The timer lives on its own strand: the waiting operation
/// starts its wait there and a grant posts the cancel there, so the two never race.
struct pool_waiter {
    explicit pool_waiter(const boost::asio::any_io_executor& ex)
        : timer(boost::asio::make_strand(ex)) {}
    boost::asio::steady_timer timer;
    std::unique_ptr<connection> conn; // granted idle connection; null with `granted`: open one
    bool granted = false;
    bool shut_down = false;

    static void wake(const std::shared_ptr<pool_waiter>& w) {
        boost::asio::post(w->timer.get_executor(), [w] { w->timer.cancel(); });
    }
};

class connection_pool {
public:
    explicit connection_pool(pool_options options)
        : protocol_(options)
        , dns_(options.dns_ttl) {}

    /// See pool_protocol::try_acquire; a waiter is created on `ex`.
    acquire_status try_acquire(std::unique_ptr<connection>& out, bool fresh,
                               const boost::asio::any_io_executor& ex,
                               std::shared_ptr<pool_waiter>& waiter) {
        return protocol_.try_acquire(
            out, fresh, steady::now(), [&] { return std::make_shared<pool_waiter>(ex); }, waiter);
    }
    acquire_status finish_wait(const std::shared_ptr<pool_waiter>& waiter,
                               std::unique_ptr<connection>& out, bool fresh) {
        return protocol_.finish_wait(waiter, out, fresh);
    }
    std::unique_ptr<connection> release(std::unique_ptr<connection> conn, bool reusable) {
        return protocol_.release(std::move(conn), reusable, steady::now());
    }
    void release_slot() { protocol_.release_slot(); }

    void on_created() { protocol_.on_created(); }
    void on_handshake(bool resumed) { protocol_.on_handshake(resumed); }
    void on_stale_retry() { protocol_.on_stale_retry(); }

    std::optional<dns_cache::results> cached_endpoints() { return dns_.get(steady::now()); }
    void store_endpoints(const dns_cache::results& results) { dns_.store(results, steady::now()); }

    void apply_session(ssl_st* ssl) { sessions_.apply(ssl); }
    void save_session(ssl_st* ssl) { sessions_.save(ssl); }

    pool_stats stats() const { return protocol_.stats(steady::now()); }
    void shutdown() { protocol_.shutdown(); }
    std::size_t warm_deficit() const { return protocol_.warm_deficit(); }

private:
    // Declared first, destroyed last: its idle connections hold SSL objects that may refer to
    // the cached session.
    tls_session_cache sessions_;
    pool_protocol<connection, pool_waiter, steady> protocol_;
    dns_cache dns_;
};

} // namespace tallyfy::detail
