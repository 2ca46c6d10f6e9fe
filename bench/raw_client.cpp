// SPDX-License-Identifier: BSL-1.0
#include "raw_client.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/connect.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include <openssl/ssl.h>

#include <stdexcept>

namespace tallyfy::bench {

namespace asio = boost::asio;
namespace ssl = asio::ssl;
namespace beast = boost::beast;
namespace http = beast::http;
namespace json = boost::json;
using tcp = asio::ip::tcp;

ssl::context make_raw_tls_context(const std::string& ca_pem, bool session_resumption) {
    ssl::context ctx(ssl::context::tls_client);
    SSL_CTX_set_min_proto_version(ctx.native_handle(), TLS1_2_VERSION);
    ctx.set_options(ssl::context::default_workarounds | ssl::context::no_compression);
    SSL_CTX_set_session_cache_mode(ctx.native_handle(),
                                   session_resumption ? SSL_SESS_CACHE_CLIENT : SSL_SESS_CACHE_OFF);
    ctx.set_verify_mode(ssl::verify_peer);
    ctx.add_certificate_authority(asio::buffer(ca_pem));
    return ctx;
}

struct raw_connection::impl {
    ssl::context& tls;
    asio::any_io_executor ex;
    std::unique_ptr<beast::ssl_stream<beast::tcp_stream>> stream;
    beast::flat_buffer buffer;

    impl(asio::any_io_executor e, ssl::context& t)
        : tls(t)
        , ex(std::move(e)) {}
};

raw_connection::raw_connection(asio::any_io_executor ex, ssl::context& tls)
    : impl_(std::make_unique<impl>(std::move(ex), tls)) {}
raw_connection::~raw_connection() = default;

bool raw_connection::is_open() const noexcept {
    return impl_->stream && beast::get_lowest_layer(*impl_->stream).socket().is_open();
}

asio::awaitable<void> raw_connection::connect(const tcp::resolver::results_type& endpoints,
                                              const raw_config& cfg, SSL_SESSION* session) {
    auto& i = *impl_;
    i.stream = std::make_unique<beast::ssl_stream<beast::tcp_stream>>(i.ex, i.tls);
    i.buffer.clear();
    auto& s = *i.stream;
    boost::system::error_code ec;
    asio::ip::make_address(cfg.host, ec);
    if (ec) // SNI only for names
        SSL_set_tlsext_host_name(s.native_handle(), cfg.host.c_str());
    s.set_verify_callback(ssl::host_name_verification(cfg.host));
    if (session)
        SSL_set_session(s.native_handle(), session);
    co_await beast::get_lowest_layer(s).async_connect(endpoints, asio::use_awaitable);
    beast::get_lowest_layer(s).socket().set_option(tcp::no_delay(true));
    co_await s.async_handshake(ssl::stream_base::client, asio::use_awaitable);
}

asio::awaitable<void> raw_connection::complete(const raw_config& cfg, const std::string& target,
                                               const std::string& task_id, bool close) {
    auto& s = *impl_->stream;
    http::request<http::string_body> req{http::verb::post, target, 11};
    req.set(http::field::host, cfg.host_header);
    req.set(http::field::user_agent, cfg.user_agent);
    req.set(http::field::authorization, cfg.authorization);
    req.set(http::field::accept, "application/json");
    req.set("X-Tallyfy-Client", cfg.client_header);
    if (close)
        req.set("X-Bench-Close", "1");
    req.set(http::field::content_type, "application/json");
    req.body() = json::serialize(json::object{{"task_id", task_id}});
    req.prepare_payload();
    co_await http::async_write(s, req, asio::use_awaitable);
    http::response<http::string_body> res;
    co_await http::async_read(s, impl_->buffer, res, asio::use_awaitable);
    if (res.result_int() != 200)
        throw std::runtime_error("raw complete: HTTP " + std::to_string(res.result_int()));
    json::value v = json::parse(res.body());
    const auto& task = v.at("data").as_object();
    if (task.at("id").as_string() != task_id || task.at("status").as_string() != "completed")
        throw std::runtime_error("raw complete: unexpected task in the response");
    if (close || !res.keep_alive()) {
        // close_notify, as a careful client (and the SDK) does: without it OpenSSL marks the
        // session not resumable when the SSL object is freed.
        co_await s.async_shutdown(asio::as_tuple(asio::use_awaitable));
        boost::system::error_code ignored;
        beast::get_lowest_layer(s).socket().shutdown(tcp::socket::shutdown_both, ignored);
        beast::get_lowest_layer(s).socket().close(ignored);
    }
}

asio::awaitable<std::size_t>
raw_connection::get_page(const raw_config& cfg, const std::string& target, std::size_t& bytes) {
    auto& s = *impl_->stream;
    http::request<http::string_body> req{http::verb::get, target, 11};
    req.set(http::field::host, cfg.host_header);
    req.set(http::field::user_agent, cfg.user_agent);
    req.set(http::field::authorization, cfg.authorization);
    req.set(http::field::accept, "application/json");
    req.set("X-Tallyfy-Client", cfg.client_header);
    co_await http::async_write(s, req, asio::use_awaitable);
    http::response_parser<http::string_body> parser;
    parser.body_limit(64 * 1024 * 1024);
    co_await http::async_read(s, impl_->buffer, parser, asio::use_awaitable);
    auto& res = parser.get();
    if (res.result_int() != 200)
        throw std::runtime_error("raw page: HTTP " + std::to_string(res.result_int()));
    bytes = res.body().size();
    json::value v = json::parse(res.body());
    co_return v.at("data").as_array().size();
}

bool raw_connection::session_reused() const {
    return impl_->stream && SSL_session_reused(impl_->stream->native_handle()) == 1;
}

SSL_SESSION* raw_connection::get1_session() const {
    return impl_->stream ? SSL_get1_session(impl_->stream->native_handle()) : nullptr;
}

} // namespace tallyfy::bench
