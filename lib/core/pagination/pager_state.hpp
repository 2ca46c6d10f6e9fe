// SPDX-License-Identifier: BSL-1.0
// The shared state behind tallyfy::pager<T>: a page buffer, the walker and an optional prefetch.
#pragma once

#include "core/pagination/page_walker.hpp"

#include <tallyfy/pager.hpp>

#include <boost/asio/any_io_executor.hpp>

#include <deque>
#include <functional>
#include <mutex>

namespace tallyfy::detail {

template <class T>
struct pager_state : std::enable_shared_from_this<pager_state<T>> {
    using page_result_handler =
        boost::asio::any_completion_handler<void(std::exception_ptr, page<T>)>;
    /// Fetches one page (page number) and completes on the client's executor.
    using fetch_function = std::function<void(std::int64_t, page_result_handler)>;
    /// Called once the page is in the buffer (or failed).
    using continuation = std::function<void(std::exception_ptr)>;

    pager_state(boost::asio::any_io_executor ex, paging_options p, fetch_function f)
        : executor(std::move(ex))
        , paging(p)
        , fetch(std::move(f))
        , walker(p) {}

    boost::asio::any_io_executor executor;
    paging_options paging;
    fetch_function fetch;

    std::mutex mutex;
    page_walker walker;
    std::deque<T> buffer;
    std::optional<pagination_meta> last_meta;
    std::size_t delivered = 0;
    bool limit_reached = false;

    // Prefetch: at most one page fetched ahead.
    bool prefetch_in_flight = false;
    std::optional<page<T>> prefetched;
    std::exception_ptr prefetch_error;
    continuation waiting; // a consumer waiting for the in-flight prefetch

    bool exhausted() const { return buffer.empty() && (walker.finished() || limit_reached); }

    /// Makes sure the buffer holds the next page's items (unless the walk is over), then calls
    /// `done`. Called with the mutex NOT held.
    void fill(continuation done);

private:
    // Marks a prefetch as started and returns its page, when one should start.
    std::optional<std::int64_t> claim_prefetch_locked();
    void launch_prefetch(std::optional<std::int64_t> page_number);
    // Puts a fetched page into the buffer; returns the error to report, if any.
    std::exception_ptr accept_locked(page<T>&& fetched);
};

} // namespace tallyfy::detail
