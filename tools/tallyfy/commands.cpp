// SPDX-License-Identifier: BSL-1.0
#include "command.hpp"

namespace tallyfy_cli {

command with_positional(std::string_view name, std::string_view arguments, std::string_view help,
                        std::vector<option_spec> options, command_run run) {
    return {.name = name,
            .arguments = arguments,
            .help = help,
            .options = std::move(options),
            .min_positionals = 1,
            .max_positionals = 1,
            .run = run};
}

std::vector<option_spec> paging_option_specs() {
    return {value_option("limit", "N",
                         "stop after N items (default: all); items past it are never decoded"),
            value_option("per-page", "N", "page size, 1-100 (default 100)"),
            value_option("max-pages", "N",
                         "fetch at most N pages (default 100000); then, if more pages are left, "
                         "stop with error max_pages_reached (exit 1)")};
}

std::vector<option_spec> with_paging(std::vector<option_spec> options) {
    for (auto& o : paging_option_specs())
        options.push_back(std::move(o));
    return options;
}

std::vector<option_spec> with_deadline_filters(std::vector<option_spec> options) {
    for (auto o : {value_option("deadline-start", "D", "deadline on or after D (YYYY-MM-DD)"),
                   value_option("deadline-end", "D", "deadline on or before D (YYYY-MM-DD)"),
                   value_option("deadline-on", "D", "deadline on D (YYYY-MM-DD)"),
                   value_option("deadline-before", "D", "deadline before D (YYYY-MM-DD)"),
                   value_option("deadline-after", "D", "deadline after D (YYYY-MM-DD)")})
        options.push_back(o);
    return options;
}

command paged_list(std::string_view name, std::string_view help, command_run run) {
    return {
        .name = name, .arguments = "", .help = help, .options = paging_option_specs(), .run = run};
}

const std::vector<command>& all_commands() {
    static const std::vector<command> table = [] {
        std::vector<command> all;
        for (auto group : {task_commands, run_commands, template_commands, file_commands,
                           guest_commands, user_commands, organization_commands,
                           automation_commands, list_commands, batch_commands, demo_commands,
                           sandbox_commands, webhook_commands, wait_commands, auth_commands})
            for (auto& c : group())
                all.push_back(std::move(c));
        return all;
    }();
    return table;
}

} // namespace tallyfy_cli
