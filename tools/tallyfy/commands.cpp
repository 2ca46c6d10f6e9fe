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

command paged_list(std::string_view name, std::string_view help, command_run run) {
    return {.name = name,
            .arguments = "",
            .help = help,
            .options = {{"limit", true}, {"per-page", true}, {"max-pages", true}},
            .run = run};
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
