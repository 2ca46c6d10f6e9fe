// SPDX-License-Identifier: BSL-1.0
// Walking lists against the sandbox: sizes, stop rules, filters, guards, errors and resumption.
#define BOOST_TEST_MODULE pagination_tests
#include <boost/test/unit_test.hpp>

#include "support/sandbox_client_fixture.hpp"

#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/steady_timer.hpp>

#include <set>

namespace asio = boost::asio;
namespace sbx = tallyfy::sandbox;
using tallyfy::error;
using namespace std::chrono_literals;

namespace {

struct lists : tallyfy::test::sandbox_client_fixture {
    std::vector<std::string> launch_runs(int n) {
        std::vector<std::string> ids;
        auto quick = checklist("Quick Checklist");
        for (int i = 0; i < n; ++i) {
            tallyfy::launch_run_request r{.checklist_id = quick};
            ids.push_back(run(api.launch_run(std::move(r))).id);
        }
        return ids;
    }

    // Walks with next() to the end, returning the ids.
    template <class T>
    std::vector<std::string> walk(tallyfy::pager<T>& p) {
        return run([&]() -> asio::awaitable<std::vector<std::string>> {
            std::vector<std::string> out;
            while (auto item = co_await p.next())
                out.push_back(item->id);
            co_return out;
        }());
    }

    std::size_t list_requests() {
        std::size_t n = 0;
        for (auto& r : sandbox.recorder().requests())
            n += r.method == "GET" && r.target.find("/runs?") != std::string::npos;
        return n;
    }

    tallyfy::runs_filter per_page(std::int64_t n, bool prefetch = true) {
        tallyfy::runs_filter f;
        f.paging.per_page = n;
        f.paging.prefetch = prefetch;
        return f;
    }
};

bool error_is(const tallyfy::api_error& e, error expected) {
    return e.error_value() == expected;
}

} // namespace

BOOST_FIXTURE_TEST_SUITE(walks, lists)

BOOST_AUTO_TEST_CASE(nothing_is_requested_before_the_first_next) {
    auto p = api.list_runs();
    BOOST_TEST(sandbox.recorder().request_count() == 0u);
    BOOST_TEST(walk(p).empty()); // zero items
    BOOST_TEST(list_requests() == 1u);
}

BOOST_AUTO_TEST_CASE(one_item_and_exactly_one_full_page) {
    launch_runs(1);
    auto one = api.list_runs();
    BOOST_TEST(walk(one).size() == 1u);
    launch_runs(4);
    sandbox.recorder().clear();
    auto full = api.list_runs(per_page(5));
    BOOST_TEST(walk(full).size() == 5u);
    BOOST_TEST(list_requests() == 1u); // current_page >= total_pages: no second request
}

BOOST_AUTO_TEST_CASE(many_pages_with_and_without_prefetch_give_the_same_items) {
    auto launched = launch_runs(23);
    sandbox.recorder().clear();
    auto with_prefetch = api.list_runs(per_page(5, true));
    auto a = walk(with_prefetch);
    BOOST_TEST(list_requests() == 5u);
    auto without = api.list_runs(per_page(5, false));
    auto b = walk(without);
    BOOST_TEST(a == b);
    BOOST_TEST(std::set<std::string>(a.begin(), a.end()).size() == 23u);
    BOOST_TEST(std::set<std::string>(a.begin(), a.end()) ==
               std::set<std::string>(launched.begin(), launched.end()));
    auto pos = with_prefetch.position();
    BOOST_TEST(pos.items_delivered == 23u);
    BOOST_TEST(pos.pages_fetched == 5u);
    BOOST_TEST(pos.finished);
}

BOOST_AUTO_TEST_CASE(max_items_without_pagination_collect_and_pages) {
    launch_runs(12);
    auto limited = per_page(5);
    limited.paging.max_items = 7;
    auto p = api.list_runs(limited);
    BOOST_TEST(walk(p).size() == 7u);

    sandbox.recorder().clear();
    tallyfy::runs_filter all;
    all.paging.without_pagination = true;
    auto everything = api.list_runs(all);
    BOOST_TEST(walk(everything).size() == 12u);
    BOOST_TEST(list_requests() == 1u);
    BOOST_TEST(sandbox.recorder().requests().back().target.find("without_pagination=true") !=
               std::string::npos);

    auto collected = api.list_runs(per_page(5));
    BOOST_TEST(run(collected.collect(9)).size() == 9u);
    BOOST_TEST(run(collected.collect(0)).size() == 3u); // the rest

    auto paged = api.list_runs(per_page(5));
    auto first = run(paged.next_page());
    BOOST_REQUIRE(first.has_value());
    BOOST_TEST(first->items.size() == 5u);
    BOOST_REQUIRE(first->pagination.has_value());
    BOOST_TEST(first->pagination->total == 12);
    BOOST_TEST(first->pagination->total_pages == 3);
}

BOOST_AUTO_TEST_CASE(run_task_filters_reach_the_server_and_filter) {
    auto run_id = launch_runs(1).front();
    auto tasks = *with_tasks(run_id).tasks;
    tallyfy::complete_task_request done{.task_id = tasks[0].id, .run_id = run_id};
    run(api.complete_task(std::move(done)));

    tallyfy::run_tasks_filter f;
    f.status = tallyfy::run_task_status::complete;
    f.sort = tallyfy::run_task_sort::deadline_desc;
    f.with.step = true;
    f.owners = {1, 2};
    f.unassigned = false;
    f.deadline_after = "2000-01-01";
    auto p = api.list_run_tasks(run_id, f);
    walk(p);
    auto target = sandbox.recorder().requests().back().target;
    for (auto expected :
         {"status=complete", "sort=-deadline", "with=step", "owners=1%2C2", "unassigned=false",
          "deadline_after=2000-01-01", "page=1", "per_page=100"})
        BOOST_TEST(target.find(expected) != std::string::npos, expected << " in " << target);

    tallyfy::run_tasks_filter complete_only;
    complete_only.status = tallyfy::run_task_status::complete;
    auto finished = api.list_run_tasks(run_id, complete_only);
    auto ids = walk(finished);
    BOOST_REQUIRE(ids.size() == 1u);
    BOOST_TEST(ids[0] == tasks[0].id);
}

BOOST_AUTO_TEST_CASE(org_task_and_checklist_lists) {
    launch_runs(3);
    tallyfy::org_tasks_filter f;
    f.status = tallyfy::org_task_status::active;
    f.paging.per_page = 2;
    auto active = api.list_org_tasks(f);
    BOOST_TEST(walk(active).size() == 3u); // the first task of each run
    auto checklists = api.list_checklists();
    BOOST_TEST(walk(checklists).size() == sandbox.checklists().size());
}

BOOST_AUTO_TEST_CASE(a_server_ignoring_page_is_an_error_not_a_loop) {
    launch_runs(6);
    sandbox.faults().add("GET", "*/runs", {.kind = sbx::fault_kind::ignore_page}, 1000);
    auto p = api.list_runs(per_page(2, false));
    std::vector<std::string> got;
    try {
        run([&]() -> asio::awaitable<void> {
            while (auto r = co_await p.next())
                got.push_back(r->id);
        }());
        BOOST_FAIL("the walk should have stopped with an error");
    } catch (const tallyfy::api_error& e) {
        BOOST_TEST(error_is(e, error::pagination_loop));
    }
    BOOST_TEST(got.size() == 2u); // page 1's items were delivered first
}

BOOST_AUTO_TEST_CASE(an_error_mid_walk_is_delivered_in_order_and_the_walk_resumes) {
    launch_runs(6);
    auto f = per_page(2, false);
    f.options.retry = tallyfy::retry_policy::no_retry();
    // Page 2 fails once, then works.
    sandbox.faults().add(
        sbx::parse_fault_rule("status_before,status=503,method=GET,path=*/runs,skip=1,count=1"));
    auto p = api.list_runs(f);
    std::vector<std::string> got;
    bool failed = false;
    run([&]() -> asio::awaitable<void> {
        for (;;) {
            try {
                auto r = co_await p.next();
                if (!r)
                    break;
                got.push_back(r->id);
            } catch (const tallyfy::api_error& e) {
                BOOST_TEST(error_is(e, error::server_error));
                BOOST_TEST(got.size() == 2u); // after page 1's items
                BOOST_TEST(!failed);
                failed = true;
            }
        }
    }());
    BOOST_TEST(failed);
    BOOST_TEST(got.size() == 6u);
    BOOST_TEST(std::set<std::string>(got.begin(), got.end()).size() == 6u);
}

BOOST_AUTO_TEST_CASE(early_exit_leaves_the_pool_consistent) {
    launch_runs(10);
    {
        auto p = api.list_runs(per_page(2, true));
        auto first = run(p.next());
        BOOST_TEST(first.has_value());
    } // destroyed with a prefetch in flight
    ioc.restart();
    ioc.run(); // let the prefetch finish
    auto stats = api.stats();
    BOOST_TEST(stats.in_use == 0u);
    BOOST_TEST(stats.waiters == 0u);
}

BOOST_AUTO_TEST_CASE(invalid_run_id_fails_at_the_first_next_without_a_request) {
    auto p = api.list_run_tasks("../../etc");
    BOOST_TEST(sandbox.recorder().request_count() == 0u);
    auto bad = api.list_run_tasks(std::string("a\r\nb"));
    try {
        run(bad.next());
        BOOST_FAIL("expected invalid_argument");
    } catch (const tallyfy::api_error& e) {
        BOOST_TEST(error_is(e, error::invalid_argument));
    }
    BOOST_TEST(sandbox.recorder().request_count() == 0u);
}

BOOST_AUTO_TEST_CASE(a_cancelled_next_returns_at_once_over_tls_while_the_server_stalls) {
    launch_runs(3);
    sandbox.faults().add("GET", "*/runs", {.kind = sbx::fault_kind::stall, .delay = 5s}, 1);
    auto p = api.list_runs(per_page(2));
    asio::cancellation_signal cancel;
    asio::steady_timer timer(ioc, 300ms);
    timer.async_wait(
        [&](boost::system::error_code) { cancel.emit(asio::cancellation_type::terminal); });
    boost::system::error_code got;
    const auto start = std::chrono::steady_clock::now();
    p.next(asio::bind_cancellation_slot(
        cancel.slot(),
        [&](boost::system::error_code ec, std::optional<tallyfy::run>) { got = ec; }));
    ioc.restart();
    ioc.run();
    const auto took = std::chrono::steady_clock::now() - start;
    BOOST_TEST((got == error::cancelled));
    BOOST_TEST(took < 3s); // the 5 s stall was cut short, not waited out
    // The stalled connection was closed, not returned to the pool; the walk goes on.
    BOOST_TEST(api.stats().in_use == 0u);
    BOOST_TEST(walk(p).size() == 3u);
}

BOOST_AUTO_TEST_SUITE_END()
