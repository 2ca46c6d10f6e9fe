// SPDX-License-Identifier: BSL-1.0
// Confirmation of what cannot be undone: asked at a terminal, `--yes` elsewhere.
#pragma once

#include "args.hpp"

#include <string_view>

namespace tallyfy_cli {

/// True when a permanent `what` ("run 3f2a... and its tasks") may go ahead: `--yes` was given,
/// or stdin is a terminal and the person typed "yes". Throws usage_error naming `command` when
/// stdin is not a terminal and `--yes` is missing (a script must say so). A "no" prints
/// "not deleted" and returns false.
bool confirmed(const parsed_args& args, std::string_view command, std::string_view what);

} // namespace tallyfy_cli
