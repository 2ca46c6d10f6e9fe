// SPDX-License-Identifier: BSL-1.0
#include "emulator_fixture.hpp"

#include <set>

using namespace sandbox_test;

BOOST_AUTO_TEST_SUITE(pagination)

namespace {
/// A run of checklist 2 has 2 tasks; launch `n` runs so /tasks has 2n items.
void launch_runs(emulator_fixture& f, int n) {
    for (int i = 0; i < n; ++i)
        f.launch(2);
}
} // namespace

BOOST_AUTO_TEST_CASE(empty_list_has_links_array) {
    emulator_fixture f;
    auto r = f.get("/runs");
    BOOST_TEST(r.status == 200u);
    BOOST_TEST(r.list().empty());
    const auto& p = r.pagination();
    BOOST_TEST(p.at("total").as_int64() == 0);
    BOOST_TEST(p.at("count").as_int64() == 0);
    BOOST_TEST(p.at("per_page").as_int64() == 10);
    BOOST_TEST(p.at("current_page").as_int64() == 1);
    BOOST_TEST(p.at("total_pages").as_int64() == 1);
    BOOST_TEST(p.at("links").is_array());
    BOOST_TEST(p.at("links").as_array().empty());
}

BOOST_AUTO_TEST_CASE(exactly_one_full_page) {
    emulator_fixture f;
    launch_runs(f, 5); // 10 tasks
    auto r = f.get("/tasks");
    BOOST_TEST(r.list().size() == 10u);
    BOOST_TEST(r.pagination().at("total_pages").as_int64() == 1);
    BOOST_TEST(r.pagination().at("links").is_array());
    BOOST_TEST(r.raw.body.find("\"links\":[]") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(many_pages_links_keep_other_params) {
    emulator_fixture f;
    launch_runs(f, 12); // 24 tasks
    auto first = f.get("/tasks?status=incomplete&per_page=10&sort=deadline");
    const auto& p1 = first.pagination();
    BOOST_TEST(p1.at("total").as_int64() == 24);
    BOOST_TEST(p1.at("count").as_int64() == 10);
    BOOST_TEST(p1.at("total_pages").as_int64() == 3);
    const auto& l1 = p1.at("links").as_object();
    BOOST_TEST(!l1.contains("previous"));
    BOOST_TEST(l1.at("next").as_string() ==
               std::string(origin) + f.base() +
                   "/tasks?status=incomplete&per_page=10&sort=deadline&page=2");
    auto second = f.get("/tasks?status=incomplete&page=2&per_page=10&sort=deadline");
    const auto& l2 = second.pagination().at("links").as_object();
    BOOST_TEST(l2.at("previous").as_string() ==
               std::string(origin) + f.base() +
                   "/tasks?status=incomplete&page=1&per_page=10&sort=deadline");
    BOOST_TEST(l2.at("next").as_string() ==
               std::string(origin) + f.base() +
                   "/tasks?status=incomplete&page=3&per_page=10&sort=deadline");
    auto last = f.get("/tasks?page=3");
    BOOST_TEST(last.list().size() == 4u);
    BOOST_TEST(last.pagination().at("count").as_int64() == 4);
    BOOST_TEST(last.pagination().at("current_page").as_int64() == 3);
    BOOST_TEST(!last.pagination().at("links").as_object().contains("next"));
    BOOST_TEST(last.pagination().at("links").at("previous").as_string() ==
               std::string(origin) + f.base() + "/tasks?page=2");
    // pages are disjoint and cover everything
    std::set<std::string> seen;
    for (int page = 1; page <= 3; ++page) {
        auto r = f.get("/tasks?page=" + std::to_string(page));
        for (const auto& t : r.list())
            seen.insert(std::string(t.at("id").as_string()));
    }
    BOOST_TEST(seen.size() == 24u);
}

BOOST_AUTO_TEST_CASE(page_beyond_the_end_is_empty_with_meta) {
    emulator_fixture f;
    launch_runs(f, 3); // 6 tasks
    auto r = f.get("/tasks?page=5&per_page=2");
    BOOST_TEST(r.list().empty());
    const auto& p = r.pagination();
    BOOST_TEST(p.at("total").as_int64() == 6);
    BOOST_TEST(p.at("count").as_int64() == 0);
    BOOST_TEST(p.at("current_page").as_int64() == 5);
    BOOST_TEST(p.at("total_pages").as_int64() == 3);
    BOOST_TEST(p.at("links").at("previous").as_string() ==
               std::string(origin) + f.base() + "/tasks?page=4&per_page=2");
    BOOST_TEST(!p.at("links").as_object().contains("next"));
    auto huge = f.get("/tasks?page=18446744073709551615");
    BOOST_TEST(huge.status == 200u);
    BOOST_TEST(huge.list().empty());
}

BOOST_AUTO_TEST_CASE(per_page_is_clamped_and_defaults) {
    emulator_fixture f;
    launch_runs(f, 55); // 110 tasks
    auto big = f.get("/tasks?per_page=1000");
    BOOST_TEST(big.list().size() == 100u);
    BOOST_TEST(big.pagination().at("per_page").as_int64() == 100);
    BOOST_TEST(big.pagination().at("total_pages").as_int64() == 2);
    BOOST_TEST(f.get("/tasks?per_page=0").pagination().at("per_page").as_int64() == 10);
    BOOST_TEST(f.get("/tasks?per_page=abc").pagination().at("per_page").as_int64() == 10);
    BOOST_TEST(f.get("/tasks?page=-1").pagination().at("current_page").as_int64() == 1);
    BOOST_TEST(f.get("/runs").list().size() == 10u);
}

BOOST_AUTO_TEST_CASE(without_pagination_returns_everything) {
    emulator_fixture f;
    launch_runs(f, 8); // 16 tasks
    auto r = f.get("/tasks?without_pagination=true&per_page=5");
    BOOST_TEST(r.list().size() == 16u);
    const auto& p = r.pagination();
    BOOST_TEST(p.at("total").as_int64() == 16);
    BOOST_TEST(p.at("count").as_int64() == 16);
    BOOST_TEST(p.at("per_page").as_int64() == 16);
    BOOST_TEST(p.at("total_pages").as_int64() == 1);
    BOOST_TEST(p.at("links").is_array());
    auto run_tasks = f.get("/runs/" + std::string(f.get("/runs").list()[0].at("id").as_string()) +
                           "/tasks?without_pagination=true");
    BOOST_TEST(run_tasks.list().size() == 2u);
}

BOOST_AUTO_TEST_CASE(percent_encoded_params_are_kept_encoded_in_links) {
    emulator_fixture f;
    launch_runs(f, 6);
    auto r = f.get("/tasks?q=first%20thing&per_page=2");
    BOOST_TEST(r.pagination().at("total").as_int64() == 6);
    BOOST_TEST(r.pagination().at("links").at("next").as_string() ==
               std::string(origin) + f.base() + "/tasks?q=first%20thing&per_page=2&page=2");
}

BOOST_AUTO_TEST_SUITE_END()
