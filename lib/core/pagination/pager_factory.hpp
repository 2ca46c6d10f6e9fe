// SPDX-License-Identifier: BSL-1.0
// The pager of a described list operation: each page is a GET of the operation's target plus
// page/per_page, sent through the same retry loop and decoded by the operation's page decoder.
//
// A list description (lib/core/ops/*.cpp) has:
//   using item = T;
//   static constexpr std::string_view name;
//   static void target(request_target&, const Args&...)   path after /organizations/{org}, query
//   static outcome<page<T>> decode(http_response&)
#pragma once

#include "core/client_core.hpp"
#include "core/list_queries.hpp"
#include "core/pagination/pager_state.hpp"
#include "core/perform.hpp"
#include "core/request_builder.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/this_coro.hpp>

#include <optional>

namespace tallyfy::detail {

/// The outcome as the pager's handlers take it (the pager's public edge is exception_ptr).
std::exception_ptr as_exception(error_details details);

/// One page of a walk, in a coroutine of its own (its arguments are copied into its frame).
template <class Op>
boost::asio::awaitable<outcome<page<typename Op::item>>>
fetch_page(std::shared_ptr<client_core> core, std::string base, paging_options paging,
           call_options call, std::optional<error_details> refused, std::int64_t number) {
    co_await boost::asio::this_coro::throw_if_cancelled(false);
    if (refused)
        co_return *refused;
    outcome<http_request> request = error_details{};
    try {
        request = make_http_request(*core, http_method::get, page_query(base, paging, number), {},
                                    true, call);
    } catch (const invalid_argument_error& e) {
        refused = refused_argument(Op::name, e.what());
    }
    if (refused)
        co_return *refused;
    auto sending = execute(core->runner, std::move(*request), call);
    auto sent = co_await std::move(sending);
    if (!sent)
        co_return std::move(sent).error();
    co_return decoded_by(Op::name, Op::decode(*sent));
}

template <class Op, class... Args>
pager<typename Op::item> make_pager(const std::shared_ptr<client_core>& core,
                                    const paging_options& paging, const call_options& call,
                                    const Args&... args) {
    using T = typename Op::item;
    // An argument refused while building the target is reported by the first fetch.
    std::string base;
    std::optional<error_details> refused;
    try {
        auto target = org_target(*core, call);
        Op::target(target, args...);
        base = target.release();
    } catch (const invalid_argument_error& e) {
        refused = refused_argument(Op::name, e.what());
    }
    auto fetch = [core, base = std::move(base), paging, call, refused = std::move(refused)](
                     std::int64_t number, typename pager_state<T>::page_result_handler handler) {
        boost::asio::co_spawn(
            core->executor, fetch_page<Op>(core, base, paging, call, refused, number),
            [h = std::move(handler)](std::exception_ptr escaped, outcome<page<T>> got) mutable {
                if (!escaped && !got)
                    escaped = as_exception(std::move(got).error());
                std::move(h)(escaped, escaped ? page<T>{} : std::move(*got));
            });
    };
    return pager<T>(std::make_shared<pager_state<T>>(core->executor, paging, std::move(fetch)));
}

} // namespace tallyfy::detail
