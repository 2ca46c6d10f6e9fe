// SPDX-License-Identifier: BSL-1.0
// The emulated OAuth token endpoint: the refresh-token grant, form-encoded only, rotated refresh
// tokens, issued access tokens that lapse (then 401 as Laravel answers), revocation.
#include "emulator_fixture.hpp"

#include <thread>

using namespace sandbox_test;
using namespace std::chrono_literals;

BOOST_AUTO_TEST_SUITE(oauth)

namespace {

api_options with_oauth(std::chrono::milliseconds lifetime = 60s) {
    api_options o;
    o.oauth = {"7", "secret-123456", "refresh-first-1", lifetime};
    return o;
}

result grant(emulator_fixture& f, std::string body,
             std::string content_type = "application/x-www-form-urlencoded") {
    api_request r;
    r.method = "POST";
    r.target = "/api/oauth/token";
    r.content_type = content_type;
    r.body = body;
    r.origin = origin;
    return f.send(r);
}

std::string refresh_body(std::string refresh, std::string secret = "secret-123456") {
    return "grant_type=refresh_token&refresh_token=" + refresh +
           "&client_id=7&client_secret=" + secret;
}

result runs_with(emulator_fixture& f, const std::string& token) {
    std::string target = f.base() + "/runs";
    std::string auth = "Bearer " + token;
    api_request r;
    r.method = "GET";
    r.target = target;
    r.authorization = auth;
    r.has_client_header = true;
    r.client_header = "APIClient";
    r.origin = origin;
    return f.send(r);
}

} // namespace

BOOST_AUTO_TEST_CASE(a_grant_issues_a_token_and_rotates_the_refresh_token) {
    emulator_fixture f(with_oauth());
    auto r = grant(f, refresh_body("refresh-first-1"));
    BOOST_TEST_REQUIRE(r.status == 200u);
    BOOST_TEST(r.body.at("token_type").as_string() == "Bearer");
    BOOST_TEST(r.body.at("expires_in").as_int64() == 60);
    const std::string access(r.body.at("access_token").as_string());
    const std::string next(r.body.at("refresh_token").as_string());
    BOOST_TEST(next != "refresh-first-1");
    BOOST_TEST(runs_with(f, access).status == 200u);
    // The refresh token used is spent; the rotated one works.
    auto again = grant(f, refresh_body("refresh-first-1"));
    BOOST_TEST(again.status == 400u);
    BOOST_TEST(again.body.at("error").as_string() == "invalid_grant");
    BOOST_TEST(grant(f, refresh_body(next)).status == 200u);
    BOOST_TEST(f.emu->token_requests() == 3u);
}

BOOST_AUTO_TEST_CASE(client_credentials_and_form_encoding_are_checked) {
    emulator_fixture f(with_oauth());
    auto bad = grant(f, refresh_body("refresh-first-1", "wrong"));
    BOOST_TEST(bad.status == 401u);
    BOOST_TEST(bad.body.at("error").as_string() == "invalid_client");
    auto json_body = grant(f, R"({"grant_type":"refresh_token"})", "application/json");
    BOOST_TEST(json_body.status == 400u);
    auto other = grant(f, "grant_type=password&client_id=7&client_secret=secret-123456");
    BOOST_TEST(other.body.at("error").as_string() == "unsupported_grant_type");
    // Percent-encoded values are decoded.
    BOOST_TEST(grant(f, "grant_type=refresh_token&refresh_token=refresh%2Dfirst%2D1&client_id=7&"
                        "client_secret=secret-123456")
                   .status == 200u);
}

BOOST_AUTO_TEST_CASE(an_issued_token_lapses_into_laravels_401) {
    emulator_fixture f(with_oauth(30ms));
    auto r = grant(f, refresh_body("refresh-first-1"));
    BOOST_TEST(r.body.at("expires_in").as_double() == 0.03);
    const std::string access(r.body.at("access_token").as_string());
    BOOST_TEST(runs_with(f, access).status == 200u);
    std::this_thread::sleep_for(40ms);
    auto lapsed = runs_with(f, access);
    BOOST_TEST(lapsed.status == 401u);
    BOOST_TEST(lapsed.body.at("message").as_string() == "Unauthenticated.");
    BOOST_TEST(lapsed.header("WWW-Authenticate") == "Bearer");
}

BOOST_AUTO_TEST_CASE(revoked_tokens_are_refused_and_the_endpoint_is_off_by_default) {
    emulator_fixture f(with_oauth());
    auto r = grant(f, refresh_body("refresh-first-1"));
    const std::string access(r.body.at("access_token").as_string());
    f.emu->revoke_access_tokens();
    BOOST_TEST(runs_with(f, access).status == 401u);
    BOOST_TEST(runs_with(f, f.token).status == 200u); // the configured tokens are untouched

    emulator_fixture plain;
    // Not served without `oauth.client_id`: an unauthenticated request like any other.
    BOOST_TEST(grant(plain, refresh_body("refresh-first-1")).status == 401u);
}

BOOST_AUTO_TEST_SUITE_END()
