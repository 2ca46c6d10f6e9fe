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

namespace {

// The user's on_retry, and a warn line to the logger sink when it wants one.
retry_observer with_retry_log(retry_observer on_retry, const observer_config* observed) {
    const auto& o = observed ? observed->options : observer_options{};
    if (!o.log || o.level == log_level::off || o.level < log_level::warn)
        return on_retry;
    return [on_retry = std::move(on_retry), sink = o.log](const retry_event& e) {
        if (on_retry)
            on_retry(e);
        sink(log_level::warn, "retrying " + e.method + ' ' + printable(e.path, 2048) + " in " +
                                  std::to_string(e.delay.count()) + " ms (attempt " +
                                  std::to_string(e.attempt) + "): " + printable(e.reason, 1024));
    };
}

} // namespace

runner_state::runner_state(std::shared_ptr<tallyfy::transport> t, retry_policy policy,
                           retry_budget_options budget_options, pacing_options pacing,
                           retry_observer on_retry, std::shared_ptr<observer_config> observers)
    : transport(std::move(t))
    , default_policy(policy)
    , budget(budget_options)
    , pace(pacing)
    , observer(with_retry_log(std::move(on_retry), observers.get()))
    , observed(std::move(observers)) {}

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
    const auto start = clock_type::now();
    token_source* tokens = state.tokens.get();
    retry_machine machine(state.shared(), policy, request, call.history != nullptr, start,
                          tokens != nullptr);
    call_observer watch(state.observed.get(), request, start);
    unsigned sent = 0;
    unsigned last_status = 0;
    std::string sent_token; // the provided token of the last attempt
    auto step = machine.start(start);
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
                machine.cut_to_deadline(clock_type::now()); // the wait took some of the time
            }
            const unsigned attempt = machine.attempt();
            watch.before(request, attempt, clock_type::now());
            auto [ec, response] = co_await state.transport->co_send(request);
            const auto now = clock_type::now();
            ++sent;
            last_status = response.status;
            watch.after(request, response, ec, attempt, now);
            step = machine.sent(response, ec, now);
            if (step.what == retry_machine::step::kind::done) {
                if (call.history)
                    *call.history = std::move(machine.details().attempts);
                watch.end(sent, last_status, {}, now);
                co_return std::move(response);
            }
            break;
        }
        case retry_machine::step::kind::done: // only after a send (above)
        case retry_machine::step::kind::fail:
            watch.end(sent, last_status, machine.details().code, clock_type::now());
            co_return failed(machine.details(), request, call);
        }
    }
}

} // namespace tallyfy::detail
