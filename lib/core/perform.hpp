// SPDX-License-Identifier: BSL-1.0
// One call of a described operation, start to end: build the request (validated once), send it
// through the retry loop, settle an unknown outcome when the operation says how, decode. Errors
// are values all the way: nothing here throws for a failed call.
//
// g++ 12: arguments of a co_await expression are named locals, never temporaries built inside it
// (see docs/gcc12-coroutine-temporaries.md).
#pragma once

#include "core/client_core.hpp"
#include "core/ops/operation.hpp"
#include "core/request_builder.hpp"

#include <boost/asio/awaitable.hpp>

#include <optional>

namespace tallyfy::detail {

/// A decoder's refusal, named by the operation: "get_task: data.deadline: expected a string".
template <class T>
outcome<T> decoded_by(std::string_view operation, outcome<T>&& decoded) {
    if (decoded)
        return std::move(decoded);
    error_details d = std::move(decoded).error();
    d.detail = std::string(operation) + ": " + d.detail;
    return d;
}

template <class Request>
boost::asio::awaitable<outcome<response_of<Request>>> perform(client_core& core,
                                                              const Request& given) {
    using op = operation<Request>;
    // An operation with a step before its request (a read-modify-write, a fill before a
    // completion) says when it needs it; the others pay nothing for it (no frame, no copy).
    const Request* current = &given;
    std::optional<Request> prepared;
    if constexpr (requires { op::prepare(core, given); }) {
        if (op::needs_prepare(given)) {
            auto preparing = op::prepare(core, given);
            auto ready = co_await std::move(preparing);
            if (!ready)
                co_return std::move(ready).error();
            prepared.emplace(std::move(*ready));
            current = &*prepared;
        }
    }
    const Request& request = *current;
    auto built = build_request<op>(core, request);
    if (!built)
        co_return std::move(built).error();
    if constexpr (requires { typename op::reconcile; }) {
        auto settling = op::reconcile::run(core, request, std::move(*built));
        co_return co_await std::move(settling);
    } else {
        auto sending = execute(core.runner, std::move(*built), request.options);
        auto sent = co_await std::move(sending);
        if (!sent)
            co_return std::move(sent).error();
        co_return decoded_by(op::name, op::decode(*sent));
    }
}

} // namespace tallyfy::detail
