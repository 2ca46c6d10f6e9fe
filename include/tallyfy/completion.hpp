// SPDX-License-Identifier: BSL-1.0
// How an operation of tallyfy::client completes, and the one token adapter the SDK adds.
//
// Every operation's completion signature is `void(boost::system::error_code, T)`, as in Beast,
// Boost.MySQL and Boost.Redis, so any Asio completion token works:
//
//   co_await api.get_task(r)                      T, or throws tallyfy::api_error (every detail)
//   co_await api.get_task(r, asio::use_awaitable) the same (the default token)
//   co_await api.get_task(r, bind_cancellation_slot(slot, asio::use_awaitable))
//                                                 the same, cancelled through `slot`
//                                                 (terminal cancellation)
//   co_await api.get_task(r, redirect_error(asio::use_awaitable, ec))      T; ec set on failure
//   co_await api.get_task(r, as_tuple(asio::use_awaitable))   std::tuple<error_code, T>
//   api.get_task(r, asio::use_future)             std::future<T>; get() throws system_error
//   api.get_task(r, asio::deferred)               an operation to launch or compose later
//                                                 (e.g. experimental::make_parallel_group)
//   api.get_task(r, [](error_code ec, task t) {}) a callback, on the client's executor unless
//                                                 the callback has an associated executor
//
// On failure T is value-initialised. The error_code is a tallyfy::error (compare with
// `ec == tallyfy::error::not_found`), or rarely an Asio error.
//
// The details of a failure (HTTP status, server message and code, field errors, request id,
// attempt history, the transport's underlying cause) travel beside the code: the default token
// throws them inside an api_error; any other token gets them when wrapped in with_details:
//
//   tallyfy::error_details why;
//   auto [ec, t] = co_await api.get_task(r, tallyfy::with_details(why, as_tuple(use_awaitable)));
//   if (ec) log(tallyfy::api_error::describe(why));
//
// Nothing is thrown or rethrown on that path.
#pragma once

#include <tallyfy/api_error.hpp>

#include <boost/asio/any_completion_handler.hpp>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/system/error_code.hpp>

#include <tuple>
#include <type_traits>
#include <utility>

namespace tallyfy {

/// The type-erased handler of an operation completing with a T.
template <class T>
using operation_handler = boost::asio::any_completion_handler<void(boost::system::error_code, T)>;

/// A completion token that completes like `token` and, on failure, first stores the failure's
/// details in `*details` (left untouched on success). Made by with_details().
template <class Token>
struct with_details_t {
    error_details* details; ///< where a failure's details are written
    Token token;            ///< the token the operation completes with
};

/// Wraps `token` so that a failed operation also fills `details`. `details` must outlive the
/// operation; it is written just before the completion is delivered, on the executor that
/// delivers it (the handler's associated executor, else the client's). with_details must be the
/// outermost adapter: `with_details(d, as_tuple(use_awaitable))`, not the other way round.
template <class Token>
with_details_t<std::decay_t<Token>> with_details(error_details& details, Token&& token) {
    return {&details, std::forward<Token>(token)};
}

namespace detail {
template <class Token>
inline constexpr bool is_with_details = false;
template <class Token>
inline constexpr bool is_with_details<with_details_t<Token>> = true;

// `bind_cancellation_slot(slot, use_awaitable)`: awaited like the default token (a failure is
// thrown as api_error with its details, not as Asio's bare system_error).
template <class Token>
inline constexpr bool is_slot_bound_awaitable = false;
template <class Slot>
inline constexpr bool is_slot_bound_awaitable<
    boost::asio::cancellation_slot_binder<boost::asio::use_awaitable_t<>, Slot>> = true;

// Awaits `initiate(token, details)` (an operation started with a completion token and where its
// failure's details go) cancelled through `slot`; a failure is thrown as api_error.
template <class T, class Slot, class Initiate>
boost::asio::awaitable<T> await_with_slot(Slot slot, Initiate initiate) {
    error_details details;
    auto result = co_await initiate(boost::asio::bind_cancellation_slot(
                                        slot, boost::asio::as_tuple(boost::asio::use_awaitable)),
                                    &details);
    if (std::get<0>(result))
        throw api_error(std::move(details));
    co_return std::move(std::get<1>(result));
}
} // namespace detail

} // namespace tallyfy
