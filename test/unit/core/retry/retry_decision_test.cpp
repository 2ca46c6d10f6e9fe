// SPDX-License-Identifier: BSL-1.0
// The retry decision table, backoff bounds, Retry-After parsing and the budget.
#define BOOST_TEST_MODULE retry_unit_tests
#include <boost/test/unit_test.hpp>

#include "core/error_mapping.hpp"

#include <tallyfy/retry.hpp>

using namespace std::chrono_literals;
using tallyfy::error;
using tallyfy::retry_verdict;

namespace {

tallyfy::attempt_outcome status(unsigned s) {
    return {s, {}, true};
}
tallyfy::attempt_outcome failed(error e, bool written) {
    return {0, tallyfy::make_error_code(e), written};
}

} // namespace

BOOST_AUTO_TEST_CASE(decision_table) {
    struct row {
        tallyfy::attempt_outcome outcome;
        bool idempotent;
        retry_verdict expected;
        const char* what;
    };
    const row rows[] = {
        {status(200), false, retry_verdict::success, "2xx"},
        {status(201), true, retry_verdict::success, "201"},
        {status(429), false, retry_verdict::retry, "429 write: never admitted"},
        {status(429), true, retry_verdict::retry, "429 read"},
        {status(503), true, retry_verdict::retry, "503 read"},
        {status(502), true, retry_verdict::retry, "502 read"},
        {status(504), true, retry_verdict::retry, "504 read"},
        {status(408), true, retry_verdict::retry, "408 read"},
        {status(503), false, retry_verdict::outcome_unknown, "503 write"},
        {status(500), false, retry_verdict::outcome_unknown, "500 write: never re-sent"},
        {status(500), true, retry_verdict::fail, "500 read: a server bug, not transient"},
        {status(400), true, retry_verdict::fail, "400"},
        {status(401), true, retry_verdict::fail, "401"},
        {status(403), true, retry_verdict::fail, "403"},
        {status(404), true, retry_verdict::fail, "404"},
        {status(422), false, retry_verdict::fail, "422"},
        {failed(error::connection_failed, false), false, retry_verdict::retry, "connect failure"},
        {failed(error::connect_timeout, true), false, retry_verdict::retry, "connect timeout"},
        {failed(error::tls_handshake_timeout, false), false, retry_verdict::retry,
         "handshake timeout"},
        {failed(error::connection_reset, false), false, retry_verdict::retry, "not written"},
        {failed(error::connection_reset, true), true, retry_verdict::retry,
         "reset after write, read"},
        {failed(error::connection_reset, true), false, retry_verdict::outcome_unknown,
         "reset after write"},
        {failed(error::attempt_timeout, true), false, retry_verdict::outcome_unknown,
         "timeout, write"},
        {failed(error::stall_timeout, true), true, retry_verdict::retry, "stall, read"},
        {failed(error::tls_failed, false), true, retry_verdict::fail, "certificate: permanent"},
        {failed(error::proxy_auth_required, false), true, retry_verdict::fail,
         "proxy 407: permanent"},
        {failed(error::proxy_failed, false), false, retry_verdict::retry,
         "proxy refused the tunnel: nothing reached the origin"},
        {failed(error::proxy_failed, true), false, retry_verdict::retry,
         "proxy refusal counts as before sending"},
        {failed(error::cancelled, true), true, retry_verdict::fail, "cancelled"},
        {failed(error::body_too_large, true), true, retry_verdict::fail, "limit"},
    };
    for (const auto& r : rows)
        BOOST_TEST((tallyfy::decide_retry(r.outcome, r.idempotent) == r.expected), r.what);
}

BOOST_AUTO_TEST_CASE(backoff_ceiling_grows_and_is_capped) {
    tallyfy::retry_policy p;
    BOOST_TEST(tallyfy::backoff_ceiling(p, 2).count() == 500);
    BOOST_TEST(tallyfy::backoff_ceiling(p, 3).count() == 1000);
    BOOST_TEST(tallyfy::backoff_ceiling(p, 4).count() == 2000);
    BOOST_TEST(tallyfy::backoff_ceiling(p, 20).count() == 8000);
}

BOOST_AUTO_TEST_CASE(jitter_modes_stay_within_bounds) {
    tallyfy::retry_policy p;
    for (double u : {0.0, 0.25, 0.999}) {
        auto source = [u] { return u; };
        p.jitter = tallyfy::jitter_mode::full;
        auto full = tallyfy::backoff_delay(p, 4, 0ms, source);
        BOOST_TEST(full.count() == static_cast<long long>(u * 2000));
        p.jitter = tallyfy::jitter_mode::equal;
        auto equal = tallyfy::backoff_delay(p, 4, 0ms, source);
        BOOST_TEST(equal.count() >= 1000);
        BOOST_TEST(equal.count() <= 2000);
        p.jitter = tallyfy::jitter_mode::decorrelated;
        auto dec = tallyfy::backoff_delay(p, 4, 4000ms, source);
        BOOST_TEST(dec.count() >= 500);
        BOOST_TEST(dec.count() <= 8000);
        p.jitter = tallyfy::jitter_mode::none;
        BOOST_TEST(tallyfy::backoff_delay(p, 4, 0ms, source).count() == 2000);
    }
}

BOOST_AUTO_TEST_CASE(retry_after_forms) {
    using tallyfy::detail::parse_retry_after;
    auto now =
        std::chrono::system_clock::from_time_t(1'700'000'000); // Tue, 14 Nov 2023 22:13:20 GMT
    BOOST_TEST(parse_retry_after("7", now)->count() == 7);
    BOOST_TEST(parse_retry_after(" 120 ", now)->count() == 120);
    BOOST_TEST(parse_retry_after("Tue, 14 Nov 2023 22:13:50 GMT", now)->count() == 30);
    BOOST_TEST(parse_retry_after("Tue, 14 Nov 2023 22:00:00 GMT", now)->count() == 0);
    BOOST_TEST(!parse_retry_after("soon", now));
    BOOST_TEST(!parse_retry_after("", now));
    BOOST_TEST(!parse_retry_after("12abc", now));
    BOOST_TEST(!parse_retry_after("-5", now));
    // Found by the fuzzer: far-future dates and huge numbers are capped at a day, not overflowed.
    BOOST_TEST(parse_retry_after("Wed, 21 Oct 4235 07:28:00 GMT", now)->count() == 86400);
    BOOST_TEST(parse_retry_after("99999999999999999999999", now)->count() == 86400);
}

BOOST_AUTO_TEST_CASE(budget_spends_and_refills) {
    tallyfy::retry_budget budget(
        {.capacity = 12, .retry_cost = 5, .timeout_cost = 10, .success_refill = 1});
    BOOST_TEST(budget.try_spend(false)); // 7 left
    BOOST_TEST(!budget.try_spend(true)); // a timeout costs 10
    BOOST_TEST(budget.try_spend(false)); // 2 left
    BOOST_TEST(!budget.try_spend(false));
    for (int i = 0; i < 3; ++i)
        budget.on_success();
    BOOST_TEST(budget.available() == 5.0);
    BOOST_TEST(budget.try_spend(false));
    for (int i = 0; i < 100; ++i)
        budget.on_success();
    BOOST_TEST(budget.available() == 12.0); // capped at capacity
    tallyfy::retry_budget unlimited({.capacity = 0});
    for (int i = 0; i < 1000; ++i)
        BOOST_TEST_REQUIRE(unlimited.try_spend(true));
}
