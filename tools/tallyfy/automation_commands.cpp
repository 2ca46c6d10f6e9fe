// SPDX-License-Identifier: BSL-1.0
// automations list | create | update | delete (a template's automated actions; the official
// CLI's `automation` names the same group). Bodies come from a file, as the API documents them.
#include "command.hpp"
#include "confirm.hpp"
#include "exit_codes.hpp"
#include "output.hpp"
#include "values.hpp"

#include <tallyfy/client.hpp>

namespace asio = boost::asio;
namespace json = boost::json;

namespace tallyfy_cli {

namespace {

json::object body_of(const parsed_args& args, std::string_view command) {
    auto file = args.get("body");
    if (!file)
        throw usage_error(std::string(command) + " needs --body FILE.json");
    return read_body(*file);
}

asio::awaitable<int> list(session& s, const parsed_args& args) {
    tallyfy::list_automations_request request{.checklist_id = args.positionals[0]};
    const auto found = co_await s.api().list_automations(std::move(request));
    list_writer out;
    for (const auto& a : found)
        out.item(*a.raw);
    co_return exit_ok;
}

asio::awaitable<int> create(session& s, const parsed_args& args) {
    tallyfy::create_automation_request request{.checklist_id = args.positionals[0],
                                               .body = body_of(args, "automations create")};
    tallyfy::automation made = co_await s.api().create_automation(std::move(request));
    print_json_line(*made.raw);
    co_return exit_ok;
}

asio::awaitable<int> update(session& s, const parsed_args& args) {
    tallyfy::update_automation_request request{.checklist_id = args.positionals[0],
                                               .automation_id = args.positionals[1],
                                               .body = body_of(args, "automations update")};
    tallyfy::automation changed = co_await s.api().update_automation(std::move(request));
    print_json_line(*changed.raw);
    co_return exit_ok;
}

asio::awaitable<int> remove(session& s, const parsed_args& args) {
    const std::string& id = args.positionals[1];
    if (!confirmed(args, "automations delete", "automation " + tallyfy::printable(id, 80)))
        co_return exit_usage;
    tallyfy::delete_automation_request request{.checklist_id = args.positionals[0],
                                               .automation_id = id};
    co_await s.api().delete_automation(std::move(request));
    print_json_line(json::object{{"id", id}, {"deleted", true}});
    co_return exit_ok;
}

} // namespace

std::vector<command> automation_commands() {
    return {
        with_positional("automations list", "TEMPLATE_ID",
                        "Prints a template's automations as NDJSON, one per line.", {}, list),
        with_positional(
            "automations create", "TEMPLATE_ID",
            R"(Creates an automation of the template from the body in FILE.json ('-': stdin)
(automated_alias, conditions, then_actions, as the API documents them) and prints it.
A create whose response is lost is not re-sent (outcome_unknown).)",
            {value_option("body", "FILE.json", "the automation ('-': stdin)")}, create),
        {.name = "automations update",
         .arguments = "TEMPLATE_ID AUTOMATION_ID",
         .help = R"(Replaces an automation with the body in FILE.json ('-': stdin) and prints it.)",
         .options = {value_option("body", "FILE.json", "the automation ('-': stdin)")},
         .min_positionals = 2,
         .max_positionals = 2,
         .run = update},
        {.name = "automations delete",
         .arguments = "TEMPLATE_ID AUTOMATION_ID",
         .help = R"(Deletes an automation for good. Asks for confirmation at a terminal; --yes
when stdin is not one.)",
         .options = {flag_option("yes", "do not ask")},
         .min_positionals = 2,
         .max_positionals = 2,
         .run = remove},
    };
}

} // namespace tallyfy_cli
