// SPDX-License-Identifier: BSL-1.0
// run get | launch | update | archive | activate | delete | complete-kickoff |
// reopen-kickoff | export | fields | tasks (and comment | problem | resolve: see
// subject_comment_commands.cpp)
#include "command.hpp"
#include "confirm.hpp"
#include "exit_codes.hpp"
#include "field_options.hpp"
#include "output.hpp"
#include "streaming.hpp"
#include "values.hpp"

#include <tallyfy/client.hpp>
#include <tallyfy/form_values.hpp>

namespace asio = boost::asio;
namespace json = boost::json;

namespace tallyfy_cli {

namespace {

asio::awaitable<int> get(session& s, const parsed_args& args) {
    tallyfy::get_run_request request{.run_id = args.positionals[0],
                                     .with = parse_run_includes(string_option(args, "with")),
                                     .form_fields_values = args.has("form-field-values")};
    tallyfy::run found = co_await s.api().get_run(std::move(request));
    print_json_line(*found.raw);
    co_return exit_ok;
}

// --field (and its older name --prerun) LABEL_OR_ID=VALUE: the template's kick-off fields are
// read once, only when there is one, and each value is typed by its field's kind.
// The id by value: a coroutine keeps a reference parameter, not the temporary it names.
asio::awaitable<field_values> kickoff_values(session& s, const parsed_args& args,
                                             std::string checklist_id) {
    const auto pairs = field_pairs_of(args, "field", "prerun");
    if (pairs.empty())
        co_return field_values{};
    tallyfy::get_checklist_request read{.checklist_id = checklist_id};
    read.with.prerun = true;
    const tallyfy::checklist c = co_await s.api().get_checklist(read);
    co_return field_values_for(pairs, c.prerun.value_or(std::vector<tallyfy::form_field>{}),
                               "field");
}

asio::awaitable<int> launch(session& s, const parsed_args& args) {
    if (auto body_file = args.get("body")) {
        // The whole documented body from a file (typed kick-off values, task overrides, ...);
        // flags override its fields.
        json::object body = read_body(*body_file);
        if (auto t = args.get("template"))
            body["checklist_id"] = *t;
        if (auto n = args.get("name"))
            body["name"] = *n;
        if (auto m = args.get("summary"))
            body["summary"] = *m;
        const auto* checklist_id = body.if_contains("checklist_id");
        if (checklist_id == nullptr || !checklist_id->is_string())
            throw usage_error("run launch needs --template (or checklist_id in --body)");
        auto reading = kickoff_values(s, args, std::string(checklist_id->get_string()));
        auto values = co_await std::move(reading);
        if (!values.empty()) {
            if (!body["prerun"].is_object())
                body["prerun"] = json::object();
            for (auto& [field, value] : values)
                body["prerun"].as_object()[field] = tallyfy::field_value_to_json(value);
        }
        tallyfy::raw_request request{.method = tallyfy::http_method::post,
                                     .path = "/organizations/{org}/runs",
                                     .body = json::value(std::move(body))};
        json::value answer = co_await s.api().request(std::move(request));
        const json::value* data =
            answer.is_object() ? answer.as_object().if_contains("data") : nullptr;
        print_json_line(data ? *data : answer);
        co_return exit_ok;
    }
    auto checklist = args.get("template");
    if (!checklist)
        throw usage_error("run launch needs --template CHECKLIST_ID");
    tallyfy::launch_run_request request{.checklist_id = *checklist,
                                        .name = string_option(args, "name")};
    if (auto m = args.get("summary"))
        request.summary = *m;
    auto reading = kickoff_values(s, args, *checklist);
    request.prerun = co_await std::move(reading);
    tallyfy::run launched = co_await s.api().launch_run(std::move(request));
    print_json_line(*launched.raw);
    co_return exit_ok;
}

asio::awaitable<int> update(session& s, const parsed_args& args) {
    if (args.has("star") && args.has("unstar"))
        throw usage_error("--star and --unstar exclude each other");
    tallyfy::update_run_request request{.run_id = args.positionals[0]};
    request.name = args.get("name");
    request.summary = args.get("summary");
    request.owner_id = int_option(args, "owner", 1, INT64_MAX);
    if (args.has("star") || args.has("unstar"))
        request.starred = args.has("star");
    if (auto v = args.get("users"))
        request.users = parse_int_list("users", *v);
    if (auto v = args.get("groups"))
        request.groups = split_list(*v);
    request.replace_members = args.has("replace-members");
    tallyfy::run updated = co_await s.api().update_run(std::move(request));
    print_json_line(*updated.raw);
    co_return exit_ok;
}

asio::awaitable<int> archive_or_activate(session& s, const parsed_args& args, bool archive) {
    tallyfy::archive_run_request request{.run_id = args.positionals[0], .archive = archive};
    tallyfy::run r = co_await s.api().archive_run(std::move(request));
    print_json_line(*r.raw);
    co_return exit_ok;
}
asio::awaitable<int> archive(session& s, const parsed_args& args) {
    return archive_or_activate(s, args, true);
}
asio::awaitable<int> activate(session& s, const parsed_args& args) {
    return archive_or_activate(s, args, false);
}

// A permanent delete asks at a terminal; elsewhere (a script, a pipe) it needs --yes.
asio::awaitable<int> remove(session& s, const parsed_args& args) {
    const std::string& id = args.positionals[0];
    if (!confirmed(args, "run delete", "run " + tallyfy::printable(id, 80) + " and its tasks"))
        co_return exit_usage;
    tallyfy::delete_run_request request{.run_id = id};
    co_await s.api().delete_run(std::move(request));
    print_json_line(json::object{{"id", id}, {"deleted", true}});
    co_return exit_ok;
}

asio::awaitable<int> kickoff(session& s, const parsed_args& args, bool reopen) {
    tallyfy::complete_kickoff_request request{.run_id = args.positionals[0], .reopen = reopen};
    json::value answer = co_await s.api().complete_kickoff(std::move(request));
    const json::value* data = answer.is_object() ? answer.as_object().if_contains("data") : nullptr;
    print_json_line(data != nullptr ? *data : answer);
    co_return exit_ok;
}
asio::awaitable<int> complete_kickoff(session& s, const parsed_args& args) {
    return kickoff(s, args, false);
}
asio::awaitable<int> reopen_kickoff(session& s, const parsed_args& args) {
    return kickoff(s, args, true);
}

// The export as the API sends it, pretty-printed (as the official CLI does); to --out FILE,
// created 0600 (it holds the run's form values), or stdout.
asio::awaitable<int> export_(session& s, const parsed_args& args) {
    tallyfy::export_run_request request{.run_id = args.positionals[0]};
    const json::value exported = co_await s.api().export_run(std::move(request));
    write_pretty(exported, args.get("out"));
    co_return exit_ok;
}

tallyfy::run_tasks_filter run_tasks_filter(const parsed_args& args) {
    tallyfy::run_tasks_filter filter;
    if (auto v = args.get("status"))
        filter.status = parse_run_task_status("status", *v);
    if (auto v = args.get("owners"))
        filter.owners = parse_int_list("owners", *v);
    if (auto v = args.get("guests"))
        filter.guests = split_list(*v);
    if (auto v = args.get("groups"))
        filter.groups = split_list(*v);
    if (auto v = args.get("unassigned"))
        filter.unassigned = parse_bool("unassigned", *v);
    filter.deadline_start_range = string_option(args, "deadline-start");
    filter.deadline_end_range = string_option(args, "deadline-end");
    filter.deadline_on = string_option(args, "deadline-on");
    filter.deadline_before = string_option(args, "deadline-before");
    filter.deadline_after = string_option(args, "deadline-after");
    if (auto v = args.get("sort"))
        filter.sort = parse_run_task_sort("sort", *v);
    filter.with = parse_task_includes(string_option(args, "with"));
    filter.paging = paging_options_from(args);
    filter.paging.without_pagination = args.has("without-pagination");
    return filter;
}

// The form fields of the run's tasks with their values, one per line.
asio::awaitable<int> fields(session& s, const parsed_args& args) {
    tallyfy::list_form_fields_request request{.run_id = args.positionals[0]};
    const auto found = co_await s.api().list_form_fields(std::move(request));
    list_writer out;
    for (const auto& field : found)
        out.item(*field.raw);
    co_return exit_ok;
}

asio::awaitable<int> tasks(session& s, const parsed_args& args) {
    auto items = s.api().list_run_tasks(args.positionals[0], run_tasks_filter(args));
    co_await stream_list(items);
    co_return exit_ok;
}

} // namespace

std::vector<command> run_commands() {
    std::vector<command> out{
        with_positional(
            "run get", "RUN_ID", R"(Prints a run (process) as JSON.)",
            {value_option(
                 "with", "LIST",
                 "includes: checklist,tasks,tags,form_fields,ko_form_fields,next_task,assets"),
             flag_option("form-field-values", "include the values submitted to form fields")},
            get),
        {.name = "run launch",
         .arguments = "",
         .help = R"(Launches a run from a template (checklist) and prints it as JSON.

A launch whose response is lost is never re-sent: it fails with outcome_unknown.)",
         .options = {value_option("template", "ID", "the checklist to launch"),
                     value_option("name", "S", "the run's name (default: \"{template} - {date}\")"),
                     value_option("summary", "S", "the run's summary"),
                     value_option(
                         "field", "LABEL_OR_ID=VALUE",
                         "a kick-off form value (repeatable; --prerun is its older name): the "
                         "field by id, alias or label, the value typed by its kind (a dropdown or "
                         "radio by option text, a multi-select as comma-separated texts, a file as "
                         "URLs); an unknown field or option is refused (exit 2)",
                         true),
                     value_option("prerun", "LABEL_OR_ID=VALUE", "the older name of --field", true),
                     value_option("body", "FILE.json",
                                  "the request body (any documented field; \"-\" reads stdin); the "
                                  "flags above override its fields")},
         .min_positionals = 0,
         .max_positionals = 0,
         .run = launch},
        with_positional(
            "run update", "RUN_ID",
            R"(Updates a run (process) and prints it as JSON. Only what is given changes.)",
            {value_option("name", "S", "new name (at most 550 characters)"),
             value_option("summary", "S", "new summary"),
             value_option("owner", "USER_ID", "the run's owner"), flag_option("star", "star it"),
             flag_option("unstar", "unstar it"),
             value_option("users", "IDS", "member users by id, comma-separated ('' for none)"),
             value_option("groups", "IDS", "member groups by id"),
             flag_option("replace-members",
                         "the lists given replace the members (one not given is emptied); without "
                         "it, the members not given are kept (the run is read first: the API "
                         "empties what an update leaves out)")},
            update),
        with_positional(
            "run archive", "RUN_ID",
            R"(Archives a run and its tasks (reversible: run activate) and prints it as JSON.)", {},
            archive),
        with_positional(
            "run activate", "RUN_ID",
            R"(Activates an archived run again (its status before archiving) and prints it.)", {},
            activate),
        with_positional(
            "run delete", "RUN_ID",
            R"(Deletes an archived run and its tasks for good (an administrator's token).
Asks for confirmation at a terminal; --yes is needed when stdin is not one.)",
            {flag_option("yes", "do not ask")}, remove),
        with_positional("run complete-kickoff", "RUN_ID",
                        R"(Marks the run's kick-off form complete and prints the API's answer.)",
                        {}, complete_kickoff),
        with_positional(
            "run reopen-kickoff", "RUN_ID",
            R"(Opens the run's kick-off form for changes again and prints the API's answer.)", {},
            reopen_kickoff),
        with_positional(
            "run export", "RUN_ID",
            R"(Exports a run (its tasks and form values) as pretty-printed JSON.)",
            {value_option("out", "FILE",
                          "write it to FILE (created with mode 0600) instead of stdout")},
            export_),
        with_positional(
            "run fields", "RUN_ID",
            R"(Prints the form fields of the run's tasks as NDJSON, one field per line, with
the value submitted (`value`) and the task it belongs to (`task_id`).)",
            {}, fields),
        with_positional(
            "run tasks", "RUN_ID",
            R"(Streams a run's tasks as NDJSON, one task per line, as pages arrive.)",
            with_paging(with_deadline_filters(
                {enum_option("status", "S", "tasks in this state", run_task_status_names()),
                 value_option("owners", "LIST",
                              "tasks assigned to these user ids, comma-separated"),
                 value_option("guests", "LIST",
                              "tasks assigned to these guests' emails, comma-separated"),
                 value_option("groups", "LIST",
                              "tasks assigned to these group ids, comma-separated"),
                 value_option("unassigned", "BOOL",
                              "only tasks without (true) or with (false) assignees"),
                 enum_option("sort", "S",
                             "the order (the template's position or the deadline; '-' reverses)",
                             run_task_sort_names()),
                 flag_option("without-pagination",
                             "ask for every task in one response (--limit still applies)"),
                 value_option(
                     "with", "LIST",
                     "includes: run,step,form_fields,tags,threads,summary,ko_form_fields")})),
            tasks),
    };
    for (auto& c : subject_comment_commands(tallyfy::comment_subject::run))
        out.push_back(std::move(c));
    return out;
}

} // namespace tallyfy_cli
