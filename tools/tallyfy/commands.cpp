// SPDX-License-Identifier: BSL-1.0
#include "command.hpp"

namespace tallyfy_cli {

const std::vector<command>& all_commands() {
    static const std::vector<command> table = [] {
        std::vector<command> all;
        for (auto group : {task_commands, run_commands, template_commands, file_commands,
                           list_commands, batch_commands, demo_commands, sandbox_commands})
            for (auto& c : group())
                all.push_back(std::move(c));
        return all;
    }();
    return table;
}

} // namespace tallyfy_cli
