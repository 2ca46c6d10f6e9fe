// SPDX-License-Identifier: BSL-1.0
// One call's retry loop as a state machine: it is told what happened (started, slept, an
// attempt's result) and the time, and answers what to do next (send, sleep, done, fail). No
// clock, timer or socket here: execute() in retry_loop.cpp drives it with real ones, the unit
// tests with fake time. Backoff, Retry-After, the shared budget, pacing, the deadline and the
// replay after a token refresh are decided here.
#pragma once

#include "core/retry/pacer.hpp"

#include <tallyfy/api_error.hpp>
#include <tallyfy/http.hpp>
#include <tallyfy/retry.hpp>

#include <chrono>
#include <functional>
#include <optional>

namespace tallyfy::detail {

/// The client-wide parts a call's machine uses (owned by runner_state, or by a test).
struct retry_shared {
    pacer& pace;
    retry_budget& budget;
    const std::function<double()>& uniform01; ///< jitter source, [0, 1)
    const retry_observer* observer = nullptr; ///< called before each retry (may be null/empty)
};

/// The rate-limit headers of a response (all absent when `status` is 0).
rate_headers rate_headers_of(const http_response& response,
                             std::chrono::system_clock::time_point wall);

class retry_machine {
public:
    using clock = std::chrono::steady_clock;

    struct step {
        enum class kind {
            send,  ///< send the request (its timeouts may have been cut to the deadline)
            sleep, ///< wait `delay`, then call slept()
            done,  ///< the last response is the call's result
            fail,  ///< the call failed: details()
            /// the API answered 401 and the token can be refreshed: get a token newer than the
            /// one just sent, then call refreshed() (or token_failed())
            refresh,
        };
        kind what = kind::send;
        clock::duration delay{};
    };

    /// `request` is the call's request: its timeouts are cut to the deadline before each send.
    /// `keep_history`: record every attempt even when the first succeeds.
    /// `token_refreshable`: the client has a token provider, so a 401 asks for a refresh and the
    /// request is replayed once (a 401 is the API refusing the request before any effect, so a
    /// write is replayed too); a 401 to the replay is final.
    retry_machine(retry_shared shared, const retry_policy& policy, http_request& request,
                  bool keep_history, clock::time_point now, bool token_refreshable = false);
    /// Hands back a pacing reservation still held (a call abandoned mid-way).
    ~retry_machine();
    retry_machine(const retry_machine&) = delete;
    retry_machine& operator=(const retry_machine&) = delete;

    step start(clock::time_point now);
    /// After a sleep: `elapsed` false when it was cancelled.
    step slept(bool elapsed, clock::time_point now);
    /// After an attempt: its response (status 0 when none) and transport error.
    step sent(http_response& response, boost::system::error_code ec, clock::time_point now,
              std::chrono::system_clock::time_point wall = std::chrono::system_clock::now());

    /// After step::refresh: `new_token` false when the provider gave the token the API refused
    /// (the 401 is then the call's failure).
    step refreshed(bool new_token, clock::time_point now);
    /// No token could be had (before a send or after step::refresh): the call fails with
    /// `failure`, keeping the attempts made.
    step token_failed(error_details failure, clock::time_point now);

    /// Cuts the request's attempt timeout to what is left of the call's deadline at `now` (done
    /// by each send step; again by the driver when it waited for something before sending).
    void cut_to_deadline(clock::time_point now);

    /// The failure (after step::fail), with every attempt; the attempts so far otherwise.
    error_details& details() noexcept { return details_; }
    /// The call's deadline, when its policy has one.
    std::optional<clock::time_point> deadline() const noexcept {
        return has_deadline_ ? std::optional(deadline_) : std::nullopt;
    }
    /// The attempt being made or last made (1 = first).
    unsigned attempt() const noexcept { return attempt_; }

private:
    enum class state { idle, pacing, polling, sending, refreshing, finished };

    step plan(clock::time_point now);
    step send_now(clock::time_point now);
    step fail(error code, std::string detail = {});
    void give_back(const rate_headers& headers, clock::time_point now,
                   std::chrono::system_clock::time_point wall);

    retry_shared shared_;
    const retry_policy& policy_;
    http_request& request_;
    bool keep_history_;
    clock::time_point deadline_;
    bool has_deadline_;
    timeouts base_timeouts_;
    state state_ = state::idle;
    unsigned attempt_ = 1;
    unsigned counted_attempts_ = 1; ///< attempts that count against max_attempts (not 429s)
    unsigned rate_limited_ = 0;     ///< 429 answers so far
    std::chrono::milliseconds delay_{0};
    clock::time_point earliest_; ///< the next attempt not before (backoff, Retry-After)
    std::string reason_ = "first";
    bool holding_ = false;
    bool token_refreshable_ = false;
    bool replayed_ = false; ///< the one replay after a token refresh was made
    pacer::ticket claim_;
    error_details details_;
};

} // namespace tallyfy::detail
