// SPDX-License-Identifier: BSL-1.0
// task complete | update | comment | comments | problem | resolve | reopen | get
#include "command.hpp"
#include "confirm.hpp"
#include "exit_codes.hpp"
#include "field_options.hpp"
#include "output.hpp"
#include "values.hpp"

namespace asio = boost::asio;
namespace json = boost::json;

namespace tallyfy_cli {

namespace {

// The --field values of a task: its form fields are read once (with=form_fields).
// Strings by value: a coroutine keeps a reference parameter, not the temporary it names.
asio::awaitable<field_values> fields_of(session& s, const parsed_args& args, std::string task_id,
                                        std::string run_id) {
    const auto pairs = field_pairs_of(args, "field");
    if (pairs.empty())
        co_return field_values{};
    tallyfy::get_task_request read{.task_id = task_id, .run_id = run_id};
    read.with.form_fields = true;
    const tallyfy::task t = co_await s.api().get_task(read);
    co_return field_values_for(pairs, t.form_fields.value_or(std::vector<tallyfy::form_field>{}),
                               "field");
}

asio::awaitable<int> complete(session& s, const parsed_args& args) {
    if (args.has("approve") && args.has("reject"))
        throw usage_error("--approve and --reject exclude each other");
    tallyfy::complete_task_request request{.task_id = args.positionals[0],
                                           .run_id = string_option(args, "run")};
    if (args.has("approve") || args.has("reject"))
        request.is_approved = args.has("approve");
    request.override_user = int_option(args, "as-user", 1, INT64_MAX);
    auto reading = fields_of(s, args, args.positionals[0], request.run_id.str());
    request.fields = co_await std::move(reading);
    tallyfy::task done = co_await s.api().complete_task(std::move(request));
    print_json_line(*done.raw);
    co_return exit_ok;
}

std::optional<std::string> text_option(const parsed_args& args, std::string_view name) {
    return args.get(name);
}

asio::awaitable<int> update(session& s, const parsed_args& args) {
    const std::string task_id = args.positionals[0];
    const std::string run_id = string_option(args, "run");
    tallyfy::update_task_request request{.task_id = task_id, .run_id = run_id};
    request.title = text_option(args, "title");
    request.summary = text_option(args, "summary");
    request.deadline = text_option(args, "deadline");
    request.replace_owners = args.has("replace-owners");
    auto bucket = [&](const char* name) { return args.get(name); };
    if (bucket("owner-users") || bucket("owner-guests") || bucket("owner-groups") ||
        request.replace_owners) {
        tallyfy::owners_change& o = request.owners.emplace();
        if (auto v = bucket("owner-users"))
            o.users = parse_int_list("owner-users", *v);
        if (auto v = bucket("owner-guests"))
            o.guests = split_list(*v);
        if (auto v = bucket("owner-groups"))
            o.groups = split_list(*v);
    }
    if (auto body_file = args.get("body")) {
        // The whole documented body from a file, sent as given: nothing it leaves out is kept by
        // reading the task, so it takes no other option.
        for (const char* other : {"title", "summary", "deadline", "owner-users", "owner-guests",
                                  "owner-groups", "replace-owners", "field"})
            if (args.has(other))
                throw usage_error(std::string("--body takes no --") + other);
        tallyfy::raw_request raw{
            .method = tallyfy::http_method::put,
            .path = "/organizations/{org}" +
                    (run_id.empty() ? "" : "/runs/" + checked_id("run id", run_id)) + "/tasks/" +
                    checked_id("task id", task_id),
            .body = read_body(*body_file)};
        raw.idempotent = true;
        auto answer = co_await s.api().request(std::move(raw));
        const auto* data = answer.is_object() ? answer.as_object().if_contains("data") : nullptr;
        print_json_line(data != nullptr ? *data : answer);
        co_return exit_ok;
    }
    auto reading = fields_of(s, args, task_id, run_id);
    request.fields = co_await std::move(reading);
    tallyfy::task updated = co_await s.api().update_task(std::move(request));
    print_json_line(*updated.raw);
    co_return exit_ok;
}

asio::awaitable<int> comment(session& s, const parsed_args& args) {
    tallyfy::add_comment_request request{.task_id = args.positionals[0],
                                         .content = args.positionals[1]};
    request.label = args.get("label");
    request.state = args.get("state");
    request.bot = args.has("bot");
    if (request.bot && (request.label || request.state))
        throw usage_error("--bot takes no --label or --state");
    tallyfy::comment posted = co_await s.api().add_comment(std::move(request));
    print_json_line(*posted.raw);
    co_return exit_ok;
}

asio::awaitable<int> comments(session& s, const parsed_args& args) {
    tallyfy::list_comments_request request{.task_id = args.positionals[0],
                                           .run_id = string_option(args, "run")};
    auto all = co_await s.api().list_comments(std::move(request));
    list_writer out;
    for (const auto& c : all)
        out.item(*c.raw);
    co_return exit_ok;
}

asio::awaitable<int> problem(session& s, const parsed_args& args) {
    tallyfy::report_problem_request request{.task_id = args.positionals[0],
                                            .content = args.positionals[1]};
    tallyfy::comment posted = co_await s.api().report_problem(std::move(request));
    print_json_line(*posted.raw);
    co_return exit_ok;
}

asio::awaitable<int> resolve(session& s, const parsed_args& args) {
    tallyfy::resolve_problem_request request{.task_id = args.positionals[0],
                                             .problem_id = args.positionals[1],
                                             .content = args.positionals[2]};
    tallyfy::comment posted = co_await s.api().resolve_problem(std::move(request));
    print_json_line(*posted.raw);
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

// One-off tasks: archive, restore, delete for good (confirmed), clone.
asio::awaitable<int> archive(session& s, const parsed_args& args) {
    tallyfy::archive_task_request request{.task_id = args.positionals[0]};
    co_await s.api().archive_task(std::move(request));
    print_json_line(json::object{{"id", args.positionals[0]}, {"archived", true}});
    co_return exit_ok;
}

asio::awaitable<int> restore(session& s, const parsed_args& args) {
    tallyfy::restore_task_request request{.task_id = args.positionals[0]};
    tallyfy::task restored = co_await s.api().restore_task(std::move(request));
    print_json_line(*restored.raw);
    co_return exit_ok;
}

asio::awaitable<int> remove(session& s, const parsed_args& args) {
    const std::string& id = args.positionals[0];
    if (!confirmed(args, "task delete", "task " + tallyfy::printable(id, 80)))
        co_return exit_usage;
    tallyfy::delete_task_request request{.task_id = id};
    co_await s.api().delete_task(std::move(request));
    print_json_line(json::object{{"id", id}, {"deleted", true}});
    co_return exit_ok;
}

asio::awaitable<int> clone(session& s, const parsed_args& args) {
    tallyfy::clone_task_request request{.task_id = args.positionals[0]};
    tallyfy::task copy = co_await s.api().clone_task(std::move(request));
    print_json_line(*copy.raw);
    co_return exit_ok;
}

} // namespace

std::vector<command> task_commands() {
    return {
        with_positional(
            "task complete", "TASK_ID",
            R"(Completes a task and prints it as JSON.

A completion whose response is lost is checked by reading the task back: never done twice.)",
            {value_option("run", "RUN_ID", "the task's run (omit for a standalone one-off task)"),
             flag_option("approve", "approve an approval task"),
             flag_option("reject", "reject an approval task"),
             value_option("as-user", "ID", "record this user as the completer"),
             value_option("field", "LABEL_OR_ID=VALUE",
                          "fill a form field first (repeatable): by id, alias or label, the value "
                          "typed by the field's kind (a dropdown or radio by option text, a "
                          "multi-select as comma-separated texts, a file as URLs)",
                          true)},
            complete),
        with_positional(
            "task update", "TASK_ID",
            R"(Updates a task and prints it as JSON. Only what is given changes.)",
            {value_option("run", "RUN_ID", "the task's run (omit for a standalone one-off task)"),
             value_option("title", "S", "new title"), value_option("summary", "S", "new summary"),
             value_option("deadline", "D", "ISO-8601 or \"YYYY-MM-DD HH:MM:SS\" (UTC)"),
             value_option("owner-users", "IDS",
                          "assignees by user id, comma-separated ('' for none)"),
             value_option("owner-guests", "EMAILS", "guest assignees by email"),
             value_option("owner-groups", "IDS", "group assignees by group id"),
             flag_option("replace-owners",
                         "the buckets given replace all three (one not given is emptied); without "
                         "it, the buckets not given keep their assignees"),
             value_option("field", "LABEL_OR_ID=VALUE",
                          "a form field value (repeatable), as for task complete", true),
             value_option("body", "FILE.json",
                          "the whole request body from a file ('-': stdin), sent as given (with no "
                          "other option: nothing it leaves out is kept)")},
            update),
        {.name = "task comment",
         .arguments = "TASK_ID TEXT",
         .help = R"(Comments on a task and prints the comment as JSON.

@[USER_ID] in TEXT notifies that user. A comment whose response is lost is not posted again.)",
         .options =
             {value_option("label", "L",
                           "comment (default), problem, resolve, improvement, advice"),
              value_option("state", "S",
                           "open (guests see it), hide-for-guests (the API's default), collapsed"),
              flag_option("bot",
                          "post as the organisation's bot (bot-comment; no --label or --state)")},
         .min_positionals = 2,
         .max_positionals = 2,
         .run = comment},
        with_positional(
            "task comments", "TASK_ID",
            R"(Prints a task's comments as NDJSON, one per line, oldest first.)",
            {value_option("run", "RUN_ID", "the task's run (omit for a standalone one-off task)")},
            comments),
        {.name = "task problem",
         .arguments = "TASK_ID TEXT",
         .help =
             R"(Reports a problem on a task and prints it (a comment labelled problem) as JSON.)",
         .min_positionals = 2,
         .max_positionals = 2,
         .run = problem},
        {.name = "task resolve",
         .arguments = "TASK_ID PROBLEM_ID TEXT",
         .help = R"(Resolves a reported problem with a comment and prints that comment as JSON.)",
         .min_positionals = 3,
         .max_positionals = 3,
         .run = resolve},
        with_positional(
            "task reopen", "TASK_ID", R"(Reopens a completed task and prints it as JSON.)",
            {value_option("run", "RUN_ID", "the task's run (omit for a standalone one-off task)")},
            reopen),
        with_positional("task archive", "TASK_ID",
                        R"(Archives a one-off task (reversible: task restore).)", {}, archive),
        with_positional("task restore", "TASK_ID",
                        R"(Restores an archived one-off task and prints it as JSON.)", {}, restore),
        with_positional("task delete", "TASK_ID", R"(Deletes a one-off task for good.
Asks for confirmation at a terminal; --yes is needed when stdin is not one.)",
                        {flag_option("yes", "do not ask")}, remove),
        with_positional(
            "task clone", "TASK_ID",
            R"(Copies a one-off task (not started, no answers) and prints the copy as JSON.)", {},
            clone),
        with_positional(
            "task get", "TASK_ID", R"(Prints a task as JSON.)",
            {value_option("run", "RUN_ID", "the task's run (omit for a standalone one-off task)"),
             value_option("with", "LIST",
                          "includes: run,step,form_fields,tags,threads,summary,ko_form_fields")},
            get),
    };
}

} // namespace tallyfy_cli
