// SPDX-License-Identifier: BSL-1.0
// When a provided token is replaced, over fake time: a margin before expiry, or a quarter of its
// lifetime when that is shorter; never for a token without an expiry.
#include <boost/test/unit_test.hpp>

#include "core/auth/token_source.hpp"

using namespace std::chrono_literals;
using tallyfy::detail::freshness_of;
using tallyfy::detail::token_freshness;

namespace {
const auto t0 = tallyfy::detail::token_clock::time_point{} + 1h;
}

BOOST_AUTO_TEST_CASE(a_token_is_replaced_ahead_of_its_expiry) {
    struct row {
        const char* name;
        std::chrono::milliseconds lifetime, elapsed, margin;
        token_freshness expected;
    };
    const std::vector<row> rows = {
        {"an hour's token, fresh", 3'600'000ms, 3'000'000ms, 60'000ms, token_freshness::fresh},
        {"an hour's token, 59 s left", 3'600'000ms, 3'541'000ms, 60'000ms,
         token_freshness::refresh_ahead},
        {"an hour's token, just before the margin", 3'600'000ms, 3'539'999ms, 60'000ms,
         token_freshness::fresh},
        {"expired", 3'600'000ms, 3'600'000ms, 60'000ms, token_freshness::expired},
        {"a 200 ms token: a quarter, 50 ms", 200ms, 149ms, 60'000ms, token_freshness::fresh},
        {"a 200 ms token at 150 ms", 200ms, 150ms, 60'000ms, token_freshness::refresh_ahead},
        {"a zero margin waits for expiry", 200ms, 199ms, 0ms, token_freshness::fresh},
    };
    for (const auto& r : rows) {
        BOOST_TEST_CONTEXT(r.name) {
            BOOST_TEST((freshness_of(t0 + r.elapsed, t0, t0 + r.lifetime, r.margin) == r.expected));
        }
    }
    BOOST_TEST((freshness_of(t0 + 1000h, t0, std::nullopt, 60s) == token_freshness::fresh));
}
