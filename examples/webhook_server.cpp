// SPDX-License-Identifier: BSL-1.0
// The SDK inside a small Beast HTTP server: a webhook-style endpoint that completes tasks.
//   webhook_server [PORT] [MAX_REQUESTS]        (PORT 0: any; MAX_REQUESTS 0: serve forever)
//   curl -d '{"run_id":"...","task_id":"..."}' http://127.0.0.1:PORT/hooks/complete
// Answers 200 with the completed task, 400 for a bad body, 502 with the API's error otherwise.
// The server and the client share one io_context: no threads, no locks.
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

#include <cstdio>
#include <cstdlib>
#include <string>

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace json = boost::json;
using asio::ip::tcp;

// What the webhook does: complete the task named in the body.
asio::awaitable<http::response<http::string_body>>
handle(tallyfy::client& api, const http::request<http::string_body>& req) {
    http::response<http::string_body> res{http::status::ok, req.version()};
    res.set(http::field::content_type, "application/json");
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
        res.result(http::status::bad_gateway);
        res.body() = json::serialize(json::object{{"error", e.what()}});
    }
    co_return res;
}

asio::awaitable<void> serve(tallyfy::client& api, tcp::socket socket) {
    beast::tcp_stream stream(std::move(socket));
    beast::flat_buffer buffer;
    for (;;) { // keep-alive: one request after another
        http::request<http::string_body> req;
        auto [ec, n] =
            co_await http::async_read(stream, buffer, req, asio::as_tuple(asio::use_awaitable));
        if (ec)
            co_return;
        auto res = co_await handle(api, req);
        res.keep_alive(req.keep_alive());
        res.prepare_payload();
        co_await http::async_write(stream, res, asio::as_tuple(asio::use_awaitable));
        if (!req.keep_alive())
            co_return;
    }
}

asio::awaitable<void> listen(tallyfy::client& api, tcp::acceptor& acceptor, unsigned max) {
    for (unsigned served = 0; max == 0 || served < max; ++served) {
        tcp::socket socket = co_await acceptor.async_accept(asio::use_awaitable);
        // With a limit (tests): one connection at a time, so the limit means finished requests.
        if (max)
            co_await serve(api, std::move(socket));
        else
            asio::co_spawn(acceptor.get_executor(), serve(api, std::move(socket)), asio::detached);
    }
}

int main(int argc, char** argv) {
    auto port = static_cast<unsigned short>(argc > 1 ? std::atoi(argv[1]) : 8080);
    unsigned max = argc > 2 ? static_cast<unsigned>(std::atoi(argv[2])) : 0;
    asio::io_context io{1}; // one thread runs it (see "Threads" in the README)
    tallyfy::client api(io.get_executor(), tallyfy::client_options::from_env());
    tcp::acceptor acceptor(io, {asio::ip::make_address("127.0.0.1"), port});
    std::printf("listening on http://127.0.0.1:%u/hooks/complete\n",
                acceptor.local_endpoint().port());
    std::fflush(stdout);
    asio::co_spawn(io, listen(api, acceptor, max), [](std::exception_ptr failure) {
        if (failure)
            std::fprintf(stderr, "webhook_server: stopped by an error\n");
    });
    io.run();
}
