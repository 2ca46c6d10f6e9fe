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
    const tallyfy::webhooks::receiver hooks({.org_id = org});
    std::string host = address.is_v6() ? "[" + bind + "]" : bind;
    print_diagnostic(
        "listening on http://" + host + ":" + std::to_string(acceptor.local_endpoint().port()) +
        "/" + (org.empty() ? " (any organisation: give --org to check X-Tallyfy-orgID)" : ""));

    std::int64_t seen = 0;
    auto stop = [&] {
        boost::system::error_code ignored;
        acceptor.close(ignored);
        ioc.stop();
    };
    asio::signal_set signals(ioc, SIGINT, SIGTERM);
    signals.async_wait([&](boost::system::error_code, int) { stop(); });
    asio::co_spawn(ioc,
                   tallyfy::webhooks::serve(acceptor, hooks,
                                            [&](const tallyfy::webhooks::event& e) {
                                                print_json_line(event_line(e));
                                                std::cout.flush();
                                                if (max_events && ++seen >= *max_events)
                                                    stop();
                                            }),
                   asio::detached);
    ioc.run();
    return 0;
}

} // namespace

std::vector<command> webhook_commands() {
    return {
        {.name = "webhooks listen",
         .usage = "[--port N] [--org ID] [--bind ADDR] [--max-events N]",
         .help = R"(Receives Tallyfy's webhook POSTs and prints each event as one NDJSON line:
{"event", "org_id", "run_id", "task_id", "payload"}. Events whose X-Tallyfy-orgID is not --org
are refused (403) and not printed. Runs until interrupted. The listening URL goes to stderr.
  --port N         listen on port N (default 8080; 0: any free port)
  --org ID         the organisation events must come from (default: env TALLYFY_ORG_ID)
  --bind ADDR      the address to listen on (default 127.0.0.1)
  --max-events N   exit after N events
Try it with the sandbox: tallyfy sandbox --webhook http://127.0.0.1:8080/)",
         .options = {{"port", true}, {"org", true}, {"bind", true}, {"max-events", true}},
         .run_standalone = listen},
    };
}

} // namespace tallyfy_cli
