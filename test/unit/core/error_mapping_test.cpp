// SPDX-License-Identifier: BSL-1.0
// Error bodies and headers of the API: parse_error_body, parse_retry_after, statuses.
#include <boost/test/unit_test.hpp>

#include "core/error_mapping.hpp"

#include <chrono>
#include <string>
#include <vector>

namespace detail = tallyfy::detail;
using tallyfy::error;
using tallyfy::error_details;
using namespace std::chrono;

namespace {

error_details parsed(std::string_view body) {
    error_details d;
    detail::parse_error_body(d, body);
    return d;
}

using messages = std::vector<std::string>;

} // namespace

BOOST_AUTO_TEST_SUITE(error_bodies)

BOOST_AUTO_TEST_CASE(top_level_message_and_code) {
    auto d = parsed(R"({"error":true,"message":"Resource not found","code":"RESOURCE_NOT_FOUND"})");
    BOOST_TEST(d.server_message == "Resource not found");
    BOOST_TEST(d.server_code == "RESOURCE_NOT_FOUND");
    BOOST_TEST(d.field_errors.empty());
    auto e =
        parsed(R"({"error":true,"message":"API endpoint not found","code":"ENDPOINT_NOT_FOUND"})");
    BOOST_TEST(e.server_code == "ENDPOINT_NOT_FOUND");
    auto r = parsed(R"({"message":"Too Many Attempts.","code":"RATE_LIMIT_EXCEEDED"})");
    BOOST_TEST(r.server_message == "Too Many Attempts.");
    BOOST_TEST(r.server_code == "RATE_LIMIT_EXCEEDED");
}

BOOST_AUTO_TEST_CASE(nested_error_object) {
    auto d = parsed(
        R"({"error":{"code":"SEAT_POOL_EXHAUSTED","message":"No seats left","details":{"pool_type":"full"}}})");
    BOOST_TEST(d.server_message == "No seats left");
    BOOST_TEST(d.server_code == "SEAT_POOL_EXHAUSTED");
    // The top level wins when both are present.
    auto both = parsed(R"({"message":"top","code":"TOP","error":{"message":"inner","code":"IN"}})");
    BOOST_TEST(both.server_message == "top");
    BOOST_TEST(both.server_code == "TOP");
    auto oauth = parsed(R"({"error":"invalid_client"})");
    BOOST_TEST(oauth.server_message == "invalid_client");
    auto flag_only = parsed(R"({"error":true})");
    BOOST_TEST(flag_only.server_message.empty());
}

BOOST_AUTO_TEST_CASE(validation_in_both_shapes) {
    auto tallyfy = parsed(
        R"({"error":true,"message":"The checklist id field is required.","errors":{"checklist_id":["The checklist id field is required."]}})");
    BOOST_TEST(tallyfy.server_message == "The checklist id field is required.");
    BOOST_TEST_REQUIRE(tallyfy.field_errors.size() == 1u);
    BOOST_TEST(tallyfy.field_errors.at("checklist_id") ==
               messages{"The checklist id field is required."});
    auto laravel = parsed(
        R"({"message":"The given data was invalid.","errors":{"prerun.abc":["The Client name field is required.","Second."],"name":["Too long."]}})");
    BOOST_TEST(laravel.server_message == "The given data was invalid.");
    BOOST_TEST(laravel.server_code.empty());
    BOOST_TEST(laravel.field_errors.at("prerun.abc") ==
               (messages{"The Client name field is required.", "Second."}));
    BOOST_TEST(laravel.field_errors.at("name") == messages{"Too long."});
    auto no_message = parsed(R"({"error":true,"errors":{"field":["The field is required."]}})");
    BOOST_TEST(no_message.server_message.empty());
    BOOST_TEST(no_message.field_errors.at("field") == messages{"The field is required."});
}

BOOST_AUTO_TEST_CASE(errors_values_as_string_list_or_objects) {
    auto d = parsed(R"({"message":"bad","errors":{)"
                    R"("plain":"Just a string",)"
                    R"("list":["a","b"],)"
                    R"("objects":[{"id":"task1","message":"Bad deadline"},{"id":"task2"}],)"
                    R"("number":42,"mixed":["x",7,null]}})");
    BOOST_TEST(d.field_errors.at("plain") == messages{"Just a string"});
    BOOST_TEST(d.field_errors.at("list") == (messages{"a", "b"}));
    const auto& objects = d.field_errors.at("objects");
    BOOST_TEST_REQUIRE(objects.size() == 2u);
    BOOST_TEST(objects[0].find("Bad deadline") != std::string::npos); // kept as JSON text
    BOOST_TEST(objects[0].find("task1") != std::string::npos);
    BOOST_TEST(d.field_errors.at("number") == messages{"42"});
    BOOST_TEST(d.field_errors.at("mixed") == (messages{"x", "7", "null"}));
    auto list_errors = parsed(R"({"message":"m","errors":["a","b"]})"); // not a map: ignored
    BOOST_TEST(list_errors.field_errors.empty());
    BOOST_TEST(list_errors.server_message == "m");
}

BOOST_AUTO_TEST_CASE(non_json_and_odd_bodies_are_ignored) {
    for (std::string_view body :
         {"", "not json at all", "<html><body>502 Bad Gateway</body></html>", "[]", "null",
          "\"message\"", "{\"message\":", "{\"message\":42,\"code\":[\"x\"]}", "\xff\xfe{}",
          "{\"errors\":null,\"error\":null}"}) {
        auto d = parsed(body);
        BOOST_TEST(d.server_message.empty(), body);
        BOOST_TEST(d.server_code.empty(), body);
        BOOST_TEST(d.field_errors.empty(), body);
    }
    std::string deep(50000, '{');
    BOOST_TEST(parsed(deep).server_message.empty());
}

BOOST_AUTO_TEST_CASE(fill_from_response_keeps_everything_capped) {
    tallyfy::http_response response;
    response.status = 429;
    response.headers = {{"X-Request-Id", "req-123"}, {"Retry-After", "7"}};
    response.body = R"({"message":"Too Many Attempts.","code":"RATE_LIMIT_EXCEEDED"})";
    error_details d;
    detail::fill_from_response(d, response);
    BOOST_TEST(d.http_status == 429u);
    BOOST_TEST((d.code == error::rate_limited));
    BOOST_TEST(d.request_id == "req-123");
    BOOST_TEST((d.retry_after == seconds(7)));
    BOOST_TEST(d.server_code == "RATE_LIMIT_EXCEEDED");
    BOOST_TEST(d.body == response.body);

    tallyfy::http_response huge;
    huge.status = 500;
    huge.body = std::string(100000, 'x');
    error_details h;
    detail::fill_from_response(h, huge);
    BOOST_TEST((h.code == error::server_error));
    BOOST_TEST(h.body.size() == 8192u);
    BOOST_TEST(!h.retry_after.has_value());
}

BOOST_AUTO_TEST_CASE(statuses_map_to_errors) {
    BOOST_TEST((detail::error_for_status(400) == error::validation_failed));
    BOOST_TEST((detail::error_for_status(401) == error::unauthorized));
    BOOST_TEST((detail::error_for_status(403) == error::forbidden));
    BOOST_TEST((detail::error_for_status(404) == error::not_found));
    BOOST_TEST((detail::error_for_status(405) == error::http_error));
    BOOST_TEST((detail::error_for_status(409) == error::conflict));
    BOOST_TEST((detail::error_for_status(413) == error::payload_too_large));
    BOOST_TEST((detail::error_for_status(422) == error::validation_failed));
    BOOST_TEST((detail::error_for_status(429) == error::rate_limited));
    BOOST_TEST((detail::error_for_status(500) == error::server_error));
    BOOST_TEST((detail::error_for_status(503) == error::server_error));
    BOOST_TEST((detail::error_for_status(599) == error::server_error));
    BOOST_TEST((detail::error_for_status(600) == error::http_error));
    BOOST_TEST((detail::error_for_status(302) == error::http_error));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(retry_after)

// Fri, 20 Jun 2025 12:00:00 GMT
const system_clock::time_point now = sys_days(year{2025} / June / 20) + hours(12);

BOOST_AUTO_TEST_CASE(delta_seconds) {
    BOOST_TEST((detail::parse_retry_after("0", now) == seconds(0)));
    BOOST_TEST((detail::parse_retry_after("7", now) == seconds(7)));
    BOOST_TEST((detail::parse_retry_after("120", now) == seconds(120)));
    BOOST_TEST((detail::parse_retry_after("  30  ", now) == seconds(30)));
    BOOST_TEST((detail::parse_retry_after("86400", now) == seconds(86400)));
    // Capped at a day, out-of-range numbers included.
    BOOST_TEST((detail::parse_retry_after("86401", now) == seconds(86400)));
    BOOST_TEST((detail::parse_retry_after("99999999999999999999999", now) == seconds(86400)));
}

BOOST_AUTO_TEST_CASE(http_dates_future_and_past) {
    BOOST_TEST((detail::parse_retry_after("Fri, 20 Jun 2025 12:00:30 GMT", now) == seconds(30)));
    BOOST_TEST((detail::parse_retry_after("Sat, 21 Jun 2025 12:00:00 GMT", now) == hours(24)));
    BOOST_TEST((detail::parse_retry_after("Sun, 22 Jun 2025 12:00:00 GMT", now) == hours(24)));
    BOOST_TEST((detail::parse_retry_after("Fri, 01 Jan 2100 00:00:00 GMT", now) == hours(24)));
    BOOST_TEST((detail::parse_retry_after("Fri, 20 Jun 2025 12:00:00 GMT", now) == seconds(0)));
    BOOST_TEST((detail::parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT", now) == seconds(0)));
    BOOST_TEST((detail::parse_retry_after("Fri, 20 Jun 2025 11:59:59 GMT", now) == seconds(0)));
}

BOOST_AUTO_TEST_CASE(garbage_is_nullopt) {
    for (std::string_view bad : std::initializer_list<std::string_view>{
             "", "   ", "soon", "-5", "1.5", "7s", "0x10", "Fri, 20 Jun 2025 12:00:30",
             "Fri, 20 Jun 2025 12:00:30 GMT+1", "2025-06-20T12:00:30Z",
             "Fri, 32 Jun 2025 12:00:30 GMT", std::string_view("5\0", 2)})
        BOOST_TEST(!detail::parse_retry_after(bad, now).has_value(), "accepted: " << bad);
}

BOOST_AUTO_TEST_SUITE_END()
