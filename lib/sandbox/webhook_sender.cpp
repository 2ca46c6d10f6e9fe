// SPDX-License-Identifier: BSL-1.0
#include "sandbox/webhook_sender.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <memory>
#include <optional>
#include <utility>

namespace tallyfy::sandbox {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

namespace {

constexpr auto as_result = asio::as_tuple(asio::use_awaitable);
constexpr std::chrono::seconds post_timeout{5};
constexpr std::size_t max_queued = 10'000;

struct http_url {
    std::string host; ///< without brackets
    std::string port = "80";
    std::string target = "/";

    /// The Host header: brackets for IPv6, the port unless it is 80.
    std::string host_header() const {
        std::string h = host.find(':') != std::string::npos ? "[" + host + "]" : host;
        return port == "80" ? h : h + ":" + port;
    }
};

/// `http://host[:port][/path]`; nullopt for anything else.
std::optional<http_url> parse_http_url(std::string_view url) {
    constexpr std::string_view scheme = "http://";
    if (url.size() < scheme.size() ||
        !std::equal(scheme.begin(), scheme.end(), url.begin(), [](char a, char b) {
            return a == std::tolower(static_cast<unsigned char>(b));
        }))
        return std::nullopt;
    url.remove_prefix(scheme.size());
    url = url.substr(0, url.find('#')); // a fragment is not sent
    if (std::any_of(url.begin(), url.end(),
                    [](char c) { return static_cast<unsigned char>(c) <= 0x20 || c == 0x7f; }))
        return std::nullopt;
    const auto slash = url.find('/');
    std::string_view authority = url.substr(0, slash);
    http_url out;
    if (slash != std::string_view::npos)
        out.target = std::string(url.substr(slash));
    if (authority.starts_with('[')) {
        const auto close = authority.find(']');
        if (close == std::string_view::npos)
            return std::nullopt;
        out.host = std::string(authority.substr(1, close - 1));
        authority.remove_prefix(close + 1);
        if (!authority.empty() && !authority.starts_with(':'))
            return std::nullopt;
    } else {
        const auto colon = authority.find(':');
        out.host = std::string(authority.substr(0, colon));
        authority = colon == std::string_view::npos ? std::string_view() : authority.substr(colon);
    }
    if (authority.starts_with(':')) {
        authority.remove_prefix(1);
        unsigned port = 0;
        auto [end, ec] =
            std::from_chars(authority.data(), authority.data() + authority.size(), port);
        if (ec != std::errc() || end != authority.data() + authority.size() || port == 0 ||
            port > 65535)
            return std::nullopt;
        out.port = std::string(authority);
    }
    if (out.host.empty() || out.host.find('@') != std::string::npos) // no userinfo
        return std::nullopt;
    return out;
}

asio::awaitable<webhook_attempt> post_one(const webhook_delivery& d) {
    webhook_attempt attempt{d.url, d.event, 0, {}};
    auto url = parse_http_url(d.url);
    if (!url) {
        attempt.error = "not an http:// URL";
        co_return attempt;
    }
    auto executor = co_await asio::this_coro::executor;
    // One deadline for the whole post, the name's resolution included.
    const auto deadline = std::chrono::steady_clock::now() + post_timeout;
    // Shared with the timer's handler, which may run after this frame is gone.
    auto resolver = std::make_shared<tcp::resolver>(executor);
    asio::steady_timer resolving(executor, deadline);
    resolving.async_wait([resolver](boost::system::error_code ec) {
        if (!ec)
            resolver->cancel();
    });
    auto [rec, endpoints] = co_await resolver->async_resolve(url->host, url->port, as_result);
    resolving.cancel();
    if (rec) {
        attempt.error = rec == asio::error::operation_aborted ? "timed out" : rec.message();
        co_return attempt;
    }
    beast::tcp_stream stream(executor);
    stream.expires_at(deadline);
    auto [cec, _] = co_await stream.async_connect(endpoints, as_result);
    if (cec) {
        attempt.error = cec.message();
        co_return attempt;
    }
    http::request<http::string_body> req{http::verb::post, url->target, 11};
    req.set(http::field::host, url->host_header());
    req.set(http::field::user_agent, "Tallyfy-Sandbox-Webhook");
    req.set(http::field::content_type, "application/json");
    req.set("X-Tallyfy-orgID", d.org_id);
    req.body() = d.body;
    req.prepare_payload();
    auto [wec, w] = co_await http::async_write(stream, req, as_result);
    if (wec) {
        attempt.error = wec.message();
        co_return attempt;
    }
    beast::flat_buffer buffer;
    http::response_parser<http::string_body> parser;
    parser.body_limit(64 * 1024); // a receiver's answer is not worth more
    auto [rec2, r] = co_await http::async_read(stream, buffer, parser, as_result);
    if (rec2)
        attempt.error = rec2.message();
    else
        attempt.status = parser.get().result_int();
    beast::error_code ignored;
    stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
    co_return attempt;
}

} // namespace

webhook_sender::webhook_sender(asio::any_io_executor executor)
    : executor_(std::move(executor)) {}

void webhook_sender::send(std::vector<webhook_delivery> events) {
    if (events.empty())
        return;
    {
        std::lock_guard lock(mutex_);
        for (auto& e : events) {
            if (queue_.size() >= max_queued) { // a receiver that never answers: bounded memory
                attempts_.push_back({e.url, e.event, 0, "dropped: too many events waiting"});
                continue;
            }
            queue_.push_back(std::move(e));
        }
        if (std::exchange(draining_, true))
            return; // the drain under way takes them
    }
    // Outside the lock: co_spawn may start the drain right here, and it takes the lock. On a
    // strand: the posts' streams and their timers never run on two threads at once.
    asio::co_spawn(asio::make_strand(executor_), drain(), asio::detached);
}

asio::awaitable<void> webhook_sender::drain() {
    for (;;) {
        std::optional<webhook_delivery> next;
        {
            std::lock_guard lock(mutex_);
            if (queue_.empty()) {
                draining_ = false;
                co_return;
            }
            next = std::move(queue_.front());
            queue_.pop_front();
        }
        webhook_attempt done = co_await post_one(*next);
        std::lock_guard lock(mutex_);
        attempts_.push_back(std::move(done));
    }
}

std::vector<webhook_attempt> webhook_sender::attempts() const {
    std::lock_guard lock(mutex_);
    return attempts_;
}

} // namespace tallyfy::sandbox
