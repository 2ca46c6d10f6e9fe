// SPDX-License-Identifier: BSL-1.0
// Launches a process (run) from a template with kick-off values named by label (or id):
// `launch_process CHECKLIST_ID [NAME] [FIELD=VALUE]...`. Configured from TALLYFY_* variables.
#include <tallyfy/client.hpp>
#include <tallyfy/form_values.hpp>

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
    if (args.size() > 2) {
        // The API keys kick-off values by field id and drops unknown keys silently: resolve
        // labels from the template, and type each value by its field's kind (a dropdown by the
        // text of an option). An unknown or ambiguous label throws, naming the fields.
        tallyfy::get_checklist_request read{.checklist_id = request.checklist_id};
        read.with.prerun = true;
        tallyfy::checklist checklist = co_await api.get_checklist(read);
        const auto& kickoff = checklist.prerun.value();
        for (std::size_t i = 2; i < args.size(); ++i) {
            const auto eq = args[i].find('=');
            const auto& field = tallyfy::find_field(kickoff, args[i].substr(0, eq));
            request.prerun[field.id] = tallyfy::field_value_from_text(
                field, eq == std::string::npos ? "" : args[i].substr(eq + 1));
        }
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
                           status = 1;
                       } else if (failure) { // an unknown field or a value its kind refuses
                           try {
                               std::rethrow_exception(failure);
                           } catch (const std::exception& e) {
                               std::fprintf(stderr, "launch_process: %s\n", e.what());
                           }
                           status = 2;
                       }
                   });
    io.run();
    return status;
}
