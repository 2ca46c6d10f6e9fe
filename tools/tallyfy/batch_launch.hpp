// SPDX-License-Identifier: BSL-1.0
// `batch launch --template ID FILE.csv`: one run per CSV row (batch_launch.cpp); batch_commands()
// lists it beside `batch complete`.
#pragma once

#include "command.hpp"

namespace tallyfy_cli {

command batch_launch_command();

} // namespace tallyfy_cli
