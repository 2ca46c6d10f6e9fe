// SPDX-License-Identifier: BSL-1.0
// The retry loop as a state machine over fake time: each row scripts the server's answers and
// checks the machine's steps (what it sends, how long it sleeps) and the call's end. No socket,
// no timer, no sleep.
#include <boost/test/unit_test.hpp>

#include "core/outcome.hpp"
#include "core/retry/retry_machine.hpp"

#include <memory>
#include <sstream>
#include <utility>

using namespace std::chrono_literals;
using tallyfy::error;
using tallyfy::http_response;
using tallyfy::detail::retry_machine;
using step_kind = retry_machine::step::kind;

namespace {

const auto t0 = std::chrono::steady_clock::time_point{} + 1h;
const auto wall0 = std::chrono::system_clock::time_point{} + 1'800'000'000s;

// One scripted answer: a status with headers, or a transport error.
struct answer {
    unsigned status = 200;
    std::vector<tallyfy::http_header> headers = {};
    std::string body = {};
    error transport = error::http_error; ///< used when status is 0
    bool written = true;
    std::chrono::milliseconds takes{10}; ///< how long the attempt lasts
};

struct harness {
    tallyfy::retry_policy policy;
    tallyfy::detail::pacer pace{{.requests_per_second = 0,
                                 .follow_rate_limit = true,
                                 .rate_window = 60s,
                                 .window_margin = 1s}};
    std::unique_ptr<tallyfy::retry_budget> budget = std::make_unique<tallyfy::retry_budget>();
    std::function<double()> jitter = [] { return 0.5; };
    tallyfy::retry_observer observer;
    std::vector<unsigned> observed_attempts;
    tallyfy::http_request request{
        .method = tallyfy::http_method::get, .target = "/api/x?q=1", .idempotent = true};
    std::chrono::steady_clock::time_point now = t0;
    std::vector<std::chrono::milliseconds> attempt_timeouts;
    std::function<void()> on_send, on_sleep; ///< other calls acting meanwhile
    bool token_refreshable = false;          ///< the client has a token provider
    /// What each refresh gives, in order: "new", "same" (the refused token again) or "fails".
    std::vector<std::string> refreshes;

    harness() {
        policy.jitter = tallyfy::jitter_mode::none;
        observer = [this](const tallyfy::retry_event& e) {
            observed_attempts.push_back(e.attempt);
        };
    }

    tallyfy::detail::retry_shared shared() { return {pace, *budget, jitter, &observer}; }

    // Runs a call to its end over the scripted answers; the trace names each step:
    // "send 200 | done", "send 503 | sleep 3000 | send 200 | done". `cancel_sleep_at` cancels
    // that sleep (1 = first).
    std::string run(std::vector<answer> answers, tallyfy::error_details* out = nullptr,
                    unsigned cancel_sleep_at = 0, bool keep_history = false) {
        std::ostringstream trace;
        retry_machine m(shared(), policy, request, keep_history, now, token_refreshable);
        auto step = m.start(now);
        std::size_t next = 0, next_refresh = 0;
        unsigned sleeps = 0;
        for (;;) {
            if (step.what == step_kind::sleep) {
                auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(step.delay);
                trace << "sleep " << ms.count() << " | ";
                if (on_sleep)
                    on_sleep();
                if (++sleeps == cancel_sleep_at) {
                    now += ms / 2;
                    step = m.slept(false, now);
                    continue;
                }
                now += step.delay;
                step = m.slept(true, now);
            } else if (step.what == step_kind::refresh) {
                BOOST_TEST_REQUIRE(next_refresh < refreshes.size());
                const std::string& r = refreshes[next_refresh++];
                trace << "refresh " << r << " | ";
                now += 5ms;
                if (r == "fails") {
                    auto failure = tallyfy::detail::make_details(
                        error::unauthorized, "token refresh at https://x/oauth/token: refused");
                    step = m.token_failed(std::move(failure), now);
                } else {
                    step = m.refreshed(r == "new", now);
                }
            } else if (step.what == step_kind::send) {
                BOOST_TEST_REQUIRE(next < answers.size());
                const answer& a = answers[next++];
                attempt_timeouts.push_back(request.timeouts_override
                                               ? request.timeouts_override->attempt
                                               : std::chrono::milliseconds(-1));
                http_response r{
                    .status = a.status, .headers = a.headers, .body = a.body, .info = {}};
                r.info.request_written = a.written;
                boost::system::error_code ec;
                if (a.status == 0)
                    ec = tallyfy::make_error_code(a.transport);
                trace << "send " << a.status << " | ";
                if (on_send)
                    on_send();
                now += a.takes;
                step = m.sent(r, ec, now, wall0 + (now - t0));
            } else {
                trace << (step.what == step_kind::done ? "done" : "fail");
                if (out)
                    *out = m.details();
                return trace.str();
            }
        }
    }
};

answer status(unsigned s, std::vector<tallyfy::http_header> h = {}) {
    return {.status = s, .headers = std::move(h)};
}
answer transport_error(error e, bool written) {
    return {.status = 0, .headers = {}, .body = {}, .transport = e, .written = written};
}

} // namespace

BOOST_AUTO_TEST_CASE(decision_rows) {
    struct row {
        const char* name;
        bool idempotent;
        std::vector<answer> answers;
        const char* trace;
        error code; ///< error::http_error here stands for "no error" (success)
    };
    const std::vector<row> rows = {
        {"first try", true, {status(200)}, "send 200 | done", error::http_error},
        {"503 backoff then ok",
         true,
         {status(503), status(200)},
         "send 503 | sleep 500 | send 200 | done",
         error::http_error},
        {"backoff grows",
         true,
         {status(503), status(503), status(200)},
         "send 503 | sleep 500 | send 503 | sleep 1000 | send 200 | done",
         error::http_error},
        {"503 Retry-After seconds",
         true,
         {status(503, {{"Retry-After", "3"}}), status(200)},
         "send 503 | sleep 3000 | send 200 | done",
         error::http_error},
        {"503 Retry-After date",
         true,
         {status(503, {{"Retry-After", "Fri, 15 Jan 2027 08:00:07 GMT"}}), status(200)},
         "send 503 | sleep 7000 | send 200 | done",
         error::http_error},
        {"502 on a write", false, {status(502)}, "send 502 | fail", error::outcome_unknown},
        {"404 final", true, {status(404)}, "send 404 | fail", error::not_found},
        {"500 on a read", true, {status(500)}, "send 500 | fail", error::server_error},
        {"five attempts",
         true,
         {status(503), status(503), status(503), status(503), status(503)},
         "send 503 | sleep 500 | send 503 | sleep 1000 | send 503 | sleep 2000 | send 503 | "
         "sleep 4000 | send 503 | fail",
         error::server_error},
        {"connect failure on a write is retried",
         false,
         {transport_error(error::connection_failed, false), status(200)},
         "send 0 | sleep 500 | send 200 | done",
         error::http_error},
        {"timeout after writing a write",
         false,
         {transport_error(error::attempt_timeout, true)},
         "send 0 | fail",
         error::outcome_unknown},
        {"tls verification",
         true,
         {transport_error(error::tls_failed, false)},
         "send 0 | fail",
         error::tls_failed},
        {"429 over the cap",
         true,
         {status(429, {{"Retry-After", "120"}})},
         "send 429 | fail",
         error::rate_limited},
    };
    for (const auto& r : rows) {
        BOOST_TEST_CONTEXT(r.name) {
            harness h;
            h.policy.total_deadline = 0ms; // the Retry-After date row is years from t0's wall
            h.request.idempotent = r.idempotent;
            tallyfy::error_details d;
            BOOST_TEST(h.run(r.answers, &d) == r.trace);
            if (r.code != error::http_error)
                BOOST_TEST((d.code == r.code));
        }
    }
}

BOOST_AUTO_TEST_CASE(rate_limited_answers_do_not_use_up_attempts) {
    harness h;
    h.request.idempotent = false; // a 429 is safe to re-send even for a write
    std::vector<answer> answers(7, status(429, {{"Retry-After", "2"}}));
    answers.push_back(status(201));
    tallyfy::error_details d;
    auto trace = h.run(answers, &d, 0, true);
    BOOST_TEST(trace.substr(trace.size() - 15) == "send 201 | done");
    BOOST_TEST(d.attempts.size() == 8u);
    BOOST_TEST(h.observed_attempts.size() == 7u);
    BOOST_TEST(h.observed_attempts.back() == 8u);
}

// Retry-After in both forms, on a 429 and on a 503: waited for, and recorded in the history as
// the delay before the next attempt (not the backoff the policy would have chosen).
BOOST_AUTO_TEST_CASE(retry_after_in_both_forms_is_waited_and_recorded) {
    struct row {
        const char* name;
        answer first;
        const char* trace;
        long delay_ms;
    };
    const std::vector<row> rows = {
        {"429 seconds", status(429, {{"Retry-After", "1"}}),
         "send 429 | sleep 1000 | send 200 | done", 1000},
        // wall0 + 10 ms (the first attempt's length) is 15 Jan 2027 08:00:00.010 GMT.
        {"429 date", status(429, {{"Retry-After", "Fri, 15 Jan 2027 08:00:02 GMT"}}),
         "send 429 | sleep 2000 | send 200 | done", 2000},
        {"503 seconds", status(503, {{"Retry-After", "1"}}),
         "send 503 | sleep 1000 | send 200 | done", 1000},
        {"429 zero: the backoff", status(429, {{"Retry-After", "0"}}),
         "send 429 | sleep 500 | send 200 | done", 500},
    };
    for (const auto& r : rows) {
        BOOST_TEST_CONTEXT(r.name) {
            harness h;
            h.policy.total_deadline = 0ms;
            tallyfy::error_details d;
            BOOST_TEST(h.run({r.first, status(200)}, &d, 0, true) == r.trace);
            BOOST_TEST_REQUIRE(d.attempts.size() == 2u);
            BOOST_TEST(d.attempts[0].delay_before.count() == 0);
            BOOST_TEST(d.attempts[1].delay_before.count() == r.delay_ms);
            BOOST_TEST(d.attempts[1].status == 200u);
        }
    }
}

BOOST_AUTO_TEST_CASE(one_attempt_means_one_attempt_even_for_a_429) {
    harness h;
    h.policy = tallyfy::retry_policy::no_retry();
    tallyfy::error_details d;
    BOOST_TEST(h.run({status(429, {{"Retry-After", "1"}})}, &d) == "send 429 | fail");
    BOOST_TEST((d.code == error::rate_limited));
}

BOOST_AUTO_TEST_CASE(a_backoff_is_not_served_twice_while_a_probe_is_out) {
    harness h;
    h.policy.total_deadline = 0ms;
    // Another call is probing a spent window of unknown end: this call's 503 backoff (500 ms)
    // is followed by polls, and the retry goes as soon as the probe's answer frees the window,
    // not a second backoff later.
    auto first = h.pace.reserve(t0, t0);
    h.pace.release(first.claim, {.status = 200, .limit = 10, .remaining = 1}, t0, wall0);
    tallyfy::detail::pacer::reservation other;
    h.on_send = [&] { // the window's last request is this call's; another call probes after it
        if (!other.claim.counted)
            other = h.pace.reserve(h.now, h.now);
    };
    h.on_sleep = [&] { // the probe's answer: the window was not spent after all
        if (other.claim.probe)
            h.pace.release(std::exchange(other.claim, {}), {.status = 200, .remaining = 5}, h.now,
                           wall0);
    };
    BOOST_TEST(h.run({status(503), status(200)}) == "send 503 | sleep 520 | send 200 | done");
}

BOOST_AUTO_TEST_CASE(retry_after_beyond_the_cap_quotes_the_server) {
    harness h;
    tallyfy::error_details d;
    h.run({status(429, {{"Retry-After", "999999999"}})}, &d);
    BOOST_TEST((d.code == error::rate_limited));
    BOOST_TEST(d.detail.find("'999999999'") != std::string::npos, d.detail);
    BOOST_TEST(d.detail.find("max_retry_after (60 s)") != std::string::npos, d.detail);
    BOOST_TEST(d.detail.find("not retried") != std::string::npos, d.detail);
}

BOOST_AUTO_TEST_CASE(a_long_window_is_waited_for_when_the_policy_allows_it) {
    harness h;
    h.policy.max_retry_after = std::chrono::hours(1);
    h.policy.total_deadline = 0ms;
    // The 429 teaches the pacer the window's end: the retry waits for it.
    auto trace = h.run({status(429, {{"Retry-After", "45"}}), status(200)});
    BOOST_TEST(trace == "send 429 | sleep 45000 | send 200 | done");
}

BOOST_AUTO_TEST_CASE(a_spent_window_known_to_the_client_fails_fast_beyond_the_cap) {
    harness h;
    // Another call's 429 taught the pacer that the window ends in 6 s.
    auto probe = h.pace.reserve(t0, t0);
    h.pace.release(probe.claim, {.status = 429, .retry_after = 6s}, t0, wall0);
    h.policy.max_retry_after = 2s;
    tallyfy::error_details d;
    BOOST_TEST(h.run({status(200)}, &d) == "fail"); // nothing sent
    BOOST_TEST((d.code == error::rate_limited));
    BOOST_TEST_REQUIRE(d.retry_after.has_value());
    BOOST_TEST(d.retry_after->count() == 6);
    BOOST_TEST(d.detail.find("window ends in 6 s") != std::string::npos, d.detail);
    // With a cap that allows it, the call waits for the window and goes.
    h.policy.max_retry_after = 10s;
    BOOST_TEST(h.run({status(200)}) == "sleep 6000 | send 200 | done");
}

BOOST_AUTO_TEST_CASE(budget_exhaustion_ends_the_retries) {
    harness h;
    h.budget = std::make_unique<tallyfy::retry_budget>(
        tallyfy::retry_budget_options{.capacity = 10, .retry_cost = 5});
    tallyfy::error_details d;
    auto trace = h.run({status(503), status(503), status(503)}, &d);
    BOOST_TEST(trace == "send 503 | sleep 500 | send 503 | sleep 1000 | send 503 | fail");
    BOOST_TEST((d.code == error::retry_budget_exhausted));
    BOOST_TEST(d.detail.find("HTTP 503") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_wait_before_sending_is_taken_from_the_attempt) {
    // The driver waited (for a token) between the send step and the send: the attempt is cut
    // again, so the call still ends by its deadline.
    harness h;
    h.policy.total_deadline = 30'000ms;
    retry_machine m(h.shared(), h.policy, h.request, false, t0, true);
    BOOST_TEST((m.start(t0).what == step_kind::send));
    BOOST_TEST(h.request.timeouts_override->attempt.count() == 30'000);
    m.cut_to_deadline(t0 + 25'000ms);
    BOOST_TEST(h.request.timeouts_override->attempt.count() == 5'000);
    m.cut_to_deadline(t0 + 31'000ms); // past it: the shortest attempt, which then times out
    BOOST_TEST(h.request.timeouts_override->attempt.count() == 1);
}

BOOST_AUTO_TEST_CASE(the_deadline_cuts_the_last_attempt_and_refuses_a_late_one) {
    harness h;
    h.policy.total_deadline = 2'000ms;
    h.policy.initial_backoff = 600ms;
    h.policy.multiplier = 2;
    tallyfy::error_details d;
    // 503 after 10 ms; 600 ms backoff; 503 after 10 ms; 1200 ms backoff would end at 1820 ms,
    // still inside; the third attempt has 180 ms left; a 4th backoff of 2400 ms is refused.
    auto trace = h.run({status(503), status(503), status(503)}, &d);
    BOOST_TEST(trace == "send 503 | sleep 600 | send 503 | sleep 1200 | send 503 | fail");
    BOOST_TEST((d.code == error::deadline_exceeded));
    BOOST_TEST_REQUIRE(h.attempt_timeouts.size() == 3u);
    BOOST_TEST(h.attempt_timeouts[0].count() == 2000); // cut from the default 60 s
    BOOST_TEST(h.attempt_timeouts[1].count() == 1390);
    BOOST_TEST(h.attempt_timeouts[2].count() == 180);
}

BOOST_AUTO_TEST_CASE(cancellation_during_a_sleep_ends_the_call_and_frees_the_slot) {
    harness h;
    tallyfy::error_details d;
    auto trace = h.run({status(429, {{"Retry-After", "30"}})}, &d, 1);
    BOOST_TEST(trace == "send 429 | sleep 30000 | fail");
    BOOST_TEST((d.code == error::cancelled));
    BOOST_TEST(h.pace.in_flight() == 0u);
    // The queued place it held is free again: the next call takes the same slot.
    harness* hp = &h;
    auto slot = hp->pace.reserve(h.now, h.now);
    BOOST_TEST((slot.send_at == t0 + 10ms + 30s));
}

BOOST_AUTO_TEST_CASE(pacing_from_rate_limit_headers_across_calls) {
    harness h;
    h.policy.max_retry_after = std::chrono::hours(1);
    h.policy.total_deadline = 0ms;
    // Two remain of a limit of 10: two calls go at once, the third probes and learns the end.
    BOOST_TEST(h.run({status(200, {{"X-RateLimit-Limit", "10"},
                                   {"X-RateLimit-Remaining", "2"}})}) == "send 200 | done");
    BOOST_TEST(h.run({status(200, {{"X-RateLimit-Remaining", "1"}})}) == "send 200 | done");
    BOOST_TEST(h.run({status(200, {{"X-RateLimit-Remaining", "0"}})}) == "send 200 | done");
    BOOST_TEST(h.run({status(429, {{"Retry-After", "20"}}), status(200)}) ==
               "send 429 | sleep 20000 | send 200 | done");
    BOOST_TEST(h.observed_attempts.size() == 1u);
}

BOOST_AUTO_TEST_CASE(an_hourly_cap_fails_its_call_and_leaves_the_pacer_open) {
    // The API's two 429s: its request-rate window (Laravel's throttle: X-RateLimit-Limit and
    // -Remaining 0) holds every call of the client until the window's end; an hourly cap on an
    // action (body code RATE_LIMIT_EXCEEDED, no X-RateLimit-Limit/-Remaining, or some remaining)
    // fails only the call that hit it. Each row: a write refused for an hour, then a read.
    const std::string cap_body = R"({"message":"You've reached the hourly limit for Comment )"
                                 R"((120 per hour per organization). Please try again later.",)"
                                 R"("code":"RATE_LIMIT_EXCEEDED"})";
    const std::string throttle_body = R"({"message":"Too Many Attempts.",)"
                                      R"("code":"RATE_LIMIT_EXCEEDED"})";
    struct row {
        const char* name;
        answer refusal;
        bool holds; ///< the pacer holds the next call for the window's end
    };
    const std::vector<tallyfy::http_header> reset = {{"Retry-After", "3600"},
                                                     {"X-RateLimit-Reset", "1800003600"}};
    auto with = [](std::vector<tallyfy::http_header> h, std::vector<tallyfy::http_header> more) {
        h.insert(h.end(), more.begin(), more.end());
        return h;
    };
    const std::vector<row> rows = {
        {"cap (the sandbox's)", {.status = 429, .headers = reset, .body = cap_body}, false},
        {"cap, Retry-After only",
         {.status = 429, .headers = {{"Retry-After", "3600"}}, .body = cap_body},
         false},
        {"cap passed through the throttle (some remaining)",
         {.status = 429,
          .headers = with(reset, {{"X-RateLimit-Limit", "600"}, {"X-RateLimit-Remaining", "12"}}),
          .body = cap_body},
         false},
        {"window (Laravel's throttle)",
         {.status = 429,
          .headers = with(reset, {{"X-RateLimit-Limit", "600"}, {"X-RateLimit-Remaining", "0"}}),
          .body = throttle_body},
         true},
        {"window, Remaining only",
         {.status = 429,
          .headers = with(reset, {{"X-RateLimit-Remaining", "0"}}),
          .body = throttle_body},
         true},
        {"plain 429, Retry-After only", status(429, {{"Retry-After", "3600"}}), true},
        {"429 with another body",
         {.status = 429,
          .headers = {{"Retry-After", "3600"}},
          .body = R"({"message":"Too Many Attempts."})"},
         true},
    };
    for (const auto& r : rows) {
        BOOST_TEST_CONTEXT(r.name) {
            harness h;
            h.request = {.method = tallyfy::http_method::post,
                         .target = "/api/organizations/o/tasks/t/comment",
                         .idempotent = false};
            tallyfy::error_details d;
            BOOST_TEST(h.run({r.refusal}, &d) == "send 429 | fail");
            BOOST_TEST((d.code == error::rate_limited));
            BOOST_TEST_REQUIRE(d.retry_after.has_value());
            BOOST_TEST(d.retry_after->count() == 3600);
            BOOST_TEST(d.detail.find("not retried") != std::string::npos, d.detail);
            if (!r.holds)
                BOOST_TEST(d.server_code == "RATE_LIMIT_EXCEEDED");
            BOOST_TEST(h.pace.window_end().has_value() == r.holds);
            BOOST_TEST(h.pace.in_flight() == 0u);
            // The next call of the same client, a read at once.
            h.request = {
                .method = tallyfy::http_method::get, .target = "/api/x", .idempotent = true};
            tallyfy::error_details next;
            BOOST_TEST(h.run({status(200)}, &next) == (r.holds ? "fail" : "send 200 | done"));
            if (r.holds) // held for the window's end, past the call's deadline: not sent
                BOOST_TEST((next.code == error::deadline_exceeded));
        }
    }
}

// Tokens that expire: a 401 asks for a refresh and the request is replayed once, writes too (a
// 401 is a refusal before any effect); a write whose outcome is unknown is never replayed; a 401
// to the replay is final; a failed refresh ends the call with the provider's error.
BOOST_AUTO_TEST_CASE(a_401_refreshes_the_token_and_replays_once) {
    const auto unauthenticated = [] {
        return answer{.status = 401, .body = R"({"message":"Unauthenticated."})"};
    };
    struct row {
        const char* name;
        bool refreshable;
        bool idempotent;
        std::vector<answer> answers;
        std::vector<std::string> refreshes;
        const char* trace;
        error code; ///< error::http_error: success
        std::size_t attempts;
    };
    const std::vector<row> rows = {
        {"fixed token: a 401 is final",
         false,
         true,
         {unauthenticated()},
         {},
         "send 401 | fail",
         error::unauthorized,
         1},
        {"401, refresh, replay succeeds",
         true,
         true,
         {unauthenticated(), status(200)},
         {"new"},
         "send 401 | refresh new | send 200 | done",
         error::http_error,
         2},
        {"a write is replayed too",
         true,
         false,
         {unauthenticated(), status(201)},
         {"new"},
         "send 401 | refresh new | send 201 | done",
         error::http_error,
         2},
        {"a 401 to the replay is final",
         true,
         true,
         {unauthenticated(), unauthenticated()},
         {"new"},
         "send 401 | refresh new | send 401 | fail",
         error::unauthorized,
         2},
        {"the same token again: not replayed",
         true,
         true,
         {unauthenticated()},
         {"same"},
         "send 401 | refresh same | fail",
         error::unauthorized,
         1},
        {"a failed refresh ends the call",
         true,
         true,
         {unauthenticated()},
         {"fails"},
         "send 401 | refresh fails | fail",
         error::unauthorized,
         1},
        {"a write of unknown outcome is not replayed",
         true,
         false,
         {transport_error(error::attempt_timeout, true)},
         {},
         "send 0 | fail",
         error::outcome_unknown,
         1},
        {"a 502 to a write stays unknown",
         true,
         false,
         {status(502)},
         {},
         "send 502 | fail",
         error::outcome_unknown,
         1},
        {"a retry then a 401 still replays once",
         true,
         true,
         {status(503), unauthenticated(), status(200)},
         {"new"},
         "send 503 | sleep 500 | send 401 | refresh new | send 200 | done",
         error::http_error,
         3},
    };
    for (const auto& r : rows) {
        BOOST_TEST_CONTEXT(r.name) {
            harness h;
            h.token_refreshable = r.refreshable;
            h.request.idempotent = r.idempotent;
            h.refreshes = r.refreshes;
            tallyfy::error_details d;
            BOOST_TEST(h.run(r.answers, &d, 0, true) == r.trace);
            if (r.code != error::http_error)
                BOOST_TEST((d.code == r.code));
            BOOST_TEST(d.attempts.size() == r.attempts);
        }
    }
}

BOOST_AUTO_TEST_CASE(a_replay_uses_no_attempt_and_no_budget) {
    harness h;
    h.token_refreshable = true;
    h.policy = tallyfy::retry_policy::no_retry(); // one attempt, and yet the replay is made
    h.budget = std::make_unique<tallyfy::retry_budget>(
        tallyfy::retry_budget_options{.capacity = 1, .retry_cost = 5}); // cannot pay a retry
    h.refreshes = {"new"};
    tallyfy::error_details d;
    BOOST_TEST(h.run({{.status = 401}, status(200)}, &d, 0, true) ==
               "send 401 | refresh new | send 200 | done");
    BOOST_TEST_REQUIRE(d.attempts.size() == 2u);
    BOOST_TEST(d.attempts[1].reason == "replay after a token refresh");
    BOOST_TEST(h.observed_attempts == std::vector<unsigned>{2}); // on_retry saw it
}

BOOST_AUTO_TEST_CASE(a_failed_refresh_keeps_the_attempts_and_frees_the_pacer) {
    harness h;
    h.token_refreshable = true;
    h.refreshes = {"fails"};
    tallyfy::error_details d;
    h.run({{.status = 401}}, &d);
    BOOST_TEST((d.code == error::unauthorized));
    BOOST_TEST(d.detail.find("token refresh at") != std::string::npos, d.detail);
    BOOST_TEST(d.attempts.size() == 1u);
    BOOST_TEST(h.pace.in_flight() == 0u);
}
