// SPDX-License-Identifier: BSL-1.0
// Finding a list's n-th item without building anything (the bound of a hostile page).
#include <boost/test/unit_test.hpp>

#include "core/codec/item_scan.hpp"

using tallyfy::codec::list_prefix;
using tallyfy::codec::offset_of_item;

BOOST_AUTO_TEST_CASE(the_nth_item_of_data_and_the_prefix_before_it) {
    const std::string_view t =
        R"({"meta":{"data":[1]},"data":[ {"a":1} , [2], {"x":{"data":[]}}]})";
    auto first = offset_of_item(t, 0);
    BOOST_TEST_REQUIRE(first.has_value());
    BOOST_TEST(t.substr(*first, 7) == R"({"a":1})");
    auto third = offset_of_item(t, 2);
    BOOST_TEST_REQUIRE(third.has_value());
    BOOST_TEST(list_prefix(t, *third) == R"({"meta":{"data":[1]},"data":[ {"a":1} , [2]]})");
    BOOST_TEST(*offset_of_item(t, 3) == std::string_view::npos); // exactly three items
    BOOST_TEST(list_prefix(t, *first) == R"({"meta":{"data":[1]},"data":[]})");
}

BOOST_AUTO_TEST_CASE(not_an_envelope_or_a_scalar_item_is_left_to_the_decoders) {
    BOOST_TEST(!offset_of_item(R"([{"a":1}])", 0).has_value());
    BOOST_TEST(!offset_of_item(R"({"data":[1,2]})", 1).has_value());
    BOOST_TEST(!offset_of_item(R"({"data":[{"a":1})", 5).has_value()); // truncated
    BOOST_TEST(!offset_of_item(R"({"meta":{}})", 0).has_value());      // no data at all
    BOOST_TEST(*offset_of_item(R"({"data":[]})", 0) == std::string_view::npos);
}

BOOST_AUTO_TEST_CASE(stops_reading_at_the_item) {
    // What follows the wanted item is never read, so a broken tail does not matter.
    auto at = offset_of_item(R"({"data":[{},{},{"tail": broken)", 2);
    BOOST_TEST_REQUIRE(at.has_value());
    BOOST_TEST(*at == 15u);
}
