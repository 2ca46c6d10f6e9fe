// SPDX-License-Identifier: BSL-1.0
// The HTTPS transport facade and the per-request operation: a coroutine that runs inside the
// caller's coroutine (co_send) or its own (send). The only translation unit doing HTTP I/O.
// Over 400 lines on purpose: one connection's life (acquire, connect, handshake, exchange,
// return to the pool) is one family of coroutines in one Beast-heavy TU; split, Beast compiles
// twice.
#include "core/transport/circuit_breaker.hpp"
#include "core/transport/connection_pool.hpp"
#include "core/transport/deadline_sweeper.hpp"
#include "core/transport/executor_threading.hpp"
#include "core/transport/no_proxy.hpp"
#include "core/transport/proxy_endpoint.hpp"
#include "core/transport/request_writer.hpp"
#include "core/transport/response_reader.hpp"
#include "core/transport/tls_context.hpp"
#include "core/transport/tls_failure.hpp"
#include "core/transport/url_origin.hpp"

#include <tallyfy/transport.hpp>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/bind_executor.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/ssl/error.hpp>
#include <boost/asio/ssl/verify_context.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/error.hpp>

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

#include <charconv>
#include <exception>
#include <optional>

namespace tallyfy {

namespace {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using boost::system::error_code;
using detail::connection;
using detail::steady;
using tcp = net::ip::tcp;

constexpr auto tok = net::as_tuple(net::use_awaitable);

struct outcome {
    error_code ec;
    http_response response;
};

/// Empties what a previous attempt parsed, keeping `info`.
void clear_response(http_response& r) noexcept {
    r.status = 0;
    r.headers.clear();
    r.body.clear();
}

bool cancelled(const net::cancellation_state& cs) noexcept {
    return cs.cancelled() != net::cancellation_type::none;
}

/// Applies `Keep-Alive: timeout=N, max=M` to the connection.
void apply_keep_alive(connection& c, std::string_view value, steady::time_point now) {
    while (!value.empty()) {
        auto comma = value.find(',');
        auto item = value.substr(0, comma);
        value = comma == std::string_view::npos ? std::string_view{} : value.substr(comma + 1);
        while (!item.empty() && item.front() == ' ')
            item.remove_prefix(1);
        auto eq = item.find('=');
        if (eq == std::string_view::npos)
            continue;
        auto key = item.substr(0, eq);
        auto val = item.substr(eq + 1);
        std::uint64_t n = 0;
        if (std::from_chars(val.data(), val.data() + val.size(), n).ec != std::errc{})
            continue;
        if (beast::iequals(key, "timeout")) {
            // Close one second before the server would, to avoid racing its close.
            auto ms = n > 1 ? std::chrono::seconds(n) - std::chrono::seconds(1)
                            : std::chrono::milliseconds(n * 500);
            c.server_idle_deadline = now + ms;
        } else if (beast::iequals(key, "max")) {
            c.remaining_requests = n;
        }
    }
}

class https_transport final : public transport,
                              public std::enable_shared_from_this<https_transport> {
public:
    https_transport(net::any_io_executor ex, detail::url_origin origin, transport_options options,
                    std::optional<detail::proxy_endpoint> proxy)
        : ex_(std::move(ex))
        , origin_(std::move(origin))
        , options_(std::move(options))
        , proxy_(std::move(proxy))
        , ctx_(detail::make_tls_context(options_.tls))
        , pool_(options_.pool)
        , own_strands_(detail::needs_connection_strand(ex_, options_.threading))
        , breaker_(options_.breaker.enabled
                       ? std::make_unique<detail::circuit_breaker>(options_.breaker)
                       : nullptr) {
        // The key is loaded: no copy of its passphrase stays in memory.
        auto& passphrase = options_.tls.client_key_passphrase;
        if (!passphrase.empty())
            OPENSSL_cleanse(passphrase.data(), passphrase.size());
        passphrase.clear();
        if (!own_strands_)
            sweeper_ = std::make_shared<detail::deadline_sweeper>(ex_);
        if (proxy_)
            connect_request_ = detail::connect_request(*proxy_, origin_, options_.user_agent);
    }

    void send(http_request request, send_handler handler) override {
        auto slot = net::get_associated_cancellation_slot(handler);
        auto hex = net::get_associated_executor(handler, ex_);
        net::co_spawn(ex_, run_owned(shared_from_this(), std::move(request)),
                      net::bind_cancellation_slot(
                          slot, net::bind_executor(
                                    std::move(hex), [h = std::move(handler)](std::exception_ptr ep,
                                                                             outcome o) mutable {
                                        if (ep && !o.ec)
                                            o.ec = make_error_code(boost::system::errc::io_error);
                                        std::move(h)(o.ec, std::move(o.response));
                                    })));
    }

    net::awaitable<send_result> co_send(const http_request& request) override {
        if (!breaker_) {
            auto out = co_await run(*this, request);
            co_return send_result{out.ec, std::move(out.response)};
        }
        auto out = co_await run_guarded(*this, request);
        co_return send_result{out.ec, std::move(out.response)};
    }

    pool_stats stats() const override {
        auto s = pool_.stats();
        if (breaker_)
            breaker_->fill(s);
        return s;
    }

    void shutdown() override { pool_.shutdown(); }

    /// Opens connections until min_idle are idle (called once at creation).
    void warm() {
        for (std::size_t n = pool_.warm_deficit(); n > 0; --n)
            net::co_spawn(ex_, warm_one(shared_from_this()), net::detached);
    }

private:
    using self_ptr = std::shared_ptr<https_transport>;

    static net::awaitable<void> warm_one(self_ptr self) {
        std::unique_ptr<connection> conn;
        std::shared_ptr<detail::pool_waiter> waiter;
        auto st = self->pool_.try_acquire(conn, true, self->ex_, waiter);
        if (st == detail::acquire_status::wait) {
            // Never wait for a warm-up: leave the queue (or give back what was granted meanwhile).
            st = self->pool_.finish_wait(waiter, conn, false);
            if (st == detail::acquire_status::reuse)
                self->pool_.release(std::move(conn), true);
            if (st == detail::acquire_status::open_new)
                self->pool_.release_slot();
            co_return;
        }
        if (st != detail::acquire_status::open_new)
            co_return;
        conn = std::make_unique<connection>(self->ex_, self->ctx_, self->origin_.tls,
                                            self->own_strands_);
        std::string cause; // nobody waits for a warm-up to fail
        if (auto ec = co_await self->connect(*conn, self->options_.default_timeouts, cause)) {
            self->pool_.release_slot();
            co_return;
        }
        self->pool_.release(std::move(conn), true);
    }

    static net::awaitable<outcome> run_owned(self_ptr self, http_request req) {
        if (!self->breaker_)
            co_return co_await run(*self, req);
        co_return co_await run_guarded(*self, req);
    }

    // run() behind the circuit breaker: refused at once while it is open, else told the result.
    static net::awaitable<outcome> run_guarded(https_transport& self, const http_request& req) {
        auto& breaker = *self.breaker_;
        const auto admission = breaker.admit(steady::now());
        if (!admission.admitted) {
            outcome out;
            out.ec = error::circuit_open;
            out.response.info.cause =
                "the circuit breaker for " + self.origin_.host_header + " is open";
            if (admission.retry_in > steady::duration::zero())
                out.response.info.cause +=
                    "; next probe in " +
                    std::to_string(
                        std::chrono::duration_cast<std::chrono::milliseconds>(admission.retry_in)
                            .count()) +
                    " ms";
            co_return out;
        }
        outcome out;
        try {
            out = co_await run(self, req);
        } catch (...) { // says nothing about the origin, but a probe must report or none goes again
            breaker.record(detail::breaker_verdict::neutral, admission.probe, steady::now());
            throw;
        }
        breaker.record(detail::breaker_verdict_of(out.ec, out.response.status), admission.probe,
                       steady::now());
        co_return out;
    }

    // Runs on the caller's executor: the operation awaits one thing at a time, its socket
    // operations complete on the connection's strand, and the pool is behind its mutex.
    static net::awaitable<outcome> run(https_transport& self, const http_request& req) {
        // Errors are values here: a cancelled coroutine must not throw at its next co_await.
        co_await net::this_coro::throw_if_cancelled(false);
        outcome out;
        if (!detail::is_sendable(req)) {
            out.ec = error::invalid_argument;
            co_return out;
        }
        const timeouts& to =
            req.timeouts_override ? *req.timeouts_override : self.options_.default_timeouts;
        bool fresh = false;
        for (;;) {
            std::unique_ptr<connection> conn;
            bool reused = false;
            out.response.info.cause.clear(); // a stale connection's cause is not this one's
            if (auto ec = co_await self.acquire(conn, reused, fresh, to, out.response.info.cause)) {
                out.ec = ec;
                co_return out;
            }
            auto& info = out.response.info;
            info.reused_connection = reused;
            info.response_started = false;
            bool written = false;
            bool started = false;
            clear_response(out.response);
            detail::serialize_request(conn->wire, req, self.origin_.host_header,
                                      self.options_.user_agent);
            detail::response_reader reader(out.response, self.options_.max_header_bytes,
                                           self.options_.max_body_bytes);
            auto ec = co_await self.exchange(*conn, reader, to, written, started);
            info.request_written = info.request_written || written;
            info.response_started = started;
            if (!ec) {
                self.finish(std::move(conn), reader);
                co_return out;
            }
            // The connection is in an unknown state: never pooled again.
            self.pool_.release(std::move(conn), false);
            const bool stale_candidate = reused && !started && info.stale_retries == 0 &&
                                         (!written || req.idempotent) &&
                                         ec == error::connection_reset;
            if (!stale_candidate) {
                out.ec = ec;
                clear_response(out.response); // a partial response is no response
                co_return out;
            }
            // A kept-alive connection the server had already closed: retry once on a new one.
            ++info.stale_retries;
            self.pool_.on_stale_retry();
            fresh = true;
        }
    }

    /// Gets a connection: idle, newly connected, or after waiting in the FIFO queue.
    net::awaitable<error_code> acquire(std::unique_ptr<connection>& conn, bool& reused, bool fresh,
                                       const timeouts& to, std::string& cause) {
        auto ex = co_await net::this_coro::executor;
        auto cs = co_await net::this_coro::cancellation_state;
        std::shared_ptr<detail::pool_waiter> waiter;
        auto st = pool_.try_acquire(conn, fresh, ex, waiter);
        if (st == detail::acquire_status::wait) {
            co_await wait_for_grant(waiter, to.pool_wait);
            st = pool_.finish_wait(waiter, conn, fresh);
            if (st == detail::acquire_status::wait)
                co_return cancelled(cs) ? error::cancelled : error::pool_wait_timeout;
        }
        if (st == detail::acquire_status::shut_down)
            co_return error::cancelled;
        if (st == detail::acquire_status::reuse) {
            if (cancelled(cs)) {
                pool_.release(std::move(conn), true); // untouched: still clean
                co_return error::cancelled;
            }
            reused = true;
            co_return error_code{};
        }
        conn = std::make_unique<connection>(ex_, ctx_, origin_.tls, own_strands_);
        if (auto ec = co_await connect(*conn, to, cause)) {
            conn.reset();
            pool_.release_slot();
            co_return ec;
        }
        co_return error_code{};
    }

    /// A cause, prefixed with the proxy's name when there is one: "proxy 10.0.0.1:3128: ...".
    std::string at_proxy(std::string what) const {
        return proxy_ ? "proxy " + proxy_->display + ": " + what : what;
    }

    /// Resolves (cached), connects (to the proxy, then through its tunnel, when there is one)
    /// and handshakes a new connection. A failure's underlying cause (resolver message, errno
    /// text, the proxy's answer, TLS reason) goes to `cause`.
    net::awaitable<error_code> connect(connection& c, const timeouts& to, std::string& cause) {
        auto cs = co_await net::this_coro::cancellation_state;
        // The DNS cache holds the proxy's addresses when there is one: the proxy resolves the
        // origin.
        const std::string& host = proxy_ ? proxy_->host : origin_.host;
        const std::string& port = proxy_ ? proxy_->port : origin_.port;
        auto endpoints = pool_.cached_endpoints();
        if (!endpoints) {
            tcp::resolver resolver(co_await net::this_coro::executor);
            auto [ec, results] = co_await resolver.async_resolve(host, port, tok);
            if (cancelled(cs))
                co_return error::cancelled;
            if (ec || results.empty()) {
                cause = at_proxy(ec ? ec.message() : "no address for " + host);
                co_return error::resolve_failed;
            }
            pool_.store_endpoints(results);
            endpoints = std::move(results);
        }
        c.tcp().expires_after(to.connect);
        {
            auto [ec, ep] = co_await c.tcp().async_connect(*endpoints, c.on_strand());
            if (cancelled(cs))
                co_return error::cancelled;
            if (ec == beast::error::timeout) {
                if (proxy_)
                    cause = at_proxy("no connection within the connect timeout");
                co_return error::connect_timeout;
            }
            if (ec) {
                cause = at_proxy(ec.message());
                co_return error::connection_failed;
            }
        }
        c.tcp().socket().set_option(tcp::no_delay(true));
        pool_.on_created();
        if (proxy_)
            if (auto ec = co_await open_tunnel(c, cause))
                co_return ec;
        if (c.tls) {
            SSL* ssl = c.stream.native_handle();
            if (!origin_.host_is_ip)
                SSL_set_tlsext_host_name(ssl, origin_.host.c_str());
            if (!options_.tls.insecure_skip_verification) {
                // OpenSSL checks the name (a mismatch is a verify error like any other); the
                // callback notes which certificate failed, for the cause.
                X509_VERIFY_PARAM* param = SSL_get0_param(ssl);
                if (origin_.host_is_ip) {
                    X509_VERIFY_PARAM_set1_ip_asc(param, origin_.host.c_str());
                } else {
                    X509_VERIFY_PARAM_set_hostflags(param, X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS);
                    X509_VERIFY_PARAM_set1_host(param, origin_.host.c_str(), origin_.host.size());
                }
                c.stream.set_verify_mode(net::ssl::verify_peer);
                c.stream.set_verify_callback(
                    [note = &c.verify_note](bool preverified, net::ssl::verify_context& v) {
                        return detail::note_verify_result(preverified, v.native_handle(), *note);
                    });
            }
            if (options_.tls.session_resumption)
                pool_.apply_session(ssl);
            if (cancelled(cs))
                co_return error::cancelled;
            c.tcp().expires_after(to.tls_handshake);
            auto [ec] =
                co_await c.stream.async_handshake(net::ssl::stream_base::client, c.on_strand());
            if (cancelled(cs))
                co_return error::cancelled;
            if (ec == beast::error::timeout)
                co_return error::tls_handshake_timeout;
            if (ec) {
                cause = detail::describe_tls_failure(ssl, ec, c.verify_note, origin_.host);
                if (proxy_) // the proxy is fine: this is the origin's TLS, through the tunnel
                    cause = "origin " + origin_.host_header + " (through proxy " + proxy_->display +
                            "): " + cause;
                // The connection broke (closed or reset) with nothing wrong in TLS itself: like a
                // refused connect, nothing was sent, so it is retried; everything else (a
                // certificate, an alert, a protocol mismatch) is tls_failed, which never is.
                if (detail::handshake_broke(ssl, ec, c.verify_note))
                    co_return error::connection_failed;
                co_return error::tls_failed;
            }
            pool_.on_handshake(SSL_session_reused(ssl) == 1);
        }
        if (cancelled(cs))
            co_return error::cancelled; // emitted between operations
        c.tcp().expires_never();
        c.created = c.last_used = steady::now();
        co_return error_code{};
    }

    /// Sends CONNECT and reads the proxy's answer head (at most max_header_bytes), under the
    /// connect deadline already set. 2xx: the tunnel is open, nothing of it was read ahead.
    net::awaitable<error_code> open_tunnel(connection& c, std::string& cause) {
        auto cs = co_await net::this_coro::cancellation_state;
        {
            auto [ec, n] =
                co_await net::async_write(c.tcp(), net::buffer(connect_request_), c.on_strand());
            if (cancelled(cs))
                co_return error::cancelled;
            if (ec == beast::error::timeout) {
                cause = at_proxy("CONNECT not sent within the connect timeout");
                co_return error::connect_timeout;
            }
            if (ec) {
                cause = at_proxy(ec.message());
                co_return error::connection_failed;
            }
        }
        std::string head;
        auto [ec, n] = co_await net::async_read_until(
            c.tcp(), net::dynamic_buffer(head, options_.max_header_bytes), "\r\n\r\n",
            c.on_strand());
        if (cancelled(cs))
            co_return error::cancelled;
        if (ec == beast::error::timeout) {
            cause = at_proxy("no answer to CONNECT within the connect timeout");
            co_return error::connect_timeout;
        }
        if (ec == net::error::not_found) {
            cause = at_proxy("answer to CONNECT over " + std::to_string(options_.max_header_bytes) +
                             " bytes");
            co_return error::proxy_failed;
        }
        if (ec) {
            cause =
                at_proxy(ec == net::error::eof ? "closed the connection before answering CONNECT"
                                               : ec.message());
            co_return error::connection_failed;
        }
        const auto answer = detail::parse_connect_answer(std::string_view(head).substr(0, n));
        if (answer.status == 0) {
            cause = at_proxy("not an HTTP answer to CONNECT: " +
                             detail::proxy_text(*proxy_, std::string_view(head).substr(0, n), 80));
            co_return error::proxy_failed;
        }
        const std::string status =
            std::to_string(answer.status) + " " + detail::proxy_text(*proxy_, answer.reason, 200);
        if (answer.status == 407) {
            cause = at_proxy("answered " + status +
                             (proxy_->authorization.empty() ? " (no credentials in the proxy URL)"
                                                            : " (the credentials were refused)"));
            co_return error::proxy_auth_required;
        }
        if (answer.status < 200 || answer.status > 299) {
            cause =
                at_proxy("refused the tunnel to " + origin_.host_header + ": answered " + status);
            co_return error::proxy_failed;
        }
        if (head.size() != n) { // bytes after a 2xx head: not a tunnel we can run TLS on
            cause = at_proxy("sent data after its answer to CONNECT");
            co_return error::proxy_failed;
        }
        co_return error_code{};
    }

    /// Waits until the pool grants (cancels the timer) or `limit` passes. The wait starts on the
    /// timer's strand, where the pool's grant also runs.
    static net::awaitable<void> wait_for_grant(std::shared_ptr<detail::pool_waiter> waiter,
                                               std::chrono::milliseconds limit) {
        auto start_wait = [waiter, limit](auto handler) {
            auto strand = waiter->timer.get_executor();
            net::dispatch(strand, [waiter, limit, h = std::move(handler)]() mutable {
                waiter->timer.expires_after(limit);
                waiter->timer.async_wait(std::move(h));
            });
        };
        co_await net::async_initiate<decltype(tok), void(error_code)>(std::move(start_wait), tok);
    }

    static net::awaitable<std::tuple<error_code, std::size_t>> write_wire(connection& c) {
        if (c.tls)
            return net::async_write(c.stream, net::buffer(c.wire), c.on_strand());
        return net::async_write(c.tcp(), net::buffer(c.wire), c.on_strand());
    }

    /// Writes the request and reads the response with attempt and stall deadlines: kept by the
    /// sweeper on a one-thread executor, by Beast's per-operation timers otherwise.
    net::awaitable<error_code> exchange(connection& c, detail::response_reader& reader,
                                        const timeouts& to, bool& written, bool& started) {
        auto cs = co_await net::this_coro::cancellation_state;
        if (cancelled(cs))
            co_return error::cancelled;
        const auto attempt_deadline = steady::now() + to.attempt;
        if (sweeper_) {
            detail::deadline_sweeper::watch watch(c, attempt_deadline);
            detail::deadline_sweeper::scope deadlines(*sweeper_, watch);
            auto ec = co_await transfer(c, reader, written, started,
                                        [&] { return deadlines.arm_stall(to.stall); });
            // A failed read or write on a socket the sweeper closed failed because of the
            // timeout. A response completed before the close stands (finish() sees the socket
            // closed and does not pool it).
            if (ec && ec != error::cancelled)
                if (auto fired = deadlines.fired())
                    co_return fired;
            co_return ec;
        }
        c.tcp().expires_at(attempt_deadline);
        // One tcp_stream deadline serves both timeouts: the nearer of stall and attempt.
        auto arm_deadline = [&c, &to, attempt_deadline] {
            const auto stall_deadline = steady::now() + to.stall;
            const bool stall_first = stall_deadline < attempt_deadline;
            c.tcp().expires_at(stall_first ? stall_deadline : attempt_deadline);
            return stall_first ? error::stall_timeout : error::attempt_timeout;
        };
        auto ec = co_await transfer(c, reader, written, started, arm_deadline);
        if (!ec)
            c.tcp().expires_never();
        co_return ec;
    }

    /// The write, then the reads; `arm_read()` sets the deadline of each read and returns what
    /// its timeout reports.
    template <class ArmRead>
    net::awaitable<error_code> transfer(connection& c, detail::response_reader& reader,
                                        bool& written, bool& started, ArmRead arm_read) {
        auto cs = co_await net::this_coro::cancellation_state;
        {
            auto [ec, n] = co_await write_wire(c);
            written = n > 0 || !ec;
            if (cancelled(cs))
                co_return error::cancelled;
            if (ec == beast::error::timeout)
                co_return error::attempt_timeout;
            if (ec) {
                reader.response().info.cause = ec.message();
                co_return error::connection_reset;
            }
        }
        if (c.tls) {
            auto ec = co_await detail::read_response(c.stream, c.buffer, reader, arm_read, started);
            // A TLS alert right after the handshake, before any byte of the response, on a new
            // connection: the server refused TLS (a TLS 1.3 server refuses a client certificate
            // only then), so nothing was acted on. Later, or after an earlier exchange on the same
            // connection, the request may have been: a reset, under the retry rules of one. (A
            // warm-up connection comes from the pool before its first exchange: it counts as new.)
            auto& info = reader.response().info;
            if (ec == error::connection_reset && detail::is_tls_alert(reader.stream_error) &&
                !started && c.exchanges == 0) {
                info.cause = detail::describe_tls_failure(
                    c.stream.native_handle(), reader.stream_error, c.verify_note, origin_.host);
                ec = error::tls_failed;
            }
            co_return ec;
        }
        co_return co_await detail::read_response(c.tcp(), c.buffer, reader, arm_read, started);
    }

    /// Returns the connection to the pool after a complete response (or closes it).
    void finish(std::unique_ptr<connection> conn, const detail::response_reader& reader) {
        const auto now = steady::now();
        ++conn->exchanges;
        bool keep = reader.keep_alive() && conn->buffer.size() == 0 &&
                    conn->tcp().socket().is_open(); // closed by a deadline just after the response
        if (keep) {
            if (auto ka = reader.keep_alive_header(); !ka.empty())
                apply_keep_alive(*conn, ka, now);
            if (conn->remaining_requests != std::numeric_limits<std::uint64_t>::max() &&
                conn->remaining_requests > 0)
                --conn->remaining_requests;
        }
        // TLS 1.3 tickets arrive after the handshake: the session is complete only now.
        if (conn->tls && options_.tls.session_resumption && !conn->session_saved) {
            pool_.save_session(conn->stream.native_handle());
            conn->session_saved = true;
        }
        if (auto closing = pool_.release(std::move(conn), keep))
            net::co_spawn(ex_, graceful_close(std::move(closing)), net::detached);
    }

    /// Sends close_notify; a peer closing without its own (stream_truncated) is normal.
    static net::awaitable<void> graceful_close(std::unique_ptr<connection> c) {
        if (c->tls && c->tcp().socket().is_open()) {
            c->tcp().expires_after(std::chrono::seconds(2));
            co_await c->stream.async_shutdown(c->on_strand());
        }
        c->close();
    }

    net::any_io_executor ex_;
    detail::url_origin origin_;
    transport_options options_;
    std::optional<detail::proxy_endpoint> proxy_; // none: direct, or the origin is in no_proxy
    std::string connect_request_;                 // the CONNECT sent on each new connection
    net::ssl::context ctx_; // before pool_: pooled connections hold SSL objects of it
    detail::connection_pool pool_;
    bool own_strands_;                                  // see executor_threading
    std::unique_ptr<detail::circuit_breaker> breaker_;  // when enabled
    std::shared_ptr<detail::deadline_sweeper> sweeper_; // on a one-thread executor only
};

} // namespace

std::shared_ptr<transport> make_https_transport(boost::asio::any_io_executor executor,
                                                std::string_view base_url,
                                                transport_options options) {
    auto origin = detail::parse_origin(base_url, options.allow_insecure_http);
    std::optional<detail::proxy_endpoint> proxy;
    if (!options.proxy.empty()) {
        proxy = detail::parse_proxy(options.proxy); // a bad URL is refused even when bypassed
        if (detail::no_proxy_matches(options.no_proxy, origin.host, origin.port))
            proxy.reset();
    }
    auto t = std::make_shared<https_transport>(std::move(executor), std::move(origin),
                                               std::move(options), std::move(proxy));
    t->warm();
    return t;
}

} // namespace tallyfy
