// SPDX-License-Identifier: BSL-1.0
// task complete | reopen | get
#include "command.hpp"
#include "exit_codes.hpp"
#include "output.hpp"
#include "values.hpp"

namespace asio = boost::asio;

namespace tallyfy_cli {

namespace {

asio::awaitable<int> complete(session& s, const parsed_args& args) {
    if (args.has("approve") && args.has("reject"))
        throw usage_error("--approve and --reject exclude each other");
    tallyfy::complete_task_request request{.task_id = args.positionals[0],
                                           .run_id = string_option(args, "run")};
    if (args.has("approve") || args.has("reject"))
        request.is_approved = args.has("approve");
    request.override_user = int_option(args, "as-user", 1, INT64_MAX);
    tallyfy::task done = co_await s.api().complete_task(std::move(request));
    print_json_line(*done.raw);
    co_return exit_ok;
}

asio::awaitable<int> reopen(session& s, const parsed_args& args) {
    tallyfy::reopen_task_request request{.task_id = args.positionals[0],
                                         .run_id = string_option(args, "run")};
    tallyfy::task reopened = co_await s.api().reopen_task(std::move(request));
    print_json_line(*reopened.raw);
    co_return exit_ok;
}

asio::awaitable<int> get(session& s, const parsed_args& args) {
    tallyfy::get_task_request request{.task_id = args.positionals[0],
                                      .run_id = string_option(args, "run"),
                                      .with = parse_task_includes(string_option(args, "with"))};
    tallyfy::task found = co_await s.api().get_task(std::move(request));
    print_json_line(*found.raw);
    co_return exit_ok;
}

} // namespace

std::vector<command> task_commands() {
    return {
        {.name = "task complete",
         .usage = "TASK_ID [--run RUN_ID] [--approve | --reject] [--as-user USER_ID]",
         .help = R"(Completes a task and prints it as JSON.
  --run RUN_ID      the task's run (omit for a standalone one-off task)
  --approve         approve an approval task
  --reject          reject an approval task
  --as-user ID      record this user as the completer
A completion whose response is lost is checked by reading the task back: never done twice.)",
         .options = {{"run", true}, {"approve"}, {"reject"}, {"as-user", true}},
         .min_positionals = 1,
         .max_positionals = 1,
         .run = complete},
        {.name = "task reopen",
         .usage = "TASK_ID [--run RUN_ID]",
         .help = R"(Reopens a completed task and prints it as JSON.
  --run RUN_ID      the task's run (omit for a standalone one-off task))",
         .options = {{"run", true}},
         .min_positionals = 1,
         .max_positionals = 1,
         .run = reopen},
        {.name = "task get",
         .usage = "TASK_ID [--run RUN_ID] [--with LIST]",
         .help = R"(Prints a task as JSON.
  --run RUN_ID      the task's run (omit for a standalone one-off task)
  --with LIST       includes: run,step,form_fields,tags,threads,summary,ko_form_fields)",
         .options = {{"run", true}, {"with", true}},
         .min_positionals = 1,
         .max_positionals = 1,
         .run = get},
    };
}

} // namespace tallyfy_cli
