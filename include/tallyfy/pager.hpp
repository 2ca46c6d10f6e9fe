// SPDX-License-Identifier: BSL-1.0
// tallyfy::pager<T> — an async generator over a paginated list:
//
//     auto tasks = api.list_run_tasks(run_id, filter);
//     while (auto t = co_await tasks.next()) { ... }     // one item at a time, lazily
//
// No request is made before the first next()/next_page(). Memory is one page (two with
// prefetch). The walk stops when `current_page >= total_pages`, else when `links.next` is empty
// or absent, else on an empty page. A page that repeats the previous page's items, or a server
// that ignores `page`, ends the walk with error::pagination_loop instead of looping.
// Errors are delivered by the next() that needed the failing page, after the items already
// delivered; calling next() again retries from the same position (position() is resumable).
// Thread safety: one consumer at a time (like an iterator); the pager may be destroyed at any
// point: an in-flight prefetch is cancelled and its connection closed, nothing leaks.
#pragma once

#include <tallyfy/models.hpp>

#include <boost/asio/any_completion_handler.hpp>
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <cstdint>
#include <exception>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

namespace tallyfy {

/// Where a walk stands; pass `next_page` as `paging_options::start_page` to resume elsewhere.
struct page_position {
    std::int64_t next_page = 1;      ///< the page the next fetch asks for
    std::size_t items_delivered = 0; ///< items handed out so far
    std::size_t pages_fetched = 0;
    bool finished = false;
};

namespace detail {
template <class T>
struct pager_state;
}

template <class T>
class pager {
public:
    using item_handler =
        boost::asio::any_completion_handler<void(std::exception_ptr, std::optional<T>)>;
    using page_handler =
        boost::asio::any_completion_handler<void(std::exception_ptr, std::optional<page<T>>)>;
    using list_handler =
        boost::asio::any_completion_handler<void(std::exception_ptr, std::vector<T>)>;

    explicit pager(std::shared_ptr<detail::pager_state<T>> state);
    pager(pager&&) noexcept;
    pager& operator=(pager&&) noexcept;
    pager(const pager&) = delete;
    pager& operator=(const pager&) = delete;
    ~pager();

    /// The next item, or an empty optional at the end of the list.
    template <class Token = boost::asio::use_awaitable_t<>>
    auto next(Token&& token = {}) {
        return boost::asio::async_initiate<Token, void(std::exception_ptr, std::optional<T>)>(
            [this](auto h) { do_next(item_handler(std::move(h))); }, token);
    }

    /// The rest of the current page, or the next page (items and `meta.pagination`); empty at
    /// the end. Do not mix with next() within one page unless you want the remainder.
    template <class Token = boost::asio::use_awaitable_t<>>
    auto next_page(Token&& token = {}) {
        return boost::asio::async_initiate<Token, void(std::exception_ptr, std::optional<page<T>>)>(
            [this](auto h) { do_next_page(page_handler(std::move(h))); }, token);
    }

    /// Up to `max_items` of the remaining items (0: all of them).
    template <class Token = boost::asio::use_awaitable_t<>>
    auto collect(std::size_t max_items, Token&& token = {}) {
        return boost::asio::async_initiate<Token, void(std::exception_ptr, std::vector<T>)>(
            [this, max_items](auto h) { do_collect(max_items, list_handler(std::move(h))); },
            token);
    }

    page_position position() const;

private:
    void do_next(item_handler);
    void do_next_page(page_handler);
    void do_collect(std::size_t max_items, list_handler);
    std::shared_ptr<detail::pager_state<T>> state_;
};

extern template class pager<task>;
extern template class pager<run>;
extern template class pager<checklist>;

} // namespace tallyfy
