// SPDX-License-Identifier: BSL-1.0
#include "core/retry/retry_machine.hpp"

#include "core/error_mapping.hpp"

#include <boost/asio/error.hpp>

#include <charconv>

namespace tallyfy::detail {

namespace {

// A server that keeps answering 429 is waited for within the deadline and the budget; this
// bounds a call that has neither.
constexpr unsigned max_rate_limited_answers = 100;

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

// Whole seconds, rounded up: a wait is never reported shorter than it is.
std::chrono::seconds ceil_seconds(std::chrono::steady_clock::duration d) {
    return std::chrono::ceil<std::chrono::seconds>(d);
}

// The server's own words for a Retry-After, bounded and printable, for the failure's detail.
std::string quoted_header(const http_response& r, std::string_view name) {
    auto v = r.header(name);
    if (!v)
        return {};
    std::string out;
    for (char c : v->substr(0, 40))
        out += (c >= 0x20 && c < 0x7f) ? c : '?';
    return out;
}

} // namespace

rate_headers rate_headers_of(const http_response& response,
                             std::chrono::system_clock::time_point wall) {
    rate_headers h;
    h.status = response.status;
    if (response.status == 0)
        return h;
    h.limit = header_number(response, "X-RateLimit-Limit");
    h.remaining = header_number(response, "X-RateLimit-Remaining");
    if (response.status == 429) {
        if (auto ra = response.header("Retry-After"))
            h.retry_after = parse_retry_after(*ra, wall);
        h.reset = header_number(response, "X-RateLimit-Reset");
        // Both kinds of 429 may carry the code RATE_LIMIT_EXCEEDED; the window's (Laravel's
        // throttle) also says that nothing remains. A cap's says no such thing: it has no
        // X-RateLimit-Remaining, or some left (a cap's answer passing through the throttle).
        if (!h.remaining || *h.remaining > 0) {
            error_details body;
            parse_error_body(body, response.body);
            h.action_cap = body.server_code == "RATE_LIMIT_EXCEEDED";
        }
    }
    return h;
}

retry_machine::retry_machine(retry_shared shared, const retry_policy& policy, http_request& request,
                             bool keep_history, clock::time_point now, bool token_refreshable)
    : shared_(shared)
    , policy_(policy)
    , request_(request)
    , keep_history_(keep_history)
    , deadline_(now + policy.total_deadline)
    , has_deadline_(policy.total_deadline.count() > 0)
    , base_timeouts_(request.timeouts_override.value_or(timeouts{}))
    , earliest_(now)
    , token_refreshable_(token_refreshable) {}

retry_machine::~retry_machine() {
    if (holding_)
        shared_.pace.release(claim_, {}, clock::now(), std::chrono::system_clock::now());
}

void retry_machine::give_back(const rate_headers& headers, clock::time_point now,
                              std::chrono::system_clock::time_point wall) {
    if (!holding_)
        return;
    holding_ = false;
    shared_.pace.release(claim_, headers, now, wall);
}

retry_machine::step retry_machine::fail(error code, std::string detail) {
    details_.code = code;
    if (!detail.empty())
        details_.detail = std::move(detail);
    state_ = state::finished;
    return {step::kind::fail};
}

retry_machine::step retry_machine::start(clock::time_point now) {
    return plan(now);
}

// Before each attempt: a pacing slot no earlier than the backoff, within the deadline and the
// longest wait for the rate limit the policy accepts.
retry_machine::step retry_machine::plan(clock::time_point now) {
    auto slot = shared_.pace.reserve(now, std::max(now, earliest_));
    if (has_deadline_ && slot.send_at >= deadline_) {
        if (slot.granted) {
            claim_ = slot.claim;
            holding_ = true;
            give_back({}, now, {});
        }
        return fail(error::deadline_exceeded,
                    "the next attempt would start after the call's deadline");
    }
    if (!slot.granted) { // a probe is learning where the spent window ends
        state_ = state::polling;
        return {step::kind::sleep, slot.send_at - now};
    }
    claim_ = slot.claim;
    holding_ = true;
    const auto wait = slot.send_at - now;
    if (slot.for_window && ceil_seconds(wait) > policy_.max_retry_after) {
        give_back({}, now, {});
        details_.retry_after = ceil_seconds(wait);
        return fail(error::rate_limited, "the API's rate-limit window ends in " +
                                             std::to_string(ceil_seconds(wait).count()) +
                                             " s, beyond retry_policy::max_retry_after (" +
                                             std::to_string(policy_.max_retry_after.count()) +
                                             " s): not sent");
    }
    if (wait > clock::duration::zero()) {
        state_ = state::pacing;
        return {step::kind::sleep, wait};
    }
    return send_now(now);
}

retry_machine::step retry_machine::slept(bool elapsed, clock::time_point now) {
    if (!elapsed) {
        give_back({}, now, {});
        return fail(error::cancelled);
    }
    if (state_ == state::polling)
        return plan(now);
    return send_now(now);
}

void retry_machine::cut_to_deadline(clock::time_point now) {
    if (!has_deadline_) // the last attempt must end by the deadline too
        return;
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline_ - now);
    if (request_.timeouts_override || left < base_timeouts_.attempt) {
        timeouts t = base_timeouts_;
        t.attempt = std::min(t.attempt, std::max(left, std::chrono::milliseconds(1)));
        request_.timeouts_override = t;
    }
}

retry_machine::step retry_machine::send_now(clock::time_point now) {
    cut_to_deadline(now);
    state_ = state::sending;
    return {step::kind::send};
}

retry_machine::step retry_machine::sent(http_response& response, boost::system::error_code ec,
                                        clock::time_point now,
                                        std::chrono::system_clock::time_point wall) {
    give_back(rate_headers_of(response, wall), now, wall);

    const attempt_outcome outcome{response.status, ec, response.info.request_written};
    const auto verdict = decide_retry(outcome, request_.idempotent);
    if (verdict == retry_verdict::success) {
        shared_.budget.on_success();
        if (attempt_ > 1 || keep_history_)
            details_.attempts.push_back({response.status, ec, delay_, reason_});
        state_ = state::finished;
        return {step::kind::done};
    }
    details_.attempts.push_back({response.status, ec, delay_, reason_});
    details_.code = ec;
    // The system's cause of this attempt's failure (OpenSSL reason, errno, resolver), never an
    // earlier attempt's.
    details_.cause = response.status == 0 && ec ? std::move(response.info.cause) : std::string();
    details_.retry_after.reset(); // this answer's, never an earlier one's
    if (response.status != 0)
        fill_from_response(details_, response, wall);
    if (ec == boost::asio::error::operation_aborted || is(ec, error::cancelled))
        return fail(error::cancelled);
    if (verdict == retry_verdict::outcome_unknown) {
        details_.may_still_be_processing = response.status == 0 && timed_out(ec);
        return fail(error::outcome_unknown,
                    response.status ? "the server answered " + std::to_string(response.status) +
                                          " to a write that it may have applied"
                                    : "the request was written, then: " + ec.message());
    }
    if (response.status == 401 && token_refreshable_ && !replayed_) {
        // Refused before any effect: replayed once with a new token, whatever the method.
        state_ = state::refreshing;
        return {step::kind::refresh};
    }
    if (verdict == retry_verdict::fail) {
        state_ = state::finished;
        return {step::kind::fail};
    }

    // retry_verdict::retry. A server that says when to come back is believed: 429 always, and
    // the unavailable statuses (502, 503, 504) when they send Retry-After.
    const bool rate_limited = response.status == 429;
    const bool unavailable =
        response.status == 502 || response.status == 503 || response.status == 504;
    // 429s without Retry-After back off further each time too (attempt_ counts them).
    auto backoff = [&] {
        return backoff_delay(policy_, (rate_limited ? attempt_ : counted_attempts_) + 1, delay_,
                             shared_.uniform01);
    };
    if (rate_limited || (unavailable && details_.retry_after)) {
        auto retry_after = details_.retry_after.value_or(std::chrono::seconds(0));
        if (retry_after > policy_.max_retry_after) {
            auto said = quoted_header(response, "Retry-After");
            details_.detail =
                "the server asked to retry after " +
                (said.empty() ? std::to_string(retry_after.count()) + " s" : "'" + said + "'") +
                ", beyond retry_policy::max_retry_after (" +
                std::to_string(policy_.max_retry_after.count()) + " s): not retried";
            state_ = state::finished;
            return {step::kind::fail};
        }
        delay_ = retry_after.count() > 0 ? std::chrono::milliseconds(retry_after) : backoff();
    } else {
        delay_ = backoff();
    }
    // A 429 means the request was not admitted: it does not use up max_attempts, except that a
    // policy of one attempt (no_retry) makes exactly one.
    if (rate_limited && policy_.max_attempts > 1 ? ++rate_limited_ >= max_rate_limited_answers
                                                 : counted_attempts_ >= policy_.max_attempts) {
        if (!response.status && ec)
            details_.code = ec;
        state_ = state::finished;
        return {step::kind::fail};
    }
    if (!shared_.budget.try_spend(timed_out(ec))) {
        return fail(error::retry_budget_exhausted,
                    "last failure: " + (response.status ? "HTTP " + std::to_string(response.status)
                                                        : ec.message()));
    }
    reason_ = response.status ? "retry after HTTP " + std::to_string(response.status)
                              : "retry after " + ec.message();
    earliest_ = now + delay_;
    ++attempt_;
    if (!rate_limited)
        ++counted_attempts_;
    if (shared_.observer && *shared_.observer)
        (*shared_.observer)({std::string(to_string(request_.method)),
                             request_.target.substr(0, request_.target.find('?')), attempt_, delay_,
                             response.status, ec, reason_});
    return plan(now);
}

retry_machine::step retry_machine::refreshed(bool new_token, clock::time_point now) {
    if (!new_token) { // the 401 stands
        details_.detail = "the token provider gave the token the API had refused";
        state_ = state::finished;
        return {step::kind::fail};
    }
    replayed_ = true;
    reason_ = "replay after a token refresh";
    delay_ = std::chrono::milliseconds(0);
    earliest_ = now;
    ++attempt_;
    if (shared_.observer && *shared_.observer)
        (*shared_.observer)({std::string(to_string(request_.method)),
                             request_.target.substr(0, request_.target.find('?')),
                             attempt_,
                             delay_,
                             401,
                             {},
                             reason_});
    return plan(now);
}

retry_machine::step retry_machine::token_failed(error_details failure, clock::time_point now) {
    give_back({}, now, {});
    failure.attempts = std::move(details_.attempts);
    details_ = std::move(failure);
    state_ = state::finished;
    return {step::kind::fail};
}

} // namespace tallyfy::detail
