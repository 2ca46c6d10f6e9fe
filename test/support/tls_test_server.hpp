// SPDX-License-Identifier: BSL-1.0
// A loopback server for tests of how the client reports TLS failures: TLS with a context the test
// configures (an expired or self-signed certificate, old protocol versions, client certificates),
// or raw bytes (plain HTTP, a truncated handshake). Serves every connection, on its own thread.
#pragma once

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>

#include <atomic>
#include <functional>
#include <string>
#include <thread>

namespace tallyfy::test {

class tls_test_server {
public:
    using configure_fn = std::function<void(boost::asio::ssl::context&)>;

    /// TLS: each connection is handshaken with the context `configure` set up, then one request
    /// is read and answered `200 {}` with `Connection: close`.
    explicit tls_test_server(const configure_fn& configure)
        : tls_(true) {
        configure(ctx_);
        start();
    }

    /// Raw: each connection's first bytes (the client's hello) are read, `reply` is written, and
    /// the server stops sending (then waits for the client to close, so no reset loses it).
    explicit tls_test_server(std::string reply)
        : reply_(std::move(reply)) {
        start();
    }

    ~tls_test_server() {
        boost::asio::post(ioc_, [this] {
            boost::system::error_code ignored;
            acceptor_.close(ignored);
        });
        ioc_.stop();
        thread_.join();
    }
    tls_test_server(const tls_test_server&) = delete;
    tls_test_server& operator=(const tls_test_server&) = delete;

    std::uint16_t port() const { return port_; }
    /// "https://HOST:PORT/api".
    std::string url(const std::string& host = "127.0.0.1") const {
        return "https://" + host + ":" + std::to_string(port_) + "/api";
    }

    std::atomic<int> accepted{0};
    std::atomic<int> handshakes{0}; ///< completed on the server's side

private:
    using tcp = boost::asio::ip::tcp;
    static constexpr auto tok = boost::asio::as_tuple(boost::asio::use_awaitable);

    void start() {
        acceptor_.open(tcp::v4());
        acceptor_.bind({boost::asio::ip::make_address("127.0.0.1"), 0});
        acceptor_.listen();
        port_ = acceptor_.local_endpoint().port();
        boost::asio::co_spawn(ioc_, accept_loop(), boost::asio::detached);
        thread_ = std::thread([this] { ioc_.run(); });
    }

    boost::asio::awaitable<void> accept_loop() {
        for (;;) {
            auto [ec, socket] = co_await acceptor_.async_accept(tok);
            if (ec)
                co_return;
            ++accepted;
            if (tls_)
                boost::asio::co_spawn(ioc_, serve_tls(std::move(socket)), boost::asio::detached);
            else
                boost::asio::co_spawn(ioc_, serve_raw(std::move(socket)), boost::asio::detached);
        }
    }

    boost::asio::awaitable<void> serve_tls(tcp::socket socket) {
        boost::asio::ssl::stream<tcp::socket> stream(std::move(socket), ctx_);
        auto [ec] = co_await stream.async_handshake(boost::asio::ssl::stream_base::server, tok);
        if (ec)
            co_return;
        ++handshakes;
        std::string request;
        auto [rec, n] = co_await boost::asio::async_read_until(
            stream, boost::asio::dynamic_buffer(request), "\r\n\r\n", tok);
        if (rec)
            co_return;
        static const std::string answer = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                                          "Content-Length: 2\r\nConnection: close\r\n\r\n{}";
        co_await boost::asio::async_write(stream, boost::asio::buffer(answer), tok);
        co_await stream.async_shutdown(tok);
    }

    boost::asio::awaitable<void> serve_raw(tcp::socket socket) {
        char hello[16 * 1024];
        auto [ec, n] = co_await socket.async_read_some(boost::asio::buffer(hello), tok);
        if (ec)
            co_return;
        co_await boost::asio::async_write(socket, boost::asio::buffer(reply_), tok);
        boost::system::error_code ignored;
        socket.shutdown(tcp::socket::shutdown_send, ignored);
        for (;;) { // until the client closes
            auto [rec, m] = co_await socket.async_read_some(boost::asio::buffer(hello), tok);
            if (rec)
                co_return;
        }
    }

    bool tls_ = false;
    std::string reply_;
    boost::asio::ssl::context ctx_{boost::asio::ssl::context::tls_server};
    boost::asio::io_context ioc_{1};
    tcp::acceptor acceptor_{ioc_};
    std::uint16_t port_ = 0;
    std::thread thread_;
};

} // namespace tallyfy::test
