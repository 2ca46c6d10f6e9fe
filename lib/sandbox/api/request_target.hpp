// SPDX-License-Identifier: BSL-1.0
// The request target split into percent-decoded path segments and query parameters.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace tallyfy::sandbox::detail {

struct request_target {
    std::string raw_path;              ///< path as sent (still encoded), for pagination links
    std::vector<std::string> segments; ///< decoded
    std::vector<std::pair<std::string, std::string>> params;     ///< decoded, in order
    std::vector<std::pair<std::string, std::string>> raw_params; ///< still encoded, in order

    /// Last value of `key`, if present.
    std::optional<std::string_view> param(std::string_view key) const;
    /// `key` is present with value "true" or "1".
    bool flag(std::string_view key) const;
};

/// Parses an origin-form target; nullopt when it is not one.
std::optional<request_target> parse_target(std::string_view target);

/// Splits "a,b, c" into trimmed, non-empty items.
std::vector<std::string> split_csv(std::string_view s);

} // namespace tallyfy::sandbox::detail
