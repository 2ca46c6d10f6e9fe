// SPDX-License-Identifier: BSL-1.0
// The pager of a described list operation: each page is a GET of the operation's target plus
// page/per_page, sent through the same retry loop and decoded by the operation's page decoder
// (pager.cpp runs the walk).
//
// A list description (lib/core/ops/*.cpp) has:
//   using item = T;
//   static constexpr std::string_view name;
//   static void target(request_target&, const Args&...)   path after /organizations/{org}, query
//   static outcome<page<T>> decode(http_response&, const codec::page_bounds&)
#pragma once

#include "core/client_core.hpp"
#include "core/pagination/pager_state.hpp"
#include "core/request_builder.hpp"
#include "core/transport/executor_threading.hpp"

#include <boost/asio/strand.hpp>

#include <optional>

namespace tallyfy::detail {

template <class Op, class... Args>
pager<typename Op::item> make_pager(const std::shared_ptr<client_core>& core,
                                    const paging_options& paging, const call_options& call,
                                    const Args&... args) {
    using T = typename Op::item;
    // An argument refused while building the target is reported by the first fetch.
    std::string base;
    std::optional<error_details> refused;
    // Lists are under the organisation unless the description says otherwise (`/me/...`).
    constexpr bool scoped = [] {
        if constexpr (requires { Op::org_scoped; })
            return Op::org_scoped;
        else
            return true;
    }();
    try {
        auto target = scoped ? org_target(*core, call) : request_target(core->base_path);
        Op::target(target, args...);
        base = target.release();
    } catch (const invalid_argument_error& e) {
        refused = refused_argument(Op::name, e.what());
    }
    // The walk's coroutines share its state: on one thread they run on the client's executor,
    // on several they are serialised by a strand of their own.
    boost::asio::any_io_executor executor = core->executor;
    if (needs_connection_strand(core->executor, core->options.transport.threading))
        executor = boost::asio::make_strand(core->executor);
    return pager<T>(std::make_shared<pager_state<T>>(core, std::move(executor), Op::name,
                                                     Op::decode, std::move(base), paging, call,
                                                     std::move(refused)));
}

} // namespace tallyfy::detail
