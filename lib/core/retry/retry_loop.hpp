// SPDX-License-Identifier: BSL-1.0
// The retry loop between the client's operations and the transport.
#pragma once

#include "core/auth/token_source.hpp"
#include "core/observe/call_observer.hpp"
#include "core/outcome.hpp"
#include "core/retry/pacer.hpp"
#include "core/retry/retry_machine.hpp"

#include <tallyfy/requests.hpp>
#include <tallyfy/retry.hpp>
#include <tallyfy/transport.hpp>

#include <boost/asio/awaitable.hpp>

#include <memory>
#include <mutex>
#include <random>

namespace tallyfy::detail {

/// Client-wide state of the retry loop (shared by every call of one client).
struct runner_state {
    /// `observed`: the client's observers (null: none), whose logger also hears of retries.
    runner_state(std::shared_ptr<tallyfy::transport> t, retry_policy policy,
                 retry_budget_options budget, pacing_options pacing, retry_observer observer,
                 std::shared_ptr<observer_config> observed = nullptr);

    std::shared_ptr<tallyfy::transport> transport;
    retry_policy default_policy;
    retry_budget budget;
    pacer pace;
    retry_observer observer;
    std::shared_ptr<observer_config> observed;
    /// The provided token (null: the request carries the fixed token already).
    std::shared_ptr<token_source> tokens;

    double uniform01();
    /// What a call's retry machine shares with the others.
    retry_shared shared() { return {pace, budget, random_source, &observer}; }

private:
    std::mutex random_mutex_;
    std::minstd_rand random_{std::random_device{}()};

public:
    const std::function<double()> random_source{[this] { return uniform01(); }};
};

/// Sends `request` under the call's retry policy, pacing and the shared budget. Returns a 2xx
/// response or the error: the mapped status error; outcome_unknown for a write that may have
/// taken effect; deadline_exceeded, retry_budget_exhausted, rate_limited (Retry-After over the
/// cap) or cancelled; a transport error with its underlying cause. Never throws for any of them.
/// `call.history`, when set, receives every attempt. With `state.tokens`, each attempt carries the
/// token current when it is sent (its `Authorization` header is set here), and a 401 is answered
/// by a refresh and one replay (retry_machine).
boost::asio::awaitable<outcome<http_response>> execute(runner_state& state, http_request request,
                                                       const call_options& call);

} // namespace tallyfy::detail
