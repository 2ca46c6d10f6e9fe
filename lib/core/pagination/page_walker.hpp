// SPDX-License-Identifier: BSL-1.0
// The stop rules of a paginated walk, free of I/O so they can be tested page by page.
#pragma once

#include <tallyfy/list_filters.hpp>
#include <tallyfy/models.hpp>

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace tallyfy::detail {

/// A page's identity for loop detection: its item count and a hash of its ids, in order.
class page_fingerprint {
public:
    void add(std::string_view id) noexcept;
    std::uint64_t value() const noexcept { return hash_ ^ (count_ * 0x9e3779b97f4a7c15ULL); }
    std::size_t count() const noexcept { return count_; }

private:
    std::uint64_t hash_ = 0xcbf29ce484222325ULL; // FNV-1a
    std::size_t count_ = 0;
};

class page_walker {
public:
    /// How many recent pages a new page is compared with: catches a server cycling through up
    /// to this many pages (A, B, A, B...); longer cycles meet max_pages or the walk's deadline.
    static constexpr std::size_t remembered_pages = 16;

    explicit page_walker(const paging_options& paging);

    /// The page the next fetch must ask for (after the last page: the one after it).
    std::int64_t next_page() const noexcept { return next_page_; }
    /// No page is left to fetch: the list ended, or max_pages was reached (capped()).
    bool finished() const noexcept { return finished_ || capped_; }
    /// The walk stopped at max_pages while the server announced more pages.
    bool capped() const noexcept { return capped_; }
    std::size_t pages_fetched() const noexcept { return pages_fetched_; }

    /// Takes the page fetched for next_page(): its meta and the fingerprint of its items.
    /// Decides whether another page follows. A refusal (the server ignores `page`, or the page
    /// repeats one of the recent pages) is returned as the reason; the position is then
    /// unchanged, so the same page can be fetched again.
    std::optional<std::string> accept(const std::optional<pagination_meta>& meta,
                                      const page_fingerprint& items);

private:
    struct seen_page {
        std::uint64_t fingerprint = 0;
        std::int64_t number = 0;
    };

    paging_options paging_;
    std::int64_t next_page_;
    std::size_t pages_fetched_ = 0;
    bool finished_ = false;
    bool capped_ = false;
    std::array<seen_page, remembered_pages> recent_{};
    std::size_t recent_count_ = 0;
};

} // namespace tallyfy::detail
