// SPDX-License-Identifier: BSL-1.0
#include "core/transport/connection_pool.hpp"

#include <boost/asio/post.hpp>

#include <openssl/ssl.h>

#include <algorithm>

namespace tallyfy::detail {

connection_pool::connection_pool(pool_options options)
    : options_(options) {
    if (options_.max_connections == 0)
        options_.max_connections = 1;
}

connection_pool::~connection_pool() {
    for (auto& c : idle_)
        c->close();
    if (session_ != nullptr)
        SSL_SESSION_free(session_);
}

bool connection_pool::expired(const connection& c, steady::time_point now) const noexcept {
    return now - c.last_used >= options_.idle_timeout || now - c.created >= options_.max_lifetime ||
           now >= c.server_idle_deadline || c.remaining_requests == 0;
}

void connection_pool::close_locked(connection& c) const noexcept {
    c.close();
    ++counters_.closed;
}

void connection_pool::purge_expired_locked(steady::time_point now) const {
    // Idle connections never have an operation pending, so closing them here does no I/O race.
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

void connection_pool::wake(const std::shared_ptr<pool_waiter>& w) {
    boost::asio::post(w->timer.get_executor(), [w] { w->timer.cancel(); });
}

void connection_pool::grant_slot_locked() {
    if (waiters_.empty() || in_use_ + idle_.size() >= options_.max_connections)
        return;
    auto w = std::move(waiters_.front());
    waiters_.pop_front();
    w->granted = true;
    ++in_use_;
    wake(w);
}

acquire_status connection_pool::try_acquire(std::unique_ptr<connection>& out, bool fresh,
                                            const boost::asio::any_io_executor& ex,
                                            std::shared_ptr<pool_waiter>& waiter) {
    std::lock_guard lock(mutex_);
    if (shut_down_)
        return acquire_status::shut_down;
    purge_expired_locked(steady::now());
    if (waiters_.empty() && !idle_.empty()) {
        auto c = std::move(idle_.back());
        idle_.pop_back();
        ++in_use_;
        if (fresh) {
            // Its slot is reused for the fresh connection.
            close_locked(*c);
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
    waiter = std::make_shared<pool_waiter>(ex);
    waiters_.push_back(waiter);
    return acquire_status::wait;
}

acquire_status connection_pool::finish_wait(const std::shared_ptr<pool_waiter>& waiter,
                                            std::unique_ptr<connection>& out, bool fresh) {
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

std::unique_ptr<connection> connection_pool::release(std::unique_ptr<connection> conn,
                                                     bool reusable) {
    std::lock_guard lock(mutex_);
    const auto now = steady::now();
    if (reusable && !shut_down_ && !expired(*conn, now)) {
        conn->last_used = now;
        if (!waiters_.empty()) {
            // Hand over directly: the slot stays in use.
            auto w = std::move(waiters_.front());
            waiters_.pop_front();
            w->conn = std::move(conn);
            w->granted = true;
            wake(w);
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

void connection_pool::release_slot() {
    std::lock_guard lock(mutex_);
    --in_use_;
    grant_slot_locked();
}

void connection_pool::on_created() {
    std::lock_guard lock(mutex_);
    ++counters_.created;
}

void connection_pool::on_handshake(bool resumed) {
    std::lock_guard lock(mutex_);
    ++counters_.handshakes;
    if (resumed)
        ++counters_.resumed_handshakes;
}

void connection_pool::on_stale_retry() {
    std::lock_guard lock(mutex_);
    ++counters_.stale_retries;
}

std::optional<boost::asio::ip::tcp::resolver::results_type> connection_pool::cached_endpoints() {
    std::lock_guard lock(mutex_);
    if (dns_ && steady::now() < dns_expiry_)
        return dns_;
    return std::nullopt;
}

void connection_pool::store_endpoints(const boost::asio::ip::tcp::resolver::results_type& r) {
    std::lock_guard lock(mutex_);
    dns_ = r;
    dns_expiry_ = steady::now() + options_.dns_ttl;
}

void connection_pool::apply_session(ssl_st* ssl) {
    std::lock_guard lock(mutex_);
    if (session_ != nullptr)
        SSL_set_session(ssl, session_); // takes its own reference
}

void connection_pool::save_session(ssl_st* ssl) {
    SSL_SESSION* s = SSL_get1_session(ssl);
    if (s == nullptr)
        return;
    if (SSL_SESSION_is_resumable(s) == 0) {
        SSL_SESSION_free(s);
        return;
    }
    SSL_SESSION* old = nullptr;
    {
        std::lock_guard lock(mutex_);
        old = session_;
        session_ = s;
    }
    if (old != nullptr)
        SSL_SESSION_free(old);
}

pool_stats connection_pool::stats() const {
    std::lock_guard lock(mutex_);
    purge_expired_locked(steady::now());
    pool_stats s = counters_;
    s.idle = idle_.size();
    s.in_use = in_use_;
    s.open = in_use_ + idle_.size();
    s.waiters = waiters_.size();
    return s;
}

void connection_pool::shutdown() {
    std::lock_guard lock(mutex_);
    shut_down_ = true;
    for (auto& c : idle_)
        close_locked(*c);
    idle_.clear();
    for (auto& w : waiters_) {
        w->granted = true;
        w->shut_down = true;
        wake(w);
    }
    waiters_.clear();
}

std::size_t connection_pool::warm_deficit() const {
    std::lock_guard lock(mutex_);
    if (shut_down_)
        return 0;
    const std::size_t open = in_use_ + idle_.size();
    const std::size_t room = options_.max_connections > open ? options_.max_connections - open : 0;
    const std::size_t want =
        options_.min_idle > idle_.size() ? options_.min_idle - idle_.size() : 0;
    return std::min(room, want);
}

} // namespace tallyfy::detail
