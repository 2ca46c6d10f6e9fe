// SPDX-License-Identifier: BSL-1.0
// What the client puts on the wire: request targets built from hostile ids, and JSON bodies
// (launch with every field and every prerun kind, complete, create, includes).
#include <boost/test/unit_test.hpp>

#include "core/codec/request_codecs.hpp"
#include "core/request_target.hpp"

#include <boost/json/parse.hpp>

#include <algorithm>
#include <string>

namespace codec = tallyfy::codec;
namespace detail = tallyfy::detail;
namespace json = boost::json;

namespace {

std::string target_for(std::string_view id) {
    detail::request_target t("/api");
    t.literal("/organizations/").id("org", "org id").literal("/tasks/").id(id, "task id");
    return t.str();
}

std::string repeat(std::string_view s, std::size_t n) {
    std::string out;
    for (std::size_t i = 0; i < n; ++i)
        out += s;
    return out;
}

json::value body_of(const tallyfy::launch_run_request& r) {
    return json::parse(codec::encode_launch_body(r));
}

} // namespace

BOOST_AUTO_TEST_SUITE(request_targets)

BOOST_AUTO_TEST_CASE(hostile_ids_stay_one_segment) {
    BOOST_TEST(target_for("abc123") == "/api/organizations/org/tasks/abc123");
    BOOST_TEST(target_for("../x") == "/api/organizations/org/tasks/..%2Fx");
    BOOST_TEST(target_for("../../admin") == "/api/organizations/org/tasks/..%2F..%2Fadmin");
    BOOST_TEST(target_for("a/b") == "/api/organizations/org/tasks/a%2Fb");
    BOOST_TEST(target_for("?") == "/api/organizations/org/tasks/%3F");
    BOOST_TEST(target_for("x?with=run") == "/api/organizations/org/tasks/x%3Fwith%3Drun");
    BOOST_TEST(target_for("#") == "/api/organizations/org/tasks/%23");
    BOOST_TEST(target_for("%") == "/api/organizations/org/tasks/%25");
    BOOST_TEST(target_for("%2e%2e") == "/api/organizations/org/tasks/%252e%252e");
    BOOST_TEST(target_for("a b+c") == "/api/organizations/org/tasks/a%20b%2Bc");
    BOOST_TEST(target_for("\\") == "/api/organizations/org/tasks/%5C");
    BOOST_TEST(target_for("é") == "/api/organizations/org/tasks/%C3%A9");
    BOOST_TEST(target_for("任务") == "/api/organizations/org/tasks/%E4%BB%BB%E5%8A%A1");
    BOOST_TEST(target_for("\xff") == "/api/organizations/org/tasks/%FF");
    BOOST_TEST(target_for("...") == "/api/organizations/org/tasks/...");
    BOOST_TEST(target_for("-._~") == "/api/organizations/org/tasks/-._~");
    BOOST_TEST(target_for(std::string(256, 'a')).size() == 29u + 256u);
    // Whatever the id, the result has exactly the expected segments and no query or fragment.
    for (std::string_view id : {"../x", "a/b", "?", "#", "%", "é", "a/../../b?c#d"}) {
        const std::string t = target_for(id);
        BOOST_TEST(t.find_first_of("?#") == std::string::npos, t);
        BOOST_TEST(std::count(t.begin(), t.end(), '/') == 5, t);
    }
}

BOOST_AUTO_TEST_CASE(an_email_keeps_its_at_and_stays_one_segment) {
    auto guest = [](std::string_view email) {
        detail::request_target t("/api");
        t.literal("/guests/").email(email, "email");
        return t.str();
    };
    BOOST_TEST(guest("ann@example.com") == "/api/guests/ann@example.com");
    BOOST_TEST(guest("a+b@x.io") == "/api/guests/a%2Bb@x.io");
    BOOST_TEST(guest("@@") == "/api/guests/@@");
    BOOST_TEST(guest("a/../b@x?y#z") == "/api/guests/a%2F..%2Fb@x%3Fy%23z");
    BOOST_TEST(guest("%40@x") == "/api/guests/%2540@x");
    BOOST_CHECK_THROW(guest(""), tallyfy::detail::invalid_argument_error);
    BOOST_CHECK_THROW(guest(".."), tallyfy::detail::invalid_argument_error);
    BOOST_CHECK_THROW(guest("a@b\r\nX: y"), tallyfy::detail::invalid_argument_error);
}

BOOST_AUTO_TEST_CASE(refusals) {
    auto refused = [](std::string_view id) {
        try {
            target_for(id);
        } catch (const detail::invalid_argument_error& e) {
            return std::string_view(e.what()).starts_with("task id");
        }
        return false;
    };
    BOOST_TEST(refused(""));
    BOOST_TEST(refused("."));
    BOOST_TEST(refused(".."));
    BOOST_TEST(refused("a\rb"));
    BOOST_TEST(refused("a\nb"));
    BOOST_TEST(refused("x\r\nX-Evil: 1"));
    BOOST_TEST(refused(std::string_view("a\0b", 3)));
    BOOST_TEST(refused("tab\there"));
    BOOST_TEST(refused("del\x7f"));
    BOOST_TEST(refused(std::string(257, 'a')));
    BOOST_TEST(refused(repeat("é", 129)));  // 258 bytes
    BOOST_TEST(!refused(repeat("é", 128))); // 256 bytes
    // invalid_argument_error is a std::invalid_argument.
    BOOST_CHECK_THROW(target_for(""), std::invalid_argument);
}

BOOST_AUTO_TEST_CASE(query_and_path) {
    detail::request_target t("/api/");
    t.literal("/organizations/").id("o", "org").literal("/runs");
    BOOST_TEST(t.path() == "/api/organizations/o/runs");
    t.query("with", "checklist,tasks").query("q", "a&b=c#d").query("k y", "é");
    BOOST_TEST(t.str() ==
               "/api/organizations/o/runs?with=checklist%2Ctasks&q=a%26b%3Dc%23d&k%20y=%C3%A9");
    BOOST_TEST(t.path() == "/api/organizations/o/runs");
    detail::request_target empty("");
    empty.literal("/me");
    BOOST_TEST(empty.str() == "/me");
    BOOST_TEST(empty.path() == "/me");
}

BOOST_AUTO_TEST_CASE(header_values) {
    BOOST_CHECK_NO_THROW(detail::check_header_value("Bearer abc.def", "token"));
    BOOST_CHECK_THROW(detail::check_header_value("abc\r\nX: y", "token"),
                      detail::invalid_argument_error);
    BOOST_CHECK_THROW(detail::check_header_value("abc\n", "token"), detail::invalid_argument_error);
    BOOST_CHECK_THROW(detail::check_header_value(std::string_view("a\0", 2), "token"),
                      detail::invalid_argument_error);
    try {
        detail::check_header_value("secret-token\r\n", "Authorization");
    } catch (const std::exception& e) {
        BOOST_TEST(std::string(e.what()).find("secret-token") == std::string::npos);
    }
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(request_bodies)

BOOST_AUTO_TEST_CASE(launch_with_every_field) {
    tallyfy::launch_run_request r;
    r.checklist_id = "TEMPLATE_ID_TO_LAUNCH";
    r.name = "Process Launched via C++";
    r.summary = "Started programmatically.";
    r.owner_id = 1002;
    r.user_id = 1003;
    r.starred = true;
    r.is_public = false;
    r.parent_id = "parent_run_id";
    r.prerun["field_id_abc"] = std::string("Your text value");
    r.prerun["field_id_def"] = std::string("2025-01-15T12:00:00.000Z");
    r.prerun["field_id_ghi"] = std::string("Selected Option Value");
    r.prerun["field_id_jkl"] = tallyfy::dropdown_choice{2, "Option Text"};
    r.prerun["field_id_mno"] = std::vector<tallyfy::checklist_choice>{{1, "Option 1", true}};
    r.prerun["field_id_pqr"] =
        json::parse(
            R"([{ "id": "asset_id", "filename": "report.pdf", "version": 1, "url": "...", "uploaded_from": "ko_field", "subject": { "id": "template_id", "type": "Checklist" } }])")
            .as_array();
    tallyfy::task_override o;
    o.deadline = "2025-01-20T17:00:00Z";
    o.owners = tallyfy::owners{{12345}, {"guest@example.com"}, {"group_id"}};
    r.tasks["step_timeline_id"] = o;
    tallyfy::task_override deadline_only;
    deadline_only.deadline = "2025-01-21 09:00:00";
    r.tasks["step_two"] = deadline_only;
    r.tags = {"tag1", "tag2"};
    r.users = {1001, 1002};
    r.groups = {"group_a"};
    r.roles = {{"role_a", json::array{1001}}}; // an object keyed by role id (the launch seed)
    r.folders = {"folder_a"};

    auto body = body_of(r).as_object();
    BOOST_TEST(body.size() == 15u);
    BOOST_TEST(body.at("checklist_id") == "TEMPLATE_ID_TO_LAUNCH");
    BOOST_TEST(body.at("name") == "Process Launched via C++");
    BOOST_TEST(body.at("summary") == "Started programmatically.");
    BOOST_TEST(body.at("owner_id") == 1002);
    BOOST_TEST(body.at("user_id") == 1003);
    BOOST_TEST(body.at("starred") == true);
    BOOST_TEST(body.at("is_public") == false);
    BOOST_TEST(body.at("parent_id") == "parent_run_id");
    // Each prerun kind in the shape of the launch seed (dropdown/checklist without "value": null).
    const auto& prerun = body.at("prerun").as_object();
    BOOST_TEST(prerun.size() == 6u);
    BOOST_TEST(prerun.at("field_id_abc") == "Your text value");
    BOOST_TEST(prerun.at("field_id_def") == "2025-01-15T12:00:00.000Z");
    BOOST_TEST(prerun.at("field_id_ghi") == "Selected Option Value");
    BOOST_TEST(prerun.at("field_id_jkl") == json::parse(R"({ "id": 2, "text": "Option Text" })"));
    BOOST_TEST(prerun.at("field_id_mno") ==
               json::parse(R"([{ "id": 1, "text": "Option 1", "selected": true }])"));
    BOOST_TEST(
        prerun.at("field_id_pqr") ==
        json::parse(
            R"([{ "id": "asset_id", "filename": "report.pdf", "version": 1, "url": "...", "uploaded_from": "ko_field", "subject": { "id": "template_id", "type": "Checklist" } }])"));
    // The task override example of the launch seed, verbatim.
    BOOST_TEST(
        body.at("tasks").at("step_timeline_id") ==
        json::parse(
            R"({ "step_timeline_id": { "deadline": "2025-01-20T17:00:00Z", "owners": { "users": [12345], "guests": ["guest@example.com"], "groups": ["group_id"] } }})")
            .at("step_timeline_id"));
    BOOST_TEST(body.at("tasks").at("step_two") ==
               json::parse(R"({"deadline":"2025-01-21 09:00:00"})"));
    BOOST_TEST(body.at("tags") == json::parse(R"(["tag1","tag2"])"));
    BOOST_TEST(body.at("users") == json::parse(R"([1001,1002])"));
    BOOST_TEST(body.at("groups") == json::parse(R"(["group_a"])"));
    BOOST_TEST(body.at("roles") == json::parse(R"({"role_a":[1001]})"));
    BOOST_TEST(body.at("folders") == json::parse(R"(["folder_a"])"));
}

BOOST_AUTO_TEST_CASE(launch_matches_the_seed_payload) {
    // The Java sample of the launch seed, verbatim; owners always carry all three buckets
    // (the API empties a missing bucket), so those two are added to the expectation.
    auto seed = json::parse(
        R"( { "checklist_id": "TEMPLATE_ID_TO_LAUNCH", "name": "Process Launched via Java", "prerun": { "prerun_field_id_1": "Some Value" }, "tasks": { "step_id_abc": { "owners": { "users": [1001] } } } } )");
    auto& owners = seed.at("tasks").at("step_id_abc").at("owners").as_object();
    owners["guests"] = json::array();
    owners["groups"] = json::array();
    tallyfy::launch_run_request r;
    r.checklist_id = "TEMPLATE_ID_TO_LAUNCH";
    r.name = "Process Launched via Java";
    r.prerun["prerun_field_id_1"] = std::string("Some Value");
    tallyfy::task_override o;
    o.owners = tallyfy::owners{{1001}, {}, {}};
    r.tasks["step_id_abc"] = o;
    BOOST_TEST(body_of(r) == seed);

    tallyfy::launch_run_request minimal;
    minimal.checklist_id = "c";
    BOOST_TEST(body_of(minimal) == json::parse(R"({"checklist_id":"c"})")); // name omitted
}

BOOST_AUTO_TEST_CASE(launch_name_limit_counts_characters) {
    tallyfy::launch_run_request r;
    r.checklist_id = "c";
    r.name = std::string(550, 'n');
    BOOST_CHECK_NO_THROW(codec::encode_launch_body(r));
    r.name = std::string(551, 'n');
    BOOST_CHECK_THROW(codec::encode_launch_body(r), std::invalid_argument);
    r.name = repeat("é", 550); // 1100 bytes, 550 characters
    BOOST_TEST(body_of(r).at("name").as_string().size() == 1100u);
    r.name = repeat("é", 551);
    BOOST_CHECK_THROW(codec::encode_launch_body(r), std::invalid_argument);
    r.name = repeat("😀", 550); // 4-byte characters
    BOOST_CHECK_NO_THROW(codec::encode_launch_body(r));
    r.name = repeat("😀", 549) + "ab";
    BOOST_CHECK_THROW(codec::encode_launch_body(r), std::invalid_argument);
    r.name = repeat("a", 2201); // more than the field holds: refused, never sent cut
    BOOST_TEST(r.name.too_long());
    BOOST_CHECK_THROW(codec::encode_launch_body(r), std::invalid_argument);
    r.name = "ok";
    r.checklist_id = std::string(257, 'c');
    BOOST_CHECK_THROW(codec::encode_launch_body(r), std::invalid_argument);
    r.checklist_id.clear();
    BOOST_CHECK_THROW(codec::encode_launch_body(r), std::invalid_argument);
}

BOOST_AUTO_TEST_CASE(complete_and_create_bodies) {
    tallyfy::complete_task_request c;
    c.task_id = "TASK_ID_TO_COMPLETE";
    BOOST_TEST(json::parse(codec::encode_complete_body(c)) ==
               json::parse(R"({ "task_id": "TASK_ID_TO_COMPLETE"})")); // the seed's example
    c.task_id = "APPROVAL_TASK_ID";
    c.is_approved = true;
    BOOST_TEST(json::parse(codec::encode_complete_body(c)) ==
               json::parse(R"({ "task_id": "APPROVAL_TASK_ID", "is_approved": true})"));
    c.is_approved = false;
    c.override_user = 1001;
    BOOST_TEST(
        json::parse(codec::encode_complete_body(c)) ==
        json::parse(R"({"task_id":"APPROVAL_TASK_ID","is_approved":false,"override_user":1001})"));

    tallyfy::create_task_request t;
    t.title = "Sign NDA";
    t.owners.users = {7};
    t.deadline = "2025-01-20 17:00:00";
    t.description = "Please";
    t.extra["tags"] = json::array{"x"};
    t.extra["title"] = "overridden by the typed field";
    BOOST_TEST(json::parse(codec::encode_create_task_body(t)) ==
               json::parse(R"({"tags":["x"],"title":"Sign NDA","task_type":"task",)"
                           R"("owners":{"users":[7],"guests":[],"groups":[]},)"
                           R"("deadline":"2025-01-20 17:00:00","description":"Please"})"));
}

BOOST_AUTO_TEST_CASE(includes) {
    tallyfy::task_includes t;
    BOOST_TEST(codec::includes_text(t).empty());
    t.run = t.step = t.form_fields = t.tags = t.threads = t.summary = t.ko_form_fields = true;
    t.extra = {"member_watchers", "", "threads_count"};
    BOOST_TEST(codec::includes_text(t) ==
               "run,step,form_fields,tags,threads,summary,ko-form-fields,member_watchers,"
               "threads_count");
    tallyfy::run_includes r;
    r.checklist = r.tasks = r.tags = r.form_fields = r.ko_form_fields = r.next_task = r.assets =
        true;
    r.extra = {"tasks.step"};
    BOOST_TEST(codec::includes_text(r) ==
               "checklist,tasks,tags,form_fields,ko_form_fields,next_task,assets,tasks.step");
}

BOOST_AUTO_TEST_SUITE_END()
