// SPDX-License-Identifier: BSL-1.0
#include "emulator_fixture.hpp"

using namespace sandbox_test;

BOOST_AUTO_TEST_SUITE(get_run)

BOOST_AUTO_TEST_CASE(includes_are_fractal_wrapped) {
    emulator_fixture f;
    auto run = f.launch(0, {{"prerun", {{f.prerun_field("text"), "Acme"}}}});
    const std::string id(run.at("id").as_string());
    auto plain = f.get("/runs/" + id);
    BOOST_TEST(plain.status == 200u);
    BOOST_TEST(!plain.data().contains("tasks"));
    BOOST_TEST(!plain.data().contains("checklist"));
    BOOST_TEST(plain.data().at("prerun").at(f.prerun_field("text")).as_string() == "Acme");

    auto full =
        f.get("/runs/" + id + "?with=checklist,tasks,tags,form_fields,ko_form_fields,next_task");
    const auto& d = full.data();
    BOOST_TEST(d.at("checklist").at("data").at("id").as_string() == f.checklist_id(0));
    BOOST_TEST(d.at("tasks").at("data").as_array().size() == 4u);
    BOOST_TEST(d.at("tags").at("data").as_array().empty());
    BOOST_TEST(d.at("form_fields").at("data").as_array().size() == 3u); // of every task
    BOOST_TEST(!d.at("form_fields").at("data").as_array()[0].as_object().contains("value"));
    BOOST_TEST(d.at("ko_form_fields").at("data").as_array().size() == 8u);
    BOOST_TEST(d.at("next_task").at("position").as_int64() == 1);

    auto values = f.get("/runs/" + id + "?with=ko_form_fields,form_fields&form_fields_values=true");
    bool found = false;
    for (const auto& field : values.data().at("ko_form_fields").at("data").as_array())
        if (field.at("id").as_string() == f.prerun_field("text")) {
            found = true;
            BOOST_TEST(field.at("value").as_string() == "Acme");
        }
    BOOST_TEST(found);
    BOOST_TEST(
        values.data().at("form_fields").at("data").as_array()[0].as_object().contains("value"));

    auto nested = f.get("/runs/" + id + "?with=tasks,tasks.step");
    BOOST_TEST(nested.data()
                   .at("tasks")
                   .at("data")
                   .as_array()[0]
                   .at("step")
                   .at("data")
                   .at("id")
                   .as_string() == f.step_id(0, 0));
}

BOOST_AUTO_TEST_CASE(next_task_rules) {
    emulator_fixture f;
    auto run = f.launch(2); // two plain steps
    const std::string id(run.at("id").as_string());
    auto ids = f.task_ids(id);
    auto next = [&] { return f.get("/runs/" + id + "?with=next_task").data().at("next_task"); };
    BOOST_TEST(next().at("id").as_string() == ids[0]);
    BOOST_TEST(next().at("status").as_string() == "active");
    BOOST_TEST(f.complete(id, ids[0]).status == 200u);
    BOOST_TEST(next().at("id").as_string() == ids[1]);
    BOOST_TEST(f.complete(id, ids[1]).status == 200u);
    BOOST_TEST(next().is_null());
    // reopening the first makes it the next again even though it is in-progress
    BOOST_TEST(f.del("/runs/" + id + "/completed-tasks/" + ids[0]).status == 200u);
    BOOST_TEST(next().at("id").as_string() == ids[0]);
    BOOST_TEST(next().at("status").as_string() == "in-progress");
    // reopening the second: still the lowest position wins
    BOOST_TEST(f.del("/runs/" + id + "/completed-tasks/" + ids[1]).status == 200u);
    BOOST_TEST(next().at("id").as_string() == ids[0]);
}

BOOST_AUTO_TEST_CASE(unknown_run_is_resource_not_found) {
    emulator_fixture f;
    auto r = f.get("/runs/" + std::string(32, '0'));
    BOOST_TEST(r.status == 404u);
    BOOST_TEST(r.body.at("code").as_string() == "RESOURCE_NOT_FOUND");
    BOOST_TEST(r.body.at("message").as_string() == "Resource not found");
}

BOOST_AUTO_TEST_CASE(list_runs_filters_and_sort) {
    emulator_fixture f;
    auto a = f.launch(0, {{"name", "Alpha onboarding"}, {"owner_id", f.user_id(1)}});
    auto b = f.launch(1, {{"name", "Beta purchase"}});
    auto c = f.launch(2, {{"name", "Gamma quick"}});
    auto names = [&](const result& r) {
        std::vector<std::string> out;
        for (const auto& x : r.list())
            out.emplace_back(x.at("name").as_string());
        return out;
    };
    // default: newest first
    BOOST_TEST((names(f.get("/runs")) ==
                std::vector<std::string>{"Gamma quick", "Beta purchase", "Alpha onboarding"}));
    BOOST_TEST((names(f.get("/runs?sort=created_at")) ==
                std::vector<std::string>{"Alpha onboarding", "Beta purchase", "Gamma quick"}));
    BOOST_TEST((names(f.get("/runs?sort=-name")) ==
                std::vector<std::string>{"Gamma quick", "Beta purchase", "Alpha onboarding"}));
    BOOST_TEST((names(f.get("/runs?q=BETA")) == std::vector<std::string>{"Beta purchase"}));
    BOOST_TEST((names(f.get("/runs?q=beta%20pur")) == std::vector<std::string>{"Beta purchase"}));
    BOOST_TEST((names(f.get("/runs?checklist_id=" + f.checklist_id(1))) ==
                std::vector<std::string>{"Beta purchase"}));
    BOOST_TEST((names(f.get("/runs?owners=" + std::to_string(f.user_id(1)))) ==
                std::vector<std::string>{"Alpha onboarding"}));
    BOOST_TEST(f.get("/runs?type=procedure").list().size() == 3u);
    BOOST_TEST(f.get("/runs?type=form").list().empty());
    // complete the quick run
    const std::string cid(c.at("id").as_string());
    for (const auto& t : f.task_ids(cid))
        BOOST_TEST(f.complete(cid, t).status == 200u);
    BOOST_TEST((names(f.get("/runs?status=complete")) == std::vector<std::string>{"Gamma quick"}));
    BOOST_TEST(f.get("/runs?status=active").list().size() == 2u);
    BOOST_TEST(f.get("/runs?status=bogus").status == 422u);
    // archive
    const std::string aid(a.at("id").as_string());
    auto archived = f.del("/runs/" + aid);
    BOOST_TEST(archived.status == 200u);
    BOOST_TEST(!archived.data().at("archived_at").is_null());
    BOOST_TEST(archived.data().at("status").as_string() == "archived");
    {
        auto archived_tasks = f.task_ids(aid);
        BOOST_TEST(f.complete(aid, archived_tasks[1]).status == 404u);   // writes to archived runs
        BOOST_TEST(f.get("/tasks/" + archived_tasks[1]).status == 200u); // reads still work
    }
    BOOST_TEST(f.get("/runs").list().size() == 2u);
    BOOST_TEST(
        (names(f.get("/runs?archived=only")) == std::vector<std::string>{"Alpha onboarding"}));
    BOOST_TEST(f.get("/runs?archived=true").list().size() == 3u);
    auto activated = f.call("PUT", "/runs/" + aid + "/activate");
    BOOST_TEST(activated.status == 200u);
    BOOST_TEST(activated.data().at("status").as_string() == "active");
    BOOST_TEST(activated.data().at("archived_at").is_null());
    BOOST_TEST(f.get("/runs").list().size() == 3u);
    auto with_tasks = f.get("/runs?with=tasks&per_page=1");
    BOOST_TEST(with_tasks.list()[0].at("tasks").at("data").as_array().size() == 2u);
    (void)b;
}

BOOST_AUTO_TEST_CASE(checklists) {
    emulator_fixture f;
    auto list = f.get("/checklists");
    BOOST_TEST(list.status == 200u);
    BOOST_TEST(list.list().size() == 3u);
    BOOST_TEST(list.pagination().at("total").as_int64() == 3);
    BOOST_TEST(!list.list()[0].as_object().contains("steps"));
    auto with_steps = f.get("/checklists?with=steps,prerun");
    BOOST_TEST(with_steps.list()[0].at("steps").at("data").as_array().size() == 4u);
    auto one = f.get("/checklists/" + f.checklist_id(0));
    BOOST_TEST(one.status == 200u);
    BOOST_TEST(one.data().at("prerun").as_array().size() == 8u);
    const auto& steps = one.data().at("steps").at("data").as_array();
    BOOST_TEST(steps[1].at("task_type").as_string() == "approval");
    BOOST_TEST(steps[0].at("captures").at("data").as_array()[0].at("required").as_bool());
    BOOST_TEST(f.get("/checklists/" + std::string(32, 'e')).status == 404u);
    BOOST_TEST(f.emu->checklist_summaries().size() == 3u);
    BOOST_TEST(f.get("/users").list().size() == 5u);
}

BOOST_AUTO_TEST_SUITE_END()
