// SPDX-License-Identifier: BSL-1.0
#include "core/retry/retry_loop.hpp"

#include "core/error_mapping.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <charconv>

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

bool is(const boost::system::error_code& ec, error e) {
    return ec == make_error_code(e);
}

bool timed_out(const boost::system::error_code& ec) {
    return is(ec, error::attempt_timeout) || is(ec, error::stall_timeout) ||
           is(ec, error::connect_timeout) || is(ec, error::tls_handshake_timeout);
}

std::optional<long long> header_number(const http_response& r, std::string_view name) {
    auto v = r.header(name);
    if (!v)
        return std::nullopt;
    long long n = 0;
    auto [end, ec] = std::from_chars(v->data(), v->data() + v->size(), n);
    if (ec != std::errc() || end != v->data() + v->size())
        return std::nullopt;
    return n;
}

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

} // namespace

asio::awaitable<outcome<http_response>> execute(runner_state& state, http_request request,
                                                const call_options& call) {
    const retry_policy& policy = call.retry ? *call.retry : state.default_policy;
    const auto start = clock_type::now();
    const bool has_deadline = policy.total_deadline.count() > 0;
    const auto deadline = start + policy.total_deadline;
    const timeouts base_timeouts = request.timeouts_override.value_or(timeouts{});

    error_details details;
    std::chrono::milliseconds delay{0};
    std::string reason = "first";

    for (unsigned attempt = 1;; ++attempt) {
        auto wait = std::max<clock_type::duration>(delay, state.pace.reserve());
        if (has_deadline && clock_type::now() + wait >= deadline) {
            details.code = error::deadline_exceeded;
            details.detail = "the next attempt would start after the call's deadline";
            co_return failed(details, request, call);
        }
        if (wait > clock_type::duration::zero() && !co_await sleep_for(wait)) {
            details.code = error::cancelled;
            co_return failed(details, request, call);
        }
        if (has_deadline) { // the last attempt must end by the deadline too
            auto left =
                std::chrono::duration_cast<std::chrono::milliseconds>(deadline - clock_type::now());
            if (request.timeouts_override || left < base_timeouts.attempt) {
                timeouts t = base_timeouts;
                t.attempt = std::min(t.attempt, std::max(left, std::chrono::milliseconds(1)));
                request.timeouts_override = t;
            }
        }

        auto [ec, response] = co_await state.transport->co_send(request);
        state.pace.observe(header_number(response, "X-RateLimit-Remaining"),
                           header_number(response, "X-RateLimit-Limit"));

        attempt_outcome outcome{response.status, ec, response.info.request_written};
        auto verdict = decide_retry(outcome, request.idempotent);
        if (verdict == retry_verdict::success && attempt == 1 && !call.history) {
            state.budget.on_success(); // the common case: no history to keep
            co_return std::move(response);
        }
        details.attempts.push_back({response.status, ec, delay, reason});
        if (verdict == retry_verdict::success) {
            state.budget.on_success();
            if (call.history)
                *call.history = std::move(details.attempts);
            co_return std::move(response);
        }

        details.code = ec;
        // The system's cause of this attempt's failure (OpenSSL reason, errno, resolver), never
        // an earlier attempt's.
        details.cause = response.status == 0 && ec ? std::move(response.info.cause) : std::string();
        if (response.status != 0)
            fill_from_response(details, response);
        if (ec == asio::error::operation_aborted || is(ec, error::cancelled)) {
            details.code = error::cancelled;
            co_return failed(details, request, call);
        }
        if (verdict == retry_verdict::outcome_unknown) {
            details.detail = response.status
                                 ? "the server answered " + std::to_string(response.status) +
                                       " to a write that it may have applied"
                                 : "the request was written, then: " + ec.message();
            details.code = error::outcome_unknown;
            details.may_still_be_processing = response.status == 0 && timed_out(ec);
            co_return failed(details, request, call);
        }
        if (verdict == retry_verdict::fail)
            co_return failed(details, request, call);

        // retry_verdict::retry
        // A server that says when to come back is believed: 429 always, and the unavailable
        // statuses (502, 503, 504) when they send Retry-After.
        const bool unavailable =
            response.status == 502 || response.status == 503 || response.status == 504;
        if (response.status == 429 || (unavailable && details.retry_after)) {
            auto retry_after = details.retry_after.value_or(std::chrono::seconds(0));
            if (retry_after > policy.max_retry_after) {
                details.detail =
                    "the server asked to retry after " + std::to_string(retry_after.count()) +
                    " s, beyond retry_policy::max_retry_after (" +
                    std::to_string(policy.max_retry_after.count()) + " s): not retried";
                co_return failed(details, request, call);
            }
            delay = retry_after.count() > 0 ? std::chrono::milliseconds(retry_after)
                                            : backoff_delay(policy, attempt + 1, delay,
                                                            [&] { return state.uniform01(); });
        } else {
            delay = backoff_delay(policy, attempt + 1, delay, [&] { return state.uniform01(); });
        }
        if (attempt >= policy.max_attempts) {
            if (!response.status && ec)
                details.code = ec;
            co_return failed(details, request, call);
        }
        if (!state.budget.try_spend(timed_out(ec))) {
            details.detail =
                "last failure: " +
                (response.status ? "HTTP " + std::to_string(response.status) : ec.message());
            details.code = error::retry_budget_exhausted;
            co_return failed(details, request, call);
        }
        reason = response.status ? "retry after HTTP " + std::to_string(response.status)
                                 : "retry after " + ec.message();
        if (state.observer)
            state.observer({std::string(to_string(request.method)),
                            request.target.substr(0, request.target.find('?')), attempt + 1, delay,
                            response.status, ec, reason});
    }
}

} // namespace tallyfy::detail
