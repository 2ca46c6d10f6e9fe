// SPDX-License-Identifier: BSL-1.0
// A deliberately plain Beast client for tests that must see the wire as it is (not through the
// SDK): one connection, explicit timeouts, every error reported as is.
#pragma once

#include <tallyfy/sandbox/server.hpp>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>

#include <chrono>
#include <optional>
#include <string>

namespace tallyfy::test {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace ssl = asio::ssl;

class wire_client {
public:
    struct options {
        bool trust_sandbox_ca = true;
        std::string verify_host = "127.0.0.1"; ///< name or address checked against the cert
    };

    struct result {
        boost::system::error_code ec;
        http::response<http::string_body> response;
    };

    explicit wire_client(const sandbox::server& server)
        : wire_client(server, options{}) {}

    wire_client(const sandbox::server& server, options opts)
        : https_(server.base_url().starts_with("https"))
        , port_(server.port())
        , token_(server.token())
        , api_prefix_("/api/organizations/" + server.org_id())
        , opts_(std::move(opts)) {
        ctx_.set_verify_mode(ssl::verify_peer);
        if (opts_.trust_sandbox_ca) {
            auto pem = server.ca_pem();
            if (!pem.empty())
                ctx_.add_certificate_authority(asio::buffer(pem));
        }
    }

    /// "/api/organizations/{org}" + suffix.
    std::string org_path(std::string_view suffix) const {
        return api_prefix_ + std::string(suffix);
    }
    const std::string& token() const { return token_; }

    /// A request with the headers the API requires.
    http::request<http::string_body> make(http::verb method, std::string target,
                                          std::string body = {}) const {
        http::request<http::string_body> req{method, target, 11};
        req.set(http::field::host, "127.0.0.1");
        req.set(http::field::authorization, "Bearer " + token_);
        req.set(http::field::accept, "application/json");
        req.set("X-Tallyfy-Client", "APIClient");
        if (!body.empty())
            req.set(http::field::content_type, "application/json");
        req.body() = std::move(body);
        req.prepare_payload();
        return req;
    }

    /// Opens the connection (and does the TLS handshake with host name verification).
    boost::system::error_code connect(std::chrono::milliseconds timeout = std::chrono::seconds(5)) {
        tcp_.emplace(ioc_);
        tcp_->expires_after(timeout);
        boost::system::error_code ec;
        asio::ip::tcp::endpoint endpoint(asio::ip::make_address("127.0.0.1"), port_);
        tcp_->async_connect(endpoint, [&](boost::system::error_code e) { ec = e; });
        drive();
        if (ec || !https_)
            return ec;
        tls_.emplace(std::move(*tcp_), ctx_);
        tcp_.reset();
        tls_->set_verify_callback(ssl::host_name_verification(opts_.verify_host));
        beast::get_lowest_layer(*tls_).expires_after(timeout);
        tls_->async_handshake(ssl::stream_base::client,
                              [&](boost::system::error_code e) { ec = e; });
        drive();
        return ec;
    }

    /// Sends one request on the open connection and reads one response.
    result send(http::request<http::string_body> req,
                std::chrono::milliseconds timeout = std::chrono::seconds(5)) {
        result out;
        if (tls_) {
            exchange(*tls_, req, out, timeout);
        } else {
            exchange(*tcp_, req, out, timeout);
        }
        return out;
    }

    /// connect() if needed, then send().
    result request(http::verb method, std::string target, std::string body = {}) {
        if (!tls_ && !tcp_) {
            if (auto ec = connect())
                return {ec, {}};
        }
        return send(make(method, std::move(target), std::move(body)));
    }

    void close() {
        tls_.reset();
        tcp_.reset();
        buffer_.clear();
    }

private:
    template <class Stream>
    void exchange(Stream& stream, http::request<http::string_body>& req, result& out,
                  std::chrono::milliseconds timeout) {
        beast::get_lowest_layer(stream).expires_after(timeout);
        http::async_write(stream, req,
                          [&](boost::system::error_code e, std::size_t) { out.ec = e; });
        drive();
        if (out.ec)
            return;
        http::async_read(stream, buffer_, out.response,
                         [&](boost::system::error_code e, std::size_t) { out.ec = e; });
        drive();
    }

    void drive() {
        ioc_.restart();
        ioc_.run();
    }

    asio::io_context ioc_;
    ssl::context ctx_{ssl::context::tls_client};
    std::optional<beast::tcp_stream> tcp_;
    std::optional<ssl::stream<beast::tcp_stream>> tls_;
    beast::flat_buffer buffer_;
    bool https_;
    std::uint16_t port_;
    std::string token_;
    std::string api_prefix_;
    options opts_;
};

} // namespace tallyfy::test
