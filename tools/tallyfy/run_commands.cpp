// SPDX-License-Identifier: BSL-1.0
// run get | launch | tasks
#include "command.hpp"
#include "exit_codes.hpp"
#include "output.hpp"
#include "streaming.hpp"
#include "values.hpp"

#include <tallyfy/client.hpp>

#include <boost/json/parse.hpp>

#include <fstream>
#include <iostream>
#include <iterator>

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

json::object read_body(const std::string& path) {
    std::ifstream file;
    std::istream* in = &std::cin;
    if (path != "-") {
        file.open(path);
        if (!file)
            throw usage_error("cannot read --body file " + path);
        in = &file;
    }
    std::string text{std::istreambuf_iterator<char>(*in), std::istreambuf_iterator<char>()};
    boost::system::error_code ec;
    json::value body = json::parse(text, ec);
    if (ec || !body.is_object())
        throw usage_error("--body " + path + " is not a JSON object");
    return std::move(body.as_object());
}

// FIELD_ID=VALUE pairs of --prerun.
std::vector<std::pair<std::string, std::string>> prerun_pairs(const parsed_args& args) {
    std::vector<std::pair<std::string, std::string>> out;
    for (const auto& item : args.all("prerun")) {
        auto eq = item.find('=');
        if (eq == std::string::npos || eq == 0)
            throw usage_error("--prerun takes FIELD_ID=VALUE, got '" + item + "'");
        out.emplace_back(item.substr(0, eq), item.substr(eq + 1));
    }
    return out;
}

asio::awaitable<int> launch(session& s, const parsed_args& args) {
    auto prerun = prerun_pairs(args);
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
        if (!prerun.empty()) {
            if (!body["prerun"].is_object())
                body["prerun"] = json::object();
            for (auto& [field, value] : prerun)
                body["prerun"].as_object()[field] = value;
        }
        if (!body.contains("checklist_id"))
            throw usage_error("run launch needs --template (or checklist_id in --body)");
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
    for (auto& [field, value] : prerun)
        request.prerun[field] = value;
    tallyfy::run launched = co_await s.api().launch_run(std::move(request));
    print_json_line(*launched.raw);
    co_return exit_ok;
}

tallyfy::run_tasks_filter run_tasks_filter(const parsed_args& args) {
    tallyfy::run_tasks_filter filter;
    if (auto v = args.get("status"))
        filter.status = parse_run_task_status("status", *v);
    if (auto v = args.get("owners"))
        filter.owners = parse_int_list("owners", *v);
    if (auto v = args.get("sort"))
        filter.sort = parse_run_task_sort("sort", *v);
    filter.with = parse_task_includes(string_option(args, "with"));
    filter.paging = paging_options_from(args);
    return filter;
}

asio::awaitable<int> tasks(session& s, const parsed_args& args) {
    auto items = s.api().list_run_tasks(args.positionals[0], run_tasks_filter(args));
    co_await stream_ndjson(items);
    co_return exit_ok;
}

} // namespace

std::vector<command> run_commands() {
    return {
        {.name = "run get",
         .usage = "RUN_ID [--with LIST] [--form-field-values]",
         .help = R"(Prints a run (process) as JSON.
  --with LIST           includes: checklist,tasks,tags,form_fields,ko_form_fields,next_task,assets
  --form-field-values   include the values submitted to form fields)",
         .options = {{"with", true}, {"form-field-values"}},
         .min_positionals = 1,
         .max_positionals = 1,
         .run = get},
        {.name = "run launch",
         .usage = "--template CHECKLIST_ID [--name S] [--summary S] [--prerun FIELD_ID=VALUE]... "
                  "[--body FILE.json]",
         .help = R"(Launches a run from a template (checklist) and prints it as JSON.
  --template ID            the checklist to launch
  --name S                 the run's name (default: "{template} - {date}")
  --summary S              the run's summary
  --prerun FIELD_ID=VALUE  a kick-off form value as text (repeatable)
  --body FILE.json         the request body (any documented field; "-" reads stdin);
                           the flags above override its fields
A launch whose response is lost is never re-sent: it fails with outcome_unknown.)",
         .options = {{"template", true},
                     {"name", true},
                     {"summary", true},
                     {"prerun", true, true},
                     {"body", true}},
         .min_positionals = 0,
         .max_positionals = 0,
         .run = launch},
        {.name = "run tasks",
         .usage = "RUN_ID [--status S] [--owners LIST] [--sort S] [--with LIST] [--limit N] "
                  "[--per-page N] [--max-pages N]",
         .help = R"(Streams a run's tasks as NDJSON, one task per line, as pages arrive.
  --status S       complete, active, active_visible, incomplete, inprogress, not_started,
                   hasproblem, overdue, due_soon
  --owners LIST    user ids, comma-separated
  --sort S         position, deadline, -position, -deadline
  --with LIST      includes: run,step,form_fields,tags,threads,summary,ko_form_fields
)" TALLYFY_CLI_PAGING_HELP,
         .options = {{"status", true},
                     {"owners", true},
                     {"sort", true},
                     {"with", true},
                     {"limit", true},
                     {"per-page", true},
                     {"max-pages", true}},
         .min_positionals = 1,
         .max_positionals = 1,
         .run = tasks},
    };
}

} // namespace tallyfy_cli
