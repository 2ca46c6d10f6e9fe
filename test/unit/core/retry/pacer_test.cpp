// SPDX-License-Identifier: BSL-1.0
// The pacer as a state machine over fake time: requests-per-second spacing, the window's budget
// minus calls in flight, the probe that learns a spent window's end, queueing into later
// windows, and answers that arrive late.
#include <boost/test/unit_test.hpp>

#include "core/retry/pacer.hpp"

#include <limits>

using namespace std::chrono_literals;
using tallyfy::pacing_options;
using tallyfy::detail::pacer;
using tallyfy::detail::rate_headers;

namespace {

const pacer::clock::time_point t0 = pacer::clock::time_point{} + 1h;
const pacer::wall_clock::time_point wall0 = pacer::wall_clock::time_point{} + 1'800'000'000s;

rate_headers ok(long long remaining, long long limit) {
    return {.status = 200, .limit = limit, .remaining = remaining};
}

rate_headers too_many(std::optional<std::chrono::seconds> retry_after,
                      std::optional<long long> reset = std::nullopt) {
    return {.status = 429,
            .limit = std::nullopt,
            .remaining = 0,
            .retry_after = retry_after,
            .reset = reset};
}

pacing_options window_only() {
    return {.requests_per_second = 0,
            .follow_rate_limit = true,
            .rate_window = 60s,
            .window_margin = 1s};
}

} // namespace

BOOST_AUTO_TEST_CASE(requests_per_second_spaces_sends) {
    pacer paced({.requests_per_second = 10});
    BOOST_TEST((paced.reserve(t0, t0).send_at == t0));
    BOOST_TEST((paced.reserve(t0, t0).send_at == t0 + 100ms));
    // A call waiting past every taken slot for its own reason goes then, and holds no one up.
    BOOST_TEST((paced.reserve(t0, t0 + 1s).send_at == t0 + 1s));
    BOOST_TEST((paced.reserve(t0, t0).send_at == t0 + 200ms));
}

BOOST_AUTO_TEST_CASE(no_rate_headers_means_no_wait) {
    pacer paced(window_only());
    for (int i = 0; i < 100; ++i) {
        auto r = paced.reserve(t0, t0);
        BOOST_TEST_REQUIRE(r.granted);
        BOOST_TEST_REQUIRE((r.send_at == t0));
    }
    BOOST_TEST(paced.in_flight() == 100u);
}

BOOST_AUTO_TEST_CASE(what_remains_minus_calls_in_flight_is_spent_at_full_speed) {
    pacer paced(window_only());
    auto first = paced.reserve(t0, t0);
    paced.release(first.claim, ok(3, 10), t0, wall0); // 3 left in the window
    std::vector<pacer::reservation> sent;
    for (int i = 0; i < 3; ++i) {
        sent.push_back(paced.reserve(t0, t0));
        BOOST_TEST((sent.back().send_at == t0)); // fits: no slowing down
        BOOST_TEST(!sent.back().claim.probe);
    }
    // Spent, end unknown: one probe goes, the next call is told to ask again shortly.
    auto probe = paced.reserve(t0, t0);
    BOOST_TEST(probe.granted);
    BOOST_TEST(probe.claim.probe);
    auto waiting = paced.reserve(t0, t0);
    BOOST_TEST(!waiting.granted);
    BOOST_TEST((waiting.send_at > t0 && waiting.send_at <= t0 + 100ms));
    // The probe's 429 says the window ends in 20 s: calls now queue for its end.
    paced.release(probe.claim, too_many(20s), t0 + 50ms, wall0);
    BOOST_TEST((paced.window_end() == t0 + 50ms + 20s));
    auto queued = paced.reserve(t0 + 60ms, t0 + 60ms);
    BOOST_TEST(queued.granted);
    BOOST_TEST(queued.for_window);
    BOOST_TEST((queued.send_at == t0 + 50ms + 20s));
}

BOOST_AUTO_TEST_CASE(later_windows_take_at_most_the_limit_each) {
    pacer paced(window_only());
    auto probe = paced.reserve(t0, t0);
    paced.release(probe.claim, ok(0, 2), t0, wall0); // limit 2, spent
    auto p2 = paced.reserve(t0, t0);
    paced.release(p2.claim, too_many(10s), t0, wall0);
    const auto end = t0 + 10s;
    std::vector<pacer::clock::time_point> slots;
    for (int i = 0; i < 5; ++i)
        slots.push_back(paced.reserve(t0, t0).send_at);
    BOOST_TEST((slots[0] == end && slots[1] == end));
    BOOST_TEST((slots[2] == end + 60s && slots[3] == end + 60s));
    BOOST_TEST((slots[4] == end + 120s));
    // At the end the window rolls: the two queued for it are the ones in flight, and the limit
    // is all that remains of the fresh window, so nothing more fits until they are answered.
    auto late = paced.reserve(end, end);
    BOOST_TEST((paced.remaining() == 2));
    BOOST_TEST(paced.in_flight() == 2u);
    BOOST_TEST(late.for_window); // the fresh window is full: queued behind the others
    BOOST_TEST((late.send_at == end + 120s));
}

BOOST_AUTO_TEST_CASE(a_queued_call_given_back_frees_its_place) {
    pacer paced(window_only());
    auto probe = paced.reserve(t0, t0);
    paced.release(probe.claim, ok(0, 1), t0, wall0);
    auto p2 = paced.reserve(t0, t0);
    paced.release(p2.claim, too_many(5s), t0, wall0);
    auto a = paced.reserve(t0, t0);
    BOOST_TEST((a.send_at == t0 + 5s));
    paced.release(a.claim, {}, t0 + 1s, wall0); // cancelled while waiting
    auto b = paced.reserve(t0 + 1s, t0 + 1s);
    BOOST_TEST((b.send_at == t0 + 5s)); // took a's place, not the window after
}

BOOST_AUTO_TEST_CASE(reset_in_epoch_seconds_is_used_without_retry_after) {
    pacer paced(window_only());
    auto probe = paced.reserve(t0, t0);
    paced.release(probe.claim, too_many(std::nullopt, 1'800'000'042), t0, wall0);
    BOOST_TEST((paced.window_end() == t0 + 43s)); // 42 s ahead of the wall clock, plus margin
    // Retry-After wins when both are sent (no clock skew in a relative delay, no margin).
    pacer both(window_only());
    auto p = both.reserve(t0, t0);
    both.release(p.claim, too_many(5s, 1'800'000'042), t0, wall0);
    BOOST_TEST((both.window_end() == t0 + 5s));
}

BOOST_AUTO_TEST_CASE(answers_from_an_earlier_window_do_not_speak_for_this_one) {
    pacer paced(window_only());
    auto a = paced.reserve(t0, t0);
    auto probe = paced.reserve(t0, t0);
    paced.release(probe.claim, ok(0, 5), t0, wall0);
    auto p2 = paced.reserve(t0, t0);
    paced.release(p2.claim, too_many(1s), t0, wall0);
    // The window rolls at t0 + 2 s; `a` was sent in the old one and says 0 remain.
    auto fresh = paced.reserve(t0 + 2s, t0 + 2s);
    BOOST_TEST((fresh.send_at == t0 + 2s));
    paced.release(a.claim, ok(0, 5), t0 + 2s, wall0);
    BOOST_TEST((paced.remaining() == 5));
    BOOST_TEST(paced.in_flight() == 1u); // only `fresh`
}

BOOST_AUTO_TEST_CASE(a_probe_answered_2xx_reopens_the_window) {
    pacer paced(window_only());
    auto first = paced.reserve(t0, t0);
    paced.release(first.claim, ok(0, 10), t0, wall0);
    auto probe = paced.reserve(t0, t0);
    BOOST_TEST(probe.claim.probe);
    BOOST_TEST(!paced.reserve(t0, t0).granted);
    paced.release(probe.claim, ok(7, 10), t0 + 30ms, wall0); // a sliding window freed some
    auto next = paced.reserve(t0 + 30ms, t0 + 30ms);
    BOOST_TEST(next.granted);
    BOOST_TEST(!next.claim.probe);
    BOOST_TEST((next.send_at == t0 + 30ms));
}

BOOST_AUTO_TEST_CASE(a_success_without_the_header_lifts_the_limit) {
    // A 429 without Retry-After or Reset: the end is unknown, so calls go one probe at a time
    // until an answer says more; a success that carries no rate-limit header ends that.
    pacer paced(window_only());
    auto a = paced.reserve(t0, t0);
    paced.release(a.claim, too_many(std::nullopt), t0, wall0);
    auto probe = paced.reserve(t0, t0);
    BOOST_TEST(probe.claim.probe);
    BOOST_TEST(!paced.reserve(t0, t0).granted);
    paced.release(probe.claim, {.status = 200}, t0 + 5ms, wall0);
    for (int i = 0; i < 5; ++i)
        BOOST_TEST((paced.reserve(t0 + 5ms, t0 + 5ms).send_at == t0 + 5ms));
    // A Retry-After of 0 ends the window at once: no one waits.
    auto b = paced.reserve(t0 + 5ms, t0 + 5ms);
    paced.release(b.claim, too_many(0s), t0 + 6ms, wall0);
    BOOST_TEST((paced.reserve(t0 + 6ms, t0 + 6ms).send_at == t0 + 6ms));
}

BOOST_AUTO_TEST_CASE(a_spent_window_is_not_reopened_by_a_late_answer) {
    pacer paced(window_only());
    auto early = paced.reserve(t0, t0); // sent before the window was spent, answered late
    auto probe = paced.reserve(t0, t0);
    paced.release(probe.claim, too_many(30s), t0, wall0);
    paced.release(early.claim, ok(50, 100), t0 + 10ms, wall0);
    BOOST_TEST((paced.remaining() == 0));
    BOOST_TEST(paced.reserve(t0 + 10ms, t0 + 10ms).for_window); // still queued for the end
    // A hostile reset far in the past or future neither overflows nor waits more than a day.
    pacer hostile(window_only());
    auto h = hostile.reserve(t0, t0);
    hostile.release(h.claim, too_many(std::nullopt, std::numeric_limits<long long>::min()), t0,
                    wall0);
    BOOST_TEST((hostile.window_end() == t0 + 1s)); // now, plus the margin
}

BOOST_AUTO_TEST_CASE(an_action_caps_429_teaches_nothing) {
    // A probe and a counted call, both refused by an hourly cap on their action: their places
    // are given back, and the window stays as it was (3 of 10 left, end unknown).
    pacer paced(window_only());
    auto first = paced.reserve(t0, t0);
    paced.release(first.claim, ok(3, 10), t0, wall0);
    auto capped = too_many(3600s, 1'800'003'600);
    capped.remaining.reset();
    capped.action_cap = true;
    auto a = paced.reserve(t0, t0);
    paced.release(a.claim, capped, t0 + 5ms, wall0);
    BOOST_TEST((paced.remaining() == 3));
    BOOST_TEST(!paced.window_end());
    BOOST_TEST(paced.in_flight() == 0u);
    for (int i = 0; i < 3; ++i)
        BOOST_TEST((paced.reserve(t0 + 5ms, t0 + 5ms).send_at == t0 + 5ms));
    auto probe = paced.reserve(t0 + 5ms, t0 + 5ms);
    BOOST_TEST(probe.claim.probe);
    paced.release(probe.claim, capped, t0 + 10ms, wall0);
    BOOST_TEST(!paced.window_end());
    BOOST_TEST(paced.reserve(t0 + 10ms, t0 + 10ms).claim.probe); // the next call probes at once
}

BOOST_AUTO_TEST_CASE(following_the_headers_can_be_switched_off) {
    pacer paced({.requests_per_second = 0, .follow_rate_limit = false});
    auto a = paced.reserve(t0, t0);
    paced.release(a.claim, too_many(30s), t0, wall0);
    BOOST_TEST((paced.reserve(t0, t0).send_at == t0));
    BOOST_TEST(!paced.window_end());
}
