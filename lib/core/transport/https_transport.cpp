// The HTTPS transport facade and the per-request operation (one C++20 coroutine per send, on its
// own strand). This is the only translation unit instantiating the Beast HTTP machinery.
#include "core/transport/connection_pool.hpp"
#include "core/transport/tls_context.hpp"
#include "core/transport/url_origin.hpp"

#include <tallyfy/transport.hpp>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/bind_executor.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/ssl/error.hpp>
#include <boost/asio/ssl/host_name_verification.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>

#include <openssl/ssl.h>

#include <charconv>
#include <exception>

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

using request_message = http::request<http::string_body>;
using response_parser = http::response_parser<http::string_body>;

struct outcome {
    error_code ec;
    http_response response;
};

bool has_forbidden_char(std::string_view s) noexcept {
    return s.find_first_of(std::string_view("\r\n\0", 3)) != std::string_view::npos;
}

bool valid_token(std::string_view name) noexcept {
    if (name.empty())
        return false;
    for (char c : name) {
        if (c <= ' ' || c == ':' || c == 0x7f)
            return false;
    }
    return true;
}

bool valid(const http_request& r) noexcept {
    if (r.target.empty() || r.target.find(' ') != std::string::npos || has_forbidden_char(r.target))
        return false;
    for (const auto& h : r.headers) {
        if (!valid_token(h.name) || has_forbidden_char(h.value))
            return false;
    }
    return true;
}

http::verb to_verb(http_method m) noexcept {
    switch (m) {
    case http_method::get:
        return http::verb::get;
    case http_method::post:
        return http::verb::post;
    case http_method::put:
        return http::verb::put;
    case http_method::patch:
        return http::verb::patch;
    case http_method::delete_:
        return http::verb::delete_;
    }
    return http::verb::get;
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
    https_transport(net::any_io_executor ex, detail::url_origin origin, transport_options options)
        : ex_(std::move(ex))
        , origin_(std::move(origin))
        , options_(std::move(options))
        , ctx_(detail::make_tls_context(options_.tls))
        , pool_(options_.pool) {}

    void send(http_request request, send_handler handler) override {
        auto slot = net::get_associated_cancellation_slot(handler);
        auto hex = net::get_associated_executor(handler, ex_);
        net::co_spawn(
            net::make_strand(ex_), run(shared_from_this(), std::move(request)),
            net::bind_cancellation_slot(
                slot, net::bind_executor(
                          hex, [h = std::move(handler)](std::exception_ptr ep, outcome o) mutable {
                              if (ep && !o.ec)
                                  o.ec = make_error_code(boost::system::errc::io_error);
                              std::move(h)(o.ec, std::move(o.response));
                          })));
    }

    pool_stats stats() const override { return pool_.stats(); }

    void shutdown() override { pool_.shutdown(); }

    /// Opens connections until min_idle are idle (called once at creation).
    void warm() {
        for (std::size_t n = pool_.warm_deficit(); n > 0; --n)
            net::co_spawn(net::make_strand(ex_), warm_one(shared_from_this()), net::detached);
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
        conn = std::make_unique<connection>(self->ex_, self->ctx_, self->origin_.tls);
        if (auto ec = co_await self->connect(*conn, self->options_.default_timeouts)) {
            self->pool_.release_slot();
            co_return;
        }
        self->pool_.release(std::move(conn), true);
    }

    static net::awaitable<outcome> run(self_ptr self, http_request req) {
        // Errors are values here: a cancelled coroutine must not throw at its next co_await.
        co_await net::this_coro::throw_if_cancelled(false);
        outcome out;
        if (!valid(req)) {
            out.ec = error::invalid_argument;
            co_return out;
        }
        const timeouts& to =
            req.timeouts_override ? *req.timeouts_override : self->options_.default_timeouts;
        request_message msg = self->build(req); // serialised from this on every attempt
        bool fresh = false;
        for (;;) {
            std::unique_ptr<connection> conn;
            bool reused = false;
            if (auto ec = co_await self->acquire(conn, reused, fresh, to)) {
                out.ec = ec;
                co_return out;
            }
            auto& info = out.response.info;
            info.reused_connection = reused;
            info.response_started = false;
            bool written = false;
            bool started = false;
            response_parser parser;
            auto ec = co_await self->exchange(*conn, msg, parser, to, written, started);
            info.request_written = info.request_written || written;
            info.response_started = started;
            if (!ec) {
                self->finish(std::move(conn), parser, out.response);
                co_return out;
            }
            // The connection is in an unknown state: never pooled again.
            self->pool_.release(std::move(conn), false);
            const bool stale_candidate = reused && !started && info.stale_retries == 0 &&
                                         (!written || req.idempotent) &&
                                         ec == error::connection_reset;
            if (!stale_candidate) {
                out.ec = ec;
                co_return out;
            }
            // A kept-alive connection the server had already closed: retry once on a new one.
            ++info.stale_retries;
            self->pool_.on_stale_retry();
            fresh = true;
        }
    }

    request_message build(http_request& req) const {
        request_message msg{to_verb(req.method), req.target, 11};
        msg.set(http::field::host, origin_.host_header);
        msg.set(http::field::user_agent, options_.user_agent);
        for (const auto& h : req.headers)
            msg.insert(h.name, h.value);
        if (!req.body.empty()) {
            if (msg.find(http::field::content_type) == msg.end())
                msg.set(http::field::content_type, "application/json");
            msg.body() = std::move(req.body);
        }
        msg.prepare_payload();
        return msg;
    }

    /// Gets a connection: idle, newly connected, or after waiting in the FIFO queue.
    net::awaitable<error_code> acquire(std::unique_ptr<connection>& conn, bool& reused, bool fresh,
                                       const timeouts& to) {
        auto ex = co_await net::this_coro::executor;
        auto cs = co_await net::this_coro::cancellation_state;
        std::shared_ptr<detail::pool_waiter> waiter;
        auto st = pool_.try_acquire(conn, fresh, ex, waiter);
        if (st == detail::acquire_status::wait) {
            waiter->timer.expires_after(to.pool_wait);
            co_await waiter->timer.async_wait(tok);
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
        conn = std::make_unique<connection>(ex_, ctx_, origin_.tls);
        if (auto ec = co_await connect(*conn, to)) {
            conn.reset();
            pool_.release_slot();
            co_return ec;
        }
        co_return error_code{};
    }

    /// Resolves (cached), connects and handshakes a new connection.
    net::awaitable<error_code> connect(connection& c, const timeouts& to) {
        auto cs = co_await net::this_coro::cancellation_state;
        auto endpoints = pool_.cached_endpoints();
        if (!endpoints) {
            tcp::resolver resolver(co_await net::this_coro::executor);
            auto [ec, results] = co_await resolver.async_resolve(origin_.host, origin_.port, tok);
            if (cancelled(cs))
                co_return error::cancelled;
            if (ec || results.empty())
                co_return error::resolve_failed;
            pool_.store_endpoints(results);
            endpoints = std::move(results);
        }
        c.tcp().expires_after(to.connect);
        {
            auto [ec, ep] = co_await c.tcp().async_connect(*endpoints, tok);
            if (cancelled(cs))
                co_return error::cancelled;
            if (ec == beast::error::timeout)
                co_return error::connect_timeout;
            if (ec)
                co_return error::connection_failed;
        }
        c.tcp().socket().set_option(tcp::no_delay(true));
        pool_.on_created();
        if (c.tls) {
            SSL* ssl = c.stream.native_handle();
            if (!origin_.host_is_ip)
                SSL_set_tlsext_host_name(ssl, origin_.host.c_str());
            if (!options_.tls.insecure_skip_verification) {
                c.stream.set_verify_mode(net::ssl::verify_peer);
                c.stream.set_verify_callback(net::ssl::host_name_verification(origin_.host));
            }
            if (options_.tls.session_resumption)
                pool_.apply_session(ssl);
            if (cancelled(cs))
                co_return error::cancelled;
            c.tcp().expires_after(to.tls_handshake);
            auto [ec] = co_await c.stream.async_handshake(net::ssl::stream_base::client, tok);
            if (cancelled(cs))
                co_return error::cancelled;
            if (ec == beast::error::timeout)
                co_return error::tls_handshake_timeout;
            if (ec)
                co_return error::tls_failed;
            pool_.on_handshake(SSL_session_reused(ssl) == 1);
        }
        if (cancelled(cs))
            co_return error::cancelled; // emitted between operations
        c.tcp().expires_never();
        c.created = c.last_used = steady::now();
        co_return error_code{};
    }

    static net::awaitable<std::tuple<error_code, std::size_t>>
    write_message(connection& c, const request_message& msg) {
        if (c.tls)
            return http::async_write(c.stream, msg, tok);
        return http::async_write(c.tcp(), msg, tok);
    }

    static net::awaitable<std::tuple<error_code, std::size_t>> read_some(connection& c,
                                                                         response_parser& p) {
        if (c.tls)
            return http::async_read_some(c.stream, c.buffer, p, tok);
        return http::async_read_some(c.tcp(), c.buffer, p, tok);
    }

    /// Writes the request and reads the response with attempt and stall deadlines.
    net::awaitable<error_code> exchange(connection& c, const request_message& msg,
                                        response_parser& parser, const timeouts& to, bool& written,
                                        bool& started) {
        auto cs = co_await net::this_coro::cancellation_state;
        const auto attempt_deadline = steady::now() + to.attempt;
        if (cancelled(cs))
            co_return error::cancelled;
        c.tcp().expires_at(attempt_deadline);
        {
            auto [ec, n] = co_await write_message(c, msg);
            written = n > 0 || !ec;
            if (cancelled(cs))
                co_return error::cancelled;
            if (ec == beast::error::timeout)
                co_return error::attempt_timeout;
            if (ec)
                co_return error::connection_reset;
        }
        parser.header_limit(static_cast<std::uint32_t>(
            std::min<std::size_t>(options_.max_header_bytes, UINT32_MAX)));
        parser.body_limit(options_.max_body_bytes);
        while (!parser.is_done()) {
            if (cancelled(cs))
                co_return error::cancelled;
            // One tcp_stream deadline serves both timeouts: the nearer of stall and attempt.
            const auto stall_deadline = steady::now() + to.stall;
            const bool stall_first = stall_deadline < attempt_deadline;
            c.tcp().expires_at(stall_first ? stall_deadline : attempt_deadline);
            auto [ec, n] = co_await read_some(c, parser);
            if (n > 0 || c.buffer.size() > 0 || parser.got_some())
                started = true;
            if (!ec)
                continue;
            if (cancelled(cs))
                co_return error::cancelled;
            if (ec == beast::error::timeout)
                co_return stall_first ? error::stall_timeout : error::attempt_timeout;
            if (ec == http::error::header_limit)
                co_return error::header_too_large;
            if (ec == http::error::body_limit)
                co_return error::body_too_large;
            if (ec.category() == make_error_code(http::error::end_of_stream).category() &&
                ec != http::error::end_of_stream && ec != http::error::partial_message)
                co_return error::bad_response;
            co_return error::connection_reset;
        }
        c.tcp().expires_never();
        co_return error_code{};
    }

    /// Moves the response out and returns the connection to the pool (or closes it).
    void finish(std::unique_ptr<connection> conn, response_parser& parser, http_response& out) {
        auto& res = parser.get();
        const auto now = steady::now();
        bool keep = res.keep_alive() && conn->buffer.size() == 0;
        if (keep) {
            auto ka = res.find(http::field::keep_alive);
            if (ka != res.end())
                apply_keep_alive(*conn, ka->value(), now);
            if (conn->remaining_requests != std::numeric_limits<std::uint64_t>::max() &&
                conn->remaining_requests > 0)
                --conn->remaining_requests;
        }
        // TLS 1.3 tickets arrive after the handshake: the session is complete only now.
        if (conn->tls && options_.tls.session_resumption && !conn->session_saved) {
            pool_.save_session(conn->stream.native_handle());
            conn->session_saved = true;
        }
        out.status = res.result_int();
        out.headers.reserve(static_cast<std::size_t>(std::distance(res.begin(), res.end())));
        for (const auto& f : res)
            out.headers.push_back({std::string(f.name_string()), std::string(f.value())});
        out.body = std::move(res.body());
        if (auto closing = pool_.release(std::move(conn), keep))
            net::co_spawn(net::make_strand(ex_), graceful_close(std::move(closing)), net::detached);
    }

    /// Sends close_notify; a peer closing without its own (stream_truncated) is normal.
    static net::awaitable<void> graceful_close(std::unique_ptr<connection> c) {
        if (c->tls && c->tcp().socket().is_open()) {
            c->tcp().expires_after(std::chrono::seconds(2));
            co_await c->stream.async_shutdown(net::as_tuple(net::use_awaitable));
        }
        c->close();
    }

    net::any_io_executor ex_;
    detail::url_origin origin_;
    transport_options options_;
    net::ssl::context ctx_; // before pool_: pooled connections hold SSL objects of it
    detail::connection_pool pool_;
};

} // namespace

std::shared_ptr<transport> make_https_transport(boost::asio::any_io_executor executor,
                                                std::string_view base_url,
                                                transport_options options) {
    auto origin = detail::parse_origin(base_url, options.allow_insecure_http);
    auto t = std::make_shared<https_transport>(std::move(executor), std::move(origin),
                                               std::move(options));
    t->warm();
    return t;
}

} // namespace tallyfy
