// SPDX-License-Identifier: BSL-1.0
#include "emulator_fixture.hpp"

using namespace sandbox_test;

BOOST_AUTO_TEST_SUITE(auth)

namespace {
result with_headers(emulator_fixture& f, std::string auth, bool client,
                    std::string client_value = "APIClient") {
    std::string target = f.base() + "/runs";
    api_request r;
    r.method = "GET";
    r.target = target;
    r.authorization = auth;
    r.has_client_header = client;
    r.client_header = client_value;
    r.origin = origin;
    return f.send(r);
}
} // namespace

BOOST_AUTO_TEST_CASE(valid_token_and_client_header_pass) {
    emulator_fixture f;
    BOOST_TEST(with_headers(f, "Bearer " + f.token, true).status == 200u);
}

BOOST_AUTO_TEST_CASE(missing_token_is_401) {
    emulator_fixture f;
    auto r = with_headers(f, "", true);
    BOOST_TEST(r.status == 401u);
    BOOST_TEST(r.body.at("error").as_bool());
    BOOST_TEST(r.body.at("message").as_string() == "Unauthenticated.");
    BOOST_TEST(r.header("WWW-Authenticate") == "Bearer");
}

BOOST_AUTO_TEST_CASE(bad_token_and_malformed_scheme_are_401) {
    emulator_fixture f;
    BOOST_TEST(with_headers(f, "Bearer nope", true).status == 401u);
    BOOST_TEST(with_headers(f, "Bearer  " + f.token, true).status == 401u); // two spaces
    BOOST_TEST(with_headers(f, "bearer " + f.token, true).status == 401u);
    BOOST_TEST(with_headers(f, f.token, true).status == 401u);
    BOOST_TEST(with_headers(f, "Bearer ", true).status == 401u);
    BOOST_TEST(with_headers(f, "Bearer " + f.token + " ", true).status == 401u);
}

BOOST_AUTO_TEST_CASE(missing_client_header_is_401) {
    emulator_fixture f;
    auto r = with_headers(f, "Bearer " + f.token, false);
    BOOST_TEST(r.status == 401u);
    BOOST_TEST(r.body.at("error").as_bool());
    // any value is accepted when no required value is configured
    BOOST_TEST(with_headers(f, "Bearer " + f.token, true, "n8n").status == 200u);
}

BOOST_AUTO_TEST_CASE(required_client_value_is_enforced) {
    api_options o;
    o.required_client_value = "APIClient";
    emulator_fixture f(o);
    BOOST_TEST(with_headers(f, "Bearer " + f.token, true, "TallyfySDK").status == 401u);
    BOOST_TEST(with_headers(f, "Bearer " + f.token, true, "APIClient").status == 200u);
}

BOOST_AUTO_TEST_CASE(configured_tokens_replace_the_derived_one) {
    api_options o;
    o.tokens = {"tok-a", "tok-b"};
    emulator_fixture f(o);
    BOOST_TEST(f.token == "tok-a");
    BOOST_TEST(with_headers(f, "Bearer tok-b", true).status == 200u);
    api_options d;
    emulator_fixture g(d);
    BOOST_TEST(with_headers(f, "Bearer " + g.token, true).status == 401u);
}

BOOST_AUTO_TEST_CASE(me_returns_the_token_user) {
    emulator_fixture f;
    auto r = f.get("/api/me");
    BOOST_TEST(r.status == 200u);
    BOOST_TEST(r.data().at("id").as_int64() == f.user_id(0));
}

BOOST_AUTO_TEST_SUITE_END()
