// SPDX-License-Identifier: BSL-1.0
// The circuit breaker as a state machine over fake time: when it opens, what it refuses, the one
// probe after the cool-down, and what counts as a failure.
#include <boost/test/unit_test.hpp>

#include "core/transport/circuit_breaker.hpp"

#include <tallyfy/error.hpp>

using namespace std::chrono_literals;
using tallyfy::breaker_state;
using tallyfy::error;
using tallyfy::detail::breaker_verdict;
using tallyfy::detail::breaker_verdict_of;
using tallyfy::detail::circuit_breaker;

namespace {

const circuit_breaker::clock::time_point t0{};

circuit_breaker three_then_100ms() {
    return circuit_breaker({.enabled = true, .failure_threshold = 3, .cool_down = 100ms});
}

// Admits one send at `now` and records its verdict; returns whether it was admitted.
bool send(circuit_breaker& b, circuit_breaker::clock::time_point now, breaker_verdict v) {
    auto a = b.admit(now);
    if (a.admitted)
        b.record(v, a.probe, now);
    return a.admitted;
}

} // namespace

BOOST_AUTO_TEST_SUITE(circuit_breaker_machine)

BOOST_AUTO_TEST_CASE(opens_after_the_threshold_of_failures_in_a_row) {
    auto b = three_then_100ms();
    BOOST_TEST(send(b, t0, breaker_verdict::failure));
    BOOST_TEST(send(b, t0, breaker_verdict::failure));
    BOOST_TEST(send(b, t0, breaker_verdict::success)); // the run is broken: count again
    BOOST_TEST(b.failures_in_a_row() == 0u);
    BOOST_TEST(send(b, t0, breaker_verdict::failure));
    BOOST_TEST(send(b, t0, breaker_verdict::neutral)); // says nothing: the run goes on
    BOOST_TEST(send(b, t0, breaker_verdict::failure));
    BOOST_TEST((b.state() == breaker_state::closed));
    BOOST_TEST(send(b, t0 + 1ms, breaker_verdict::failure));
    BOOST_TEST((b.state() == breaker_state::open));
    tallyfy::pool_stats s;
    b.fill(s);
    BOOST_TEST(s.breaker_opened == 1u);
}

BOOST_AUTO_TEST_CASE(refuses_during_the_cool_down_and_says_for_how_long) {
    auto b = three_then_100ms();
    for (int i = 0; i < 3; ++i)
        send(b, t0, breaker_verdict::failure);
    auto a = b.admit(t0 + 30ms);
    BOOST_TEST(!a.admitted);
    BOOST_TEST((a.retry_in == 70ms));
    BOOST_TEST(!b.admit(t0 + 99ms).admitted);
    tallyfy::pool_stats s;
    b.fill(s);
    BOOST_TEST(s.breaker_rejected == 2u);
}

BOOST_AUTO_TEST_CASE(one_probe_after_the_cool_down_closes_it_on_success) {
    auto b = three_then_100ms();
    for (int i = 0; i < 3; ++i)
        send(b, t0, breaker_verdict::failure);
    auto probe = b.admit(t0 + 100ms);
    BOOST_TEST(probe.admitted);
    BOOST_TEST(probe.probe);
    BOOST_TEST((b.state() == breaker_state::half_open));
    BOOST_TEST(!b.admit(t0 + 101ms).admitted); // only one probe at a time
    b.record(breaker_verdict::success, true, t0 + 102ms);
    BOOST_TEST((b.state() == breaker_state::closed));
    BOOST_TEST(b.admit(t0 + 103ms).admitted);
}

BOOST_AUTO_TEST_CASE(a_failed_probe_opens_it_for_another_cool_down) {
    auto b = three_then_100ms();
    for (int i = 0; i < 3; ++i)
        send(b, t0, breaker_verdict::failure);
    BOOST_TEST(send(b, t0 + 150ms, breaker_verdict::failure)); // the probe fails
    BOOST_TEST((b.state() == breaker_state::open));
    BOOST_TEST(!b.admit(t0 + 249ms).admitted); // counted from the probe's failure
    BOOST_TEST(b.admit(t0 + 250ms).probe);
    tallyfy::pool_stats s;
    b.fill(s);
    BOOST_TEST(s.breaker_opened == 2u);
}

BOOST_AUTO_TEST_CASE(a_probe_that_says_nothing_lets_another_probe_go) {
    auto b = three_then_100ms();
    for (int i = 0; i < 3; ++i)
        send(b, t0, breaker_verdict::failure);
    BOOST_TEST(send(b, t0 + 100ms, breaker_verdict::neutral)); // cancelled probe
    BOOST_TEST((b.state() == breaker_state::half_open));
    auto next = b.admit(t0 + 101ms);
    BOOST_TEST(next.admitted);
    BOOST_TEST(next.probe);
}

BOOST_AUTO_TEST_CASE(late_results_of_sends_admitted_before_it_opened_change_nothing) {
    auto b = three_then_100ms();
    auto early = b.admit(t0); // admitted while closed, answers late
    for (int i = 0; i < 3; ++i)
        send(b, t0, breaker_verdict::failure);
    b.record(breaker_verdict::success, early.probe, t0 + 10ms);
    BOOST_TEST((b.state() == breaker_state::open));
}

BOOST_AUTO_TEST_CASE(what_counts_as_a_failure) {
    using tallyfy::make_error_code;
    BOOST_TEST((breaker_verdict_of({}, 503) == breaker_verdict::failure));
    BOOST_TEST((breaker_verdict_of({}, 500) == breaker_verdict::failure));
    BOOST_TEST((breaker_verdict_of({}, 429) == breaker_verdict::success));
    BOOST_TEST((breaker_verdict_of({}, 404) == breaker_verdict::success));
    BOOST_TEST((breaker_verdict_of({}, 501) == breaker_verdict::success));
    BOOST_TEST((breaker_verdict_of(make_error_code(error::connection_failed), 0) ==
                breaker_verdict::failure));
    BOOST_TEST((breaker_verdict_of(make_error_code(error::attempt_timeout), 0) ==
                breaker_verdict::failure));
    BOOST_TEST((breaker_verdict_of(make_error_code(error::proxy_failed), 0) ==
                breaker_verdict::failure)); // behind a proxy, how an outage looks
    BOOST_TEST((breaker_verdict_of(make_error_code(error::proxy_auth_required), 0) ==
                breaker_verdict::neutral));
    BOOST_TEST(
        (breaker_verdict_of(make_error_code(error::cancelled), 0) == breaker_verdict::neutral));
    BOOST_TEST(
        (breaker_verdict_of(make_error_code(error::tls_failed), 0) == breaker_verdict::neutral));
    BOOST_TEST((breaker_verdict_of(make_error_code(error::pool_wait_timeout), 0) ==
                breaker_verdict::neutral));
}

BOOST_AUTO_TEST_SUITE_END()
