// SPDX-License-Identifier: BSL-1.0
// Retry, backoff, budget and pacing: what the client does when a call fails or the API pushes back.
#pragma once

#include <tallyfy/error.hpp>

#include <boost/system/error_code.hpp>

#include <chrono>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>

namespace tallyfy {

/// How the random part of a backoff is drawn from the exponential ceiling `c`.
enum class jitter_mode {
    full,         ///< uniform in [0, c] (default: spreads a thundering herd best)
    equal,        ///< c/2 + uniform in [0, c/2]
    decorrelated, ///< uniform in [initial, 3 x previous delay], capped
    none,         ///< exactly c
};

/// When and how often a call is retried. A value type: set on the client, override per call.
struct retry_policy {
    /// Attempts in total, the first included. 1 = no retries.
    unsigned max_attempts = 5;
    /// Deadline of the whole call, backoff included (0 = none). The client never sleeps past it
    /// and shortens the last attempt's timeout to fit; expiry gives error::deadline_exceeded.
    std::chrono::milliseconds total_deadline{120'000};
    /// The backoff ceiling before the first retry; attempt n waits up to
    /// `initial_backoff * multiplier^(n-2)`, capped by `max_backoff` (see backoff_ceiling).
    std::chrono::milliseconds initial_backoff{500};
    double multiplier = 2.0;                      ///< growth of the ceiling per retry (below 1: 1)
    std::chrono::milliseconds max_backoff{8'000}; ///< the largest ceiling
    jitter_mode jitter = jitter_mode::full;       ///< how a delay is drawn below the ceiling
    /// The longest a call waits for the API's rate limit: a 429's Retry-After, or the end of a
    /// window the client knows is spent (pacing_options). A longer wait fails at once with
    /// error::rate_limited (the delay in `error_details::retry_after`). One minute covers
    /// Tallyfy's per-minute window. 429 answers do not use up `max_attempts` (the server did not
    /// admit the request); they are bounded by this, the deadline and the retry budget.
    std::chrono::seconds max_retry_after{60};
    /// complete_task and reopen_task: after an unknown outcome, read the task back and report
    /// success if it is completed (reopened); re-send only when the server provably finished
    /// with the failed request. Off: an unknown outcome ends the call with outcome_unknown (a
    /// reopen is never retried blindly either).
    bool reconcile_completions = true;

    /// A policy that makes exactly one attempt.
    static retry_policy no_retry() {
        retry_policy p;
        p.max_attempts = 1;
        return p;
    }
};

/// A client-wide token bucket that retries draw from and successes refill, so that an outage
/// does not turn into a retry storm. Defaults follow AWS's standard retry quota.
struct retry_budget_options {
    double capacity = 500;     ///< 0 disables the budget
    double retry_cost = 5;     ///< per retry
    double timeout_cost = 10;  ///< per retry after a timeout
    double success_refill = 1; ///< per successful call
};

/// Proactive pacing, so batch jobs stay under the API's limit instead of bouncing off 429s.
///
/// With `follow_rate_limit` (the default) the client keeps a model of the server's rate-limit
/// window, shared by all its calls: the limit and what remains (`X-RateLimit-Limit` and
/// `-Remaining` of each response), and the window's end (a 429's `Retry-After`, else its
/// `X-RateLimit-Reset` in epoch seconds plus `window_margin`). A call is sent at once while what
/// remains, minus the calls in flight, is above zero: a batch that fits in the window is never
/// slowed. Once the window is spent the calls wait for its end, at most `limit` of them per later
/// window. When the end is not known yet (Laravel, which the API is built on, sends it only
/// with a 429), one call goes ahead as a probe and the others wait for what it learns: one 429
/// per window at most. A 429 from one of the API's hourly caps on an action (guest invites,
/// comments: body `code` RATE_LIMIT_EXCEEDED, without an `X-RateLimit-Remaining` of 0) is about
/// that action alone: it ends only its own call (as any 429, by retry_policy::max_retry_after)
/// and teaches the pacer nothing, so the client's other calls go on.
struct pacing_options {
    /// Client-wide requests per second (0: unlimited). Tallyfy allows 600 per minute per user.
    double requests_per_second = 0;
    /// Follow the server's rate-limit headers as described above.
    bool follow_rate_limit = true;
    /// The length assumed for windows after the next one, when calls are queued beyond it.
    std::chrono::milliseconds rate_window{60'000};
    /// Added to a window's end learnt from `X-RateLimit-Reset` (epoch seconds: clock skew). An
    /// end from `Retry-After` needs none: the server rounds it up.
    std::chrono::milliseconds window_margin{1'000};
};

/// What the retry loop tells an observer before each retry.
struct retry_event {
    std::string method;                 ///< "GET", "POST", ...
    std::string path;                   ///< the request target without its query
    unsigned attempt = 0;               ///< the attempt about to be made (2 = first retry)
    std::chrono::milliseconds delay{0}; ///< the backoff slept before it
    unsigned status = 0;                ///< status that caused the retry (0: transport error)
    boost::system::error_code error;    ///< the transport error that caused it, if any
    std::string reason; ///< e.g. "retry after HTTP 503", "retry after Connection reset by peer"
};
/// Called before each retry (client_options::on_retry), from the thread running the call. Must
/// not throw.
using retry_observer = std::function<void(const retry_event&)>;

/// The retry decision for one failed attempt, a pure function of what happened:
struct attempt_outcome {
    unsigned status = 0;             ///< HTTP status, 0 when no response
    boost::system::error_code error; ///< transport error when no response
    bool request_written = false;    ///< any byte of the request reached the socket
};

/// What decide_retry makes of a failed attempt.
enum class retry_verdict {
    success,         ///< 2xx: nothing to retry
    retry,           ///< safe and useful to try again
    fail,            ///< final: retrying cannot help (4xx, 500 on a read, TLS verification, ...)
    outcome_unknown, ///< a write may have taken effect: never re-sent blindly
};

/// The decision table:
/// - connect / TLS handshake failures and requests not written: retry, always;
/// - 429: retry, always (the request was not admitted);
/// - 408, 502, 503, 504, timeouts and resets after writing: retry when idempotent, else
///   outcome_unknown;
/// - other 5xx: fail when idempotent, outcome_unknown for writes;
/// - 4xx, TLS verification failures, invalid arguments, limits, cancellation: fail.
retry_verdict decide_retry(const attempt_outcome& outcome, bool idempotent) noexcept;

/// The backoff before attempt `attempt` (2 = first retry), without jitter: the exponential
/// ceiling, capped by `max_backoff`.
std::chrono::milliseconds backoff_ceiling(const retry_policy& policy, unsigned attempt) noexcept;

/// The backoff with the policy's jitter, drawing from `uniform01` (a source of [0, 1) values;
/// injectable for tests). `previous` is the last delay (decorrelated jitter only).
std::chrono::milliseconds backoff_delay(const retry_policy& policy, unsigned attempt,
                                        std::chrono::milliseconds previous,
                                        const std::function<double()>& uniform01);

/// The client-wide retry budget (thread-safe).
class retry_budget {
public:
    /// A full bucket of `options.capacity` tokens.
    explicit retry_budget(retry_budget_options options = {});
    retry_budget(const retry_budget&) = delete;
    retry_budget& operator=(const retry_budget&) = delete;

    /// Takes the cost of one retry; false when the bucket cannot pay it (retry not allowed).
    bool try_spend(bool after_timeout);
    /// Refills `success_refill` tokens after a successful call (up to the capacity).
    void on_success();
    /// The tokens left (infinity when the budget is disabled).
    double available() const;

private:
    retry_budget_options options_;
    mutable std::mutex mutex_;
    double tokens_;
};

} // namespace tallyfy
