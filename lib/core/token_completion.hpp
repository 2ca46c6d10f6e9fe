// SPDX-License-Identifier: BSL-1.0
// How every token form completes (operations and pager calls alike): the call is spawned on the
// client's executor; its handler runs on its own associated executor (else the client's), its
// cancellation slot reaches the call, and a failure arrives as an error_code with the details
// (token redacted) written first when the caller asked for them with with_details.
#pragma once

#include "core/client_core.hpp"
#include "core/outcome.hpp"
#include "core/redaction.hpp"

#include <tallyfy/completion.hpp>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/bind_executor.hpp>
#include <boost/asio/co_spawn.hpp>

#include <exception>
#include <memory>

namespace tallyfy::detail {

template <class T>
void spawn_for_handler(boost::asio::any_io_executor ex, boost::asio::awaitable<outcome<T>> call,
                       operation_handler<T> handler, error_details* details,
                       std::shared_ptr<client_core> core) {
    namespace asio = boost::asio;
    auto slot = asio::get_associated_cancellation_slot(handler);
    auto executor = asio::get_associated_executor(handler, core->executor);
    auto complete = [h = std::move(handler), details, core](std::exception_ptr escaped,
                                                            outcome<T> result) mutable {
        if (escaped)
            result = details_of(escaped);
        if (result) {
            std::move(h)(boost::system::error_code{}, std::move(*result));
            return;
        }
        const boost::system::error_code ec = result.error().code;
        if (details) {
            *details = std::move(result).error();
            redact_secrets(*details, *core);
        }
        std::move(h)(ec, T{});
    };
    asio::co_spawn(std::move(ex), std::move(call),
                   asio::bind_cancellation_slot(
                       slot, asio::bind_executor(std::move(executor), std::move(complete))));
}

} // namespace tallyfy::detail
