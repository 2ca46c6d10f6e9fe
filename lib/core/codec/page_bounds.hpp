// SPDX-License-Identifier: BSL-1.0
// How many of a list page's items the decoders turn into models.
#pragma once

#include <cstddef>
#include <optional>
#include <string>

namespace tallyfy::codec {

/// Set by the pager from paging_options::max_items and max_page_items.
struct page_bounds {
    std::size_t keep = std::size_t(-1);         ///< models made at most; later items are skipped
    std::size_t refuse_above = std::size_t(-1); ///< a page with more items is refused

    /// The refusal for a page of `count` items (unknown: it was refused while streaming).
    std::string refusal(std::optional<std::size_t> count) const;
};

} // namespace tallyfy::codec
