// SPDX-License-Identifier: BSL-1.0
// The sandbox's network side: a Beast HTTP/1.1 keep-alive server (TLS or plain) that feeds requests
// to the api_emulator and injects wire-level faults. All Asio/Beast templates of the sandbox live
// in this one translation unit to keep compile times down.
// Over 400 lines on purpose: splitting it would compile Beast's server templates twice.
#include <tallyfy/sandbox/server.hpp>

#include "core/form_pairs.hpp"
#include "sandbox/api/api_emulator.hpp"
#include "sandbox/certificates.hpp"
#include "sandbox/webhook_sender.hpp"
#include "sandbox/wire_faults.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <mutex>
#include <optional>
#include <thread>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace tallyfy::sandbox {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace ssl = asio::ssl;
using tcp = asio::ip::tcp;
using asio::awaitable;

namespace {

constexpr auto use_tuple = asio::as_tuple(asio::use_awaitable);
constexpr std::chrono::seconds idle_timeout{30};
constexpr std::chrono::seconds io_timeout{30};

std::string redact_authorization(std::string_view value) {
    if (value.starts_with("Bearer "))
        return "Bearer [redacted]";
    return value.empty() ? std::string() : std::string("[redacted]");
}

// The secrets of a form-encoded body (an OAuth token request) replaced by "[redacted]".
std::string redact_form_secrets(std::string_view body) {
    static constexpr std::string_view secret_names[] = {"client_secret", "refresh_token",
                                                        "password", "access_token"};
    return tallyfy::detail::rewrite_form_pairs(body, [](const tallyfy::detail::form_pair& pair,
                                                        std::string& out) {
        if (pair.value && std::ranges::find(secret_names, pair.name) != std::end(secret_names)) {
            out += pair.name;
            out += "=[redacted]";
        } else {
            out += pair.text;
        }
    });
}

recorded_request record_of(const http::request<http::string_body>& req, std::uint64_t connection) {
    recorded_request r;
    r.connection_id = connection;
    r.method = std::string(req.method_string());
    r.target = std::string(req.target());
    r.headers.reserve(8);
    for (const auto& field : req) {
        std::string name(field.name_string());
        if (field.name() == http::field::authorization)
            r.headers.emplace_back(std::move(name), redact_authorization(field.value()));
        else
            r.headers.emplace_back(std::move(name), std::string(field.value()));
    }
    r.body = req.body();
    if (req[http::field::content_type].starts_with("application/x-www-form-urlencoded"))
        r.body = redact_form_secrets(r.body);
    return r;
}

// When the last connection closes, the memory the connections used is free but glibc keeps the
// pages in its arenas (500 idle TLS connections left the RSS at 55 MB after they closed, while
// the bytes in use went back to within a megabyte: test/integration/sandbox/idle_memory_test.cpp):
// hand them back.
void give_back_free_memory() {
#if defined(__GLIBC__)
    malloc_trim(0);
#endif
}

} // namespace

struct server::impl {
    server_options options;
    api_emulator api;
    fault_plan faults;
    sandbox::recorder rec;
    std::string ca_pem;
    std::string origin;
    std::string base_url;
    std::uint16_t port = 0;
    std::atomic<std::uint64_t> request_counter{0};
    std::optional<webhook_sender> webhooks; // made once ioc exists; its posts use the members above
    std::mutex webhook_order;
    // Declared after everything the sessions touch: destroying the io_context destroys the
    // suspended session coroutines, which still use the members above.
    asio::io_context ioc;
    ssl::context tls{ssl::context::tls_server};
    tcp::acceptor acceptor{ioc};
    std::vector<std::thread> threads;
    std::once_flag stop_once;

    explicit impl(server_options opts)
        : options(std::move(opts))
        , api(options.api)
        , faults(options.fault_seed)
        , ioc(static_cast<int>(std::max(1u, options.threads))) {
        webhooks.emplace(ioc.get_executor());
    }

    void configure_tls() {
        auto certs = generate_loopback_certificates();
        ca_pem = certs.ca_pem;
        tls.set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 |
                        ssl::context::no_sslv3 | ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1);
        tls.use_certificate_chain(asio::buffer(certs.server_cert_pem));
        tls.use_private_key(asio::buffer(certs.server_key_pem), ssl::context::pem);
        if (!options.client_ca_pem.empty())
            require_client_certificates();
    }

    void require_client_certificates() {
        boost::system::error_code ec;
        tls.add_certificate_authority(asio::buffer(options.client_ca_pem), ec);
        if (ec)
            throw std::runtime_error("sandbox: cannot load the client CA PEM: " + ec.message());
        tls.set_verify_mode(ssl::verify_peer | ssl::verify_fail_if_no_peer_cert);
        // A server that verifies its clients must name its session context, or OpenSSL fails
        // every resumed handshake.
        static constexpr unsigned char context[] = "tallyfy-sandbox";
        SSL_CTX_set_session_id_context(tls.native_handle(), context, sizeof context - 1);
    }

    void listen() {
        auto address = asio::ip::make_address(options.bind_address);
        if (!address.is_loopback())
            throw std::runtime_error("sandbox binds loopback only, not " + options.bind_address);
        tcp::endpoint endpoint(address, options.port);
        acceptor.open(endpoint.protocol());
        acceptor.set_option(asio::socket_base::reuse_address(true));
        acceptor.bind(endpoint);
        acceptor.listen(asio::socket_base::max_listen_connections);
        port = acceptor.local_endpoint().port();
        std::string host = address.is_v6() ? "[" + address.to_string() + "]" : address.to_string();
        origin =
            std::string(options.https ? "https://" : "http://") + host + ":" + std::to_string(port);
        base_url = origin + options.api.path_prefix;
    }

    awaitable<void> accept_loop() {
        for (;;) {
            auto [ec, socket] = co_await acceptor.async_accept(asio::make_strand(ioc), use_tuple);
            if (ec) {
                if (ec == asio::error::operation_aborted || !acceptor.is_open())
                    co_return;
                continue; // e.g. EMFILE: keep serving the connections we have
            }
            socket.set_option(tcp::no_delay(true));
            auto executor = socket.get_executor();
            asio::co_spawn(executor, run_connection(std::move(socket)), asio::detached);
        }
    }

    awaitable<void> run_connection(tcp::socket socket) {
        std::uint64_t id = rec.on_accept();
        struct close_guard {
            sandbox::recorder& r;
            ~close_guard() {
                if (r.on_close() == 0)
                    give_back_free_memory();
            }
        } guard{rec};
        try {
            if (options.https) {
                ssl::stream<beast::tcp_stream> stream(beast::tcp_stream(std::move(socket)), tls);
                beast::get_lowest_layer(stream).expires_after(io_timeout);
                auto [ec] = co_await stream.async_handshake(ssl::stream_base::server, use_tuple);
                if (ec)
                    co_return;
                rec.on_handshake();
                if (co_await serve(stream, id)) {
                    beast::get_lowest_layer(stream).expires_after(std::chrono::seconds(2));
                    co_await stream.async_shutdown(use_tuple);
                }
            } else {
                beast::tcp_stream stream(std::move(socket));
                if (co_await serve(stream, id)) {
                    boost::system::error_code ignored;
                    stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
                }
            }
        } catch (const std::exception& e) {
            // A session must never take the server down; the connection is simply dropped.
            std::fprintf(stderr, "tallyfy-sandbox: connection %llu dropped: %s\n",
                         static_cast<unsigned long long>(id), e.what());
        }
    }

    // Serves requests until the peer leaves or a fault ends the connection. Returns true when
    // the connection should be closed gracefully, false when it must just be dropped.
    template <class Stream>
    awaitable<bool> serve(Stream& stream, std::uint64_t connection) {
        beast::flat_buffer buffer;
        for (;;) {
            http::request_parser<http::string_body> parser;
            parser.header_limit(16 * 1024);
            parser.body_limit(options.api.max_body_bytes);
            beast::get_lowest_layer(stream).expires_after(idle_timeout);
            auto [ec, n] = co_await http::async_read(stream, buffer, parser, use_tuple);
            if (ec == http::error::body_limit || ec == http::error::header_limit) {
                bool body = ec == http::error::body_limit;
                http::response<http::string_body> res{
                    body ? http::status::payload_too_large
                         : http::status::request_header_fields_too_large,
                    11};
                res.body() = body ? R"({"error":true,"message":"Request body too large"})"
                                  : R"({"error":true,"message":"Request header too large"})";
                finish(res, false);
                co_await write(stream, res);
                co_return true;
            }
            if (ec)
                co_return ec == http::error::end_of_stream;
            auto& req = parser.get();
            switch (co_await respond(stream, req, connection)) {
            case after_response::keep_open:
                break;
            case after_response::close:
                co_return true;
            case after_response::drop:
                co_return false;
            }
        }
    }

    // Sets the headers every response carries.
    void finish(http::response<http::string_body>& res, bool keep_alive) {
        res.set(http::field::server, "tallyfy-sandbox");
        char id[32];
        std::snprintf(id, sizeof id, "sbx-%012llx",
                      static_cast<unsigned long long>(++request_counter));
        res.set("X-Request-Id", id);
        if ((!res.body().empty() || res.result() != http::status::no_content) &&
            res.find(http::field::content_type) == res.end()) // a download sets its own
            res.set(http::field::content_type, "application/json");
        res.keep_alive(keep_alive);
        res.prepare_payload();
    }

    // Rewrites the emulator's answer for the faults that change what is sent.
    static void apply_response_fault(const fault& f, http::response<http::string_body>& res,
                                     bool& keep_alive) {
        switch (f.kind) {
        case fault_kind::status_before:
        case fault_kind::status_after:
            res.result(f.status);
            res.body() = injected_error_body(f.status);
            res.erase(http::field::content_type); // JSON again (finish), even for a download
            res.erase(http::field::content_disposition);
            break;
        case fault_kind::rate_limited: {
            res.result(http::status::too_many_requests);
            res.set(http::field::retry_after, f.retry_after_as_http_date
                                                  ? http_date_after(f.retry_after)
                                                  : std::to_string(f.retry_after.count()));
            res.set("X-RateLimit-Remaining", "0");
            res.body() = R"({"message":"Too Many Attempts.","code":"RATE_LIMIT_EXCEEDED"})";
            res.erase(http::field::content_type);
            res.erase(http::field::content_disposition);
            break;
        }
        case fault_kind::malformed_json:
            res.body() = malformed_json_body(res.body());
            break;
        case fault_kind::connection_close:
            keep_alive = false;
            break;
        default:
            break;
        }
    }

    template <class Stream>
    awaitable<void> write(Stream& stream, http::response<http::string_body>& res) {
        beast::get_lowest_layer(stream).expires_after(io_timeout);
        co_await http::async_write(stream, res, use_tuple);
    }

    enum class after_response { keep_open, close, drop };

    // Answers one request, applying its fault if any, and says what to do with the connection.
    template <class Stream>
    awaitable<after_response> respond(Stream& stream, http::request<http::string_body>& req,
                                      std::uint64_t connection) {
        std::string_view target = req.target();
        std::string_view path = target.substr(0, target.find('?'));
        std::optional<fault> fault = faults.pick(req.method_string(), path);
        recorded_request record = record_of(req, connection);
        if (fault)
            record.fault = fault->kind;
        bool keep_alive = req.keep_alive();

        if (fault && fault->kind == fault_kind::latency) {
            asio::steady_timer timer(co_await asio::this_coro::executor, fault->delay);
            co_await timer.async_wait(use_tuple);
        }
        if (fault && fault->kind == fault_kind::close_before_response) {
            rec.add(std::move(record));
            co_return after_response::drop;
        }

        http::response<http::string_body> res;
        res.version(11);
        std::string rewritten;
        if (fault && fault->kind == fault_kind::ignore_page) {
            rewritten = strip_query_parameter(target, "page");
            target = rewritten;
        }

        bool applies = !fault || !(fault->kind == fault_kind::status_before ||
                                   fault->kind == fault_kind::rate_limited);
        if (applies) {
            api_request ar;
            ar.method = req.method_string();
            ar.target = target;
            ar.authorization = req[http::field::authorization];
            auto client = req.find("X-Tallyfy-Client");
            ar.has_client_header = client != req.end();
            if (ar.has_client_header)
                ar.client_header = client->value();
            ar.content_type = req[http::field::content_type];
            ar.body = req.body();
            ar.origin = origin;
            api_response answer = api.handle(ar);
            {
                // Taken and queued as one step: with several threads, events of two requests
                // would otherwise reach the sender in the other order.
                std::lock_guard order(webhook_order);
                webhooks->send(api.take_webhooks());
            }
            res.result(answer.status);
            for (auto& [name, value] : answer.headers)
                res.set(name, value);
            res.body() = std::move(answer.body);
        }
        if (fault)
            apply_response_fault(*fault, res, keep_alive);
        finish(res, keep_alive);
        record.status = res.result_int();
        rec.add(std::move(record));

        if (fault && (fault->kind == fault_kind::reset_after_bytes ||
                      fault->kind == fault_kind::truncated_body)) {
            co_await write_partial(stream, res, *fault);
            co_return after_response::drop;
        }
        if (fault && fault->kind == fault_kind::stall) {
            co_await stall(stream, res, fault->delay);
            co_return after_response::drop;
        }
        co_await write(stream, res);
        co_return keep_alive ? after_response::keep_open : after_response::close;
    }

    // Sends only the start of the serialized response, then either resets (RST) or closes.
    template <class Stream>
    awaitable<void> write_partial(Stream& stream, http::response<http::string_body>& res,
                                  const fault& f) {
        std::string wire = serialize(res);
        std::size_t limit = wire.size();
        if (f.kind == fault_kind::reset_after_bytes) {
            limit = std::min(f.bytes, wire.size());
        } else {
            std::size_t header_size = wire.size() - res.body().size();
            std::size_t body_bytes = f.bytes ? f.bytes : res.body().size() / 2;
            limit = header_size + std::min(body_bytes, res.body().size() - 1);
        }
        beast::get_lowest_layer(stream).expires_after(io_timeout);
        if (limit > 0)
            co_await asio::async_write(stream, asio::buffer(wire.data(), limit), use_tuple);
        auto& socket = beast::get_lowest_layer(stream).socket();
        boost::system::error_code ignored;
        if (f.kind == fault_kind::reset_after_bytes) {
            socket.set_option(asio::socket_base::linger(true, 0), ignored);
            socket.close(ignored);
        } else {
            socket.shutdown(tcp::socket::shutdown_send, ignored);
        }
    }

    // Sends the header, then nothing: the client sees a response that never completes.
    template <class Stream>
    awaitable<void> stall(Stream& stream, http::response<http::string_body>& res,
                          std::chrono::milliseconds delay) {
        std::string wire = serialize(res);
        std::size_t header_size = wire.size() - res.body().size();
        beast::get_lowest_layer(stream).expires_never();
        co_await asio::async_write(stream, asio::buffer(wire.data(), header_size), use_tuple);
        asio::steady_timer timer(co_await asio::this_coro::executor);
        if (delay.count() > 0)
            timer.expires_after(delay);
        else
            timer.expires_at(asio::steady_timer::time_point::max());
        co_await timer.async_wait(use_tuple);
    }

    static std::string serialize(http::response<http::string_body>& res) {
        http::response_serializer<http::string_body> sr(res);
        std::string out;
        boost::system::error_code ec;
        while (!sr.is_done() && !ec) {
            sr.next(ec, [&](boost::system::error_code&, const auto& buffers) {
                for (auto b : beast::buffers_range_ref(buffers))
                    out.append(static_cast<const char*>(b.data()), b.size());
                sr.consume(beast::buffer_bytes(buffers));
            });
        }
        return out;
    }

    void start_threads() {
        asio::co_spawn(ioc, accept_loop(), asio::detached);
        unsigned n = std::max(1u, options.threads);
        for (unsigned i = 0; i < n; ++i)
            threads.emplace_back([this] { ioc.run(); });
    }

    void stop() {
        std::call_once(stop_once, [this] {
            asio::post(ioc, [this] {
                boost::system::error_code ignored;
                acceptor.close(ignored);
            });
            ioc.stop();
            for (auto& t : threads)
                if (t.joinable())
                    t.join();
        });
    }
};

server::server(server_options options)
    : impl_(std::make_unique<impl>(std::move(options))) {
    impl_->rec.set_enabled(impl_->options.record_requests);
    if (!impl_->options.https && !impl_->options.client_ca_pem.empty())
        throw std::runtime_error("sandbox: client certificates (client_ca_pem) need HTTPS");
    if (impl_->options.https)
        impl_->configure_tls();
    impl_->listen();
    impl_->start_threads();
}

server::~server() {
    stop();
}

void server::stop() {
    impl_->stop();
}
std::string server::base_url() const {
    return impl_->base_url;
}
std::uint16_t server::port() const {
    return impl_->port;
}
std::string server::ca_pem() const {
    return impl_->ca_pem;
}
std::string server::org_id() const {
    return impl_->api.org_id();
}
std::string server::token() const {
    return impl_->api.default_token();
}
boost::json::array server::checklists() const {
    return impl_->api.checklist_summaries();
}
std::uint64_t server::token_requests() const {
    return impl_->api.token_requests();
}
void server::revoke_access_tokens() {
    impl_->api.revoke_access_tokens();
}
fault_plan& server::faults() {
    return impl_->faults;
}
sandbox::recorder& server::recorder() {
    return impl_->rec;
}
boost::json::object server::state() const {
    return impl_->api.state_snapshot();
}
std::uint64_t server::completion_calls(std::string_view task_id) const {
    return impl_->api.completion_calls(task_id);
}
std::size_t server::run_count() const {
    return impl_->api.run_count();
}
std::vector<webhook_attempt> server::webhook_attempts() const {
    return impl_->webhooks->attempts();
}

} // namespace tallyfy::sandbox
