// SPDX-License-Identifier: BSL-1.0
// "Did you mean": the nearest known word to a mistyped one, by edit distance (CLI11 2.1 has no
// suggestions of its own).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tallyfy_cli {

/// Insertions, deletions, substitutions and swaps of two neighbours, one each.
std::size_t edit_distance(std::string_view a, std::string_view b);

/// The candidate nearest to `typed`, if it is near enough to be what was meant (one edit for
/// words of up to 3 letters, two up to 6, three beyond); the first of equals.
std::optional<std::string> nearest(std::string_view typed,
                                   const std::vector<std::string>& candidates);

} // namespace tallyfy_cli
