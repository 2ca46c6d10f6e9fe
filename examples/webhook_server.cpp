// SPDX-License-Identifier: BSL-1.0
// The SDK inside a small Beast HTTP server: a webhook-style endpoint that completes tasks.
//   WEBHOOK_SECRET=... webhook_server [PORT] [MAX_REQUESTS]
//   (PORT 0: any free port; MAX_REQUESTS 0: serve forever)
//   curl -H "X-Webhook-Secret: ..." -d '{"run_id":"...","task_id":"..."}' URL
//   (URL: http://127.0.0.1:PORT/hooks/complete)
// Answers 200 with the completed task, 401 without the shared secret, 400 for a bad request, 502
// with only the error's class otherwise (the details go to stderr, escaped, never to the caller).
// A request must arrive whole within 10 s (headers 8 KiB, body 64 KiB at most): a client that
// sends half a request cannot hold a connection. The server and the client share one io_context:
// no threads, no locks.
#include <tallyfy/client.hpp>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>
#include <boost/json.hpp>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace json = boost::json;
using asio::ip::tcp;

// Compares without an early exit, so the time taken does not tell how much of a guess was right.
bool same_secret(std::string_view a, std::string_view b) {
    unsigned char diff = a.size() == b.size() ? 0 : 1;
    for (std::size_t i = 0; i < a.size(); ++i)
        diff |= static_cast<unsigned char>(a[i] ^ (i < b.size() ? b[i] : 0));
    return diff == 0;
}

// What the webhook does: complete the task named in the body, for a caller that knows the secret.
asio::awaitable<http::response<http::string_body>>
handle(tallyfy::client& api, const std::string& secret,
       const http::request<http::string_body>& req) {
    http::response<http::string_body> res{http::status::ok, req.version()};
    res.set(http::field::content_type, "application/json");
    if (!same_secret(req["X-Webhook-Secret"], secret)) {
        res.result(http::status::unauthorized);
        res.body() = R"({"error":"unauthorized"})";
        co_return res;
    }
    boost::system::error_code ec;
    json::value body = json::parse(req.body(), ec);
    const json::object* o = ec ? nullptr : body.if_object();
    if (req.method() != http::verb::post || req.target() != "/hooks/complete" || !o ||
        !o->contains("task_id")) {
        res.result(http::status::bad_request);
        res.body() = R"({"error":"POST /hooks/complete {\"run_id\":..,\"task_id\":..}"})";
        co_return res;
    }
    tallyfy::complete_task_request request;
    request.task_id = json::value_to<std::string>(o->at("task_id"));
    if (auto run = o->if_contains("run_id"); run && run->is_string())
        request.run_id = json::value_to<std::string>(*run);
    try {
        tallyfy::task done = co_await api.complete_task(std::move(request));
        res.body() = json::serialize(done.raw);
    } catch (const tallyfy::api_error& e) {
        // The caller learns the class of failure only: no org id, path, server text or token.
        std::fprintf(stderr, "webhook_server: %s\n", e.what());
        res.result(http::status::bad_gateway);
        const auto code = e.error_value();
        res.body() =
            json::serialize(json::object{{"error", code ? tallyfy::error_name(*code) : "failed"}});
    }
    co_return res;
}

asio::awaitable<void> serve(tallyfy::client& api, const std::string& secret, tcp::socket socket) {
    beast::tcp_stream stream(std::move(socket));
    beast::flat_buffer buffer;
    for (;;) { // keep-alive: one request after another
        http::request_parser<http::string_body> parser;
        parser.header_limit(8 * 1024);
        parser.body_limit(64 * 1024);
        stream.expires_after(std::chrono::seconds(10)); // the whole request, headers and body
        auto [ec, n] =
            co_await http::async_read(stream, buffer, parser, asio::as_tuple(asio::use_awaitable));
        if (ec)
            co_return;          // timed out, too large, malformed or closed: drop the connection
        stream.expires_never(); // the completion has its own deadline (retry_policy)
        const auto& req = parser.get();
        auto res = co_await handle(api, secret, req);
        res.keep_alive(req.keep_alive());
        res.prepare_payload();
        stream.expires_after(std::chrono::seconds(10));
        co_await http::async_write(stream, res, asio::as_tuple(asio::use_awaitable));
        if (!req.keep_alive())
            co_return;
    }
}

asio::awaitable<void> listen(tallyfy::client& api, const std::string& secret,
                             tcp::acceptor& acceptor, unsigned max) {
    for (unsigned served = 0; max == 0 || served < max; ++served) {
        tcp::socket socket = co_await acceptor.async_accept(asio::use_awaitable);
        // With a limit (tests): one connection at a time, so the limit means finished requests.
        if (max)
            co_await serve(api, secret, std::move(socket));
        else
            asio::co_spawn(acceptor.get_executor(), serve(api, secret, std::move(socket)),
                           asio::detached);
    }
}

int main(int argc, char** argv) {
    auto port = static_cast<unsigned short>(argc > 1 ? std::atoi(argv[1]) : 8080);
    unsigned max = argc > 2 ? static_cast<unsigned>(std::atoi(argv[2])) : 0;
    const char* secret_env = std::getenv("WEBHOOK_SECRET");
    // Coroutines keep references: the secret lives here, in main, for as long as io.run().
    const std::string secret = secret_env ? secret_env : "";
    if (secret.size() < 16) {
        std::fprintf(stderr, "webhook_server: set WEBHOOK_SECRET (16 characters or more); callers "
                             "send it in X-Webhook-Secret\n");
        return 2;
    }
    asio::io_context io{1}; // one thread runs it (see "Threads" in the README)
    tallyfy::client api(io.get_executor(), tallyfy::client_options::from_env());
    tcp::acceptor acceptor(io, {asio::ip::make_address("127.0.0.1"), port});
    std::printf("listening on http://127.0.0.1:%u/hooks/complete\n",
                acceptor.local_endpoint().port());
    std::fflush(stdout);
    asio::co_spawn(io, listen(api, secret, acceptor, max), [](std::exception_ptr failure) {
        if (failure)
            std::fprintf(stderr, "webhook_server: stopped by an error\n");
    });
    io.run();
}
