// SPDX-License-Identifier: BSL-1.0
#include "core/retry/retry_loop.hpp"

#include "core/retry/retry_machine.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace tallyfy::detail {

namespace asio = boost::asio;
using clock_type = std::chrono::steady_clock;

runner_state::runner_state(std::shared_ptr<tallyfy::transport> t, retry_policy policy,
                           retry_budget_options budget_options, pacing_options pacing,
                           retry_observer on_retry)
    : transport(std::move(t))
    , default_policy(policy)
    , budget(budget_options)
    , pace(pacing)
    , observer(std::move(on_retry)) {}

double runner_state::uniform01() {
    std::lock_guard lock(random_mutex_);
    return std::uniform_real_distribution<double>(0.0, 1.0)(random_);
}

namespace {

constexpr auto use_tuple = asio::as_tuple(asio::use_awaitable);

// Method and path are filled in only here: a call that succeeds allocates none of this.
error_details failed(error_details& details, const http_request& request,
                     const call_options& call) {
    details.method = std::string(to_string(request.method));
    details.path = request.target.substr(0, request.target.find('?'));
    if (call.history)
        *call.history = details.attempts;
    return std::move(details);
}

// Sleeps `delay` unless cancelled; false when cancelled.
asio::awaitable<bool> sleep_for(clock_type::duration delay) {
    if (delay <= clock_type::duration::zero())
        co_return true;
    asio::steady_timer timer(co_await asio::this_coro::executor, delay);
    auto [ec] = co_await timer.async_wait(use_tuple);
    co_return !ec;
}

void set_bearer(http_request& request, const std::string& token) {
    for (auto& h : request.headers)
        if (h.name == "Authorization") {
            h.value = "Bearer " + token;
            return;
        }
    request.headers.push_back({"Authorization", "Bearer " + token});
}

} // namespace

// The machine decides; this only sleeps and sends for it.
asio::awaitable<outcome<http_response>> execute(runner_state& state, http_request request,
                                                const call_options& call) {
    const retry_policy& policy = call.retry ? *call.retry : state.default_policy;
    token_source* tokens = state.tokens.get();
    retry_machine machine(state.shared(), policy, request, call.history != nullptr,
                          clock_type::now(), tokens != nullptr);
    std::string sent_token; // the provided token of the last attempt
    auto step = machine.start(clock_type::now());
    for (;;) {
        switch (step.what) {
        case retry_machine::step::kind::refresh: {
            auto asking = tokens->get(sent_token, machine.deadline());
            auto got = co_await std::move(asking);
            if (!got)
                step = machine.token_failed(std::move(got).error(), clock_type::now());
            else
                step = machine.refreshed(*got != sent_token, clock_type::now());
            break;
        }
        case retry_machine::step::kind::sleep: {
            const bool elapsed = co_await sleep_for(step.delay);
            step = machine.slept(elapsed, clock_type::now());
            break;
        }
        case retry_machine::step::kind::send: {
            if (tokens) { // the current token, refreshed ahead of its expiry
                auto asking = tokens->get(std::string(), machine.deadline());
                auto got = co_await std::move(asking);
                if (!got) {
                    step = machine.token_failed(std::move(got).error(), clock_type::now());
                    break;
                }
                sent_token = std::move(*got);
                set_bearer(request, sent_token);
            }
            auto [ec, response] = co_await state.transport->co_send(request);
            step = machine.sent(response, ec, clock_type::now());
            if (step.what == retry_machine::step::kind::done) {
                if (call.history)
                    *call.history = std::move(machine.details().attempts);
                co_return std::move(response);
            }
            break;
        }
        case retry_machine::step::kind::done: // only after a send (above)
        case retry_machine::step::kind::fail:
            co_return failed(machine.details(), request, call);
        }
    }
}

} // namespace tallyfy::detail
