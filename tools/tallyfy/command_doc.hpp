// SPDX-License-Identifier: BSL-1.0
// What a command's table entry says about itself, split for the generated help: its summary,
// its notes and the names of its positional arguments. The options describe themselves (their
// specs' `help` and `value_name`).
#pragma once

#include "command.hpp"

#include <string>
#include <vector>

namespace tallyfy_cli {

struct command_doc {
    std::string summary;                  ///< the help's first paragraph
    std::string notes;                    ///< the paragraphs after it
    std::vector<std::string> positionals; ///< "TASK_ID", "TEXT", ...
};

/// Reads `c.help` (a summary, then after an empty line notes) and `c.arguments` (the
/// positionals' names). Throws std::logic_error when the help text holds an option line (two
/// spaces and `--`): an option's description belongs to its spec.
command_doc document(const command& c);

} // namespace tallyfy_cli
