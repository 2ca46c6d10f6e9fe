// SPDX-License-Identifier: BSL-1.0
#include "emulator_fixture.hpp"

using namespace sandbox_test;

BOOST_AUTO_TEST_SUITE(launch)

BOOST_AUTO_TEST_CASE(minimal_launch_creates_run_and_tasks) {
    emulator_fixture f;
    auto run = f.launch(0);
    BOOST_TEST(run.at("id").as_string().size() == 32u);
    BOOST_TEST(run.at("checklist_id").as_string() == f.checklist_id(0));
    BOOST_TEST(run.at("status").as_string() == "active");
    const std::string name(run.at("name").as_string());
    BOOST_TEST(name.rfind("Client Onboarding - ", 0) == 0u);
    BOOST_TEST(name.size() == std::string("Client Onboarding - 2026-01-01").size());
    BOOST_TEST(run.at("started_by").as_int64() == f.user_id(0));
    BOOST_TEST(run.at("progress").at("total").as_int64() == 4);
    BOOST_TEST(f.emu->run_count() == 1u);
    auto tasks = f.get("/runs/" + std::string(run.at("id").as_string()) + "/tasks");
    BOOST_TEST_REQUIRE(tasks.list().size() == 4u);
    BOOST_TEST(tasks.list()[0].at("status").as_string() == "active");
    BOOST_TEST(!tasks.list()[0].at("started_at").is_null());
    for (std::size_t i = 1; i < 4; ++i) {
        BOOST_TEST(tasks.list()[i].at("status").as_string() == "not-started");
        BOOST_TEST(tasks.list()[i].at("started_at").is_null());
    }
    for (const auto& t : tasks.list()) {
        BOOST_TEST(t.at("id").as_string().size() == 32u);
        BOOST_TEST(!t.at("deadline").is_null());
        const std::string d(t.at("deadline").as_string());
        BOOST_TEST(d.size() == 24u);
        BOOST_TEST(d.substr(19) == ".000Z");
    }
    BOOST_TEST(tasks.list()[1].at("task_type").as_string() == "approval");
    BOOST_TEST(tasks.list()[0].at("step_id").as_string() == f.step_id(0, 0));
}

BOOST_AUTO_TEST_CASE(launch_with_every_field) {
    emulator_fixture f;
    auto parent = f.launch(2);
    const std::string text = f.prerun_field("text"), textarea = f.prerun_field("textarea"),
                      date = f.prerun_field("date"), radio = f.prerun_field("radio"),
                      dropdown = f.prerun_field("dropdown"), multi = f.prerun_field("multiselect"),
                      file = f.prerun_field("file"), email = f.prerun_field("email");
    json::object prerun{
        {text, "Globex"},
        {textarea, "Line 1\nLine 2"},
        {date, "2025-06-01 09:30:00"},
        {radio, "High"},
        {dropdown, {{"id", 2}, {"text", "APAC"}, {"value", nullptr}}},
        {multi, json::array{json::object{{"id", 1}, {"text", "Consulting"}, {"selected", true}}}},
        {file, json::array{json::object{{"id", "asset1"}, {"filename", "a.pdf"}}}},
        {email, "ops@globex.example"},
        {"ffffffffffffffffffffffffffffffff", "dropped"},
        {"Client name", "dropped label key"}};
    const std::string step0 = f.step_id(0, 0), step2 = f.step_id(0, 2);
    const auto tag = std::string(f.data.at("tags").as_array()[0].at("id").as_string());
    const auto folder = std::string(f.data.at("folders").as_array()[0].at("id").as_string());
    const auto group = std::string(f.data.at("groups").as_array()[0].at("id").as_string());
    json::object body{{"name", "Onboarding - Globex"},
                      {"summary", "New client"},
                      {"owner_id", f.user_id(1)},
                      {"user_id", std::to_string(f.user_id(2))},
                      {"starred", true},
                      {"is_public", true},
                      {"parent_id", parent.at("id")},
                      {"prerun", prerun},
                      {"tasks",
                       {{step0,
                         {{"deadline", "2030-01-20T17:00:00Z"},
                          {"owners",
                           {{"users", json::array{f.user_id(3)}},
                            {"guests", json::array{"g@example.com"}},
                            {"groups", json::array{group}}}}}},
                        {step2, {{"owners", {{"users", json::array{f.user_id(4)}}}}}},
                        {"00000000000000000000000000000000", {{"deadline", "2030-01-01"}}}}},
                      {"tags", json::array{tag}},
                      {"users", json::array{f.user_id(1), f.user_id(2)}},
                      {"groups", json::array{group}},
                      {"roles", {{"role1", json::array{f.user_id(1)}}}},
                      {"folders", json::array{folder}}};
    auto run = f.launch(0, body);
    BOOST_TEST(run.at("name").as_string() == "Onboarding - Globex");
    BOOST_TEST(run.at("summary").as_string() == "New client");
    BOOST_TEST(run.at("owner_id").as_int64() == f.user_id(1));
    BOOST_TEST(run.at("started_by").as_int64() == f.user_id(2));
    BOOST_TEST(run.at("starred").as_bool());
    BOOST_TEST(run.at("is_public").as_bool());
    BOOST_TEST(run.at("parent_id") == parent.at("id"));
    BOOST_TEST(run.at("users").as_array().size() == 2u);
    BOOST_TEST(run.at("groups").as_array()[0].as_string() == group);
    BOOST_TEST(run.at("roles").as_object().contains("role1"));
    const auto& pr = run.at("prerun").as_object();
    BOOST_TEST(pr.size() == 8u); // both unknown keys dropped
    BOOST_TEST(!pr.contains("ffffffffffffffffffffffffffffffff"));
    BOOST_TEST(pr.at(text).as_string() == "Globex");
    BOOST_TEST(pr.at(date).as_string() == "2025-06-01T09:30:00.000Z");
    BOOST_TEST(pr.at(dropdown).at("id").as_int64() == 2);
    BOOST_TEST(pr.at(multi).as_array().size() == 1u);

    const std::string run_id(run.at("id").as_string());
    auto tasks = f.get("/runs/" + run_id + "/tasks");
    const auto& t0 = tasks.list()[0].as_object();
    BOOST_TEST(t0.at("deadline").as_string() == "2030-01-20T17:00:00.000Z");
    BOOST_TEST(t0.at("owners").at("users").as_array()[0].as_int64() == f.user_id(3));
    BOOST_TEST(t0.at("owners").at("guests").as_array()[0].as_string() == "g@example.com");
    BOOST_TEST(t0.at("owners").at("groups").as_array()[0].as_string() == group);
    const auto& t2 = tasks.list()[2].as_object();
    BOOST_TEST(t2.at("owners").at("users").as_array()[0].as_int64() == f.user_id(4));

    auto full = f.get("/runs/" + run_id + "?with=tags,folders");
    BOOST_TEST(full.data().at("tags").at("data").as_array()[0].at("id").as_string() == tag);
    BOOST_TEST(full.data().at("folders").at("data").as_array()[0].at("id").as_string() == folder);
    auto listed = f.get("/runs?tag=" + tag);
    BOOST_TEST(listed.list().size() == 1u);
    BOOST_TEST(f.get("/runs?folder=" + folder).list().size() == 1u);
    BOOST_TEST(f.get("/runs?starred=true").list().size() == 1u);
    BOOST_TEST(f.get("/runs?starred=false").list().size() == 1u);
}

BOOST_AUTO_TEST_CASE(prerun_values_are_type_checked) {
    emulator_fixture f;
    const std::string cl = f.checklist_id(0);
    struct bad_case {
        std::string field;
        json::value value;
    };
    const std::vector<bad_case> cases = {
        {f.prerun_field("text"), 42},
        {f.prerun_field("textarea"), json::array{}},
        {f.prerun_field("date"), "not a date"},
        {f.prerun_field("date"), 20250601},
        {f.prerun_field("radio"), "Urgent"},
        {f.prerun_field("radio"), json::object{{"id", 1}}},
        {f.prerun_field("dropdown"), "EMEA"},
        {f.prerun_field("dropdown"), json::object{{"id", 99}, {"text", "x"}}},
        {f.prerun_field("multiselect"), json::object{{"id", 1}}},
        {f.prerun_field("multiselect"), json::array{json::object{{"id", "1"}}}},
        {f.prerun_field("file"), "a.pdf"},
        {f.prerun_field("email"), "not-an-email"},
    };
    for (const auto& c : cases) {
        auto r =
            f.post("/runs", json::object{{"checklist_id", cl}, {"prerun", {{c.field, c.value}}}});
        BOOST_TEST(r.status == 422u, "value " << json::serialize(c.value));
        BOOST_TEST(r.body.at("errors").as_object().contains("prerun." + c.field));
    }
    BOOST_TEST(f.emu->run_count() == 0u);
}

BOOST_AUTO_TEST_CASE(launch_validation) {
    emulator_fixture f;
    auto missing = f.post("/runs", json::object{});
    BOOST_TEST(missing.status == 422u);
    BOOST_TEST(missing.body.at("errors").at("checklist_id").as_array()[0].as_string() ==
               "The checklist id field is required.");
    BOOST_TEST(missing.body.at("error").as_bool());
    auto unknown = f.post("/runs", json::object{{"checklist_id", std::string(32, 'a')}});
    BOOST_TEST(unknown.status == 404u);
    BOOST_TEST(unknown.body.at("code").as_string() == "RESOURCE_NOT_FOUND");
    auto long_name = f.post("/runs", json::object{{"checklist_id", f.checklist_id(0)},
                                                  {"name", std::string(551, 'x')}});
    BOOST_TEST(long_name.status == 422u);
    BOOST_TEST(long_name.body.at("errors").as_object().contains("name"));
    auto ok_name =
        f.post("/runs", json::object{{"checklist_id", f.checklist_id(0)},
                                     {"name", std::string(550, 'x')},
                                     {"prerun", tallyfy::test::required_prerun(f.checklist(0))}});
    BOOST_TEST(ok_name.status == 201u);
    // Without its required kick-off field ("Client name"), the same launch is refused.
    auto unfilled = f.post("/runs", json::object{{"checklist_id", f.checklist_id(0)}});
    BOOST_TEST(unfilled.status == 422u);
    BOOST_TEST(unfilled.body.at("errors").as_object().contains("prerun." + f.prerun_field("text")));
    auto types = f.post("/runs", json::object{{"checklist_id", f.checklist_id(0)},
                                              {"starred", "yes"},
                                              {"tags", "t"},
                                              {"owner_id", 1},
                                              {"users", json::array{"abc"}},
                                              {"tasks", json::array{}}});
    BOOST_TEST(types.status == 422u);
    const auto& errs = types.body.at("errors").as_object();
    BOOST_TEST(errs.contains("starred"));
    BOOST_TEST(errs.contains("tags"));
    BOOST_TEST(errs.contains("owner_id"));
    BOOST_TEST(errs.contains("users.0"));
    BOOST_TEST(errs.contains("tasks"));
    auto bad_override =
        f.post("/runs", json::object{{"checklist_id", f.checklist_id(0)},
                                     {"tasks", {{f.step_id(0, 0), {{"deadline", "soon"}}}}}});
    BOOST_TEST(bad_override.status == 422u);
    BOOST_TEST(bad_override.body.at("errors").as_object().contains("tasks." + f.step_id(0, 0) +
                                                                   ".deadline"));
    BOOST_TEST(f.emu->run_count() == 1u);
}

BOOST_AUTO_TEST_SUITE_END()
