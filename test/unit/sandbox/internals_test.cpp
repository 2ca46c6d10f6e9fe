// SPDX-License-Identifier: BSL-1.0
// Direct tests of the emulator's building blocks (rate windows, timestamp parsing, ids).
#include <sandbox/api/ids.hpp>
#include <sandbox/api/rate_limiter.hpp>
#include <sandbox/api/time_format.hpp>

#include <boost/test/unit_test.hpp>

using namespace tallyfy::sandbox::detail;

BOOST_AUTO_TEST_SUITE(internals)

BOOST_AUTO_TEST_CASE(rolling_window) {
    using tallyfy::sandbox::rate_window_kind;
    rate_limiter l({3, std::chrono::seconds(60), rate_window_kind::sliding});
    const auto t0 = rate_limiter::clock::time_point{} + std::chrono::hours(1);
    BOOST_TEST(l.admit("a", t0).remaining == 2u);
    BOOST_TEST(l.admit("a", t0 + std::chrono::seconds(10)).remaining == 1u);
    BOOST_TEST(l.admit("a", t0 + std::chrono::seconds(20)).remaining == 0u);
    auto refused = l.admit("a", t0 + std::chrono::seconds(30));
    BOOST_TEST(!refused.allowed);
    BOOST_TEST(refused.retry_after == 30u);
    BOOST_TEST(l.admit("b", t0 + std::chrono::seconds(30)).allowed); // per token
    auto almost = l.admit("a", t0 + std::chrono::milliseconds(59500));
    BOOST_TEST(!almost.allowed);
    BOOST_TEST(almost.retry_after == 1u); // rounded up, never 0
    auto later = l.admit("a", t0 + std::chrono::seconds(60));
    BOOST_TEST(later.allowed); // the first request left the window
    BOOST_TEST(!l.admit("a", t0 + std::chrono::seconds(61)).allowed);
    BOOST_TEST(rate_limiter({0}).admit("x").allowed);
}

// Laravel's throttle: the window opens with the first request and admits nothing more after
// the limit until it ends, whatever the spacing; then a whole new window.
BOOST_AUTO_TEST_CASE(fixed_window) {
    rate_limiter l({3, std::chrono::seconds(10)});
    const auto t0 = rate_limiter::clock::time_point{} + std::chrono::hours(1);
    const auto wall0 = std::chrono::system_clock::time_point{} + std::chrono::seconds(1'000'000);
    BOOST_TEST(l.admit("a", t0 + std::chrono::seconds(1)).remaining == 2u);
    BOOST_TEST(l.admit("a", t0 + std::chrono::seconds(2)).remaining == 1u);
    BOOST_TEST(l.admit("a", t0 + std::chrono::seconds(9)).remaining == 0u);
    auto refused = l.admit("a", t0 + std::chrono::milliseconds(9'500), wall0);
    BOOST_TEST(!refused.allowed);
    BOOST_TEST(refused.retry_after == 2u);  // 1.5 s to the end, rounded up
    BOOST_TEST(refused.reset == 1'000'002); // the end on the wall clock, rounded up
    BOOST_TEST(!l.admit("a", t0 + std::chrono::milliseconds(10'999)).allowed);
    // The window ended at 11 s: a new one opens with this request, for 10 s from now.
    BOOST_TEST(l.admit("a", t0 + std::chrono::seconds(11)).remaining == 2u);
    BOOST_TEST(l.admit("a", t0 + std::chrono::seconds(12)).remaining == 1u);
    BOOST_TEST(l.admit("a", t0 + std::chrono::seconds(20)).remaining == 0u);
    auto next = l.admit("a", t0 + std::chrono::seconds(20), wall0);
    BOOST_TEST(next.retry_after == 1u);
}

BOOST_AUTO_TEST_CASE(timestamp_forms) {
    const auto expect = parse_timestamp("2025-01-15T10:00:00Z");
    BOOST_TEST_REQUIRE(expect.has_value());
    BOOST_TEST(format_timestamp(*expect) == "2025-01-15T10:00:00.000Z");
    BOOST_TEST(parse_timestamp("2025-01-15T10:00:00.000Z").value_or(-1) == *expect);
    BOOST_TEST(parse_timestamp("2025-01-15 10:00:00").value_or(-1) == *expect);
    BOOST_TEST(parse_timestamp("2025-01-15T12:00:00+02:00").value_or(-1) == *expect);
    BOOST_TEST(parse_timestamp("2025-01-15T10:00Z").value_or(-1) == *expect);
    BOOST_TEST(*parse_timestamp("2025-01-15") == *expect - 36000);
    BOOST_TEST(format_timestamp(0) == "1970-01-01T00:00:00.000Z");
    BOOST_TEST(format_timestamp(*parse_timestamp("2024-02-29T23:59:59Z")) ==
               "2024-02-29T23:59:59.000Z");
    for (const char* bad :
         {"", "2025", "2025-02-30", "2023-02-29", "2025-13-01", "2025-01-15T25:00:00Z",
          "2025-01-15T10:00:00X", "2025-01-15T10:00:00.Z", "15/01/2025", "2025-01-15T",
          "2025-01-15 10:00:00 extra", "２０２５-01-01"})
        BOOST_TEST(!parse_timestamp(bad).has_value(), bad);
    BOOST_TEST(format_date(*expect) == "2025-01-15");
    BOOST_TEST(start_of_day(*expect) == *expect - 36000);
}

BOOST_AUTO_TEST_CASE(ids) {
    splitmix64 a(5), b(5), c(6);
    const auto id = a.hex_id();
    BOOST_TEST(is_hex_id(id));
    BOOST_TEST(id == b.hex_id());
    BOOST_TEST(id != c.hex_id());
    BOOST_TEST(!is_hex_id("ABCDEF0123456789abcdef0123456789"));
    BOOST_TEST(!is_hex_id("abc"));
}

BOOST_AUTO_TEST_SUITE_END()
