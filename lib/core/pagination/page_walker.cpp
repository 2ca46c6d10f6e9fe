// SPDX-License-Identifier: BSL-1.0
#include "core/pagination/page_walker.hpp"

namespace tallyfy::detail {

page_walker::page_walker(const paging_options& paging)
    : paging_(paging)
    , next_page_(std::max<std::int64_t>(1, paging.start_page)) {}

void page_walker::accept(const std::optional<pagination_meta>& meta,
                         const std::vector<std::string>& ids) {
    if (finished_)
        return;
    if (meta && meta->current_page != 0 && meta->current_page != next_page_)
        throw pagination_error("asked for page " + std::to_string(next_page_) +
                               ", the server sent page " + std::to_string(meta->current_page) +
                               " (it ignores `page`)");
    if (!ids.empty() && ids == previous_ids_)
        throw pagination_error("page " + std::to_string(next_page_) +
                               " repeats the previous page's items");
    ++pages_fetched_;
    previous_ids_ = ids;
    if (ids.empty() || paging_.without_pagination || !meta) {
        finished_ = true; // an empty page, everything at once, or a list without pagination
    } else if (meta->total_pages > 0) {
        finished_ = meta->current_page >= meta->total_pages;
    } else {
        finished_ = meta->next_link.empty();
    }
    if (!finished_) {
        if (static_cast<std::int64_t>(pages_fetched_) >= paging_.max_pages)
            throw pagination_error("stopped after " + std::to_string(pages_fetched_) +
                                   " pages (paging_options::max_pages)");
        ++next_page_;
    }
}

} // namespace tallyfy::detail
