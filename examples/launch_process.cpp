// SPDX-License-Identifier: BSL-1.0
// Launches a process (run) from a template with kick-off values named by label (or id):
// `launch_process CHECKLIST_ID [NAME] [FIELD=VALUE]...`. Configured from TALLYFY_* variables.
#include <tallyfy/client.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>

#include <cstdio>
#include <string>
#include <vector>

namespace asio = boost::asio;

asio::awaitable<void> launch(tallyfy::client& api, std::vector<std::string> args) {
    tallyfy::launch_run_request request{.checklist_id = args.at(0)};
    request.name = args.size() > 1 ? args[1] : "Launched by launch_process";
    request.summary = "An example launch";
    // The API keys kick-off values by field id and drops unknown keys silently: by label, the
    // SDK reads the template's kick-off form and types each value by its field's kind (a
    // dropdown by the text of an option). An unknown or ambiguous label fails before the launch
    // with invalid_argument, naming the fields.
    for (std::size_t i = 2; i < args.size(); ++i) {
        const auto eq = args[i].find('=');
        request.prerun_by_label.emplace_back(args[i].substr(0, eq),
                                             eq == std::string::npos ? "" : args[i].substr(eq + 1));
    }
    // A launch is never re-sent after a lost response: it fails with outcome_unknown instead.
    tallyfy::run run = co_await api.launch_run(std::move(request));
    std::printf("launched \"%s\": run %s, status %s, %lld tasks\n", run.name.c_str(),
                run.id.c_str(), run.status.c_str(), static_cast<long long>(run.progress.total));
}

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: launch_process CHECKLIST_ID [NAME] [FIELD=VALUE]...\n");
        return 2;
    }
    asio::io_context io{1}; // one thread runs it (see "Threads" in the README)
    tallyfy::client api(io.get_executor(), tallyfy::client_options::from_env());
    int status = 0;
    asio::co_spawn(io, launch(api, std::vector<std::string>(argv + 1, argv + argc)),
                   [&](std::exception_ptr failure) {
                       if (auto error = tallyfy::api_error::from(failure)) {
                           std::fprintf(stderr, "launch_process: %s\n", error->what());
                           status =
                               error->error_value() == tallyfy::error::invalid_argument ? 2 : 1;
                       } else if (failure) {
                           std::rethrow_exception(failure); // not the SDK's: a bug, let it show
                       }
                   });
    io.run();
    return status;
}
