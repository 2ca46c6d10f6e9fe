// SPDX-License-Identifier: BSL-1.0
// The executor glue between the public facade and perform(): the awaited form and the
// completion-token form of every operation, defined once here and instantiated per request type
// by TALLYFY_DEFINE_OPERATION in the file that describes the operation. This is the public edge:
// an error value becomes an api_error (awaited) or an error_code plus details (tokens) here, once.
#pragma once

#include "core/perform.hpp"
#include "core/redaction.hpp"
#include "core/token_completion.hpp"

#include <tallyfy/client.hpp>

#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/bind_executor.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <exception>
#include <optional>

namespace tallyfy::detail {

/// A call in a coroutine of its own, owning its request (spawned on the client's executor).
template <class Request>
boost::asio::awaitable<outcome<response_of<Request>>>
perform_owned(std::shared_ptr<client_core> core, Request request) {
    // Cancellation is reported as error::cancelled by the code that sees it, never thrown by Asio
    // at an unrelated co_await.
    co_await boost::asio::this_coro::throw_if_cancelled(false);
    auto call = perform<Request>(*core, request);
    co_return co_await std::move(call);
}

} // namespace tallyfy::detail

namespace tallyfy {

// The call inside the awaiting coroutine when that runs on the client's executor (no second
// coroutine, no handler, no hop through the scheduler); spawned there otherwise, since the
// transport may assume one thread runs that executor. The one conversion of this form: an error
// value becomes a thrown api_error.
template <class Request>
boost::asio::awaitable<typename Request::response_type> client::co_call(core_ptr core,
                                                                        Request request) {
    namespace asio = boost::asio;
    // Spawned (with a cancellation state of its own) also when the caller's state is already
    // cancelled: a caller that caught a cancellation may still make calls.
    const auto caller_state = co_await asio::this_coro::cancellation_state;
    std::optional<detail::outcome<typename Request::response_type>> result;
    // throw_if_cancelled belongs to the coroutine thread, here the caller's: switched off around
    // the call and restored on any exit, so that a failure (a cancellation included) is thrown as
    // an api_error, never as Asio's operation_aborted (only allocation failures escape perform()).
    const bool throws = co_await asio::this_coro::throw_if_cancelled();
    co_await asio::this_coro::throw_if_cancelled(false);
    std::exception_ptr escaped;
    try {
        if ((co_await asio::this_coro::executor) != core->executor ||
            caller_state.cancelled() != asio::cancellation_type::none) {
            auto owned = detail::perform_owned<Request>(core, std::move(request));
            auto spawned = asio::co_spawn(core->executor, std::move(owned), asio::use_awaitable);
            result.emplace(co_await std::move(spawned));
        } else {
            auto call = detail::perform<Request>(*core, request);
            auto done = co_await std::move(call);
            if (done) { // the usual end: the value moves straight out (no copy into `result`)
                co_await asio::this_coro::throw_if_cancelled(throws);
                co_return std::move(*done);
            }
            result.emplace(std::move(done));
        }
    } catch (...) {
        escaped = std::current_exception();
    }
    co_await asio::this_coro::throw_if_cancelled(throws);
    if (escaped)
        std::rethrow_exception(escaped);
    if (!*result) {
        auto failure = std::move(*result).error();
        detail::redact_secrets(failure, *core);
        throw api_error(std::move(failure));
    }
    co_return std::move(**result);
}

template <class Request>
void client::async_call(core_ptr core, Request request,
                        operation_handler<typename Request::response_type> handler,
                        error_details* details) {
    auto ex = core->executor;
    auto call = detail::perform_owned<Request>(core, std::move(request));
    detail::spawn_for_handler(std::move(ex), std::move(call), std::move(handler), details,
                              std::move(core));
}

} // namespace tallyfy

/// Instantiates the public forms of the operation described for `Request` (see ops/operation.hpp).
#define TALLYFY_DEFINE_OPERATION(Request)                                                          \
    template boost::asio::awaitable<Request::response_type> tallyfy::client::co_call<Request>(     \
        tallyfy::client::core_ptr, Request);                                                       \
    template void tallyfy::client::async_call<Request>(                                            \
        tallyfy::client::core_ptr, Request, tallyfy::operation_handler<Request::response_type>,    \
        tallyfy::error_details*)
