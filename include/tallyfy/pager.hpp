// SPDX-License-Identifier: BSL-1.0
// tallyfy::pager<T> — an async generator over a paginated list:
//
//     auto tasks = api.list_run_tasks(run_id, filter);
//     while (auto t = co_await tasks.next()) { ... }     // one item at a time, lazily
//
// Requests: none before the first next()/next_page()/collect(); then one GET per page
// (`page`/`per_page`, or `without_pagination`), through the client's retry loop, with at most one
// more page fetched ahead while the current one is consumed (paging_options::prefetch).
//
// End of the walk: `current_page >= total_pages`, else no `links.next`, else an empty page.
//
// Completion: like the client's operations (completion.hpp), `void(error_code, R)` with R
//   next()       std::optional<T>        empty at the end of the list
//   next_page()  std::optional<page<T>>  the rest of the current page, or the next one
//   collect(n)   std::vector<T>          up to n of the remaining items (0: all)
// The default token awaited returns R or throws tallyfy::api_error with every detail; any other
// token gets the error_code (and the details through tallyfy::with_details).
//
// Errors, each delivered by the call that needed the failing page, after every item fetched
// before it; calling again retries from the same page (position() is resumable):
//   * any error of the client's operations (transport, status, retries, rate limits);
//   * bad_response: a page that cannot be decoded, or that holds more items than
//     paging_options::max_page_items (refused before its items are decoded: memory follows the
//     page's bytes, never its item count);
//   * pagination_loop: the server ignores `page`, or a page repeats one of the last 16 pages;
//   * max_pages_reached: paging_options::max_pages pages were fetched and more were announced;
//   * deadline_exceeded: paging_options::walk_deadline passed;
//   * cancelled: the call's cancellation slot was emitted (terminal, partial or total), also
//     before the call had started.
//
// Cancellation: a call's cancellation slot reaches the page fetch it waits for, also a prefetch it
// adopted; that fetch's connection is closed and the position is unchanged.
// Executors: pages are fetched on the client's executor; each call completes through its
// handler's associated executor (an awaiting coroutine resumes on its own executor).
// Thread safety: one call at a time per pager (like an iterator); distinct pagers are independent.
// Lifetime: the pager may be destroyed at any point between calls: a prefetch in flight is
// cancelled and its connection closed (when its io_context next runs). The client may be
// destroyed before its pagers; the io_context must outlive them.
#pragma once

#include <tallyfy/api_error.hpp>
#include <tallyfy/completion.hpp>
#include <tallyfy/models.hpp>

#include <boost/asio/any_completion_handler.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/system/error_code.hpp>

#include <cstdint>
#include <memory>
#include <optional>
#include <type_traits>
#include <vector>

namespace tallyfy {

/// Where a walk stands; pass `next_page` as `paging_options::start_page` to resume elsewhere.
struct page_position {
    std::int64_t next_page = 1;      ///< the first page whose items were not all delivered
    std::size_t items_delivered = 0; ///< items handed out so far
    std::size_t pages_fetched = 0;   ///< pages received so far (what max_pages counts)
    /// The list ended, or max_items was reached, and every item was delivered. False after
    /// max_pages_reached: resume from `next_page`.
    bool finished = false;
};

namespace detail {
template <class T>
struct pager_state;
}

/// An async generator over a paginated list of T, made by the client's list_* operations (e.g.
/// client::list_run_tasks). No request before the first call; then one GET per page, through the
/// client's retry loop, with at most one page fetched ahead (paging_options::prefetch).
///
/// Completion: like the client's operations, `void(error_code, R)` with R `std::optional<T>`
/// (next), `std::optional<page<T>>` (next_page) or `std::vector<T>` (collect); awaited with the
/// default token it returns R or throws api_error.
/// Errors, delivered by the call that needed the failing page after every item fetched before
/// it (calling again retries that page): those of the client's operations; bad_response (a page
/// that does not decode, or holds more than paging_options::max_page_items); pagination_loop
/// (the server ignores `page` or repeats a page); max_pages_reached; deadline_exceeded
/// (paging_options::walk_deadline); cancelled.
/// Cancellation: a call's cancellation slot reaches the page fetch it waits for; that fetch's
/// connection is closed and the position is unchanged.
/// Thread safety: one call at a time per pager (like an iterator); distinct pagers are
/// independent. Pages are fetched on the client's executor; a call completes through its
/// handler's associated executor.
/// Lifetime: the pager may be destroyed between calls (a prefetch in flight is cancelled); the
/// client may be destroyed before its pagers; the io_context must outlive them.
template <class T>
class pager {
public:
    /// Used by the client; obtain pagers from its list_* operations.
    explicit pager(std::shared_ptr<detail::pager_state<T>> state);
    /// Takes over the walk; the moved-from pager may only be destroyed or assigned to.
    pager(pager&&) noexcept;
    /// Takes over the walk (this pager's own prefetch, if any, is cancelled).
    pager& operator=(pager&&) noexcept;
    pager(const pager&) = delete;
    pager& operator=(const pager&) = delete;
    /// Cancels a prefetch in flight (its connection is closed); nothing else is pending.
    ~pager();

    /// The next item, or an empty optional at the end of the list.
    template <class Token = boost::asio::use_awaitable_t<>>
    auto next(Token&& token = {}) {
        return start<std::optional<T>>(0, std::forward<Token>(token));
    }

    /// The rest of the current page, or the next page (items and `meta.pagination`); empty at
    /// the end. Do not mix with next() within one page unless you want the remainder.
    template <class Token = boost::asio::use_awaitable_t<>>
    auto next_page(Token&& token = {}) {
        return start<std::optional<page<T>>>(0, std::forward<Token>(token));
    }

    /// Up to `max_items` of the remaining items (0: all of them). A failure after some items
    /// were gathered ends the call with those items; the next call meets it (or retries it).
    template <class Token = boost::asio::use_awaitable_t<>>
    auto collect(std::size_t max_items, Token&& token = {}) {
        return start<std::vector<T>>(max_items, std::forward<Token>(token));
    }

    /// Where the walk stands (not while a call is pending).
    page_position position() const;

private:
    using state_ptr = std::shared_ptr<detail::pager_state<T>>;

    template <class R, class Token>
    auto start(std::size_t max_items, Token&& token) {
        using plain = std::decay_t<Token>;
        if constexpr (std::is_same_v<plain, boost::asio::use_awaitable_t<>>) {
            return co_take<R>(state_, max_items);
        } else if constexpr (detail::is_slot_bound_awaitable<plain>) {
            return detail::await_with_slot<R>(
                token.get_cancellation_slot(),
                [state = state_, max_items](auto bound, error_details* details) {
                    return boost::asio::async_initiate<decltype(bound),
                                                       void(boost::system::error_code, R)>(
                        [state, max_items, details](auto handler) {
                            async_take<R>(state, max_items,
                                          operation_handler<R>(std::move(handler)), details);
                        },
                        bound);
                });
        } else if constexpr (detail::is_with_details<plain>) {
            return initiate<R>(max_items, std::forward<Token>(token).token, token.details);
        } else {
            return initiate<R>(max_items, std::forward<Token>(token), nullptr);
        }
    }

    template <class R, class Token>
    auto initiate(std::size_t max_items, Token&& token, error_details* details) {
        return boost::asio::async_initiate<Token, void(boost::system::error_code, R)>(
            [state = state_, max_items, details](auto handler) {
                async_take<R>(state, max_items, operation_handler<R>(std::move(handler)), details);
            },
            token);
    }

    // Defined in the library for R = optional<T>, optional<page<T>> and vector<T>.
    template <class R>
    static boost::asio::awaitable<R> co_take(state_ptr state, std::size_t max_items);
    template <class R>
    static void async_take(state_ptr state, std::size_t max_items, operation_handler<R> handler,
                           error_details* details);

    state_ptr state_;
};

extern template class pager<task>;
extern template class pager<run>;
extern template class pager<checklist>;
extern template class pager<guest>;
extern template class pager<user>;
extern template class pager<organization>;
extern template class pager<tag>;
extern template class pager<group>;
extern template class pager<folder>;
extern template class pager<search_hit>;

} // namespace tallyfy
