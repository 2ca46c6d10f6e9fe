// SPDX-License-Identifier: BSL-1.0
// `tallyfy completion bash|zsh|fish`: completion scripts generated from the command table (its
// command words, each command's flags, the values of enumerated options) and the global options,
// so that they offer exactly what the parser accepts.
#pragma once

#include <string>
#include <vector>

namespace tallyfy_cli {

/// "bash", "zsh", "fish".
const std::vector<std::string>& completion_shells();

/// The script for `shell` (one of completion_shells()).
std::string completion_script(const std::string& shell);

} // namespace tallyfy_cli
