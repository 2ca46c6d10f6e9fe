// SPDX-License-Identifier: BSL-1.0
// Completes many tasks with bounded concurrency: reads `RUN_ID TASK_ID` lines from stdin and
// keeps at most CONCURRENCY (default 8) completions in flight. Configured from TALLYFY_* variables.
#include <tallyfy/client.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>

#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

namespace asio = boost::asio;

struct work {
    std::vector<tallyfy::complete_task_request> todo;
    std::size_t next = 0, done = 0, failed = 0;
};

// A worker takes the next request until none is left: N workers = N requests in flight.
// (The io_context runs on one thread, so `work` needs no lock.)
asio::awaitable<void> worker(tallyfy::client& api, work& w) {
    while (w.next < w.todo.size()) {
        tallyfy::complete_task_request request = w.todo[w.next++];
        std::string id = request.task_id;
        try {
            co_await api.complete_task(std::move(request)); // retried, reconciled if lost
            ++w.done;
        } catch (const tallyfy::api_error& e) {
            ++w.failed;
            std::fprintf(stderr, "%s: %s\n", id.c_str(), e.what());
        }
    }
}

int main() {
    work w;
    for (std::string line; std::getline(std::cin, line);) {
        std::istringstream fields(line);
        std::string run_id, task_id;
        if (fields >> run_id >> task_id)
            w.todo.push_back({.task_id = task_id, .run_id = run_id});
    }
    const char* n = std::getenv("CONCURRENCY");
    std::size_t concurrency = n ? std::strtoul(n, nullptr, 10) : 8;

    auto options = tallyfy::client_options::from_env();
    options.transport.pool.max_connections = concurrency; // one connection per worker
    asio::io_context io{1}; // one thread runs it (see "Threads" in the README)
    tallyfy::client api(io.get_executor(), options);
    for (std::size_t i = 0; i < concurrency; ++i)
        asio::co_spawn(io, worker(api, w), asio::detached);
    io.run();
    auto stats = api.stats();
    std::printf("%zu completed, %zu failed, %llu connections\n", w.done, w.failed,
                static_cast<unsigned long long>(stats.created));
    return w.failed == 0 ? 0 : 1;
}
