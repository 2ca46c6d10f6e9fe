// SPDX-License-Identifier: BSL-1.0
// Lists a run's incomplete tasks, by position, page by page as they arrive:
// `list_run_tasks RUN_ID`. Configured from TALLYFY_* variables.
#include <tallyfy/client.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>

#include <cstdio>
#include <string>

namespace asio = boost::asio;

asio::awaitable<void> list(tallyfy::client& api, std::string run_id) {
    tallyfy::run_tasks_filter filter;
    filter.status = tallyfy::run_task_status::incomplete; // filter spelling, not task status
    filter.sort = tallyfy::run_task_sort::position;
    filter.with.step = true;
    filter.paging.per_page = 2; // small pages, to show the walk; 100 is fastest
    auto tasks = api.list_run_tasks(run_id, filter);
    std::size_t count = 0;
    while (auto t = co_await tasks.next()) { // one request per page, lazily
        std::printf("%lld. %s [%s, %s]\n", static_cast<long long>(t->position), t->title.c_str(),
                    t->task_type.c_str(), t->status.c_str());
        ++count;
    }
    std::printf("%zu incomplete tasks in %zu pages\n", count, tasks.position().pages_fetched);
}

int main(int argc, char** argv) {
    if (argc != 2) {
        std::fprintf(stderr, "usage: list_run_tasks RUN_ID\n");
        return 2;
    }
    asio::io_context io{1}; // one thread runs it (see "Threads" in the README)
    tallyfy::client api(io.get_executor(), tallyfy::client_options::from_env());
    int status = 0;
    asio::co_spawn(io, list(api, argv[1]), [&](std::exception_ptr failure) {
        if (auto error = tallyfy::api_error::from(failure)) {
            std::fprintf(stderr, "list_run_tasks: %s\n", error->what());
            status = 1;
        }
    });
    io.run();
    return status;
}
