// SPDX-License-Identifier: BSL-1.0
#include "emulator_fixture.hpp"

using namespace sandbox_test;
using tallyfy::sandbox::recomplete_mode;

BOOST_AUTO_TEST_SUITE(completion)

BOOST_AUTO_TEST_CASE(complete_approve_and_finish_a_run) {
    emulator_fixture f;
    auto run = f.launch(0);
    const std::string rid(run.at("id").as_string());
    auto ids = f.task_ids(rid);

    // required form field blocks completion
    auto blocked = f.complete(rid, ids[0]);
    BOOST_TEST(blocked.status == 422u);
    const auto& errs = blocked.body.at("errors").as_object();
    BOOST_TEST(errs.size() == 1u);
    BOOST_TEST(errs.begin()->key().starts_with("taskdata."));
    BOOST_TEST(f.emu->completion_calls(ids[0]) == 0u);

    f.fill_required(rid, ids[0]);
    auto done = f.complete(rid, ids[0], {{"override_user", f.user_id(2)}});
    BOOST_TEST(done.status == 200u);
    BOOST_TEST(done.data().at("status").as_string() == "completed");
    BOOST_TEST(done.data().at("completer_id").as_int64() == f.user_id(2));
    BOOST_TEST(done.data().at("completed_at").as_string().size() == 24u);
    BOOST_TEST(done.data().at("tasks_changed_by_rules").as_object().empty());
    BOOST_TEST(done.data().at("is_approved").is_null());
    BOOST_TEST(f.emu->completion_calls(ids[0]) == 1u);
    // next task activated
    BOOST_TEST(f.get("/tasks/" + ids[1]).data().at("status").as_string() == "active");
    BOOST_TEST(f.get("/tasks/" + ids[2]).data().at("status").as_string() == "not-started");

    // approval task needs is_approved
    auto no_approval = f.complete(rid, ids[1]);
    BOOST_TEST(no_approval.status == 422u);
    BOOST_TEST(no_approval.body.at("errors").as_object().contains("is_approved"));
    auto wrong_type = f.complete(rid, ids[1], {{"is_approved", "yes"}});
    BOOST_TEST(wrong_type.status == 422u);
    auto rejected = f.complete(rid, ids[1], {{"is_approved", false}});
    BOOST_TEST(rejected.status == 200u);
    BOOST_TEST(rejected.data().at("is_approved").as_bool() == false);
    BOOST_TEST(rejected.data().at("completer_id").as_int64() == f.user_id(0));

    BOOST_TEST(f.complete(rid, ids[2]).status == 200u);
    BOOST_TEST(f.get("/runs/" + rid).data().at("status").as_string() == "active");
    BOOST_TEST(f.get("/runs/" + rid).data().at("completed_at").is_null());
    BOOST_TEST(f.complete(rid, ids[3]).status == 200u);
    auto finished = f.get("/runs/" + rid);
    BOOST_TEST(finished.data().at("status").as_string() == "complete");
    BOOST_TEST(!finished.data().at("completed_at").is_null());
    BOOST_TEST(finished.data().at("progress").at("percent").as_int64() == 100);

    // reopen puts the run back to active
    auto reopened = f.del("/runs/" + rid + "/completed-tasks/" + ids[1]);
    BOOST_TEST(reopened.status == 200u);
    BOOST_TEST(reopened.data().at("status").as_string() == "in-progress");
    BOOST_TEST(reopened.data().at("completed_at").is_null());
    BOOST_TEST(reopened.data().at("completer_id").is_null());
    BOOST_TEST(reopened.data().at("is_approved").is_null());
    auto active = f.get("/runs/" + rid);
    BOOST_TEST(active.data().at("status").as_string() == "active");
    BOOST_TEST(active.data().at("completed_at").is_null());
    // reopening a task that is not completed
    auto again = f.del("/runs/" + rid + "/completed-tasks/" + ids[1]);
    BOOST_TEST(again.status == 422u);
    BOOST_TEST(again.body.at("error").as_bool());

    auto snap = f.emu->state_snapshot();
    BOOST_TEST(snap.at("tasks").as_array().size() == 4u);
    BOOST_TEST(snap.at("tasks").as_array()[0].at("completion_calls").to_number<std::uint64_t>() ==
               1u);
    BOOST_TEST(snap.at("runs").as_array().size() == 1u);
}

BOOST_AUTO_TEST_CASE(recomplete_ok_unchanged_counts_calls) {
    emulator_fixture f;
    auto run = f.launch(2);
    const std::string rid(run.at("id").as_string());
    auto ids = f.task_ids(rid);
    auto first = f.complete(rid, ids[0]);
    BOOST_TEST(first.status == 200u);
    auto second = f.complete(rid, ids[0], {{"override_user", f.user_id(1)}});
    BOOST_TEST(second.status == 200u);
    BOOST_TEST(second.data().at("completed_at") == first.data().at("completed_at"));
    BOOST_TEST(second.data().at("completer_id") == first.data().at("completer_id"));
    BOOST_TEST(second.data().contains("tasks_changed_by_rules"));
    BOOST_TEST(f.emu->completion_calls(ids[0]) == 2u);
    BOOST_TEST(f.emu->completion_calls(ids[1]) == 0u);
    BOOST_TEST(f.emu->completion_calls("unknown") == 0u);
}

BOOST_AUTO_TEST_CASE(recomplete_validation_error_mode) {
    api_options o;
    o.recomplete = recomplete_mode::validation_error;
    emulator_fixture f(o);
    auto run = f.launch(2);
    const std::string rid(run.at("id").as_string());
    auto ids = f.task_ids(rid);
    BOOST_TEST(f.complete(rid, ids[0]).status == 200u);
    auto again = f.complete(rid, ids[0]);
    BOOST_TEST(again.status == 422u);
    BOOST_TEST(again.body.at("error").as_bool());
    BOOST_TEST(again.body.at("message").as_string() == "Task is already completed");
    BOOST_TEST(f.emu->completion_calls(ids[0]) == 1u);
}

BOOST_AUTO_TEST_CASE(complete_errors) {
    emulator_fixture f;
    auto a = f.launch(2);
    auto b = f.launch(2);
    const std::string ra(a.at("id").as_string()), rb(b.at("id").as_string());
    auto ids_b = f.task_ids(rb);
    // task of another run
    auto other = f.complete(ra, ids_b[0]);
    BOOST_TEST(other.status == 404u);
    BOOST_TEST(other.body.at("code").as_string() == "RESOURCE_NOT_FOUND");
    BOOST_TEST(f.emu->completion_calls(ids_b[0]) == 0u);
    // unknown run
    BOOST_TEST(f.complete(std::string(32, '9'), ids_b[0]).status == 404u);
    // missing / wrong-typed task_id
    auto missing = f.post("/runs/" + ra + "/completed-tasks", json::object{});
    BOOST_TEST(missing.status == 422u);
    BOOST_TEST(missing.body.at("errors").as_object().contains("task_id"));
    auto typed = f.post("/runs/" + ra + "/completed-tasks", json::object{{"task_id", 5}});
    BOOST_TEST(typed.status == 422u);
    BOOST_TEST(typed.body.at("errors").at("task_id").as_array()[0].as_string() ==
               "The task id must be a string.");
    // override_user: not an integer -> 422, not a member -> 403
    auto bad_user = f.complete(rb, ids_b[0], {{"override_user", "bob"}});
    BOOST_TEST(bad_user.status == 422u);
    auto stranger = f.complete(rb, ids_b[0], {{"override_user", 1}});
    BOOST_TEST(stranger.status == 403u);
    BOOST_TEST(stranger.body.at("error").as_bool());
    BOOST_TEST(f.emu->completion_calls(ids_b[0]) == 0u);
    // a process task through the one-off route
    BOOST_TEST(f.post("/completed-tasks", json::object{{"task_id", ids_b[0]}}).status == 404u);
    BOOST_TEST(f.del("/completed-tasks/" + ids_b[0]).status == 404u);
}

BOOST_AUTO_TEST_CASE(update_task_taskdata) {
    emulator_fixture f;
    auto run = f.launch(0);
    const std::string rid(run.at("id").as_string());
    auto ids = f.task_ids(rid);
    const auto& fields = f.checklist(0).at("steps").as_array()[0].at("form_fields").as_array();
    const std::string required(fields[0].at("id").as_string());
    auto wrong =
        f.put("/runs/" + rid + "/tasks/" + ids[0], json::object{{"taskdata", {{required, 12}}}});
    BOOST_TEST(wrong.status == 422u);
    BOOST_TEST(wrong.body.at("errors").as_object().contains("taskdata." + required));
    auto ok = f.put("/runs/" + rid + "/tasks/" + ids[0],
                    json::object{{"taskdata", {{required, "ACC-9"}, {"zzz", "dropped"}}},
                                 {"title", "Renamed"},
                                 {"deadline", "2031-01-01T00:00:00.000Z"}});
    BOOST_TEST(ok.status == 200u);
    BOOST_TEST(ok.data().at("taskdata").at(required).as_string() == "ACC-9");
    BOOST_TEST(!ok.data().at("taskdata").as_object().contains("zzz"));
    BOOST_TEST(ok.data().at("title").as_string() == "Renamed");
    BOOST_TEST(ok.data().at("deadline").as_string() == "2031-01-01T00:00:00.000Z");
    auto with_values = f.get("/tasks/" + ids[0] + "?with=form_fields");
    BOOST_TEST(
        with_values.data().at("form_fields").at("data").as_array()[0].at("value").as_string() ==
        "ACC-9");
    BOOST_TEST(f.complete(rid, ids[0]).status == 200u);
    // a completed task cannot be updated
    BOOST_TEST(f.put("/runs/" + rid + "/tasks/" + ids[0], json::object{{"title", "x"}}).status ==
               422u);
}

BOOST_AUTO_TEST_SUITE_END()
