// SPDX-License-Identifier: BSL-1.0
// tallyfy::pager<T>: a walk as coroutines on the client's executor, explicitly instantiated for
// the list models so that no user translation unit compiles it.
//
// fill() makes sure the buffer holds items (or finds the walk over, or an error): it adopts the
// prefetch when one is in flight or done, else fetches the page itself; then starts the next
// prefetch. A prefetch is a coroutine of its own with its own cancellation signal, emitted when
// the consumer that adopted it is cancelled or when the pager is destroyed.
#include "core/pagination/pager_state.hpp"

#include "core/list_queries.hpp"
#include "core/perform.hpp"
#include "core/redaction.hpp"
#include "core/request_builder.hpp"
#include "core/token_completion.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/bind_executor.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <algorithm>

namespace tallyfy {

namespace asio = boost::asio;

namespace detail {

namespace {

using clock_type = std::chrono::steady_clock;

template <class T>
using state_ptr = std::shared_ptr<pager_state<T>>;

// How many items of the next page become models, given what is buffered.
template <class T>
codec::page_bounds bounds_of(const pager_state<T>& s) {
    codec::page_bounds b;
    const auto& p = s.paging;
    if (p.max_page_items != 0)
        b.refuse_above = p.max_page_items;
    else if (p.without_pagination)
        b.refuse_above = 100'000;
    else
        b.refuse_above =
            static_cast<std::size_t>(std::clamp<std::int64_t>(p.per_page, 1, 100)) + 10;
    if (p.max_items != 0) {
        const std::size_t promised = s.delivered + s.available();
        b.keep = p.max_items > promised ? p.max_items - promised : 0;
    }
    return b;
}

// One page: the walk's deadline cuts its retries; the decoder honours the bounds.
template <class T>
asio::awaitable<outcome<page<T>>> fetch_page(state_ptr<T> s, std::int64_t number,
                                             codec::page_bounds bounds) {
    if (s->refused)
        co_return *s->refused;
    call_options call = s->call;
    if (s->deadline) {
        const auto left =
            std::chrono::ceil<std::chrono::milliseconds>(*s->deadline - clock_type::now());
        if (left.count() <= 0)
            co_return make_details(error::deadline_exceeded,
                                   std::string(s->name) +
                                       ": the walk's deadline "
                                       "(paging_options::walk_deadline) passed before page " +
                                       std::to_string(number));
        retry_policy policy = call.retry.value_or(s->core->runner.default_policy);
        if (policy.total_deadline.count() <= 0 || policy.total_deadline > left)
            policy.total_deadline = left;
        call.retry = policy;
    }
    outcome<http_request> request = error_details{};
    try {
        request = make_http_request(*s->core, http_method::get,
                                    page_query(s->base, s->paging, number), {}, true, call);
    } catch (const invalid_argument_error& e) {
        co_return refused_argument(s->name, e.what());
    }
    auto sending = execute(s->core->runner, std::move(*request), call);
    auto sent = co_await std::move(sending);
    if (!sent)
        co_return std::move(sent).error();
    co_return decoded_by(s->name, s->decode(*sent, bounds));
}

template <class T>
void launch_prefetch(const state_ptr<T>& s) {
    if (!s->paging.prefetch || s->prefetch_in_flight || s->prefetched || s->walker.finished() ||
        s->limit_reached)
        return;
    s->prefetch_in_flight = true;
    const auto generation = ++s->prefetch_generation;
    auto signal = std::make_shared<asio::cancellation_signal>();
    s->prefetch_signal = signal;
    auto fetching = fetch_page<T>(s, s->walker.next_page(), bounds_of(*s));
    asio::co_spawn(
        s->executor, std::move(fetching),
        asio::bind_cancellation_slot(
            signal->slot(), [s, generation, signal](std::exception_ptr e, outcome<page<T>> got) {
                if (generation != s->prefetch_generation)
                    return; // abandoned: its consumer was cancelled or the pager destroyed
                s->prefetch_in_flight = false;
                s->prefetch_signal.reset();
                if (e)
                    s->prefetched.emplace(details_of(e));
                else
                    s->prefetched.emplace(std::move(got));
                s->prefetch_ready.cancel(); // wakes a waiting consumer, if any
            }));
}

// Cancels the prefetch in flight and forgets it: its completion will be dropped.
template <class T>
void abandon_prefetch(pager_state<T>& s) {
    if (!s.prefetch_in_flight)
        return;
    ++s.prefetch_generation;
    s.prefetch_in_flight = false;
    if (auto signal = std::move(s.prefetch_signal))
        signal->emit(asio::cancellation_type::all);
}

// What identifies an item for the page-loop check: its id; a member's numeric id as text; a
// guest's email (some answers carry no guest id, and equal empty ids would look like a loop).
template <class T>
std::string_view item_key(const T& item) {
    return item.id;
}
std::string item_key(const user& u) {
    return std::to_string(u.id);
}
std::string_view item_key(const guest& g) {
    return g.email;
}
// Hits of different kinds may share an id: a page's identity is kind and id.
std::string item_key(const search_hit& h) {
    return h.kind + ':' + h.id;
}

// The fetched page becomes the buffer (cut at max_items), or the reason it cannot.
template <class T>
std::optional<error_details> accept_page(pager_state<T>& s, page<T>&& fetched) {
    page_fingerprint fingerprint;
    for (const auto& item : fetched.items)
        fingerprint.add(item_key(item));
    const auto number = s.walker.next_page();
    if (auto refusal = s.walker.accept(fetched.pagination, fingerprint)) {
        auto d = make_details(error::pagination_loop, std::string(s.name) + ": " + *refusal);
        return d;
    }
    s.last_meta = std::move(fetched.pagination);
    s.buffer = std::move(fetched.items);
    s.head = 0;
    s.buffered_page = number;
    if (s.paging.max_items != 0 && s.delivered + s.buffer.size() >= s.paging.max_items) {
        s.buffer.erase(s.buffer.begin() +
                           static_cast<std::ptrdiff_t>(s.paging.max_items - s.delivered),
                       s.buffer.end());
        s.limit_reached = true;
    }
    return std::nullopt;
}

// Makes sure the buffer holds items, or the walk is over; else the error to deliver.
template <class T>
asio::awaitable<std::optional<error_details>> fill(state_ptr<T> s) {
    if (s->available() != 0 || s->over())
        co_return std::nullopt;
    if (s->walker.capped())
        co_return make_details(error::max_pages_reached,
                               std::string(s->name) + ": stopped after " +
                                   std::to_string(s->walker.pages_fetched()) +
                                   " pages (paging_options::max_pages); the list goes on at page " +
                                   std::to_string(s->walker.next_page()));
    if (!s->deadline && s->paging.walk_deadline.count() > 0)
        s->deadline = clock_type::now() + s->paging.walk_deadline;
    // A cancellation emitted before this coroutine got here finds no operation to interrupt.
    const auto cancellation = co_await asio::this_coro::cancellation_state;
    if (cancellation.cancelled() != asio::cancellation_type::none)
        co_return make_details(error::cancelled, std::string(s->name) + ": cancelled");

    if (s->prefetch_in_flight) {
        s->prefetch_ready.expires_at(clock_type::time_point::max());
        auto waiting = s->prefetch_ready.async_wait(asio::as_tuple(asio::use_awaitable));
        co_await std::move(waiting);
        if (!s->prefetched) { // woken by our own cancellation, not by the prefetch
            abandon_prefetch(*s);
            co_return make_details(error::cancelled, std::string(s->name) +
                                                         ": cancelled while fetching page " +
                                                         std::to_string(s->walker.next_page()));
        }
    }
    std::optional<outcome<page<T>>> got;
    if (s->prefetched) {
        got = std::move(s->prefetched);
        s->prefetched.reset();
    } else {
        auto fetching = fetch_page<T>(s, s->walker.next_page(), bounds_of(*s));
        got.emplace(co_await std::move(fetching));
    }
    if (!*got)
        co_return std::move(*got).error();
    if (auto refused = accept_page(*s, std::move(**got)))
        co_return refused;
    launch_prefetch(s);
    co_return std::nullopt;
}

template <class R>
struct take_kind;
template <class T>
struct take_kind<std::optional<T>> {
    using item = T;
};
template <class T>
struct take_kind<std::optional<page<T>>> {
    using item = T;
};
template <class T>
struct take_kind<std::vector<T>> {
    using item = T;
};

// One call of the pager, start to end, on the state's executor.
template <class R>
asio::awaitable<outcome<R>> take(state_ptr<typename take_kind<R>::item> s, std::size_t max_items) {
    using T = typename take_kind<R>::item;
    if constexpr (std::is_same_v<R, std::vector<T>>) {
        R out;
        while (max_items == 0 || out.size() < max_items) {
            auto filling = fill<T>(s);
            if (auto failed = co_await std::move(filling)) {
                // What was gathered is delivered; the next call meets the failure again (or
                // retries the page): nothing is lost or repeated.
                if (!out.empty())
                    break;
                co_return std::move(*failed);
            }
            if (s->available() == 0)
                break; // the end of the list
            const std::size_t n =
                std::min(s->available(), max_items == 0 ? s->available() : max_items - out.size());
            auto first = s->buffer.begin() + static_cast<std::ptrdiff_t>(s->head);
            out.insert(out.end(), std::make_move_iterator(first),
                       std::make_move_iterator(first + static_cast<std::ptrdiff_t>(n)));
            s->head += n;
            s->delivered += n;
        }
        co_return out;
    } else {
        auto filling = fill<T>(s);
        if (auto failed = co_await std::move(filling))
            co_return std::move(*failed);
        R out;
        if (s->available() == 0)
            co_return out;
        if constexpr (std::is_same_v<R, std::optional<T>>) {
            out.emplace(std::move(s->buffer[s->head]));
            ++s->head;
            ++s->delivered;
        } else {
            out.emplace();
            if (s->head == 0)
                out->items = std::move(s->buffer);
            else
                out->items.assign(std::make_move_iterator(s->buffer.begin() +
                                                          static_cast<std::ptrdiff_t>(s->head)),
                                  std::make_move_iterator(s->buffer.end()));
            out->pagination = s->last_meta;
            s->delivered += out->items.size();
            s->buffer.clear();
            s->head = 0;
        }
        co_return out;
    }
}

// take() in a coroutine of its own: cancellation is reported as error::cancelled by the code that
// sees it, never thrown by Asio at an unrelated co_await.
template <class R>
asio::awaitable<outcome<R>> take_owned(state_ptr<typename take_kind<R>::item> s,
                                       std::size_t max_items) {
    co_await asio::this_coro::throw_if_cancelled(false);
    // Any cancellation type stops a page fetch: reading a page has no side effect to keep.
    co_await asio::this_coro::reset_cancellation_state(asio::enable_total_cancellation());
    auto taking = take<R>(std::move(s), max_items);
    co_return co_await std::move(taking);
}

} // namespace
} // namespace detail

template <class T>
pager<T>::pager(std::shared_ptr<detail::pager_state<T>> state)
    : state_(std::move(state)) {}
template <class T>
pager<T>::pager(pager&&) noexcept = default;
template <class T>
pager<T>& pager<T>::operator=(pager&& other) noexcept {
    if (this != &other) {
        pager dropped(std::move(*this)); // cancels this pager's prefetch
        state_ = std::move(other.state_);
    }
    return *this;
}

template <class T>
pager<T>::~pager() {
    if (!state_ || !state_->prefetch_in_flight.load(std::memory_order_relaxed))
        return;
    // On the state's executor, where the prefetch runs: the signal is not thread-safe.
    auto executor = state_->executor;
    asio::dispatch(executor, [s = std::move(state_)] { detail::abandon_prefetch(*s); });
}

template <class T>
template <class R>
asio::awaitable<R> pager<T>::co_take(state_ptr state, std::size_t max_items) {
    if constexpr (std::is_same_v<R, std::optional<T>>) {
        // An item already buffered is handed out here, without a hop through any executor.
        if (state->available() != 0) {
            R item(std::move(state->buffer[state->head]));
            ++state->head;
            ++state->delivered;
            co_return item;
        }
    }
    // The caller's throw_if_cancelled is switched off around the call and restored on any exit:
    // a failure, cancellation included, is reported as an api_error, never as an Asio exception.
    std::optional<detail::outcome<R>> result;
    const bool throws = co_await asio::this_coro::throw_if_cancelled();
    co_await asio::this_coro::throw_if_cancelled(false);
    const auto caller_state = co_await asio::this_coro::cancellation_state;
    std::exception_ptr escaped;
    try {
        if ((co_await asio::this_coro::executor) != state->executor ||
            caller_state.cancelled() != asio::cancellation_type::none) {
            // Spawned with a cancellation state of its own, so that a caller that caught a
            // cancellation may still call again.
            auto owned = detail::take_owned<R>(state, max_items);
            result.emplace(
                co_await asio::co_spawn(state->executor, std::move(owned), asio::use_awaitable));
        } else {
            auto taking = detail::take<R>(state, max_items);
            result.emplace(co_await std::move(taking));
        }
    } catch (...) {
        escaped = std::current_exception();
    }
    co_await asio::this_coro::throw_if_cancelled(throws);
    if (escaped)
        std::rethrow_exception(escaped);
    if (!*result) {
        auto failure = std::move(*result).error();
        detail::redact_secrets(failure, *state->core);
        throw api_error(std::move(failure));
    }
    co_return std::move(**result);
}

template <class T>
template <class R>
void pager<T>::async_take(state_ptr state, std::size_t max_items, operation_handler<R> handler,
                          error_details* details) {
    auto ex = state->executor;
    auto core = state->core;
    auto call = detail::take_owned<R>(std::move(state), max_items);
    detail::spawn_for_handler(std::move(ex), std::move(call), std::move(handler), details,
                              std::move(core));
}

template <class T>
page_position pager<T>::position() const {
    if (!state_)
        return {}; // moved from
    const auto& s = *state_;
    return {s.available() != 0 ? s.buffered_page : s.walker.next_page(), s.delivered,
            s.walker.pages_fetched(), s.over()};
}

#define TALLYFY_PAGER_TAKES(T, R)                                                                  \
    template asio::awaitable<R> pager<T>::co_take<R>(state_ptr, std::size_t);                      \
    template void pager<T>::async_take<R>(state_ptr, std::size_t, operation_handler<R>,            \
                                          error_details*)
#define TALLYFY_PAGER(T)                                                                           \
    template class pager<T>;                                                                       \
    TALLYFY_PAGER_TAKES(T, std::optional<T>);                                                      \
    TALLYFY_PAGER_TAKES(T, std::optional<page<T>>);                                                \
    TALLYFY_PAGER_TAKES(T, std::vector<T>)

TALLYFY_PAGER(task);
TALLYFY_PAGER(run);
TALLYFY_PAGER(checklist);
TALLYFY_PAGER(guest);
TALLYFY_PAGER(user);
TALLYFY_PAGER(organization);
TALLYFY_PAGER(tag);
TALLYFY_PAGER(group);
TALLYFY_PAGER(folder);
TALLYFY_PAGER(search_hit);

} // namespace tallyfy
