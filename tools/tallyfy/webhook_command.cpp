// SPDX-License-Identifier: BSL-1.0
// webhooks listen: a local receiver of Tallyfy's webhooks that prints each event as one NDJSON
// line, for developing against real events (behind a tunnel) or the sandbox's (--webhook).
#include "command.hpp"
#include "output.hpp"
#include "values.hpp"

#include <tallyfy/webhooks.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>

#include <csignal>
#include <cstdlib>
#include <iostream>

namespace asio = boost::asio;
namespace json = boost::json;

namespace tallyfy_cli {

namespace {

json::object event_line(const tallyfy::webhooks::event& e) {
    json::object line{{"event", e.name}, {"org_id", e.org_id}};
    if (e.process)
        line["run_id"] = e.process->id;
    if (e.task) {
        line["task_id"] = e.task->id;
        if (!line.contains("run_id") && e.task->run_id)
            line["run_id"] = *e.task->run_id;
    }
    line["payload"] = *e.raw;
    return line;
}

int listen(const parsed_args& args) {
    const auto port = int_option(args, "port", 0, 65535).value_or(8080);
    const auto max_events = int_option(args, "max-events", 1, 1'000'000'000);
    std::string org = args.get("org").value_or("");
    if (org.empty())
        if (const char* e = std::getenv("TALLYFY_ORG_ID"); e != nullptr)
            org = e;
    const std::string path = args.get("path").value_or("");
    if (!path.empty() && path.front() != '/')
        throw usage_error("--path: a path such as /hooks/3f9c1d0e8b7a6f5e");
    const std::string bind = args.get("bind").value_or("127.0.0.1");

    asio::io_context ioc(1);
    boost::system::error_code ec;
    const auto address = asio::ip::make_address(bind, ec);
    if (ec)
        throw usage_error("--bind: not an IP address: " + tallyfy::printable(bind, 60));
    asio::ip::tcp::acceptor acceptor(ioc);
    const asio::ip::tcp::endpoint endpoint(address, static_cast<std::uint16_t>(port));
    acceptor.open(endpoint.protocol());
    acceptor.set_option(asio::socket_base::reuse_address(true));
    acceptor.bind(endpoint, ec);
    if (ec) {
        print_diagnostic("error: cannot listen on " + bind + ":" + std::to_string(port) + ": " +
                         ec.message());
        return 1;
    }
    acceptor.listen();
    std::string host = address.is_v6() ? "[" + bind + "]" : bind;
    std::string notes;
    if (org.empty())
        notes += " (any organisation: give --org to check X-Tallyfy-orgID)";
    if (path.empty())
        notes += " (any path: give --path a secret one when Tallyfy can reach it)";
    print_diagnostic("listening on http://" + host + ":" +
                     std::to_string(acceptor.local_endpoint().port()) +
                     (path.empty() ? "/" : path) + notes);

    std::int64_t seen = 0;
    list_writer events(true); // endless: a table's rows are written as they come
    asio::signal_set signals(ioc, SIGINT, SIGTERM);
    // No more connections; those open answer their request and close, then run() returns.
    auto stop = [&] {
        boost::system::error_code ignored;
        acceptor.close(ignored);
        signals.cancel(ignored);
    };
    signals.async_wait([&](boost::system::error_code failed, int) {
        if (!failed)
            ioc.stop(); // interrupted: now
    });
    asio::co_spawn(ioc,
                   tallyfy::webhooks::serve(
                       acceptor, tallyfy::webhooks::receiver({.org_id = org, .path = path}),
                       [&](const tallyfy::webhooks::event& e) {
                           if (max_events && seen >= *max_events)
                               return; // arrived with the last one
                           events.item(event_line(e));
                           if (max_events && ++seen >= *max_events)
                               stop();
                       }),
                   asio::detached);
    ioc.run();
    events.finish();
    return 0;
}

} // namespace

std::vector<command> webhook_commands() {
    return {
        {.name = "webhooks listen",
         .arguments = "",
         .help = R"(Receives Tallyfy's webhook POSTs and prints each event as one NDJSON line:
{"event", "org_id", "run_id", "task_id", "payload"}. Events whose X-Tallyfy-orgID is not --org
are refused (403) and not printed. Runs until interrupted. The listening URL goes to stderr.

Try it with the sandbox: tallyfy sandbox --webhook http://127.0.0.1:8080/)",
         .options =
             {value_option("port", "N", "listen on port N (default 8080; 0: any free port)"),
              value_option("org", "ID",
                           "the organisation events must come from (default: env TALLYFY_ORG_ID)"),
              value_option(
                  "path", "/SECRET",
                  "answer only this path (404 elsewhere): Tallyfy signs nothing, so give the "
                  "webhook a URL with a long random path when it can reach this receiver"),
              value_option("bind", "ADDR", "the address to listen on (default 127.0.0.1)"),
              value_option("max-events", "N", "exit after N events")},
         .run_standalone = listen},
    };
}

} // namespace tallyfy_cli
