// SPDX-License-Identifier: BSL-1.0
// The test CONNECT proxy (see connect_proxy.hpp): plain Asio coroutines on one thread.
#include "support/connect_proxy.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>

#include <openssl/evp.h>

#include <array>
#include <atomic>
#include <charconv>
#include <mutex>
#include <thread>

namespace tallyfy::test {

namespace {

namespace net = boost::asio;
using tcp = net::ip::tcp;
constexpr auto tok = net::as_tuple(net::use_awaitable);

std::string basic(std::string_view user, std::string_view password) {
    const std::string plain = std::string(user) + ":" + std::string(password);
    std::string out(4 * ((plain.size() + 2) / 3) + 1, '\0');
    const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                  reinterpret_cast<const unsigned char*>(plain.data()),
                                  static_cast<int>(plain.size()));
    out.resize(static_cast<std::size_t>(n));
    return "Basic " + out;
}

/// The value of header `name` (lower case) in `head`, or empty.
std::string header_value(std::string_view head, std::string_view name) {
    std::size_t pos = head.find("\r\n");
    while (pos != std::string_view::npos && pos + 2 < head.size()) {
        const auto start = pos + 2;
        const auto end = head.find("\r\n", start);
        auto line = head.substr(start, end - start);
        auto colon = line.find(':');
        if (colon != std::string_view::npos && colon == name.size()) {
            bool same = true;
            for (std::size_t i = 0; i < colon && same; ++i) {
                char c = line[i];
                if (c >= 'A' && c <= 'Z')
                    c = static_cast<char>(c - 'A' + 'a');
                same = c == name[i];
            }
            if (same) {
                auto v = line.substr(colon + 1);
                while (!v.empty() && v.front() == ' ')
                    v.remove_prefix(1);
                return std::string(v);
            }
        }
        pos = end;
    }
    return {};
}

net::awaitable<void> pipe(std::shared_ptr<tcp::socket> from, std::shared_ptr<tcp::socket> to) {
    std::array<char, 16 * 1024> buf;
    for (;;) {
        auto [ec, n] = co_await from->async_read_some(net::buffer(buf), tok);
        if (n > 0) {
            auto [wec, wn] = co_await net::async_write(*to, net::buffer(buf.data(), n), tok);
            if (wec)
                break;
        }
        if (ec)
            break;
    }
    boost::system::error_code ignored;
    to->shutdown(tcp::socket::shutdown_send, ignored);
    from->shutdown(tcp::socket::shutdown_receive, ignored);
}

} // namespace

struct connect_proxy::impl {
    explicit impl(options o)
        : opts(std::move(o)) {}

    options opts;
    net::io_context ioc{1};
    tcp::acceptor acceptor{ioc, tcp::endpoint(net::ip::make_address("127.0.0.1"), 0)};
    std::thread thread;
    std::atomic<std::size_t> connect_count{0};
    std::atomic<std::size_t> tunnel_count{0};
    mutable std::mutex mutex;
    std::vector<std::string> seen;

    static net::awaitable<void> accept_loop(impl* self) {
        for (;;) {
            auto [ec, socket] = co_await self->acceptor.async_accept(tok);
            if (ec)
                co_return;
            net::co_spawn(self->ioc, serve(self, std::move(socket)), net::detached);
        }
    }

    static net::awaitable<void> answer(tcp::socket& s, std::string text) {
        co_await net::async_write(s, net::buffer(text), tok);
        boost::system::error_code ignored;
        s.shutdown(tcp::socket::shutdown_both, ignored);
        s.close(ignored);
    }

    static net::awaitable<void> serve(impl* self, tcp::socket client) {
        std::string head;
        auto [ec, n] = co_await net::async_read_until(client, net::dynamic_buffer(head, 16 * 1024),
                                                      "\r\n\r\n", tok);
        if (ec)
            co_return;
        const std::string_view h(head.data(), n);
        ++self->connect_count;
        {
            std::lock_guard lock(self->mutex);
            self->seen.emplace_back(h);
        }
        const auto line = h.substr(0, h.find("\r\n"));
        if (line.rfind("CONNECT ", 0) != 0) {
            co_await answer(client, "HTTP/1.1 405 Method Not Allowed\r\nContent-Length: 0\r\n\r\n");
            co_return;
        }
        const auto& o = self->opts;
        if (o.never_answer) { // holds the connection until the client gives up
            char byte = 0;
            co_await client.async_read_some(net::buffer(&byte, 1), tok);
            co_return;
        }
        if (o.refuse_status != 0) {
            const std::string body = "denied by policy";
            co_await answer(client, "HTTP/1.1 " + std::to_string(o.refuse_status) + " " +
                                        o.refuse_reason + "\r\nContent-Length: " +
                                        std::to_string(body.size()) + "\r\n\r\n" + body);
            co_return;
        }
        if (!o.user.empty() &&
            header_value(h, "proxy-authorization") != basic(o.user, o.password)) {
            co_await answer(client, "HTTP/1.1 407 Proxy Authentication Required\r\n"
                                    "Proxy-Authenticate: Basic realm=\"test\"\r\n"
                                    "Content-Length: 0\r\n\r\n");
            co_return;
        }
        // "CONNECT host:port HTTP/1.1": the port is what matters, the host is always loopback.
        const auto target = line.substr(8, line.find(' ', 8) - 8);
        const auto colon = target.rfind(':');
        unsigned short port = 0;
        if (colon == std::string_view::npos ||
            std::from_chars(target.data() + colon + 1, target.data() + target.size(), port).ec !=
                std::errc{}) {
            co_await answer(client, "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n");
            co_return;
        }
        auto upstream = std::make_shared<tcp::socket>(self->ioc);
        auto [cec] = co_await upstream->async_connect(
            tcp::endpoint(net::ip::make_address("127.0.0.1"), port), tok);
        if (cec) {
            co_await answer(client, "HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n");
            co_return;
        }
        auto [wec, wn] = co_await net::async_write(
            client, net::buffer(std::string_view("HTTP/1.1 200 Connection established\r\n\r\n")),
            tok);
        if (wec)
            co_return;
        ++self->tunnel_count;
        auto down = std::make_shared<tcp::socket>(std::move(client));
        if (head.size() > n) { // bytes the client sent right after CONNECT
            auto [pec, pn] = co_await net::async_write(
                *upstream, net::buffer(head.data() + n, head.size() - n), tok);
            if (pec)
                co_return;
        }
        net::co_spawn(self->ioc, pipe(down, upstream), net::detached);
        net::co_spawn(self->ioc, pipe(upstream, down), net::detached);
    }
};

connect_proxy::connect_proxy()
    : connect_proxy(options{}) {}

connect_proxy::connect_proxy(options opts)
    : impl_(std::make_unique<impl>(std::move(opts))) {
    net::co_spawn(impl_->ioc, impl::accept_loop(impl_.get()), net::detached);
    impl_->thread = std::thread([i = impl_.get()] { i->ioc.run(); });
}

// Stopped, then destroyed: the io_context's destruction ends the sessions' coroutines (they
// point to the impl, which outlives them).
connect_proxy::~connect_proxy() {
    impl_->ioc.stop();
    impl_->thread.join();
}

std::uint16_t connect_proxy::port() const {
    return impl_->acceptor.local_endpoint().port();
}

std::string connect_proxy::url() const {
    return "http://127.0.0.1:" + std::to_string(port());
}

std::string connect_proxy::url_with(std::string_view user, std::string_view password) const {
    return "http://" + std::string(user) + ":" + std::string(password) +
           "@127.0.0.1:" + std::to_string(port());
}

std::size_t connect_proxy::connects() const {
    return impl_->connect_count;
}

std::size_t connect_proxy::tunnels() const {
    return impl_->tunnel_count;
}

std::vector<std::string> connect_proxy::heads() const {
    std::lock_guard lock(impl_->mutex);
    return impl_->seen;
}

} // namespace tallyfy::test
