// SPDX-License-Identifier: BSL-1.0
// CSV rows with RFC 4180 quoting: a field holding a comma, a double quote, CR or LF is quoted,
// its quotes doubled; others are written as they are. Rows end with LF. Pure functions.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace tallyfy_cli {

/// One field, quoted when it must be.
std::string csv_field(std::string_view text);

/// The fields joined with commas, ending with '\n'.
std::string csv_row(const std::vector<std::string>& fields);

} // namespace tallyfy_cli
