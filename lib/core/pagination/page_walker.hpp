// SPDX-License-Identifier: BSL-1.0
// The stop rules of a paginated walk, free of I/O so they can be tested page by page.
#pragma once

#include <tallyfy/list_filters.hpp>
#include <tallyfy/models.hpp>

#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace tallyfy::detail {

/// The server repeated a page, ignored `page`, or the walk hit the page cap.
class pagination_error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

class page_walker {
public:
    explicit page_walker(const paging_options& paging);

    /// The page the next fetch must ask for.
    std::int64_t next_page() const noexcept { return next_page_; }
    bool finished() const noexcept { return finished_; }
    std::size_t pages_fetched() const noexcept { return pages_fetched_; }

    /// Takes the page fetched for next_page(): its meta and the ids of its items, in order.
    /// Decides whether another page follows. Throws pagination_error (the position is then
    /// unchanged, so the same page can be fetched again).
    void accept(const std::optional<pagination_meta>& meta, const std::vector<std::string>& ids);

private:
    paging_options paging_;
    std::int64_t next_page_;
    std::size_t pages_fetched_ = 0;
    bool finished_ = false;
    std::vector<std::string> previous_ids_;
};

} // namespace tallyfy::detail
