// SPDX-License-Identifier: BSL-1.0
#include "emulator_fixture.hpp"

using namespace sandbox_test;

BOOST_AUTO_TEST_SUITE(errors)

BOOST_AUTO_TEST_CASE(unknown_paths_and_methods) {
    emulator_fixture f;
    auto unknown = f.get("/nothing-here");
    BOOST_TEST(unknown.status == 404u);
    BOOST_TEST(unknown.body.at("code").as_string() == "ENDPOINT_NOT_FOUND");
    BOOST_TEST(unknown.body.at("message").as_string() == "API endpoint not found");
    BOOST_TEST(unknown.body.at("error").as_bool());
    BOOST_TEST(f.get("/apiv2/organizations/" + f.org + "/runs").status == 404u);
    BOOST_TEST(f.get("/api/organizations").body.at("code").as_string() == "ENDPOINT_NOT_FOUND");
    auto wrong_org = f.get("/api/organizations/" + std::string(32, 'f') + "/runs");
    BOOST_TEST(wrong_org.status == 404u);
    BOOST_TEST(wrong_org.body.at("code").as_string() == "RESOURCE_NOT_FOUND");
    auto method = f.call("PATCH", "/runs");
    BOOST_TEST(method.status == 405u);
    BOOST_TEST(method.header("Allow") == "GET, POST");
    BOOST_TEST(f.call("DELETE", "/tasks").status == 405u);
}

BOOST_AUTO_TEST_CASE(custom_prefix) {
    api_options o;
    o.path_prefix = "";
    emulator_fixture f(o);
    BOOST_TEST(f.get("/organizations/" + f.org + "/runs").status ==
               404u); // relative to base(): /api/... missing
    api_request r;
    const std::string target = "/organizations/" + f.org + "/runs";
    const std::string auth = "Bearer " + f.token;
    r.method = "GET";
    r.target = target;
    r.authorization = auth;
    r.has_client_header = true;
    BOOST_TEST(f.send(r).status == 200u);
}

BOOST_AUTO_TEST_CASE(malformed_json_and_wrong_types) {
    emulator_fixture f;
    for (std::string body : {"{", "{\"checklist_id\":", "nonsense", "{\"a\":1,}", "\xff\xfe"}) {
        auto r = f.call("POST", "/runs", body);
        BOOST_TEST(r.status == 400u, "body " << body);
        BOOST_TEST(r.body.at("message").as_string().find("Malformed JSON") == 0u);
    }
    BOOST_TEST(f.call("POST", "/runs", "[1,2]").status == 400u);
    BOOST_TEST(f.call("POST", "/runs", "\"str\"").status == 400u);
    auto typed = f.call("POST", "/runs", R"({"checklist_id": 12})");
    BOOST_TEST(typed.status == 422u);
    BOOST_TEST(typed.body.at("errors").at("checklist_id").as_array()[0].as_string() ==
               "The checklist id must be a string.");
    BOOST_TEST(f.call("POST", "/runs", "").status == 422u); // empty body = {}
}

BOOST_AUTO_TEST_CASE(oversized_body_is_413) {
    api_options o;
    o.max_body_bytes = 64;
    emulator_fixture f(o);
    auto r = f.call("POST", "/runs", "{\"checklist_id\":\"" + std::string(100, 'a') + "\"}");
    BOOST_TEST(r.status == 413u);
    BOOST_TEST(r.body.at("error").as_bool());
    BOOST_TEST(f.call("POST", "/runs", "{}").status == 422u);
}

BOOST_AUTO_TEST_CASE(hostile_targets_never_crash) {
    emulator_fixture f;
    auto run = f.launch(2);
    const std::string rid(run.at("id").as_string());
    const std::vector<std::string> targets = {
        "/runs/..%2F..%2Fetc%2Fpasswd",
        "/runs/%2e%2e/tasks",
        "/runs/" + rid + "%2Ftasks",
        "/runs/%00",
        "/tasks/%00%00%00",
        "/runs/" + std::string(100000, 'a'),
        "/runs/" + rid + "/tasks/" + std::string(5000, '%'),
        "/runs/%ZZ",
        "/runs//tasks",
        "/runs/" + rid + "/tasks?status=" + std::string(3000, 'x'),
    };
    for (const auto& t : targets) {
        for (const char* m : {"GET", "POST", "PUT", "DELETE", "\x01"}) {
            auto r = f.call(m, t, "{}");
            BOOST_TEST(r.status >= 400u, m << " " << t.substr(0, 80) << " -> " << r.status);
            BOOST_TEST(r.status < 500u, m << " " << t.substr(0, 80) << " -> " << r.raw.body);
        }
    }
    // hostile query strings: answered normally (4xx for invalid filter values), never 5xx
    const std::vector<std::string> queries = {
        "/runs?page=%ff%fe&per_page=%00", "/runs?with=" + std::string(10000, ','),
        "/runs?q=%F0%9F%98%80&sort=%00",  "/tasks?deadline_on=9999-99-99&created=%3A%3A",
        "/tasks?created=2020-01-01:",
    };
    for (const auto& q : queries) {
        auto r = f.get(q);
        BOOST_TEST(r.status < 500u, q.substr(0, 80) << " -> " << r.raw.body);
    }
    BOOST_TEST(f.get("/tasks?deadline_on=9999-99-99").status == 422u);
    // raw garbage targets
    for (std::string t : {std::string(""), std::string("*"), std::string("http://x/y"),
                          std::string("no-slash"), std::string("/api/\x00/x", 8),
                          std::string("/api/organizations/") + f.org + "/runs#frag"}) {
        api_request r;
        const std::string auth = "Bearer " + f.token;
        r.method = "GET";
        r.target = t;
        r.authorization = auth;
        r.has_client_header = true;
        auto out = f.emu->handle(r);
        BOOST_TEST(out.status >= 400u);
        BOOST_TEST(out.status < 500u);
        BOOST_TEST(!out.body.empty());
    }
    // still healthy
    BOOST_TEST(f.get("/runs/" + rid).status == 200u);
}

BOOST_AUTO_TEST_CASE(timestamps_are_emitted_uniformly) {
    emulator_fixture f;
    auto run =
        f.launch(0, {{"tasks", {{f.step_id(0, 0), {{"deadline", "2030-06-01T10:20:30+02:00"}}}}}});
    auto tasks = f.get("/runs/" + std::string(run.at("id").as_string()) + "/tasks");
    BOOST_TEST(tasks.list()[0].at("deadline").as_string() == "2030-06-01T08:20:30.000Z");
    const std::string created(run.at("created_at").as_string());
    BOOST_TEST(created.size() == 24u);
    BOOST_TEST(created[10] == 'T');
    BOOST_TEST(created.substr(19) == ".000Z");
}

BOOST_AUTO_TEST_SUITE_END()
