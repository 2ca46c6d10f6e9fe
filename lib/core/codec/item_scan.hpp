// SPDX-License-Identifier: BSL-1.0
// Finding where a list envelope's n-th item starts without building anything, so that a page
// with far more items than asked for is refused, or cut, before it costs memory.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace tallyfy::codec {

/// Where `data[n]` of a list envelope (`{"data": [...], ...}`) starts in `text`:
/// its offset when it is an object or an array, npos when the list has n items or fewer, and
/// nullopt when the text is not such an envelope up to there or data[n] is a scalar (the
/// decoders then say what is wrong). Allocates nothing; stops reading at data[n].
std::optional<std::size_t> offset_of_item(std::string_view text, std::size_t n);

/// The envelope cut just before the item at `offset` (from offset_of_item): the items before
/// it, and whatever members came before `data`; what followed the list is dropped.
std::string list_prefix(std::string_view text, std::size_t offset);

} // namespace tallyfy::codec
