// SPDX-License-Identifier: BSL-1.0
// A Tallyfy webhook receiver mounted in a small Beast HTTP server: tallyfy::webhooks::receiver
// checks each POST (its organisation, its size, its shape) and types the event; the server reads
// the task or run back through the API before it trusts it, and prints one line per event.
//   WEBHOOK_PATH=/hooks/<a long random string> webhook_server [PORT] [MAX_EVENTS]
//   (PORT 0: any free port; MAX_EVENTS 0: serve forever). The client, and the organisation
//   events must come from, are configured by TALLYFY_BASE_URL, TALLYFY_ACCESS_TOKEN,
//   TALLYFY_ORG_ID. Set http://127.0.0.1:PORT/hooks/... as the webhook of a template or a step
//   (through a tunnel), or run `tallyfy sandbox --webhook URL` and work in that sandbox.
// Tallyfy signs nothing: the path is the secret, X-Tallyfy-orgID names the organisation. Any other
// path gets 404. A request must arrive whole within 10 s (headers 8 KiB, body 4 MiB). The
// server and the client share one io_context: no threads, no locks.
#include <tallyfy/client.hpp>
#include <tallyfy/webhooks.hpp>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <tuple>

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace hooks = tallyfy::webhooks;
using asio::ip::tcp;

struct server_state {
    tallyfy::client& api;
    hooks::receiver receiver; // the organisation and the secret path
    unsigned max_events;
    unsigned events = 0;
    tcp::acceptor& acceptor;
};

// What this receiver does with an event: read it back (an event is a hint, not proof) and print.
asio::awaitable<void> act(tallyfy::client& api, hooks::event e) {
    try {
        if (e.kind == hooks::event_kind::task_completed && e.task) {
            tallyfy::get_task_request read{.task_id = e.task->id};
            if (e.process)
                read.run_id = e.process->id;
            tallyfy::task t = co_await api.get_task(std::move(read));
            std::printf("task completed: \"%s\" (%s), status %s\n",
                        tallyfy::printable(t.title, 200).c_str(), t.id.c_str(),
                        tallyfy::printable(t.status, 40).c_str());
        } else if (e.process) {
            tallyfy::run r = co_await api.get_run({.run_id = e.process->id});
            std::printf("%s: \"%s\" (%s), status %s\n", e.name.c_str(),
                        tallyfy::printable(r.name, 200).c_str(), r.id.c_str(),
                        tallyfy::printable(r.status, 40).c_str());
        } else {
            std::printf("%s\n", tallyfy::printable(e.name, 80).c_str());
        }
    } catch (const tallyfy::api_error& failure) {
        std::fprintf(stderr, "webhook_server: reading back %s: %s\n",
                     tallyfy::printable(e.name, 80).c_str(), failure.what());
    }
    std::fflush(stdout);
}

asio::awaitable<void> serve(server_state& s, tcp::socket socket) {
    beast::tcp_stream stream(std::move(socket));
    beast::flat_buffer buffer;
    for (;;) { // keep-alive: one request after another
        http::request_parser<http::string_body> parser;
        parser.header_limit(8 * 1024);
        parser.body_limit(s.receiver.options().max_body_bytes);
        stream.expires_after(std::chrono::seconds(10)); // the whole request, headers and body
        auto [ec, n] = co_await http::async_read_header(stream, buffer, parser,
                                                        asio::as_tuple(asio::use_awaitable));
        // A request refused by its head (path, organisation, size) costs no body.
        std::optional<hooks::receipt> receipt;
        if (!ec)
            receipt = s.receiver.screen(parser.get());
        const bool body_read = !ec && !receipt;
        if (body_read) {
            std::tie(ec, n) = co_await http::async_read(stream, buffer, parser,
                                                        asio::as_tuple(asio::use_awaitable));
            if (!ec)
                receipt = s.receiver.receive(parser.get());
        }
        if (ec)
            co_return; // timed out, too large, malformed or closed: drop the connection
        const auto& req = parser.get();
        if (receipt->event) {
            // Answer first, act after: Tallyfy does not wait for the API calls behind an event.
            asio::co_spawn(stream.get_executor(), act(s.api, *receipt->event), asio::detached);
            if (s.max_events && ++s.events == s.max_events)
                s.acceptor.close(); // the last event: no more connections
        } else {
            std::fprintf(stderr, "webhook_server: refused: %s\n", receipt->reason.c_str());
        }
        http::response<http::string_body> res = std::move(receipt->reply);
        // An unread body cannot be skipped: the connection closes after a refusal by the head.
        res.keep_alive(req.keep_alive() && body_read && s.acceptor.is_open());
        stream.expires_after(std::chrono::seconds(10));
        co_await http::async_write(stream, res, asio::as_tuple(asio::use_awaitable));
        if (!res.keep_alive())
            co_return;
    }
}

asio::awaitable<void> listen(server_state& s) {
    while (s.acceptor.is_open()) {
        auto [ec, socket] = co_await s.acceptor.async_accept(asio::as_tuple(asio::use_awaitable));
        if (ec)
            co_return; // closed after the last event
        asio::co_spawn(s.acceptor.get_executor(), serve(s, std::move(socket)), asio::detached);
    }
}

int main(int argc, char** argv) {
    auto port = static_cast<unsigned short>(argc > 1 ? std::atoi(argv[1]) : 8080);
    unsigned max = argc > 2 ? static_cast<unsigned>(std::atoi(argv[2])) : 0;
    const char* path = std::getenv("WEBHOOK_PATH");
    if (path == nullptr || std::string_view(path).size() < 16 || path[0] != '/') {
        std::fprintf(stderr, "webhook_server: set WEBHOOK_PATH to a secret path of 16 characters "
                             "or more, e.g. /hooks/3f9c1d0e8b7a6f5e\n");
        return 2;
    }
    asio::io_context io{1}; // one thread runs it (see "Threads" in the README)
    const auto options = tallyfy::client_options::from_env();
    tallyfy::client api(io.get_executor(), options);
    tcp::acceptor acceptor(io, {asio::ip::make_address("127.0.0.1"), port});
    // Coroutines keep references: the state lives here, in main, for as long as io.run().
    server_state state{api, hooks::receiver({.org_id = options.org_id, .path = path}), max, 0,
                       acceptor};
    std::printf("listening on http://127.0.0.1:%u%s\n", acceptor.local_endpoint().port(), path);
    std::fflush(stdout);
    asio::co_spawn(io, listen(state), asio::detached);
    io.run();
}
