// SPDX-License-Identifier: BSL-1.0
// Completes many tasks with bounded concurrency (client::complete_tasks): reads `RUN_ID TASK_ID`
// lines from stdin and keeps at most CONCURRENCY (default 8) completions in flight. Configured
// from TALLYFY_* variables.
#include <tallyfy/tallyfy.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>

#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

namespace asio = boost::asio;

int main() {
    std::vector<tallyfy::complete_task_request> todo;
    for (std::string line; std::getline(std::cin, line);) {
        std::istringstream fields(line);
        std::string run_id, task_id;
        if (fields >> run_id >> task_id)
            todo.push_back({.task_id = task_id, .run_id = run_id});
    }
    const char* n = std::getenv("CONCURRENCY");
    std::size_t concurrency = n ? std::strtoul(n, nullptr, 10) : 8;

    auto options = tallyfy::client_options::from_env();
    options.transport.pool.max_connections = concurrency; // one connection per call in flight
    asio::io_context io{1}; // one thread runs it (see "Threads" in the README)
    tallyfy::client api(io.get_executor(), options);

    // Each item is retried, reconciled if its answer is lost (never completed twice), and waits
    // for the API's rate limit instead of failing; each is reported exactly once.
    auto on_item = [&](const tallyfy::batch_item_result& r) {
        if (r.error)
            std::fprintf(stderr, "%s: %s\n", todo[r.index].task_id.c_str(),
                         tallyfy::api_error::describe(r.details).c_str());
    };
    auto batch = api.complete_tasks(todo, {.concurrency = concurrency}, on_item);
    auto done = asio::co_spawn(io, std::move(batch), asio::use_future);
    io.run();
    auto summary = done.get();
    std::printf("%zu completed, %zu failed, %zu not attempted in %.1f s\n", summary.succeeded,
                summary.failed, summary.not_attempted, summary.elapsed.count() / 1000.0);
    return summary.failed + summary.not_attempted == 0 ? 0 : 1;
}
