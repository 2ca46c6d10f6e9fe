// SPDX-License-Identifier: BSL-1.0
#include "emulator_fixture.hpp"

using namespace sandbox_test;
using tallyfy::sandbox::validation_shape;

BOOST_AUTO_TEST_SUITE(standalone_tasks)

BOOST_AUTO_TEST_CASE(create_fill_complete_reopen) {
    emulator_fixture f;
    auto created = f.post(
        "/tasks", json::object{{"title", "Sign NDA"},
                               {"task_type", "task"},
                               {"owners", {{"users", json::array{f.user_id(1)}}}},
                               {"deadline", "2031-02-03 04:05:06"},
                               {"description", "Please sign"},
                               {"form_fields", json::array{json::object{{"label", "Signed copy"},
                                                                        {"field_type", "text"},
                                                                        {"required", true}}}}});
    BOOST_TEST_REQUIRE(created.status == 201u, created.raw.body);
    const auto& t = created.data();
    const std::string id(t.at("id").as_string());
    BOOST_TEST(id.size() == 32u);
    BOOST_TEST(t.at("is_oneoff_task").as_bool());
    BOOST_TEST(t.at("run_id").is_null());
    BOOST_TEST(t.at("checklist_id").is_null());
    BOOST_TEST(t.at("step_id").is_null());
    BOOST_TEST(t.at("deadline").as_string() == "2031-02-03T04:05:06.000Z");
    BOOST_TEST(t.at("summary").as_string() == "Please sign");
    BOOST_TEST(t.at("status").as_string() == "active");
    auto fields = f.get("/tasks/" + id + "?with=form_fields");
    const auto& ff = fields.data().at("form_fields").at("data").as_array();
    BOOST_TEST_REQUIRE(ff.size() == 1u);
    const std::string field_id(ff[0].at("id").as_string());
    BOOST_TEST(field_id.size() == 32u);

    auto blocked = f.post("/completed-tasks", json::object{{"task_id", id}});
    BOOST_TEST(blocked.status == 422u);
    BOOST_TEST(blocked.body.at("errors").as_object().contains("taskdata." + field_id));
    // one-off update route requires title, deadline and owners
    auto partial = f.put("/tasks/" + id, json::object{{"taskdata", {{field_id, "yes"}}}});
    BOOST_TEST(partial.status == 422u);
    BOOST_TEST(partial.body.at("errors").as_object().contains("title"));
    BOOST_TEST(partial.body.at("errors").as_object().contains("owners"));
    BOOST_TEST(partial.body.at("errors").as_object().contains("deadline"));
    auto filled =
        f.put("/tasks/" + id, json::object{{"title", "Sign NDA"},
                                           {"deadline", "2031-02-03T04:05:06Z"},
                                           {"owners", {{"users", json::array{f.user_id(1)}}}},
                                           {"taskdata", {{field_id, "yes"}}}});
    BOOST_TEST(filled.status == 200u);
    auto done = f.post("/completed-tasks", json::object{{"task_id", id}});
    BOOST_TEST(done.status == 200u);
    BOOST_TEST(done.data().at("status").as_string() == "completed");
    BOOST_TEST(!done.data().contains("tasks_changed_by_rules"));
    BOOST_TEST(f.emu->completion_calls(id) == 1u);
    auto reopened = f.del("/completed-tasks/" + id);
    BOOST_TEST(reopened.status == 200u);
    BOOST_TEST(reopened.data().at("status").as_string() == "in-progress");
    BOOST_TEST(f.del("/completed-tasks/" + id).status == 422u);
    // a one-off task is not reachable through a run route
    auto run = f.launch(2);
    BOOST_TEST(f.post("/runs/" + std::string(run.at("id").as_string()) + "/completed-tasks",
                      json::object{{"task_id", id}})
                   .status == 404u);
}

BOOST_AUTO_TEST_CASE(standalone_approval) {
    emulator_fixture f;
    auto created = f.post("/tasks", json::object{{"title", "Approve spend"},
                                                 {"task_type", "approval"},
                                                 {"owners", {{"users", json::array{f.user_id(0)}}}},
                                                 {"deadline", "2031-02-03"}});
    BOOST_TEST_REQUIRE(created.status == 201u);
    const std::string id(created.data().at("id").as_string());
    BOOST_TEST(f.post("/completed-tasks", json::object{{"task_id", id}}).status == 422u);
    auto ok = f.post("/completed-tasks", json::object{{"task_id", id}, {"is_approved", true}});
    BOOST_TEST(ok.status == 200u);
    BOOST_TEST(ok.data().at("is_approved").as_bool());
}

BOOST_AUTO_TEST_CASE(create_validation_both_shapes) {
    emulator_fixture f;
    auto r = f.post("/tasks", json::object{{"task_type", "chore"}});
    BOOST_TEST(r.status == 422u);
    const auto& e = r.body.at("errors").as_object();
    BOOST_TEST(e.contains("title"));
    BOOST_TEST(e.contains("task_type"));
    BOOST_TEST(e.contains("owners"));
    BOOST_TEST(e.contains("deadline"));
    BOOST_TEST(r.body.at("error").as_bool());
    BOOST_TEST(r.body.at("errors").at("title").as_array()[0].as_string() ==
               "The title field is required.");

    api_options o;
    o.validation = validation_shape::laravel;
    emulator_fixture g(o);
    auto l = g.post("/tasks", json::object{{"title", 3}});
    BOOST_TEST(l.status == 422u);
    BOOST_TEST(!l.body.as_object().contains("error"));
    BOOST_TEST(l.body.at("message").as_string() == "The given data was invalid.");
    BOOST_TEST(l.body.at("errors").at("title").as_array()[0].as_string() ==
               "The title must be a string.");
    auto bad_owner = f.post(
        "/tasks",
        json::object{{"title", "x"},
                     {"task_type", "task"},
                     {"owners", {{"users", json::array{1}}, {"guests", json::array{"nope"}}}},
                     {"deadline", "2031-01-01"}});
    BOOST_TEST(bad_owner.status == 422u);
    BOOST_TEST(bad_owner.body.at("errors").as_object().contains("owners.users.0"));
    BOOST_TEST(bad_owner.body.at("errors").as_object().contains("owners.guests.0"));
}

BOOST_AUTO_TEST_SUITE_END()
