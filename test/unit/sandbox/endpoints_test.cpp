// SPDX-License-Identifier: BSL-1.0
// Every endpoint and every error shape of the emulated API, called directly (no socket): the
// requests the wire client would send, answered by api_emulator::handle, checked for statuses,
// bodies and headers. What only the server adds (request ids, the body limit, the recorder) and
// one request per route over TLS are in test/integration/sandbox_api/routes_wire_test.cpp.
#include <boost/test/unit_test.hpp>

#include "support/kickoff_values.hpp"

#include <sandbox/api/api_emulator.hpp>

#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

namespace sbx = tallyfy::sandbox;
namespace json = boost::json;
namespace http = boost::beast::http;
using http::verb;

namespace {

constexpr std::string_view emulated_origin = "https://127.0.0.1:4000";

// The emulator with the accessors these tests read (as sandbox::server offers them).
struct emulated_api {
    explicit emulated_api(sbx::api_options options)
        : api(std::move(options)) {}
    json::array checklists() const { return api.checklist_summaries(); }
    json::object state() const { return api.state_snapshot(); }
    std::uint64_t completion_calls(std::string_view task_id) const {
        return api.completion_calls(task_id);
    }
    std::size_t run_count() const { return api.run_count(); }

    sbx::api_emulator api;
};

// Builds requests as the wire client does and hands them to the emulator as the server does
// (the same fields of the request; the answer's Content-Type defaulting to JSON).
struct direct_client {
    struct result {
        http::response<http::string_body> response;
    };

    explicit direct_client(emulated_api& e)
        : api(e.api)
        , org(e.api.org_id())
        , token(e.api.default_token()) {}

    std::string org_path(std::string_view suffix) const {
        return "/api/organizations/" + org + std::string(suffix);
    }

    http::request<http::string_body> make(verb method, std::string target,
                                          std::string body = {}) const {
        http::request<http::string_body> req{method, target, 11};
        req.set(http::field::authorization, "Bearer " + token);
        req.set(http::field::accept, "application/json");
        req.set("X-Tallyfy-Client", "APIClient");
        if (!body.empty())
            req.set(http::field::content_type, "application/json");
        req.body() = std::move(body);
        return req;
    }

    result send(const http::request<http::string_body>& req) {
        sbx::api_request ar;
        ar.method = req.method_string();
        ar.target = req.target();
        ar.authorization = req[http::field::authorization];
        auto client = req.find("X-Tallyfy-Client");
        ar.has_client_header = client != req.end();
        if (ar.has_client_header)
            ar.client_header = client->value();
        ar.content_type = req[http::field::content_type];
        ar.body = req.body();
        ar.origin = emulated_origin;
        auto answer = api.handle(ar);
        result r;
        r.response.version(11);
        r.response.result(answer.status);
        for (auto& [name, value] : answer.headers)
            r.response.set(name, value);
        if (!answer.body.empty() && r.response.find(http::field::content_type) == r.response.end())
            r.response.set(http::field::content_type, "application/json");
        r.response.body() = std::move(answer.body);
        return r;
    }

    sbx::api_emulator& api;
    std::string org;
    std::string token;
};

json::value parsed(const direct_client::result& r) {
    boost::system::error_code ec;
    json::value v = json::parse(r.response.body(), ec);
    BOOST_TEST_REQUIRE(!ec, "body is not JSON: " << r.response.body());
    return v;
}

std::string str(const json::value& v) {
    return std::string(v.as_string());
}

/// The emulator plus a client of it.
struct fixture {
    explicit fixture(sbx::api_options options = {})
        : server(std::move(options))
        , client(server) {}

    direct_client::result call(verb method, std::string_view suffix, std::string body = {}) {
        return client.send(client.make(method, client.org_path(suffix), std::move(body)));
    }

    json::object checklist(std::string_view title) const {
        for (const auto& c : server.checklists())
            if (c.at("title").as_string() == title)
                return c.as_object();
        BOOST_FAIL("no checklist " << title);
        return {};
    }

    std::string checklist_id(std::string_view title) const {
        return str(checklist(title).at("id"));
    }

    std::vector<std::int64_t> user_ids() const {
        std::vector<std::int64_t> out;
        const json::object state = server.state();
        for (const auto& u : state.at("users").as_array())
            out.push_back(u.at("id").as_int64());
        return out;
    }

    /// Launches a run of `title` and returns its `data`; the required kick-off fields are
    /// filled unless `extra` sends a prerun.
    json::object launch(std::string_view title, std::string extra = {}) {
        if (extra.find("\"prerun\"") == std::string::npos)
            extra += R"(,"prerun":)" + tallyfy::test::required_prerun_text(checklist(title));
        std::string body = R"({"checklist_id":")" + checklist_id(title) + "\"" + extra + "}";
        auto r = call(verb::post, "/runs", body);
        BOOST_TEST_REQUIRE(r.response.result_int() == 201u, r.response.body());
        return parsed(r).at("data").as_object();
    }

    /// Tasks of a run in position order.
    json::array run_tasks(std::string_view run_id) {
        auto r = call(verb::get, "/runs/" + std::string(run_id) + "/tasks?without_pagination=true");
        BOOST_TEST_REQUIRE(r.response.result_int() == 200u);
        return parsed(r).at("data").as_array();
    }

    emulated_api server;
    direct_client client;
};

std::vector<std::string> ids_of(const json::array& items) {
    std::vector<std::string> out;
    for (const auto& i : items)
        out.push_back(str(i.at("id")));
    return out;
}

std::string date_of(const json::value& timestamp) {
    return str(timestamp).substr(0, 10);
}

/// The origin (scheme://host:port) pagination links carry.
std::string origin_of(const emulated_api&) {
    return std::string(emulated_origin);
}

} // namespace

BOOST_AUTO_TEST_SUITE(emulated_endpoints)

BOOST_AUTO_TEST_CASE(launch_with_every_field) {
    fixture f;
    const auto users = f.user_ids();
    auto parent = f.launch("Quick Checklist");
    const std::string onboarding = f.checklist_id("Client Onboarding");
    auto cl = parsed(f.call(verb::get, "/checklists/" + onboarding)).at("data").as_object();
    auto& prerun_fields = cl.at("prerun").as_array(); // a plain array, as the API sends
    auto& steps = cl.at("steps").at("data").as_array();
    BOOST_TEST_REQUIRE(prerun_fields.size() == 8u);
    BOOST_TEST_REQUIRE(steps.size() == 4u);

    json::object prerun;
    json::object expected_prerun;
    for (const auto& field : prerun_fields) {
        const std::string id = str(field.at("id"));
        const std::string type = str(field.at("field_type"));
        const auto& options = field.at("options").as_array();
        json::value v;
        if (type == "text" || type == "textarea")
            v = "Globex " + type;
        else if (type == "date")
            v = "2025-06-01T00:00:00Z";
        else if (type == "radio")
            v = options.at(1).at("text");
        else if (type == "dropdown")
            v = json::object{{"id", options.at(2).at("id")}, {"text", options.at(2).at("text")}};
        else if (type == "multiselect")
            v = json::array{json::object{{"id", options.at(0).at("id")},
                                         {"text", options.at(0).at("text")},
                                         {"selected", true}}};
        else if (type == "file")
            v = json::array{json::object{{"id", "asset1"},
                                         {"filename", "report.pdf"},
                                         {"version", 1},
                                         {"url", "https://example.com/report.pdf"},
                                         {"uploaded_from", "ko_field"}}};
        else if (type == "email")
            v = "ops@example.com";
        prerun[id] = v;
        expected_prerun[id] = type == "date" ? json::value("2025-06-01T00:00:00.000Z") : v;
    }
    prerun["not_a_kickoff_field"] = "dropped silently";
    const std::string step1 = str(steps.at(0).at("id"));
    json::object body{
        {"checklist_id", onboarding},
        {"name", "Onboarding - Globex Corp"},
        {"summary", "New client onboarding process run."},
        {"owner_id", users.at(1)},
        {"user_id", users.at(2)},
        {"starred", true},
        {"is_public", true},
        {"parent_id", parent.at("id")},
        {"prerun", prerun},
        {"tasks",
         json::object{
             {step1,
              json::object{{"deadline", "2030-01-20T17:00:00Z"},
                           {"owners", json::object{{"users", json::array{users.at(3)}},
                                                   {"guests", json::array{"guest@example.com"}},
                                                   {"groups", json::array{"g1"}}}}}},
             {"unknown_step", json::object{{"deadline", "2030-01-01T00:00:00Z"}}}}},
        {"tags", json::array{"tag1", "tag2"}},
        {"users", json::array{users.at(0), users.at(4)}},
        {"groups", json::array{"grp1"}},
        {"roles", json::object{{"role1", json::array{users.at(0)}}}},
        {"folders", json::array{"folder1"}}};
    const std::string sent = json::serialize(body);
    auto r = f.call(verb::post, "/runs?with=tasks", sent);
    BOOST_TEST_REQUIRE(r.response.result_int() == 201u, r.response.body());
    BOOST_TEST(r.response[http::field::content_type] == "application/json");
    auto run = parsed(r).at("data").as_object();
    BOOST_TEST(run.at("id").as_string().size() == 32u);
    BOOST_TEST(str(run.at("checklist_id")) == onboarding);
    BOOST_TEST(str(run.at("checklist_title")) == "Client Onboarding");
    BOOST_TEST(str(run.at("name")) == "Onboarding - Globex Corp");
    BOOST_TEST(str(run.at("summary")) == "New client onboarding process run.");
    BOOST_TEST(run.at("owner_id").as_int64() == users.at(1));
    BOOST_TEST(run.at("started_by").as_int64() == users.at(2));
    BOOST_TEST(run.at("starred").as_bool());
    BOOST_TEST(run.at("is_public").as_bool());
    BOOST_TEST(run.at("parent_id") == parent.at("id"));
    BOOST_TEST(str(run.at("status")) == "active");
    BOOST_TEST(run.at("prerun") == json::value(expected_prerun));
    BOOST_TEST(!run.at("prerun").as_object().contains("not_a_kickoff_field"));
    BOOST_TEST(run.at("users") == (json::array{users.at(0), users.at(4)}));
    BOOST_TEST(run.at("groups") == (json::array{"grp1"}));
    BOOST_TEST(run.at("roles") == (json::object{{"role1", json::array{users.at(0)}}}));
    BOOST_TEST(run.at("progress") == (json::object{{"complete", 0}, {"total", 4}, {"percent", 0}}));

    // One task per step, Fractal-wrapped; the override of step 1 applied, the unknown one ignored.
    auto& tasks = run.at("tasks").at("data").as_array();
    BOOST_TEST_REQUIRE(tasks.size() == 4u);
    BOOST_TEST(str(tasks[0].at("step_id")) == step1);
    BOOST_TEST(str(tasks[0].at("deadline")) == "2030-01-20T17:00:00.000Z");
    BOOST_TEST(tasks[0].at("owners") == (json::object{{"users", json::array{users.at(3)}},
                                                      {"guests", json::array{"guest@example.com"}},
                                                      {"groups", json::array{"g1"}}}));
    BOOST_TEST(str(tasks[0].at("status")) == "active");
    for (std::size_t i = 1; i < tasks.size(); ++i) {
        BOOST_TEST(str(tasks[i].at("status")) == "not-started");
        BOOST_TEST(tasks[i].at("position").as_int64() == static_cast<std::int64_t>(i + 1));
    }
    BOOST_TEST(str(tasks[1].at("task_type")) == "approval");

    BOOST_TEST(f.server.run_count() == 2u);
}

BOOST_AUTO_TEST_CASE(launch_defaults_and_refusals) {
    fixture f;
    auto run = f.launch("Purchase Request");
    BOOST_TEST(str(run.at("name")).starts_with("Purchase Request - "));
    BOOST_TEST(run.at("owner_id").is_int64());
    BOOST_TEST(run.at("owner_id") == run.at("started_by"));
    BOOST_TEST(!run.at("starred").as_bool());
    BOOST_TEST(run.at("parent_id").is_null());

    const std::string id = f.checklist_id("Purchase Request");
    auto long_name =
        f.call(verb::post, "/runs",
               R"({"checklist_id":")" + id + R"(","name":")" + std::string(551, 'n') + "\"}");
    BOOST_TEST(long_name.response.result_int() == 422u);
    BOOST_TEST(parsed(long_name).at("errors").as_object().contains("name"));
    std::string multibyte;
    for (int i = 0; i < 550; ++i)
        multibyte += "\xC3\xA9"; // é: 550 characters, 1100 bytes
    const std::string prerun = tallyfy::test::required_prerun_text(f.checklist("Purchase Request"));
    auto ok = f.call(verb::post, "/runs",
                     R"({"checklist_id":")" + id + R"(","name":")" + multibyte + R"(","prerun":)" +
                         prerun + "}");
    BOOST_TEST(ok.response.result_int() == 201u, ok.response.body());

    // A required kick-off field missing, empty or null refuses the launch (the API's 422),
    // named by its id; a value of the wrong shape is named once, for its shape.
    const std::string item = str(f.checklist("Purchase Request").at("prerun").at(0).at("id"));
    for (std::string given :
         {std::string("{}"), R"({")" + item + R"(":""})", R"({")" + item + R"(":null})"}) {
        auto refused = f.call(verb::post, "/runs",
                              R"({"checklist_id":")" + id + R"(","prerun":)" + given + "}");
        BOOST_TEST(refused.response.result_int() == 422u, given);
        const json::object errors = parsed(refused).at("errors").as_object();
        BOOST_TEST(errors.size() == 1u);
        BOOST_TEST(str(errors.at("prerun." + item).at(0)) == "The Item field is required.");
    }
    auto wrong_shape = f.call(verb::post, "/runs",
                              R"({"checklist_id":")" + id + R"(","prerun":{")" + item + R"(":7}})");
    BOOST_TEST(wrong_shape.response.result_int() == 422u);
    BOOST_TEST(parsed(wrong_shape).at("errors").at("prerun." + item).as_array().size() == 1u);
    auto too_many =
        f.call(verb::post, "/runs",
               R"({"checklist_id":")" + id + R"(","name":")" + multibyte + "\xC3\xA9\"}");
    BOOST_TEST(too_many.response.result_int() == 422u); // 551 characters

    auto missing = f.call(verb::post, "/runs", R"({"name":"x"})");
    BOOST_TEST(missing.response.result_int() == 422u);
    BOOST_TEST(parsed(missing).at("errors").at("checklist_id").as_array().size() == 1u);
    auto unknown =
        f.call(verb::post, "/runs", R"({"checklist_id":"0123456789abcdef0123456789abcdef"})");
    BOOST_TEST(unknown.response.result_int() == 404u);
    BOOST_TEST(str(parsed(unknown).at("code")) == "RESOURCE_NOT_FOUND");
    auto bad_prerun =
        f.call(verb::post, "/runs", R"({"checklist_id":")" + id + R"(","prerun":[]})");
    BOOST_TEST(bad_prerun.response.result_int() == 422u);
    BOOST_TEST(parsed(bad_prerun).at("errors").as_object().contains("prerun"));
    auto bad_owner =
        f.call(verb::post, "/runs", R"({"checklist_id":")" + id + R"(","owner_id":1})");
    BOOST_TEST(bad_owner.response.result_int() == 422u);
    BOOST_TEST(parsed(bad_owner).at("errors").as_object().contains("owner_id"));
    BOOST_TEST(f.server.run_count() == 2u);
}

BOOST_AUTO_TEST_CASE(get_run_with_includes_values_and_next_task) {
    fixture f;
    const std::string onboarding = f.checklist_id("Client Onboarding");
    auto cl = parsed(f.call(verb::get, "/checklists/" + onboarding)).at("data").as_object();
    const std::string client_name = str(cl.at("prerun").at(0).at("id"));
    auto run = f.launch("Client Onboarding", R"(,"prerun":{")" + client_name + R"(":"Globex"})");
    const std::string run_id = str(run.at("id"));
    auto tasks = f.run_tasks(run_id);
    BOOST_TEST_REQUIRE(tasks.size() == 4u);

    const std::string suffix = "/runs/" + run_id +
                               "?with=checklist,tasks,tags,form_fields,ko_form_fields,next_task,"
                               "folders,assets&form_fields_values=true";
    auto r = f.call(verb::get, suffix);
    BOOST_TEST_REQUIRE(r.response.result_int() == 200u);
    auto data = parsed(r).at("data").as_object();
    BOOST_TEST(str(data.at("checklist").at("data").at("id")) == onboarding);
    BOOST_TEST(data.at("tasks").at("data").as_array().size() == 4u);
    BOOST_TEST(data.at("tags").at("data").as_array().empty());
    BOOST_TEST(data.at("folders").at("data").as_array().empty());
    BOOST_TEST(data.at("assets").at("data").as_array().empty());
    auto& ko = data.at("ko_form_fields").at("data").as_array();
    BOOST_TEST_REQUIRE(ko.size() == 8u);
    BOOST_TEST(str(ko[0].at("id")) == client_name);
    BOOST_TEST(str(ko[0].at("value")) == "Globex");
    BOOST_TEST(ko[1].at("value").is_null());
    auto& fields = data.at("form_fields").at("data").as_array();
    BOOST_TEST_REQUIRE(fields.size() == 3u); // the first step's two, the third step's file
    BOOST_TEST(str(fields[0].at("task_id")) == str(tasks[0].at("id")));
    BOOST_TEST(fields[0].as_object().contains("value"));
    // next_task: unwrapped, the first incomplete task by position.
    BOOST_TEST(str(data.at("next_task").at("id")) == str(tasks[0].at("id")));

    // Without form_fields_values the fields carry no value.
    auto plain = parsed(f.call(verb::get, "/runs/" + run_id + "?with=form_fields"));
    BOOST_TEST(!plain.at("data").at("form_fields").at("data").at(0).as_object().contains("value"));
    BOOST_TEST(!plain.at("data").as_object().contains("next_task"));

    // Complete everything: next_task moves on, then becomes null and the run completes.
    const std::string field_id = str(fields[0].at("id"));
    auto put = f.call(verb::put, "/runs/" + run_id + "/tasks/" + str(tasks[0].at("id")),
                      R"({"taskdata":{")" + field_id + R"(":"ACC-1"}})");
    BOOST_TEST_REQUIRE(put.response.result_int() == 200u, put.response.body());
    auto done = f.call(verb::post, "/runs/" + run_id + "/completed-tasks",
                       R"({"task_id":")" + str(tasks[0].at("id")) + "\"}");
    BOOST_TEST_REQUIRE(done.response.result_int() == 200u, done.response.body());
    auto next = parsed(f.call(verb::get, "/runs/" + run_id + "?with=next_task"));
    BOOST_TEST(str(next.at("data").at("next_task").at("id")) == str(tasks[1].at("id")));
    BOOST_TEST(str(next.at("data").at("next_task").at("status")) == "active");
    for (std::size_t i = 1; i < tasks.size(); ++i) {
        std::string b = R"({"task_id":")" + str(tasks[i].at("id")) + "\"";
        b += i == 1 ? R"(,"is_approved":true})" : "}";
        auto c = f.call(verb::post, "/runs/" + run_id + "/completed-tasks", b);
        BOOST_TEST_REQUIRE(c.response.result_int() == 200u, c.response.body());
    }
    auto finished = parsed(f.call(verb::get, "/runs/" + run_id + "?with=next_task"));
    BOOST_TEST(finished.at("data").at("next_task").is_null());
    BOOST_TEST(str(finished.at("data").at("status")) == "complete");
    BOOST_TEST(!finished.at("data").at("completed_at").is_null());
    BOOST_TEST(finished.at("data").at("progress") ==
               (json::object{{"complete", 4}, {"total", 4}, {"percent", 100}}));

    auto missing = f.call(verb::get, "/runs/0123456789abcdef0123456789abcdef");
    BOOST_TEST(missing.response.result_int() == 404u);
    BOOST_TEST(str(parsed(missing).at("code")) == "RESOURCE_NOT_FOUND");
}

BOOST_AUTO_TEST_CASE(list_runs_with_filters_and_pagination) {
    fixture f;
    const std::string onboarding = f.checklist_id("Client Onboarding");
    auto a = f.launch("Client Onboarding", R"(,"name":"Alpha run","starred":true)");
    auto b = f.launch("Client Onboarding", R"(,"name":"Beta run","tags":["t1"])");
    auto c = f.launch("Quick Checklist", R"(,"name":"Gamma run")");

    auto all = parsed(f.call(verb::get, "/runs"));
    BOOST_TEST(ids_of(all.at("data").as_array()) ==
               (std::vector<std::string>{str(c.at("id")), str(b.at("id")), str(a.at("id"))}));
    auto meta = all.at("meta").at("pagination");
    BOOST_TEST(meta.at("total").as_int64() == 3);
    BOOST_TEST(meta.at("per_page").as_int64() == 10);
    BOOST_TEST(meta.at("links").is_array());
    BOOST_TEST(meta.at("links").as_array().empty());

    auto by_checklist = parsed(f.call(verb::get, "/runs?checklist_id=" + onboarding));
    BOOST_TEST(by_checklist.at("data").as_array().size() == 2u);
    auto starred = parsed(f.call(verb::get, "/runs?starred=true"));
    BOOST_TEST(ids_of(starred.at("data").as_array()) == std::vector<std::string>{str(a.at("id"))});
    auto q = parsed(f.call(verb::get, "/runs?q=gamma"));
    BOOST_TEST(ids_of(q.at("data").as_array()) == std::vector<std::string>{str(c.at("id"))});
    auto tagged = parsed(f.call(verb::get, "/runs?tag=t1"));
    BOOST_TEST(ids_of(tagged.at("data").as_array()) == std::vector<std::string>{str(b.at("id"))});
    auto complete = parsed(f.call(verb::get, "/runs?status=complete"));
    BOOST_TEST(complete.at("data").as_array().empty());
    auto sorted = parsed(f.call(verb::get, "/runs?sort=name"));
    BOOST_TEST(str(sorted.at("data").at(0).at("name")) == "Alpha run");
    auto with = parsed(f.call(verb::get, "/runs?with=next_task&q=Alpha"));
    BOOST_TEST(with.at("data").at(0).as_object().contains("next_task"));

    const std::string suffix = "/runs?q=run&per_page=1&page=2";
    auto middle = parsed(f.call(verb::get, suffix));
    auto links = middle.at("meta").at("pagination").at("links").as_object();
    const std::string base = origin_of(f.server) + f.client.org_path("/runs");
    BOOST_TEST(str(links.at("previous")) == base + "?q=run&per_page=1&page=1");
    BOOST_TEST(str(links.at("next")) == base + "?q=run&per_page=1&page=3");
    BOOST_TEST(middle.at("meta").at("pagination").at("total_pages").as_int64() == 3);

    auto bad = f.call(verb::get, "/runs?status=bogus");
    BOOST_TEST(bad.response.result_int() == 422u);
    BOOST_TEST(parsed(bad).at("errors").as_object().contains("status"));
}

BOOST_AUTO_TEST_CASE(run_tasks_every_filter_and_pagination) {
    fixture f;
    auto run = f.launch("Client Onboarding");
    const std::string run_id = str(run.at("id"));
    const std::string path = "/runs/" + run_id + "/tasks";
    auto tasks = f.run_tasks(run_id);
    BOOST_TEST_REQUIRE(tasks.size() == 4u);
    auto ids = ids_of(tasks);
    auto list = [&](std::string query) {
        auto r = f.call(verb::get, path + query);
        BOOST_TEST_REQUIRE(r.response.result_int() == 200u, query << ": " << r.response.body());
        return ids_of(parsed(r).at("data").as_array());
    };
    using v = std::vector<std::string>;

    // Status vocabulary.
    BOOST_TEST(list("?status=active") == v{ids[0]});
    BOOST_TEST(list("?status=active_visible") == v{ids[0]});
    BOOST_TEST(list("?status=not-started") == (v{ids[1], ids[2], ids[3]}));
    BOOST_TEST(list("?status=incomplete") == ids);
    BOOST_TEST(list("?status=complete").empty());
    BOOST_TEST(list("?status=inprogress").empty());
    BOOST_TEST(list("?status=hasproblem").empty());
    BOOST_TEST(list("?status=overdue").empty());
    BOOST_TEST(list("?status=due_soon") == v{ids[0]});
    // Assignees.
    const auto owner = tasks[0].at("owners").at("users").at(0).as_int64();
    v owned;
    for (const auto& t : tasks)
        if (t.at("owners").at("users").at(0).as_int64() == owner)
            owned.push_back(str(t.at("id")));
    BOOST_TEST(list("?owners=" + std::to_string(owner)) == owned);
    BOOST_TEST(list("?guests=nobody@example.com").empty());
    BOOST_TEST(list("?groups=nogroup").empty());
    BOOST_TEST(list("?unassigned=true").empty());
    // Deadlines (days 1, 2, 3 and 5 after launch).
    const std::string d1 = date_of(tasks[0].at("deadline"));
    const std::string d2 = date_of(tasks[1].at("deadline"));
    const std::string d3 = date_of(tasks[2].at("deadline"));
    BOOST_TEST(list("?deadline_on=" + d1) == v{ids[0]});
    BOOST_TEST(list("?deadline_before=" + d3) == (v{ids[0], ids[1]}));
    BOOST_TEST(list("?deadline_after=" + d2) == (v{ids[2], ids[3]}));
    BOOST_TEST(list("?deadline_start_range=" + d2 + "&deadline_end_range=" + d3) ==
               (v{ids[1], ids[2]}));
    BOOST_TEST(list("?deadline_on=" + d1 + "&deadline_start_range=" + d2) == v{ids[0]});
    // Sort and includes.
    BOOST_TEST(list("?sort=-position") == (v{ids[3], ids[2], ids[1], ids[0]}));
    BOOST_TEST(list("?sort=-deadline") == (v{ids[3], ids[2], ids[1], ids[0]}));
    BOOST_TEST(list("?sort=deadline") == ids);
    auto with = parsed(f.call(verb::get, path + "?with=step,form_fields&per_page=1"));
    auto& first = with.at("data").at(0).as_object();
    BOOST_TEST(str(first.at("step").at("data").at("id")) == str(tasks[0].at("step_id")));
    BOOST_TEST(first.at("form_fields").at("data").as_array().size() == 2u);

    // Pagination: default 10 -> links [], per_page=2 -> next/previous keep the query.
    auto single = parsed(f.call(verb::get, path));
    auto meta = single.at("meta").at("pagination").as_object();
    BOOST_TEST(meta.at("per_page").as_int64() == 10);
    BOOST_TEST(meta.at("count").as_int64() == 4);
    BOOST_TEST(meta.at("total_pages").as_int64() == 1);
    BOOST_TEST(meta.at("links").is_array());
    BOOST_TEST(meta.at("links").as_array().empty());

    const std::string base = origin_of(f.server) + f.client.org_path(path);
    auto p1 = parsed(f.call(verb::get, path + "?sort=-position&per_page=2"));
    auto m1 = p1.at("meta").at("pagination").as_object();
    BOOST_TEST(m1.at("total").as_int64() == 4);
    BOOST_TEST(m1.at("count").as_int64() == 2);
    BOOST_TEST(m1.at("current_page").as_int64() == 1);
    BOOST_TEST(m1.at("total_pages").as_int64() == 2);
    BOOST_TEST(m1.at("links") ==
               (json::object{{"next", base + "?sort=-position&per_page=2&page=2"}}));
    BOOST_TEST(ids_of(p1.at("data").as_array()) == (v{ids[3], ids[2]}));
    auto p2 = parsed(f.call(verb::get, path + "?sort=-position&page=2&per_page=2"));
    BOOST_TEST(p2.at("meta").at("pagination").at("links") ==
               (json::object{{"previous", base + "?sort=-position&page=1&per_page=2"}}));
    BOOST_TEST(ids_of(p2.at("data").as_array()) == (v{ids[1], ids[0]}));
    auto beyond = parsed(f.call(verb::get, path + "?per_page=2&page=9"));
    BOOST_TEST(beyond.at("data").as_array().empty());
    auto capped = parsed(f.call(verb::get, path + "?per_page=500"));
    BOOST_TEST(capped.at("meta").at("pagination").at("per_page").as_int64() == 100);
    auto unpaged = parsed(f.call(verb::get, path + "?without_pagination=true&per_page=1"));
    BOOST_TEST(unpaged.at("data").as_array().size() == 4u);
    BOOST_TEST(unpaged.at("meta").at("pagination").at("links").as_array().empty());

    // Invalid filters are 422; an unknown run is 404.
    for (const char* q : {"?status=bogus", "?owners=abc", "?deadline_on=tomorrow"}) {
        auto bad = f.call(verb::get, path + q);
        BOOST_TEST(bad.response.result_int() == 422u, q);
        BOOST_TEST(!parsed(bad).at("errors").as_object().empty());
    }
    auto gone = f.call(verb::get, "/runs/0123456789abcdef0123456789abcdef/tasks");
    BOOST_TEST(gone.response.result_int() == 404u);
}

BOOST_AUTO_TEST_CASE(org_tasks_with_common_filters) {
    fixture f;
    const auto users = f.user_ids();
    auto run = f.launch("Quick Checklist");
    auto created = f.call(verb::post, "/tasks",
                          R"({"title":"Standalone thing","task_type":"task","owners":{"users":[)" +
                              std::to_string(users[0]) + R"(]},"deadline":"2031-01-01 10:00:00"})");
    BOOST_TEST_REQUIRE(created.response.result_int() == 201u, created.response.body());
    const std::string oneoff = str(parsed(created).at("data").at("id"));

    auto all = parsed(f.call(verb::get, "/tasks"));
    BOOST_TEST(all.at("data").as_array().size() == 3u);
    BOOST_TEST(all.at("meta").at("pagination").at("links").as_array().empty());
    auto only_oneoff = parsed(f.call(verb::get, "/tasks?is_oneoff=true"));
    BOOST_TEST(ids_of(only_oneoff.at("data").as_array()) == std::vector<std::string>{oneoff});
    auto q = parsed(f.call(verb::get, "/tasks?q=standalone"));
    BOOST_TEST(ids_of(q.at("data").as_array()) == std::vector<std::string>{oneoff});
    auto mine = parsed(f.call(verb::get, "/tasks?owners=" + std::to_string(users[0])));
    auto mine_ids = ids_of(mine.at("data").as_array());
    BOOST_TEST((std::find(mine_ids.begin(), mine_ids.end(), oneoff) != mine_ids.end()));
    auto active = parsed(f.call(verb::get, "/tasks?status=active&sort=-deadline"));
    BOOST_TEST(str(active.at("data").at(0).at("id")) == oneoff);
    auto paged = parsed(f.call(verb::get, "/tasks?per_page=1&page=2&with=run"));
    BOOST_TEST(paged.at("meta").at("pagination").at("links").as_object().size() == 2u);
    auto item = paged.at("data").at(0).as_object();
    BOOST_TEST(item.contains("run"));
    (void)run;
    auto bad = f.call(verb::get, "/tasks?archived=maybe");
    BOOST_TEST(bad.response.result_int() == 422u);
}

BOOST_AUTO_TEST_CASE(get_task_on_both_paths_with_includes) {
    fixture f;
    auto run = f.launch("Client Onboarding");
    const std::string run_id = str(run.at("id"));
    auto tasks = f.run_tasks(run_id);
    const std::string task_id = str(tasks[0].at("id"));

    const std::string org_suffix =
        "/tasks/" + task_id +
        "?with=run,step,form_fields,tags,threads,summary,ko-form-fields,issues,threads_count";
    auto r = f.call(verb::get, org_suffix);
    BOOST_TEST_REQUIRE(r.response.result_int() == 200u);
    auto t = parsed(r).at("data").as_object();
    BOOST_TEST(str(t.at("id")) == task_id);
    BOOST_TEST(str(t.at("run").at("data").at("id")) == run_id);
    BOOST_TEST(str(t.at("step").at("data").at("id")) == str(tasks[0].at("step_id")));
    BOOST_TEST(t.at("form_fields").at("data").as_array().size() == 2u);
    BOOST_TEST(t.at("tags").at("data").as_array().empty());
    BOOST_TEST(t.at("threads").at("data").as_array().empty());
    BOOST_TEST(t.at("issues").at("data").as_array().empty());
    BOOST_TEST(t.at("ko_form_fields").at("data").as_array().size() == 8u);
    BOOST_TEST(t.at("threads_count").as_int64() == 0);
    BOOST_TEST(t.contains("summary"));
    BOOST_TEST(t.at("owners").at("users").at(0).is_int64());

    const std::string run_suffix = "/runs/" + run_id + "/tasks/" + task_id + "?with=run.checklist";
    auto via_run = parsed(f.call(verb::get, run_suffix)).at("data").as_object();
    BOOST_TEST(str(via_run.at("id")) == task_id);
    BOOST_TEST(str(via_run.at("run").at("data").at("checklist").at("data").at("id")) ==
               str(run.at("checklist_id")));

    auto bare = parsed(f.call(verb::get, "/tasks/" + task_id)).at("data").as_object();
    BOOST_TEST(!bare.contains("run"));
    BOOST_TEST(!bare.contains("form_fields"));
    BOOST_TEST(bare.contains("summary")); // single GETs carry the summary

    // A task of another run on the run path, and an unknown task: 404.
    auto other = f.launch("Quick Checklist");
    auto wrong_run = f.call(verb::get, "/runs/" + str(other.at("id")) + "/tasks/" + task_id);
    BOOST_TEST(wrong_run.response.result_int() == 404u);
    BOOST_TEST(str(parsed(wrong_run).at("code")) == "RESOURCE_NOT_FOUND");
    auto unknown = f.call(verb::get, "/tasks/0123456789abcdef0123456789abcdef");
    BOOST_TEST(unknown.response.result_int() == 404u);
}

BOOST_AUTO_TEST_CASE(complete_process_task_required_field_and_approval) {
    fixture f;
    const auto users = f.user_ids();
    auto run = f.launch("Client Onboarding");
    const std::string run_id = str(run.at("id"));
    auto tasks = f.run_tasks(run_id);
    const std::string t1 = str(tasks[0].at("id"));
    const std::string t2 = str(tasks[1].at("id"));
    const std::string complete = "/runs/" + run_id + "/completed-tasks";

    // Required form field: 422 naming the field; nothing changes.
    auto blocked = f.call(verb::post, complete, R"({"task_id":")" + t1 + "\"}");
    BOOST_TEST(blocked.response.result_int() == 422u);
    auto blocked_body = parsed(blocked).as_object();
    BOOST_TEST(blocked_body.at("error").as_bool());
    BOOST_TEST_REQUIRE(blocked_body.at("errors").as_object().size() == 1u);
    const std::string error_key(blocked_body.at("errors").as_object().begin()->key());
    BOOST_TEST(error_key.starts_with("taskdata."));
    BOOST_TEST(f.server.completion_calls(t1) == 0u);

    // PUT taskdata fills it (unknown keys dropped, wrong types refused), then completion works.
    const std::string field_id = error_key.substr(std::string_view("taskdata.").size());
    const std::string put_path = "/runs/" + run_id + "/tasks/" + t1;
    auto wrong_type = f.call(verb::put, put_path, R"({"taskdata":{")" + field_id + R"(":42}})");
    BOOST_TEST(wrong_type.response.result_int() == 422u);
    BOOST_TEST(parsed(wrong_type).at("errors").as_object().contains(error_key));
    const std::string put_body =
        R"({"taskdata":{")" + field_id + R"(":"ACC-42","nope":"dropped"},"summary":"filled"})";
    auto put = f.call(verb::put, put_path, put_body);
    BOOST_TEST_REQUIRE(put.response.result_int() == 200u, put.response.body());
    auto put_data = parsed(put).at("data").as_object();
    BOOST_TEST(put_data.at("taskdata") == (json::object{{field_id, "ACC-42"}}));
    BOOST_TEST(str(put_data.at("summary")) == "filled");

    const std::string body1 =
        R"({"task_id":")" + t1 + R"(","override_user":)" + std::to_string(users[2]) + "}";
    auto done = f.call(verb::post, complete, body1);
    BOOST_TEST_REQUIRE(done.response.result_int() == 200u, done.response.body());
    auto d = parsed(done).at("data").as_object();
    BOOST_TEST(str(d.at("id")) == t1);
    BOOST_TEST(str(d.at("status")) == "completed");
    BOOST_TEST(!d.at("completed_at").is_null());
    BOOST_TEST(d.at("completer_id").as_int64() == users[2]);
    BOOST_TEST(d.at("tasks_changed_by_rules") == json::object());
    BOOST_TEST(f.server.completion_calls(t1) == 1u);

    // A completed task cannot be updated.
    auto frozen = f.call(verb::put, put_path, R"({"summary":"late"})");
    BOOST_TEST(frozen.response.result_int() == 422u);

    // Approval: is_approved required; false rejects (and the task counts as completed).
    auto no_decision = f.call(verb::post, complete, R"({"task_id":")" + t2 + "\"}");
    BOOST_TEST(no_decision.response.result_int() == 422u);
    BOOST_TEST(parsed(no_decision).at("errors").at("is_approved").as_array().size() == 1u);
    auto rejected =
        f.call(verb::post, complete, R"({"task_id":")" + t2 + R"(","is_approved":false})");
    BOOST_TEST_REQUIRE(rejected.response.result_int() == 200u);
    BOOST_TEST(!parsed(rejected).at("data").at("is_approved").as_bool());

    auto other = f.launch("Purchase Request");
    auto other_tasks = f.run_tasks(str(other.at("id")));
    const std::string other_complete = "/runs/" + str(other.at("id")) + "/completed-tasks";
    f.call(verb::post, other_complete, R"({"task_id":")" + str(other_tasks[0].at("id")) + "\"}");
    auto approved =
        f.call(verb::post, other_complete,
               R"({"task_id":")" + str(other_tasks[1].at("id")) + R"(","is_approved":true})");
    BOOST_TEST_REQUIRE(approved.response.result_int() == 200u);
    BOOST_TEST(parsed(approved).at("data").at("is_approved").as_bool());

    // Wrong bodies and wrong routes.
    auto missing_id = f.call(verb::post, complete, "{}");
    BOOST_TEST(missing_id.response.result_int() == 422u);
    BOOST_TEST(parsed(missing_id).at("errors").as_object().contains("task_id"));
    auto bad_override =
        f.call(verb::post, complete, R"({"task_id":")" + t2 + R"(","override_user":"x"})");
    BOOST_TEST(bad_override.response.result_int() == 422u);
    auto as_standalone = f.call(verb::post, "/completed-tasks", R"({"task_id":")" + t1 + "\"}");
    BOOST_TEST(as_standalone.response.result_int() == 404u);
    auto other_run = f.call(verb::post, other_complete, R"({"task_id":")" + t1 + "\"}");
    BOOST_TEST(other_run.response.result_int() == 404u);
}

BOOST_AUTO_TEST_CASE(standalone_create_complete_and_reopen) {
    fixture f;
    const auto users = f.user_ids();
    const std::string create_body =
        R"({"title":"Sign NDA","task_type":"approval","owners":{"users":[)" +
        std::to_string(users[1]) +
        R"(],"guests":["g@example.com"],"groups":[]},"deadline":"2031-02-03T04:05:06Z",)"
        R"("description":"Please sign","form_fields":[{"label":"Signed by","field_type":"text",)"
        R"("required":false}],"tags":["x"],"everyone_must_complete":true})";
    auto created = f.call(verb::post, "/tasks", create_body);
    BOOST_TEST_REQUIRE(created.response.result_int() == 201u, created.response.body());
    auto t = parsed(created).at("data").as_object();
    const std::string id = str(t.at("id"));
    BOOST_TEST(t.at("is_oneoff_task").as_bool());
    BOOST_TEST(t.at("run_id").is_null());
    BOOST_TEST(str(t.at("task_type")) == "approval");
    BOOST_TEST(str(t.at("deadline")) == "2031-02-03T04:05:06.000Z");
    BOOST_TEST(str(t.at("summary")) == "Please sign");
    BOOST_TEST(t.at("everyone_must_complete").as_bool());
    BOOST_TEST(t.at("owners").at("guests") == (json::array{"g@example.com"}));

    auto invalid = f.call(verb::post, "/tasks", R"({"title":"x","task_type":"weird"})");
    BOOST_TEST(invalid.response.result_int() == 422u);
    auto errs = parsed(invalid).at("errors").as_object();
    BOOST_TEST(errs.contains("task_type"));
    BOOST_TEST(errs.contains("owners"));
    BOOST_TEST(errs.contains("deadline"));

    // 403: override_user who is not a member.
    auto forbidden = f.call(verb::post, "/completed-tasks",
                            R"({"task_id":")" + id + R"(","is_approved":true,"override_user":1})");
    BOOST_TEST(forbidden.response.result_int() == 403u);
    auto fb = parsed(forbidden).as_object();
    BOOST_TEST(fb.at("error").as_bool());
    BOOST_TEST(!str(fb.at("message")).empty());

    const std::string body = R"({"task_id":")" + id + R"(","is_approved":true})";
    auto done = f.call(verb::post, "/completed-tasks", body);
    BOOST_TEST_REQUIRE(done.response.result_int() == 200u, done.response.body());
    auto d = parsed(done).at("data").as_object();
    BOOST_TEST(str(d.at("status")) == "completed");
    BOOST_TEST(!d.contains("tasks_changed_by_rules")); // standalone responses lack it

    auto reopened = f.call(verb::delete_, "/completed-tasks/" + id);
    BOOST_TEST_REQUIRE(reopened.response.result_int() == 200u);
    auto r = parsed(reopened).at("data").as_object();
    BOOST_TEST(str(r.at("status")) == "in-progress");
    BOOST_TEST(r.at("completed_at").is_null());
    BOOST_TEST(r.at("completer_id").is_null());
    BOOST_TEST(r.at("is_approved").is_null());
    auto again = f.call(verb::delete_, "/completed-tasks/" + id);
    BOOST_TEST(again.response.result_int() == 422u);
    BOOST_TEST(str(parsed(again).at("message")) == "Task is not completed");

    // PUT /tasks/{id} (one-off) needs title, deadline and owners every time.
    auto partial = f.call(verb::put, "/tasks/" + id, R"({"title":"Renamed"})");
    BOOST_TEST(partial.response.result_int() == 422u);
    auto full =
        f.call(verb::put, "/tasks/" + id,
               R"({"title":"Renamed","deadline":"2031-03-01T00:00:00Z","owners":{"users":[]}})");
    BOOST_TEST(full.response.result_int() == 200u, full.response.body());
    BOOST_TEST(str(parsed(full).at("data").at("title")) == "Renamed");
}

BOOST_AUTO_TEST_CASE(reopen_process_task_and_run_status) {
    fixture f;
    auto run = f.launch("Quick Checklist");
    const std::string run_id = str(run.at("id"));
    auto tasks = f.run_tasks(run_id);
    for (const auto& t : tasks)
        BOOST_TEST_REQUIRE(f.call(verb::post, "/runs/" + run_id + "/completed-tasks",
                                  R"({"task_id":")" + str(t.at("id")) + "\"}")
                               .response.result_int() == 200u);
    BOOST_TEST(str(parsed(f.call(verb::get, "/runs/" + run_id)).at("data").at("status")) ==
               "complete");
    const std::string suffix = "/runs/" + run_id + "/completed-tasks/" + str(tasks[1].at("id"));
    auto r = f.call(verb::delete_, suffix);
    BOOST_TEST_REQUIRE(r.response.result_int() == 200u);
    auto d = parsed(r).at("data").as_object();
    BOOST_TEST(str(d.at("status")) == "in-progress");
    BOOST_TEST(d.at("tasks_changed_by_rules") == json::object());
    auto after = parsed(f.call(verb::get, "/runs/" + run_id)).at("data").as_object();
    BOOST_TEST(str(after.at("status")) == "active");
    BOOST_TEST(after.at("completed_at").is_null());
    auto not_done = f.call(verb::delete_, suffix);
    BOOST_TEST(not_done.response.result_int() == 422u);
    auto unknown = f.call(verb::delete_, "/runs/" + run_id + "/completed-tasks/nope");
    BOOST_TEST(unknown.response.result_int() == 404u);
}

BOOST_AUTO_TEST_CASE(recomplete_is_200_unchanged_by_default) {
    fixture f;
    auto run = f.launch("Quick Checklist");
    const std::string run_id = str(run.at("id"));
    const std::string t1 = str(f.run_tasks(run_id)[0].at("id"));
    const std::string body = R"({"task_id":")" + t1 + "\"}";
    auto first = parsed(f.call(verb::post, "/runs/" + run_id + "/completed-tasks", body));
    auto second = f.call(verb::post, "/runs/" + run_id + "/completed-tasks", body);
    BOOST_TEST_REQUIRE(second.response.result_int() == 200u);
    auto s = parsed(second).at("data").as_object();
    BOOST_TEST(s.at("completed_at") == first.at("data").at("completed_at"));
    BOOST_TEST(str(s.at("status")) == "completed");
    BOOST_TEST(f.server.completion_calls(t1) == 2u);
}

BOOST_AUTO_TEST_CASE(recomplete_is_422_when_configured_in_both_shapes) {
    for (auto shape : {sbx::validation_shape::tallyfy, sbx::validation_shape::laravel}) {
        sbx::api_options o;
        o.recomplete = sbx::recomplete_mode::validation_error;
        o.validation = shape;
        fixture f(o);
        auto run = f.launch("Quick Checklist");
        const std::string run_id = str(run.at("id"));
        const std::string t1 = str(f.run_tasks(run_id)[0].at("id"));
        const std::string body = R"({"task_id":")" + t1 + "\"}";
        BOOST_TEST(f.call(verb::post, "/runs/" + run_id + "/completed-tasks", body)
                       .response.result_int() == 200u);
        auto again = f.call(verb::post, "/runs/" + run_id + "/completed-tasks", body);
        BOOST_TEST(again.response.result_int() == 422u);
        auto b = parsed(again).as_object();
        BOOST_TEST(str(b.at("message")) == "Task is already completed");
        BOOST_TEST(b.contains("error") == (shape == sbx::validation_shape::tallyfy));
        BOOST_TEST(f.server.completion_calls(t1) == 1u);
    }
}

BOOST_AUTO_TEST_CASE(checklists_list_and_get) {
    fixture f;
    auto r = f.call(verb::get, "/checklists");
    BOOST_TEST_REQUIRE(r.response.result_int() == 200u);
    auto body = parsed(r);
    auto& items = body.at("data").as_array();
    BOOST_TEST(items.size() == 3u);
    BOOST_TEST(items.size() == f.server.checklists().size());
    BOOST_TEST(!items[0].as_object().contains("steps"));
    BOOST_TEST(body.at("meta").at("pagination").at("links").as_array().empty());
    auto full = parsed(f.call(verb::get, "/checklists?with=steps"));
    BOOST_TEST(full.at("data").at(0).as_object().contains("steps"));

    const std::string id = f.checklist_id("Client Onboarding");
    auto one = parsed(f.call(verb::get, "/checklists/" + id)).at("data").as_object();
    BOOST_TEST(str(one.at("title")) == "Client Onboarding");
    BOOST_TEST(one.at("steps_count").as_int64() == 4);
    auto& steps = one.at("steps").at("data").as_array();
    BOOST_TEST(steps.size() == 4u);
    bool approval = false;
    for (const auto& s : steps)
        approval = approval || s.at("task_type") == "approval";
    BOOST_TEST(approval);
    std::vector<std::string> kinds;
    for (const auto& p : one.at("prerun").as_array())
        kinds.push_back(str(p.at("field_type")));
    BOOST_TEST(kinds == (std::vector<std::string>{"text", "textarea", "date", "radio", "dropdown",
                                                  "multiselect", "file", "email"}));
    auto missing = f.call(verb::get, "/checklists/0123456789abcdef0123456789abcdef");
    BOOST_TEST(missing.response.result_int() == 404u);
    BOOST_TEST(str(parsed(missing).at("code")) == "RESOURCE_NOT_FOUND");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(emulated_error_shapes)

BOOST_AUTO_TEST_CASE(unauthorized_401_in_every_form) {
    fixture f;
    auto send = [&](auto mutate) {
        auto req = f.client.make(verb::get, f.client.org_path("/checklists"));
        mutate(req);
        return f.client.send(req);
    };
    auto no_token = send([](auto& req) { req.erase(http::field::authorization); });
    auto wrong_token = send([](auto& req) { req.set(http::field::authorization, "Bearer wrong"); });
    auto basic = send([](auto& req) { req.set(http::field::authorization, "Basic abc"); });
    auto no_client = send([](auto& req) { req.erase("X-Tallyfy-Client"); });
    for (auto* r : {&no_token, &wrong_token, &basic, &no_client}) {
        BOOST_TEST(r->response.result_int() == 401u);
        BOOST_TEST(r->response[http::field::www_authenticate] == "Bearer");
        auto b = parsed(*r).as_object();
        BOOST_TEST(b.at("error").as_bool());
        BOOST_TEST(str(b.at("message")).starts_with("Unauthenticated."));
    }
    BOOST_TEST(str(parsed(no_client).at("message")).find("X-Tallyfy-Client") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(required_client_value_when_configured) {
    sbx::api_options o;
    o.required_client_value = "APIClient";
    fixture f(o);
    auto req = f.client.make(verb::get, f.client.org_path("/checklists"));
    req.set("X-Tallyfy-Client", "n8n");
    BOOST_TEST(f.client.send(req).response.result_int() == 401u);
    BOOST_TEST(f.call(verb::get, "/checklists").response.result_int() == 200u);
}

BOOST_AUTO_TEST_CASE(not_found_resource_and_endpoint) {
    fixture f;
    auto resource = f.call(verb::get, "/runs/0123456789abcdef0123456789abcdef");
    BOOST_TEST(resource.response.result_int() == 404u);
    BOOST_TEST(parsed(resource) == (json::object{{"error", true},
                                                 {"message", "Resource not found"},
                                                 {"code", "RESOURCE_NOT_FOUND"}}));
    auto endpoint = f.call(verb::get, "/no-such-thing");
    BOOST_TEST(endpoint.response.result_int() == 404u);
    BOOST_TEST(parsed(endpoint) == (json::object{{"error", true},
                                                 {"message", "API endpoint not found"},
                                                 {"code", "ENDPOINT_NOT_FOUND"}}));
    auto outside = f.client.send(f.client.make(verb::get, "/elsewhere/organizations"));
    BOOST_TEST(outside.response.result_int() == 404u);
    BOOST_TEST(str(parsed(outside).at("code")) == "ENDPOINT_NOT_FOUND");
    auto other_org = f.client.send(
        f.client.make(verb::get, "/api/organizations/0123456789abcdef0123456789abcdef/runs"));
    BOOST_TEST(other_org.response.result_int() == 404u);
    BOOST_TEST(str(parsed(other_org).at("code")) == "RESOURCE_NOT_FOUND");
}

BOOST_AUTO_TEST_CASE(method_not_allowed_405_with_allow) {
    fixture f;
    auto r = f.call(verb::delete_, "/checklists");
    BOOST_TEST(r.response.result_int() == 405u);
    BOOST_TEST(r.response[http::field::allow] == "GET, POST");
    auto b = parsed(r).as_object();
    BOOST_TEST(b.at("error").as_bool());
    BOOST_TEST(str(b.at("code")) == "METHOD_NOT_ALLOWED");
    auto runs = f.call(verb::put, "/runs");
    BOOST_TEST(runs.response.result_int() == 405u);
    BOOST_TEST(runs.response[http::field::allow] == "GET, POST");
}

BOOST_AUTO_TEST_CASE(malformed_json_and_target_are_400) {
    fixture f;
    const std::string checklist = f.checklist_id("Quick Checklist");
    for (std::string body : {std::string(R"({"checklist_id": )"), std::string("[1,2]"),
                             std::string("\"text\""), std::string("{\"a\":1}}"),
                             R"({"checklist_id":")" + checklist + "\"" /* unterminated */}) {
        auto r = f.call(verb::post, "/runs", body);
        BOOST_TEST(r.response.result_int() == 400u, body);
        auto b = parsed(r).as_object();
        BOOST_TEST(b.at("error").as_bool());
        BOOST_TEST(!str(b.at("message")).empty());
    }
    BOOST_TEST(str(parsed(f.call(verb::post, "/runs", "{oops")).at("message"))
                   .starts_with("Malformed JSON body"));
    auto target = f.client.send(f.client.make(verb::get, "/api/%zz"));
    BOOST_TEST(target.response.result_int() == 400u);
    BOOST_TEST(str(parsed(target).at("message")) == "Malformed request target.");
    BOOST_TEST(f.server.run_count() == 0u);
    // The server is still fine after all of that.
    BOOST_TEST(f.call(verb::get, "/checklists").response.result_int() == 200u);
}

BOOST_AUTO_TEST_CASE(validation_422_in_both_shapes) {
    {
        fixture f; // tallyfy shape (default)
        auto r = f.call(verb::post, "/runs", R"({"name":5})");
        BOOST_TEST(r.response.result_int() == 422u);
        auto b = parsed(r).as_object();
        BOOST_TEST(b.at("error").as_bool());
        BOOST_TEST(str(b.at("message")) == "The checklist id field is required.");
        BOOST_TEST(
            b.at("errors") ==
            (json::object{{"checklist_id", json::array{"The checklist id field is required."}}}));
    }
    {
        sbx::api_options o;
        o.validation = sbx::validation_shape::laravel;
        fixture f(o);
        auto r = f.call(verb::post, "/runs", R"({"name":5})");
        BOOST_TEST(r.response.result_int() == 422u);
        auto b = parsed(r).as_object();
        BOOST_TEST(!b.contains("error"));
        BOOST_TEST(str(b.at("message")) == "The given data was invalid.");
        BOOST_TEST(
            b.at("errors") ==
            (json::object{{"checklist_id", json::array{"The checklist id field is required."}}}));
    }
}

BOOST_AUTO_TEST_CASE(rate_limit_429_per_token) {
    sbx::api_options o;
    o.limit.per_minute = 3;
    o.tokens = {"token-one", "token-two"};
    fixture f(o);
    for (int i = 0; i < 3; ++i) {
        auto r = f.call(verb::get, "/checklists");
        BOOST_TEST(r.response.result_int() == 200u);
        BOOST_TEST(r.response["X-RateLimit-Limit"] == "3");
        BOOST_TEST(r.response["X-RateLimit-Remaining"] == std::to_string(2 - i));
    }
    auto limited = f.call(verb::get, "/checklists");
    BOOST_TEST(limited.response.result_int() == 429u);
    BOOST_TEST(limited.response["X-RateLimit-Remaining"] == "0");
    BOOST_TEST(limited.response["X-RateLimit-Limit"] == "3");
    const std::string retry(limited.response[http::field::retry_after]);
    BOOST_TEST_REQUIRE(!retry.empty());
    BOOST_TEST(
        std::all_of(retry.begin(), retry.end(), [](char c) { return c >= '0' && c <= '9'; }));
    BOOST_TEST(std::stoi(retry) >= 1);
    BOOST_TEST(std::stoi(retry) <= 60);
    BOOST_TEST(parsed(limited) ==
               (json::object{{"message", "Too Many Attempts."}, {"code", "RATE_LIMIT_EXCEEDED"}}));
    // Throttled requests change nothing.
    auto launch = f.call(verb::post, "/runs",
                         R"({"checklist_id":")" + f.checklist_id("Quick Checklist") + "\"}");
    BOOST_TEST(launch.response.result_int() == 429u);
    BOOST_TEST(f.server.run_count() == 0u);

    // The limit is per token: the other token still gets through.
    auto req = f.client.make(verb::get, f.client.org_path("/checklists"));
    req.set(http::field::authorization, "Bearer token-two");
    auto other = f.client.send(req);
    BOOST_TEST(other.response.result_int() == 200u);
    BOOST_TEST(other.response["X-RateLimit-Remaining"] == "2");
}

BOOST_AUTO_TEST_CASE(no_rate_limit_headers_by_default) {
    fixture f;
    auto r = f.call(verb::get, "/checklists");
    BOOST_TEST((r.response.find("X-RateLimit-Remaining") == r.response.end()));
    BOOST_TEST(sbx::rate_limit::tallyfy_default().per_minute == 600u);
}

BOOST_FIXTURE_TEST_CASE(an_empty_id_segment_names_nothing, fixture) {
    // "groups/" is not "groups": nothing is deleted, updated or created through it.
    auto group = call(verb::post, "/groups", R"({"name":"Keep me"})");
    BOOST_TEST_REQUIRE(group.response.result_int() == 201u);
    for (const char* route : {"/groups/", "/tags/", "/folders/"}) {
        BOOST_TEST(call(verb::delete_, route).response.result_int() == 404u, route);
        BOOST_TEST(call(verb::put, route, R"({"name":"x","title":"x"})").response.result_int() ==
                       404u,
                   route);
    }
    auto list = json::parse(call(verb::get, "/groups").response.body()).at("data").as_array();
    BOOST_TEST(std::any_of(list.begin(), list.end(),
                           [](const auto& g) { return g.at("name") == "Keep me"; }));
    // Automations: the same for an empty automation id.
    const std::string id = checklist_id("Client Onboarding");
    BOOST_TEST(
        call(verb::delete_, "/checklists/" + id + "/automated-actions/").response.result_int() ==
        404u);
}

BOOST_AUTO_TEST_SUITE_END()
