// SPDX-License-Identifier: BSL-1.0
// The sandbox's API over real TLS, seen through the plain Beast wire client: one request per
// route reaches the emulator (no route is lost between the server and the API layer), and what
// only the server adds: request ids, the JSON content type, the body limit, and the recorder
// (method, target, body, status, the token redacted). What each endpoint answers is unit-tested
// on the emulator directly (test/unit/sandbox/endpoints_test.cpp).
#define BOOST_TEST_MODULE sandbox_api_tests
#include <boost/test/unit_test.hpp>

#include "support/wire_client.hpp"

#include <boost/json/parse.hpp>

#include <string>
#include <vector>

namespace sbx = tallyfy::sandbox;
namespace json = boost::json;
using tallyfy::test::wire_client;
namespace http = tallyfy::test::http;
using http::verb;

namespace {

/// A sandbox plus one keep-alive client on it.
struct fixture {
    explicit fixture(sbx::server_options options = {})
        : server(std::move(options))
        , client(server) {
        BOOST_TEST_REQUIRE(!client.connect());
    }

    wire_client::result call(verb method, std::string_view suffix, std::string body = {}) {
        auto r = client.send(client.make(method, client.org_path(suffix), std::move(body)));
        BOOST_TEST_REQUIRE(!r.ec, "transport error: " << r.ec.message());
        return r;
    }

    std::string checklist_id() const {
        return std::string(server.checklists().at(0).at("id").as_string());
    }

    sbx::server server;
    wire_client client;
};

json::object parsed(const wire_client::result& r) {
    boost::system::error_code ec;
    json::value v = json::parse(r.response.body(), ec);
    BOOST_TEST_REQUIRE(!ec, "body is not JSON: " << r.response.body());
    BOOST_TEST_REQUIRE(v.is_object());
    return v.as_object();
}

struct route {
    verb method;
    std::string suffix; ///< after /api/organizations/{org}, or absolute when it starts with /api
    std::string body;
};

} // namespace

BOOST_AUTO_TEST_CASE(every_route_is_served_over_tls) {
    fixture f;
    const std::string none = "0123456789abcdef0123456789abcdef"; // a well-formed unknown id
    const std::string checklist = f.checklist_id();
    const std::string user =
        std::to_string(f.server.state().at("users").as_array().at(0).at("id").as_int64());
    const std::string r = "/runs/" + none, t = "/tasks/" + none, c = "/checklists/" + checklist;
    const std::vector<route> routes = {
        {verb::get, "/api/me", ""},
        {verb::get, "/api/me/organizations", ""},
        {verb::get, "/runs", ""},
        {verb::get, r, ""},
        {verb::put, r + "/activate", "{}"},
        {verb::delete_, r + "/delete", ""},
        {verb::get, r + "/tasks", ""},
        {verb::get, r + "/form-fields", ""},
        {verb::post, r + "/comment", R"({"content":"x"})"},
        {verb::post, r + "/complete-prerun", "{}"},
        {verb::post, r + "/export", "{}"},
        {verb::get, r + "/tasks/" + none, ""},
        {verb::post, r + "/completed-tasks", R"({"task_id":")" + none + "\"}"},
        {verb::delete_, r + "/completed-tasks/" + none, ""},
        {verb::get, "/tasks", ""},
        {verb::get, t, ""},
        {verb::put, t + "/restore", "{}"},
        {verb::delete_, t + "/delete", ""},
        {verb::post, t + "/clone", "{}"},
        {verb::post, t + "/comment", R"({"content":"x"})"},
        {verb::put, t + "/comment/" + none, R"({"content":"x"})"},
        {verb::post, t + "/problem", R"({"content":"x"})"},
        {verb::post, t + "/resolved-threads", "{}"},
        {verb::post, t + "/bot-comment", R"({"content":"x"})"},
        {verb::post, "/completed-tasks", R"({"task_id":")" + none + "\"}"},
        {verb::delete_, "/completed-tasks/" + none, ""},
        {verb::post, "/checklists/tags", "{}"},
        {verb::delete_, "/checklists/tags/" + none, ""},
        {verb::post, "/folders/add-object", "{}"},
        {verb::delete_, "/folders-objects/" + none, ""},
        {verb::get, "/checklists", ""},
        {verb::get, c, ""},
        {verb::delete_, c + "/delete", ""},
        {verb::post, c + "/clone", "{}"},
        {verb::put, c + "/publish", "{}"},
        {verb::post, c + "/comment", R"({"content":"x"})"},
        {verb::get, c + "/steps", ""},
        {verb::get, c + "/steps/" + none, ""},
        {verb::post, c + "/steps/" + none + "/captures", "{}"},
        {verb::put, c + "/steps/" + none + "/captures/" + none, "{}"},
        {verb::delete_, c + "/preruns/" + none, ""},
        {verb::get, c + "/form-fields", ""},
        {verb::post, c + "/automated-actions", "{}"},
        {verb::delete_, c + "/automated-actions/" + none, ""},
        {verb::get, "/users", ""},
        {verb::post, "/users/invite", "{}"},
        {verb::get, "/users/" + user, ""},
        {verb::get, "/users/" + user + "/tasks", ""},
        {verb::put, "/users/" + user + "/role", "{}"},
        {verb::delete_, "/users/" + user + "/disable", ""},
        {verb::get, "/tags", ""},
        {verb::delete_, "/tags/" + none, ""},
        {verb::get, "/groups", ""},
        {verb::get, "/groups/" + none, ""},
        {verb::get, "/folders", ""},
        {verb::delete_, "/folders/" + none, ""},
        {verb::get, "/guests", ""},
        {verb::get, "/guests/" + none, ""},
        {verb::get, "/guests/" + none + "/tasks", ""},
        {verb::post, "/file", "{}"},
        {verb::get, "/file/" + none, ""},
        {verb::get, "/file/" + none + "/dl", ""},
        {verb::get, "/assets/" + none, ""},
        {verb::get, "/search?search=x", ""},
        {verb::get, "/me/tasks", ""},
    };
    std::string previous_id;
    for (const auto& [method, suffix, body] : routes) {
        const std::string target = suffix.starts_with("/api") ? suffix : f.client.org_path(suffix);
        BOOST_TEST_CONTEXT(http::to_string(method) << " " << target) {
            auto answer = f.client.send(f.client.make(method, target, body));
            BOOST_TEST_REQUIRE(!answer.ec, answer.ec.message());
            const unsigned status = answer.response.result_int();
            BOOST_TEST(status != 405u);
            const std::string id(answer.response["X-Request-Id"]);
            BOOST_TEST(!id.empty());
            BOOST_TEST(id != previous_id); // one per response
            previous_id = id;
            if (!answer.response.body().empty()) {
                BOOST_TEST(answer.response[http::field::content_type] == "application/json");
                auto b = parsed(answer);
                if (auto* code = b.if_contains("code"))
                    BOOST_TEST(*code != "ENDPOINT_NOT_FOUND");
            }
            // The recorder kept it as sent, the token redacted.
            auto rec = f.server.recorder().requests().back();
            BOOST_TEST(rec.method == std::string(http::to_string(method)));
            BOOST_TEST(rec.target == target);
            BOOST_TEST(rec.body == body);
            BOOST_TEST(rec.status == status);
            BOOST_TEST(rec.header("Authorization").value_or("") == "Bearer [redacted]");
            BOOST_TEST(rec.header("X-Tallyfy-Client").value_or("") == "APIClient");
            if (!body.empty())
                BOOST_TEST(rec.header("Content-Type").value_or("") == "application/json");
            for (const auto& [name, value] : rec.headers)
                BOOST_TEST(value.find(f.server.token()) == std::string::npos);
        }
    }
    // An unknown route, for contrast: the emulator's own 404.
    auto unknown = f.call(verb::get, "/no-such-thing");
    BOOST_TEST(unknown.response.result_int() == 404u);
    BOOST_TEST(parsed(unknown).at("code") == "ENDPOINT_NOT_FOUND");
}

BOOST_AUTO_TEST_CASE(refused_requests_are_recorded_with_the_credentials_redacted) {
    fixture f;
    auto send = [&](auto mutate) {
        auto req = f.client.make(verb::get, f.client.org_path("/checklists"));
        mutate(req);
        auto r = f.client.send(req);
        BOOST_TEST_REQUIRE(!r.ec);
        return r;
    };
    auto no_token = send([](auto& req) { req.erase(http::field::authorization); });
    auto wrong_token = send([](auto& req) { req.set(http::field::authorization, "Bearer wrong"); });
    auto basic = send([](auto& req) { req.set(http::field::authorization, "Basic abc"); });
    auto no_client = send([](auto& req) { req.erase("X-Tallyfy-Client"); });
    for (auto* r : {&no_token, &wrong_token, &basic, &no_client}) {
        BOOST_TEST(r->response.result_int() == 401u);
        BOOST_TEST(!r->response["X-Request-Id"].empty());
    }
    auto recs = f.server.recorder().requests();
    BOOST_TEST_REQUIRE(recs.size() == 4u);
    BOOST_TEST(!recs[0].header("Authorization").has_value());
    BOOST_TEST(recs[1].header("Authorization").value_or("") == "Bearer [redacted]");
    BOOST_TEST(recs[2].header("Authorization").value_or("") == "[redacted]");
    BOOST_TEST(!recs[3].header("X-Tallyfy-Client").has_value());
    for (const auto& r : recs)
        BOOST_TEST(r.status == 401u);
}

BOOST_AUTO_TEST_CASE(oversized_body_is_413) {
    sbx::server_options o;
    o.api.max_body_bytes = 1024;
    fixture f(o);
    const std::string big = R"({"checklist_id":")" + f.checklist_id() + R"(","summary":")" +
                            std::string(2000, 's') + "\"}";
    auto r = f.call(verb::post, "/runs", big);
    BOOST_TEST(r.response.result_int() == 413u);
    auto b = parsed(r);
    BOOST_TEST(b.at("error").as_bool());
    BOOST_TEST(std::string(b.at("message").as_string()).find("too large") != std::string::npos);
    BOOST_TEST(!r.response["X-Request-Id"].empty());
    BOOST_TEST(f.server.run_count() == 0u);
    // Refused from the Content-Length alone: the body never reached the API logic.
    for (const auto& rec : f.server.recorder().requests())
        BOOST_TEST(rec.body.find("sss") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_malformed_target_is_400_and_the_connection_serves_on) {
    fixture f;
    auto target = f.client.send(f.client.make(verb::get, "/api/%zz"));
    BOOST_TEST_REQUIRE(!target.ec);
    BOOST_TEST(target.response.result_int() == 400u);
    BOOST_TEST(parsed(target).at("message") == "Malformed request target.");
    BOOST_TEST(f.call(verb::get, "/checklists").response.result_int() == 200u);
}
