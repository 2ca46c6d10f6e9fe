// SPDX-License-Identifier: BSL-1.0
#include "emulator_fixture.hpp"

using namespace sandbox_test;

BOOST_AUTO_TEST_SUITE(rate_limit)

BOOST_AUTO_TEST_CASE(limit_per_token_with_headers) {
    api_options o;
    o.limit.per_minute = 3;
    o.tokens = {"a", "b"};
    emulator_fixture f(o);
    for (int i = 0; i < 3; ++i) {
        auto r = f.get("/runs");
        BOOST_TEST(r.status == 200u);
        BOOST_TEST(r.header("X-RateLimit-Limit") == "3");
        BOOST_TEST(r.header("X-RateLimit-Remaining") == std::to_string(2 - i));
    }
    auto limited = f.get("/runs");
    BOOST_TEST(limited.status == 429u);
    BOOST_TEST(limited.body.at("message").as_string() == "Too Many Attempts.");
    BOOST_TEST(limited.body.at("code").as_string() == "RATE_LIMIT_EXCEEDED");
    BOOST_TEST(limited.header("X-RateLimit-Remaining") == "0");
    const int retry = std::stoi(limited.header("Retry-After"));
    BOOST_TEST(retry >= 1);
    BOOST_TEST(retry <= 60);
    // Laravel's reset: the window's end in epoch seconds, as far ahead as Retry-After.
    const long long reset = std::stoll(limited.header("X-RateLimit-Reset"));
    const long long wall = std::chrono::duration_cast<std::chrono::seconds>(
                               std::chrono::system_clock::now().time_since_epoch())
                               .count();
    BOOST_TEST(reset - wall >= retry - 2);
    BOOST_TEST(reset - wall <= retry + 1);
    // another token has its own window
    f.token = "b";
    BOOST_TEST(f.get("/runs").status == 200u);
}

BOOST_AUTO_TEST_CASE(no_headers_when_disabled) {
    emulator_fixture f;
    for (int i = 0; i < 700; ++i)
        BOOST_TEST_REQUIRE(f.get("/checklists").status == 200u);
    BOOST_TEST(f.get("/runs").header("X-RateLimit-Limit").empty());
}

BOOST_AUTO_TEST_SUITE_END()
