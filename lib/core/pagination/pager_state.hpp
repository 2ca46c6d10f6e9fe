// SPDX-License-Identifier: BSL-1.0
// The state behind tallyfy::pager<T>: the walk's position, the page being consumed and at most
// one prefetch. Everything except the page buffer is touched only by coroutines on `executor`
// (the client's executor, or a strand of it when several threads run it), so nothing here needs
// a lock; the buffer belongs to the one consumer (pager calls are one at a time), and is filled
// only while that consumer waits.
#pragma once

#include "core/client_core.hpp"
#include "core/codec/page_bounds.hpp"
#include "core/pagination/page_walker.hpp"

#include <tallyfy/pager.hpp>

#include <boost/asio/cancellation_signal.hpp>
#include <boost/asio/steady_timer.hpp>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tallyfy::detail {

template <class T>
struct pager_state {
    /// The list operation's page decoder (see response_decoding.hpp).
    using decoder = outcome<page<T>> (*)(http_response&, const codec::page_bounds&);

    pager_state(std::shared_ptr<client_core> c, boost::asio::any_io_executor ex,
                std::string_view operation, decoder d, std::string target, paging_options p,
                call_options o, std::optional<error_details> refusal)
        : core(std::move(c))
        , executor(std::move(ex))
        , name(operation)
        , decode(d)
        , base(std::move(target))
        , paging(p)
        , call(std::move(o))
        , refused(std::move(refusal))
        , walker(p)
        , prefetch_ready(executor) {}

    // What every page request is made of.
    std::shared_ptr<client_core> core;
    boost::asio::any_io_executor executor;
    std::string_view name; ///< the list operation, prefix of its decode errors
    decoder decode;
    std::string base; ///< target without page/per_page
    paging_options paging;
    call_options call;
    std::optional<error_details> refused; ///< an argument refused when the pager was made
    std::optional<std::chrono::steady_clock::time_point> deadline; ///< set by the first fetch

    // The walk.
    page_walker walker;
    std::vector<T> buffer; ///< the page being consumed, from `head` on
    std::size_t head = 0;
    std::int64_t buffered_page = 0; ///< the number of the page in `buffer`
    std::optional<pagination_meta> last_meta;
    std::size_t delivered = 0;
    bool limit_reached = false; ///< paging.max_items will be met by what is buffered

    // The prefetch: its result, once in; the signal that cancels it (shared with its
    // completion, so it outlives the operation it is bound to); a timer used as an event that
    // wakes a consumer waiting for it.
    std::atomic<bool> prefetch_in_flight{false}; ///< also read by ~pager, on any thread
    std::uint64_t prefetch_generation = 0;       ///< a completion of an older generation is dropped
    std::optional<outcome<page<T>>> prefetched;
    std::shared_ptr<boost::asio::cancellation_signal> prefetch_signal;
    boost::asio::steady_timer prefetch_ready;

    std::size_t available() const noexcept { return buffer.size() - head; }
    /// Nothing is left to deliver and no error is pending: the end of the list.
    bool over() const noexcept {
        return available() == 0 && (limit_reached || (walker.finished() && !walker.capped()));
    }
};

} // namespace tallyfy::detail
