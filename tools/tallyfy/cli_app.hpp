// SPDX-License-Identifier: BSL-1.0
// The command framework: one CLI11 App built from the command table (command.hpp) and the
// global options, the one source of truth for the command words, flags, accepted values, help,
// validation and --version. It parses an invocation into the command to run and its
// parsed_args; help, version, completion and usage errors are answered here.
#pragma once

#include "args.hpp"
#include "command.hpp"

#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace tallyfy_cli {

/// The official CLI's words for our command groups ("process" for "run", ...): each works as
/// the group's own word.
const std::vector<std::pair<std::string_view, std::string_view>>& official_aliases();

/// The words of the commands the framework itself answers: `help [command words]`, `version`,
/// `completion bash|zsh|fish`.
const std::vector<std::string_view>& builtin_commands();

using command_runner = std::function<int(const command&, const parsed_args&)>;

/// Parses `tokens` (argv without the program name). `--help`, `help ...`: the help on stdout,
/// exit 0. `--version`, `version`: one line on stdout, exit 0. A usage error: a one-line reason
/// (with "did you mean" for a mistyped command word or flag) and the command's usage on stderr,
/// exit 2. Otherwise returns what `run` returns for the command found.
int dispatch(const std::vector<std::string>& tokens, const command_runner& run);

} // namespace tallyfy_cli
