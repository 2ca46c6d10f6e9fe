// SPDX-License-Identifier: BSL-1.0
#include "emulator_fixture.hpp"

using namespace sandbox_test;

BOOST_AUTO_TEST_SUITE(task_lists)

namespace {
std::vector<std::int64_t> positions(const result& r) {
    std::vector<std::int64_t> out;
    for (const auto& t : r.list())
        out.push_back(t.at("position").as_int64());
    return out;
}
using pv = std::vector<std::int64_t>;
} // namespace

BOOST_AUTO_TEST_CASE(run_task_status_filters) {
    emulator_fixture f;
    // step 0 overdue, step 1 due in 2 hours (due soon), steps 2,3 in 2030
    const auto soon = std::chrono::system_clock::now() + std::chrono::hours(2);
    const auto secs =
        std::chrono::duration_cast<std::chrono::seconds>(soon.time_since_epoch()).count();
    const std::time_t tt = static_cast<std::time_t>(secs);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&tt));
    auto run = f.launch(0, {{"tasks",
                             {{f.step_id(0, 0), {{"deadline", "2020-01-01T00:00:00Z"}}},
                              {f.step_id(0, 1), {{"deadline", buf}}},
                              {f.step_id(0, 2), {{"deadline", "2030-03-10T12:00:00Z"}}},
                              {f.step_id(0, 3), {{"deadline", "2030-03-12 08:00:00"}}}}}});
    const std::string id(run.at("id").as_string());
    auto ids = f.task_ids(id);
    const std::string p = "/runs/" + id + "/tasks";
    BOOST_TEST(positions(f.get(p + "?status=active")) == pv{1});
    BOOST_TEST(positions(f.get(p + "?status=active_visible")) == pv{1});
    BOOST_TEST(positions(f.get(p + "?status=not-started")) == (pv{2, 3, 4}));
    BOOST_TEST(positions(f.get(p + "?status=incomplete")) == (pv{1, 2, 3, 4}));
    BOOST_TEST(positions(f.get(p + "?status=complete")).empty());
    BOOST_TEST(positions(f.get(p + "?status=overdue")) == pv{1});
    BOOST_TEST(positions(f.get(p + "?status=due_soon")) == pv{2});
    BOOST_TEST(positions(f.get(p + "?status=hasproblem")).empty());
    BOOST_TEST(positions(f.get(p + "?status=inprogress")).empty());
    f.fill_required(id, ids[0]);
    BOOST_TEST(f.complete(id, ids[0]).status == 200u);
    BOOST_TEST(positions(f.get(p + "?status=complete")) == pv{1});
    BOOST_TEST(positions(f.get(p + "?status=active")) == pv{2});
    BOOST_TEST(positions(f.get(p + "?status=overdue")).empty());
    BOOST_TEST(f.del("/runs/" + id + "/completed-tasks/" + ids[0]).status == 200u);
    BOOST_TEST(positions(f.get(p + "?status=inprogress")) == pv{1});
    BOOST_TEST(f.get(p + "?status=finished").status == 422u);

    // deadline filters (dates, exclusive before/after, inclusive ranges, deadline_on precedence)
    BOOST_TEST(positions(f.get(p + "?deadline_on=2030-03-10")) == pv{3});
    BOOST_TEST(positions(f.get(p + "?deadline_on=2030-03-10&deadline_start_range=2000-01-01")) ==
               pv{3});
    BOOST_TEST(positions(f.get(p + "?deadline_before=2030-03-12")) == (pv{1, 2, 3}));
    BOOST_TEST(positions(f.get(p + "?deadline_after=2030-03-10")) == pv{4});
    BOOST_TEST(
        positions(f.get(p + "?deadline_start_range=2030-03-10&deadline_end_range=2030-03-12")) ==
        (pv{3, 4}));
    BOOST_TEST(positions(f.get(p + "?deadline_start_range=2030-03-11")) == pv{4});
    BOOST_TEST(f.get(p + "?deadline_on=tomorrow").status == 422u);

    // sorts
    BOOST_TEST(positions(f.get(p + "?sort=-position")) == (pv{4, 3, 2, 1}));
    BOOST_TEST(positions(f.get(p + "?sort=deadline")) == (pv{1, 2, 3, 4}));
    BOOST_TEST(positions(f.get(p + "?sort=-deadline")) == (pv{4, 3, 2, 1}));
    BOOST_TEST(positions(f.get(p + "?sort=position")) == (pv{1, 2, 3, 4}));
}

BOOST_AUTO_TEST_CASE(run_task_assignee_filters_and_includes) {
    emulator_fixture f;
    const auto group = std::string(f.data.at("groups").as_array()[0].at("id").as_string());
    auto run =
        f.launch(0, {{"tasks",
                      {{f.step_id(0, 0), {{"owners", {{"users", json::array{f.user_id(3)}}}}}},
                       {f.step_id(0, 1), {{"owners", {{"guests", json::array{"g@x.io"}}}}}},
                       {f.step_id(0, 2), {{"owners", {{"groups", json::array{group}}}}}},
                       {f.step_id(0, 3), {{"owners", json::object{}}}}}}});
    const std::string p = "/runs/" + std::string(run.at("id").as_string()) + "/tasks";
    BOOST_TEST(positions(f.get(p + "?owners=" + std::to_string(f.user_id(3)))) == pv{1});
    BOOST_TEST(positions(f.get(p + "?owners=" + std::to_string(f.user_id(4)) + "," +
                               std::to_string(f.user_id(3)))) == pv{1});
    BOOST_TEST(positions(f.get(p + "?guests=g%40x.io")) == pv{2});
    BOOST_TEST(positions(f.get(p + "?groups=" + group)) == pv{3});
    BOOST_TEST(positions(f.get(p + "?unassigned=true")) == pv{4});
    BOOST_TEST(f.get(p + "?owners=abc").status == 422u);
    auto inc = f.get(p + "?with=step,form_fields,run,summary&per_page=1");
    const auto& t = inc.list()[0].as_object();
    BOOST_TEST(t.at("step").at("data").at("id").as_string() == f.step_id(0, 0));
    BOOST_TEST(t.at("form_fields").at("data").as_array().size() == 2u);
    BOOST_TEST(t.at("run").at("data").at("id") == run.at("id"));
    BOOST_TEST(t.contains("summary"));
    BOOST_TEST(!f.get(p).list()[0].as_object().contains("summary"));
    BOOST_TEST(f.get("/runs/" + std::string(32, '1') + "/tasks").status == 404u);
}

BOOST_AUTO_TEST_CASE(org_task_filters) {
    emulator_fixture f;
    auto r1 = f.launch(0);
    auto r2 = f.launch(
        2,
        {{"tags", json::array{std::string(f.data.at("tags").as_array()[1].at("id").as_string())}},
         {"folders",
          json::array{std::string(f.data.at("folders").as_array()[1].at("id").as_string())}}});
    auto oneoff = f.post("/tasks", json::object{{"title", "Call the bank"},
                                                {"task_type", "task"},
                                                {"owners", {{"users", json::array{f.user_id(2)}}}},
                                                {"deadline", "2031-05-05T10:00:00Z"}});
    BOOST_TEST_REQUIRE(oneoff.status == 201u);
    auto all = f.get("/tasks?per_page=100");
    BOOST_TEST(all.list().size() == 7u);
    BOOST_TEST(all.pagination().at("total").as_int64() == 7);
    BOOST_TEST(f.get("/tasks?q=bank").list().size() == 1u);
    BOOST_TEST(f.get("/tasks?is_oneoff=true").list().size() == 1u);
    BOOST_TEST(f.get("/tasks?is_oneoff=false&per_page=100").list().size() == 6u);
    BOOST_TEST(f.get("/tasks?status=active").list().size() == 3u);
    BOOST_TEST(f.get("/tasks?owners=" + std::to_string(f.user_id(2))).list().size() >= 1u);
    BOOST_TEST(
        f.get("/tasks?tag=" + std::string(f.data.at("tags").as_array()[1].at("id").as_string()))
            .list()
            .size() == 2u);
    BOOST_TEST(f.get("/tasks?folder=" +
                     std::string(f.data.at("folders").as_array()[1].at("id").as_string()))
                   .list()
                   .size() == 2u);
    BOOST_TEST(f.get("/tasks?deadline_on=2031-05-05").list().size() == 1u);
    BOOST_TEST(f.get("/tasks?created=2000-01-01:2000-01-02").list().empty());
    BOOST_TEST(f.get("/tasks?created=2000-01-01:2999-01-02&per_page=100").list().size() == 7u);
    BOOST_TEST(f.get("/tasks?created=yesterday").status == 422u);
    auto by_deadline = f.get("/tasks?sort=-deadline&per_page=1");
    BOOST_TEST(by_deadline.list()[0].at("title").as_string() == "Call the bank");
    auto newest = f.get("/tasks?sort=newest&per_page=1");
    BOOST_TEST(newest.list()[0].at("title").as_string() == "Call the bank");
    auto oldest = f.get("/tasks?sort=-newest&per_page=1");
    BOOST_TEST(oldest.list()[0].at("run_id") == r1.at("id"));
    // archived tasks
    BOOST_TEST(f.del("/runs/" + std::string(r2.at("id").as_string())).status == 200u);
    BOOST_TEST(f.get("/tasks?per_page=100").list().size() == 5u);
    BOOST_TEST(f.get("/tasks?archived=only").list().size() == 2u);
    BOOST_TEST(f.get("/tasks?archived=true&per_page=100").list().size() == 7u);
}

BOOST_AUTO_TEST_CASE(get_task_by_both_routes) {
    emulator_fixture f;
    auto run = f.launch(0);
    const std::string rid(run.at("id").as_string());
    auto ids = f.task_ids(rid);
    auto a = f.get("/tasks/" + ids[0]);
    BOOST_TEST(a.status == 200u);
    BOOST_TEST(a.data().contains("summary"));
    BOOST_TEST(a.data().at("is_oneoff_task").as_bool() == false);
    BOOST_TEST(a.data().at("owners").at("users").is_array());
    auto b = f.get("/runs/" + rid + "/tasks/" + ids[0] +
                   "?with=run,step,form_fields,ko-form-fields,threads,tags");
    BOOST_TEST(b.status == 200u);
    BOOST_TEST(b.data().at("run").at("data").at("id").as_string() == rid);
    BOOST_TEST(b.data().at("step").at("data").at("title").as_string() == "Review application");
    BOOST_TEST(b.data().at("form_fields").at("data").as_array()[0].as_object().contains("value"));
    BOOST_TEST(b.data().at("ko_form_fields").at("data").as_array().size() == 8u);
    BOOST_TEST(b.data().at("threads").at("data").as_array().empty());
    auto other = f.launch(2);
    BOOST_TEST(
        f.get("/runs/" + std::string(other.at("id").as_string()) + "/tasks/" + ids[0]).status ==
        404u);
    BOOST_TEST(f.get("/tasks/" + std::string(32, 'c')).status == 404u);
}

BOOST_AUTO_TEST_SUITE_END()
