// SPDX-License-Identifier: BSL-1.0
#include "core/pagination/page_walker.hpp"

#include <algorithm>

namespace tallyfy::detail {

void page_fingerprint::add(std::string_view id) noexcept {
    for (unsigned char c : id) {
        hash_ ^= c;
        hash_ *= 0x100000001b3ULL;
    }
    hash_ ^= 0xff; // a separator no id byte sequence can imitate across a boundary
    hash_ *= 0x100000001b3ULL;
    ++count_;
}

page_walker::page_walker(const paging_options& paging)
    : paging_(paging)
    , next_page_(std::max<std::int64_t>(1, paging.start_page)) {}

std::optional<std::string> page_walker::accept(const std::optional<pagination_meta>& meta,
                                               const page_fingerprint& items) {
    if (finished())
        return std::nullopt;
    if (meta && meta->current_page != 0 && meta->current_page != next_page_)
        return "asked for page " + std::to_string(next_page_) + ", the server sent page " +
               std::to_string(meta->current_page) + " (it ignores `page`)";
    if (items.count() != 0) {
        const auto shown = std::min(recent_count_, recent_.size());
        for (std::size_t i = 0; i < shown; ++i) {
            if (recent_[i].fingerprint == items.value())
                return "page " + std::to_string(next_page_) + " repeats the items of page " +
                       std::to_string(recent_[i].number) + " (the server's pages form a loop)";
        }
        recent_[recent_count_ % recent_.size()] = {items.value(), next_page_};
        ++recent_count_;
    }
    ++pages_fetched_;
    if (items.count() == 0 || paging_.without_pagination || !meta) {
        finished_ = true; // an empty page, everything at once, or a list without pagination
    } else if (meta->total_pages > 0) {
        // A server that leaves current_page out is taken to have sent the page asked for.
        const auto current = meta->current_page != 0 ? meta->current_page : next_page_;
        finished_ = current >= meta->total_pages;
    } else {
        finished_ = meta->next_link.empty();
    }
    ++next_page_; // also at the end: a walk resumed from next_page() repeats nothing
    // The cap ends the walk after this page is delivered (error::max_pages_reached).
    if (!finished_ && paging_.max_pages > 0 &&
        static_cast<std::int64_t>(pages_fetched_) >= paging_.max_pages)
        capped_ = true;
    return std::nullopt;
}

} // namespace tallyfy::detail
