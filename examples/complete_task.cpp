// SPDX-License-Identifier: BSL-1.0
// Completes one task: `complete_task TASK_ID [RUN_ID]` (no RUN_ID: a standalone task).
// Configured from the environment: TALLYFY_ACCESS_TOKEN, TALLYFY_ORG_ID, TALLYFY_BASE_URL,
// TALLYFY_CA_FILE. Approval tasks need a decision: pass APPROVE=1 or APPROVE=0.
#include <tallyfy/client.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>

#include <cstdio>
#include <cstdlib>
#include <string>

namespace asio = boost::asio;

asio::awaitable<void> complete(tallyfy::client& api, std::string task_id, std::string run_id) {
    // Build the request as a named variable (not a braced temporary inside co_await: g++ 12).
    tallyfy::complete_task_request request{.task_id = task_id, .run_id = run_id};
    if (const char* approve = std::getenv("APPROVE"))
        request.is_approved = std::string(approve) == "1";
    tallyfy::task done = co_await api.complete_task(std::move(request));
    std::printf("completed \"%s\" (%s), status %s\n", done.title.c_str(), done.id.c_str(),
                done.status.c_str());
}

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: complete_task TASK_ID [RUN_ID]\n");
        return 2;
    }
    asio::io_context io{1}; // one thread runs it (see "Threads" in the README)
    tallyfy::client api(io.get_executor(), tallyfy::client_options::from_env());
    int status = 0;
    asio::co_spawn(io, complete(api, argv[1], argc > 2 ? argv[2] : ""),
                   [&](std::exception_ptr failure) {
                       if (auto error = tallyfy::api_error::from(failure)) {
                           // One line: error name, HTTP status, server message, request id.
                           std::fprintf(stderr, "complete_task: %s\n", error->what());
                           status = 1;
                       }
                   });
    io.run();
    return status;
}
