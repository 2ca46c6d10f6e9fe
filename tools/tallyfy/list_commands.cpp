// SPDX-License-Identifier: BSL-1.0
// tasks list | runs list: the organisation's tasks (or one person's) and runs, streamed as NDJSON.
#include "command.hpp"
#include "exit_codes.hpp"
#include "streaming.hpp"
#include "values.hpp"

namespace asio = boost::asio;

namespace tallyfy_cli {

namespace {

tallyfy::org_tasks_filter org_tasks_filter(const parsed_args& args) {
    tallyfy::org_tasks_filter f;
    f.q = string_option(args, "q");
    if (auto v = args.get("status"))
        f.status = parse_org_task_status("status", *v);
    if (auto v = args.get("owners"))
        f.owners = parse_int_list("owners", *v);
    f.guests = split_list(string_option(args, "guests"));
    f.groups = split_list(string_option(args, "groups"));
    f.tag = string_option(args, "tag");
    f.folder = string_option(args, "folder");
    f.created = string_option(args, "created");
    f.deadline_start_range = string_option(args, "deadline-start");
    f.deadline_end_range = string_option(args, "deadline-end");
    f.deadline_on = string_option(args, "deadline-on");
    f.deadline_before = string_option(args, "deadline-before");
    f.deadline_after = string_option(args, "deadline-after");
    if (auto v = args.get("oneoff"))
        f.is_oneoff = parse_bool("oneoff", *v);
    if (auto v = args.get("unassigned"))
        f.unassigned = parse_bool("unassigned", *v);
    if (auto v = args.get("archived"))
        f.archived = parse_archived("archived", *v);
    f.with = parse_task_includes(string_option(args, "with"));
    f.sort = string_option(args, "sort");
    f.paging = paging_options_from(args);
    return f;
}

tallyfy::runs_filter runs_filter(const parsed_args& args) {
    tallyfy::runs_filter f;
    f.q = string_option(args, "q");
    if (auto v = args.get("status"))
        f.status = parse_run_status("status", *v);
    if (auto v = args.get("owners"))
        f.owners = parse_int_list("owners", *v);
    f.checklist_id = string_option(args, "template");
    f.folder = string_option(args, "folder");
    f.tag = string_option(args, "tag");
    if (auto v = args.get("starred"))
        f.starred = parse_bool("starred", *v);
    f.type = string_option(args, "type");
    if (auto v = args.get("archived"))
        f.archived = parse_archived("archived", *v);
    f.with = parse_run_includes(string_option(args, "with"));
    f.sort = string_option(args, "sort");
    f.paging = paging_options_from(args);
    return f;
}

// --mine (`/me/tasks`), --user UID (`/users/{id}/tasks`) and --guest ID (`/guests/{id}/tasks`)
// exclude each other.
asio::awaitable<int> list_tasks(session& s, const parsed_args& args) {
    if (int(args.has("mine")) + int(args.has("user")) + int(args.has("guest")) > 1)
        throw usage_error("--mine, --user and --guest exclude each other");
    auto user = int_option(args, "user", 1, INT64_MAX);
    auto guest = args.get("guest");
    auto items = args.has("mine") ? s.api().list_my_tasks(org_tasks_filter(args))
                 : user           ? s.api().list_user_tasks(*user, org_tasks_filter(args))
                 : guest          ? s.api().list_guest_tasks(*guest, org_tasks_filter(args))
                                  : s.api().list_org_tasks(org_tasks_filter(args));
    co_await stream_list(items);
    co_return exit_ok;
}

asio::awaitable<int> list_runs(session& s, const parsed_args& args) {
    auto items = s.api().list_runs(runs_filter(args));
    co_await stream_list(items);
    co_return exit_ok;
}

} // namespace

std::vector<command> list_commands() {
    return {
        {.name = "tasks list",
         .arguments = "",
         .help =
             R"(Streams the organisation's tasks as NDJSON, one task per line, as pages arrive.)",
         .options = with_paging(with_deadline_filters(
             {flag_option("mine", "only the tasks assigned to you (the token's user)"),
              value_option("user", "UID", "only the tasks assigned to this member"),
              value_option(
                  "guest", "ID",
                  "only the tasks assigned to this guest (its id, as `GET /guests` lists it)"),
              value_option("q", "S", "search text"),
              enum_option("status", "S", "tasks in this state", org_task_status_names()),
              value_option("owners", "LIST", "tasks assigned to these user ids, comma-separated"),
              value_option("guests", "LIST",
                           "tasks assigned to these guests' emails, comma-separated"),
              value_option("groups", "LIST", "tasks assigned to these group ids, comma-separated"),
              value_option("tag", "ID", "tasks with this tag"),
              value_option("folder", "ID", "tasks in this folder"),
              value_option("created", "D[:D]", "created on a day or in a range (YYYY-MM-DD)"),
              value_option("oneoff", "BOOL",
                           "only standalone (true) or only process (false) tasks"),
              value_option("unassigned", "BOOL",
                           "only tasks without (true) or with (false) assignees"),
              enum_option("archived", "A",
                          "include archived tasks, or only them (default: left out)",
                          archived_names()),
              value_option("with", "LIST",
                           "includes: run,step,form_fields,tags,threads,summary,ko_form_fields"),
              value_option("sort", "S",
                           "deadline, newest, problems, completed_newest ('-' reverses)")})),
         .run = list_tasks},
        {.name = "runs list",
         .arguments = "",
         .help = R"(Streams runs (processes) as NDJSON, one run per line, as pages arrive.)",
         .options = with_paging(
             {value_option("q", "S", "search text"),
              enum_option("status", "S", "runs in this state", run_status_names()),
              value_option("owners", "LIST", "user ids, comma-separated"),
              value_option("template", "ID", "runs of this checklist"),
              value_option("folder", "ID", "runs in this folder"),
              value_option("tag", "ID", "runs with this tag"),
              value_option("starred", "BOOL", "only starred (true) or unstarred (false) runs"),
              value_option("type", "S", "procedure, form, document"),
              enum_option("archived", "A",
                          "include archived runs, or only them (default: left out)",
                          archived_names()),
              value_option(
                  "with", "LIST",
                  "includes: checklist,tasks,tags,form_fields,ko_form_fields,next_task,assets"),
              value_option("sort", "S", "e.g. -created_at")}),
         .run = list_runs},
    };
}

} // namespace tallyfy_cli
