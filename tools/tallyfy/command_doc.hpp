// SPDX-License-Identifier: BSL-1.0
// What a command's table entry says about itself, split for the generated help: its summary,
// its notes, one description per option and the names of its positional arguments.
#pragma once

#include "command.hpp"

#include <map>
#include <string>
#include <vector>

namespace tallyfy_cli {

struct option_doc {
    std::string value_name; ///< "RUN_ID" for `--run RUN_ID`; empty for a flag
    std::string text;       ///< what the option does
};

struct command_doc {
    std::string summary;                                    ///< the help's first paragraph
    std::string notes;                                      ///< prose after the option lines
    std::map<std::string, option_doc, std::less<>> options; ///< by name, without "--"
    std::vector<std::string> positionals;                   ///< "TASK_ID", "TEXT", ...
};

/// Reads `c.help` (option lines start with two spaces and `--`, their continuation lines are
/// indented further) and `c.arguments` (the positionals' names).
command_doc document(const command& c);

} // namespace tallyfy_cli
