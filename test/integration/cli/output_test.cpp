// SPDX-License-Identifier: BSL-1.0
// What the tool prints is strict JSON whatever the server sent.
#include "output.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/test/unit_test.hpp>

namespace json = boost::json;

BOOST_AUTO_TEST_CASE(numbers_beyond_double_are_strict_json) {
    // Boost.JSON keeps 1e400 as infinity and serializes it as `Infinity`, which is not JSON.
    auto v = json::parse(R"({"extra":1e400,"low":-1e400,"s":"Infinity and NaN","n":[1e400]})");
    const auto line = tallyfy_cli::strict_json(json::serialize(v));
    BOOST_TEST(line == R"({"extra":1e999,"low":-1e999,"s":"Infinity and NaN","n":[1e999]})");
    boost::system::error_code ec;
    json::parse(line, ec); // a strict parser reads it back
    BOOST_TEST(!ec);
    // Text without those tokens is left as it is.
    BOOST_TEST(tallyfy_cli::strict_json(R"({"a":"\"Infinity"})") == R"({"a":"\"Infinity"})");
}
