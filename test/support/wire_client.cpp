// SPDX-License-Identifier: BSL-1.0
#include "support/wire_client.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>

#include <optional>

namespace tallyfy::test {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace ssl = asio::ssl;

struct wire_client::connection {
    connection(const sandbox::server& server, options o)
        : https(server.base_url().starts_with("https"))
        , port(server.port())
        , token(server.token())
        , api_prefix("/api/organizations/" + server.org_id())
        , opts(std::move(o)) {
        ctx.set_verify_mode(ssl::verify_peer);
        if (opts.trust_sandbox_ca) {
            auto pem = server.ca_pem();
            if (!pem.empty())
                ctx.add_certificate_authority(asio::buffer(pem));
        }
    }

    template <class Stream>
    void exchange(Stream& stream, http::request<http::string_body>& req, result& out,
                  std::chrono::milliseconds timeout) {
        beast::get_lowest_layer(stream).expires_after(timeout);
        http::async_write(stream, req,
                          [&](boost::system::error_code e, std::size_t) { out.ec = e; });
        drive();
        if (out.ec)
            return;
        http::async_read(stream, buffer, out.response,
                         [&](boost::system::error_code e, std::size_t) { out.ec = e; });
        drive();
    }

    // Every operation runs to completion here: the client is synchronous for its tests.
    void drive() {
        ioc.restart();
        ioc.run();
    }

    asio::io_context ioc;
    ssl::context ctx{ssl::context::tls_client};
    std::optional<beast::tcp_stream> tcp;
    std::optional<ssl::stream<beast::tcp_stream>> tls;
    beast::flat_buffer buffer;
    bool https;
    std::uint16_t port;
    std::string token;
    std::string api_prefix;
    options opts;
};

wire_client::wire_client(const sandbox::server& server)
    : wire_client(server, options{}) {}

wire_client::wire_client(const sandbox::server& server, options opts)
    : impl_(std::make_unique<connection>(server, std::move(opts))) {}

wire_client::~wire_client() = default;

std::string wire_client::org_path(std::string_view suffix) const {
    return impl_->api_prefix + std::string(suffix);
}

const std::string& wire_client::token() const {
    return impl_->token;
}

http::request<http::string_body> wire_client::make(http::verb method, std::string target,
                                                   std::string body) const {
    http::request<http::string_body> req{method, target, 11};
    req.set(http::field::host, "127.0.0.1");
    req.set(http::field::authorization, "Bearer " + impl_->token);
    req.set(http::field::accept, "application/json");
    req.set("X-Tallyfy-Client", "APIClient");
    if (!body.empty())
        req.set(http::field::content_type, "application/json");
    req.body() = std::move(body);
    req.prepare_payload();
    return req;
}

boost::system::error_code wire_client::connect(std::chrono::milliseconds timeout) {
    auto& c = *impl_;
    c.tcp.emplace(c.ioc);
    c.tcp->expires_after(timeout);
    boost::system::error_code ec;
    asio::ip::tcp::endpoint endpoint(asio::ip::make_address("127.0.0.1"), c.port);
    c.tcp->async_connect(endpoint, [&](boost::system::error_code e) { ec = e; });
    c.drive();
    if (ec || !c.https)
        return ec;
    c.tls.emplace(std::move(*c.tcp), c.ctx);
    c.tcp.reset();
    c.tls->set_verify_callback(ssl::host_name_verification(c.opts.verify_host));
    beast::get_lowest_layer(*c.tls).expires_after(timeout);
    c.tls->async_handshake(ssl::stream_base::client, [&](boost::system::error_code e) { ec = e; });
    c.drive();
    return ec;
}

wire_client::result wire_client::send(http::request<http::string_body> req,
                                      std::chrono::milliseconds timeout) {
    auto& c = *impl_;
    result out;
    if (c.tls)
        c.exchange(*c.tls, req, out, timeout);
    else
        c.exchange(*c.tcp, req, out, timeout);
    return out;
}

wire_client::result wire_client::request(http::verb method, std::string target, std::string body) {
    if (!impl_->tls && !impl_->tcp) {
        if (auto ec = connect())
            return {ec, {}};
    }
    return send(make(method, std::move(target), std::move(body)));
}

void wire_client::close() {
    impl_->tls.reset();
    impl_->tcp.reset();
    impl_->buffer.clear();
}

} // namespace tallyfy::test
