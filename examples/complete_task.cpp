// SPDX-License-Identifier: BSL-1.0
// Completes one task, filling its form fields first:
//     complete_task TASK_ID [RUN_ID] [FIELD=VALUE]...   (no RUN_ID: a standalone task)
// A FIELD is a form field's label (or id); its VALUE is typed by the field's kind (a dropdown by
// option text). Configured from the environment: TALLYFY_ACCESS_TOKEN, TALLYFY_ORG_ID,
// TALLYFY_BASE_URL, TALLYFY_CA_FILE. Approval tasks need a decision: APPROVE=1 or APPROVE=0.
#include <tallyfy/client.hpp>
#include <tallyfy/form_values.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>

#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string>
#include <vector>

namespace asio = boost::asio;

asio::awaitable<void> complete(tallyfy::client& api, std::string task_id, std::string run_id,
                               std::vector<std::string> fields) {
    // Build requests as named variables (not braced temporaries inside co_await: g++ 12).
    tallyfy::complete_task_request request{.task_id = task_id, .run_id = run_id};
    if (const char* approve = std::getenv("APPROVE"))
        request.is_approved = std::string(approve) == "1";
    if (!fields.empty()) {
        tallyfy::get_task_request read{.task_id = task_id, .run_id = run_id};
        read.with.form_fields = true;
        tallyfy::task t = co_await api.get_task(read);
        for (const auto& item : fields) {
            const auto eq = item.find('=');
            const auto& field = tallyfy::find_field(*t.form_fields, item.substr(0, eq));
            request.fields[field.id] = tallyfy::field_value_from_text(field, item.substr(eq + 1));
        }
    }
    // Saves the fields (when any), then completes.
    tallyfy::task done = co_await api.complete_task(std::move(request));
    std::printf("completed \"%s\" (%s), status %s\n", done.title.c_str(), done.id.c_str(),
                done.status.c_str());
}

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: complete_task TASK_ID [RUN_ID] [FIELD=VALUE]...\n");
        return 2;
    }
    std::string run_id;
    std::vector<std::string> fields;
    for (int i = 2; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg.find('=') != std::string::npos)
            fields.push_back(arg);
        else
            run_id = arg;
    }
    asio::io_context io{1}; // one thread runs it (see "Threads" in the README)
    tallyfy::client api(io.get_executor(), tallyfy::client_options::from_env());
    int status = 0;
    asio::co_spawn(io, complete(api, argv[1], run_id, fields), [&](std::exception_ptr failure) {
        if (!failure)
            return;
        status = 1;
        if (auto error = tallyfy::api_error::from(failure)) {
            // One line: error name, HTTP status, server message, request id.
            std::fprintf(stderr, "complete_task: %s\n", error->what());
            return;
        }
        try {
            std::rethrow_exception(failure);
        } catch (const std::exception& e) { // an unknown field or option
            std::fprintf(stderr, "complete_task: %s\n", e.what());
        }
    });
    io.run();
    return status;
}
