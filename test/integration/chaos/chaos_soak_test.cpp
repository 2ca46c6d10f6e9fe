// SPDX-License-Identifier: BSL-1.0
// Chaos soak: thousands of mixed operations from many coroutines on a multi-threaded io_context
// against a sandbox injecting a seeded mix of every fault. Every call must end, every reported
// completion must have happened exactly once, no launch may be duplicated, and the pool must
// drain. The figures are printed at the end.
#define BOOST_TEST_MODULE chaos_tests
#include <boost/test/unit_test.hpp>

#include "support/sandbox_client_fixture.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/thread_pool.hpp>

#include <atomic>
#include <cstdlib>
#include <map>
#include <mutex>
#include <set>

namespace asio = boost::asio;
namespace sbx = tallyfy::sandbox;
using namespace std::chrono_literals;
using tallyfy::error;

namespace {

struct ledger {
    std::mutex mutex;
    std::set<std::string> reported_completed;
    std::set<std::string> reported_unknown;
    std::set<std::string> reported_failed;
    std::map<std::string, unsigned> outcomes; // error name (or "ok") -> count
    std::size_t launches_ok = 0;
    std::size_t launches_unknown = 0;
    std::size_t launches_unreadable = 0; // 2xx with a body that could not be decoded
    std::size_t launches_attempted = 0;
    std::atomic<std::size_t> calls_started{0};
    std::atomic<std::size_t> calls_ended{0};
    std::atomic<std::size_t> retries{0};

    void outcome(const std::string& name) {
        std::lock_guard lock(mutex);
        ++outcomes[name];
    }
};

std::string name_of(const std::exception_ptr& e) {
    auto d = tallyfy::api_error::from(e);
    if (!d)
        return "unexpected_exception";
    auto v = d->error_value();
    return v ? tallyfy::error_name(*v) : d->code().message();
}

// One worker: launch a run, walk its tasks, complete them (approving approvals), read it back.
asio::awaitable<void> worker(tallyfy::client& api, std::string checklist_id,
                             std::map<std::string, tallyfy::prerun_value> prerun, ledger& book,
                             unsigned rounds) {
    for (unsigned i = 0; i < rounds; ++i) {
        std::string run_id;
        ++book.calls_started;
        try {
            tallyfy::launch_run_request launch{.checklist_id = checklist_id, .prerun = prerun};
            auto run = co_await api.launch_run(std::move(launch));
            run_id = run.id;
            std::lock_guard lock(book.mutex);
            ++book.launches_ok;
        } catch (const tallyfy::api_error& e) {
            std::lock_guard lock(book.mutex);
            if (e.error_value() == error::outcome_unknown)
                ++book.launches_unknown;
            if (e.error_value() == error::bad_response && e.http_status() / 100 == 2)
                ++book.launches_unreadable;
            ++book.outcomes[name_of(std::current_exception())];
        }
        {
            std::lock_guard lock(book.mutex);
            ++book.launches_attempted;
        }
        ++book.calls_ended;
        if (run_id.empty())
            continue;

        std::vector<tallyfy::task> tasks;
        ++book.calls_started;
        try {
            auto pages = api.list_run_tasks(run_id);
            while (auto t = co_await pages.next())
                tasks.push_back(*t);
            book.outcome("ok");
        } catch (const tallyfy::api_error&) {
            book.outcome(name_of(std::current_exception()));
        }
        ++book.calls_ended;

        for (const auto& t : tasks) {
            ++book.calls_started;
            try {
                tallyfy::complete_task_request done{.task_id = t.id, .run_id = run_id};
                if (t.task_type == "approval")
                    done.is_approved = true;
                auto completed = co_await api.complete_task(std::move(done));
                std::lock_guard lock(book.mutex);
                if (completed.is_completed())
                    book.reported_completed.insert(t.id);
                ++book.outcomes["ok"];
            } catch (const tallyfy::api_error& e) {
                std::lock_guard lock(book.mutex);
                (e.error_value() == error::outcome_unknown ? book.reported_unknown
                                                           : book.reported_failed)
                    .insert(t.id);
                ++book.outcomes[name_of(std::current_exception())];
            }
            ++book.calls_ended;
        }

        ++book.calls_started;
        try {
            tallyfy::get_run_request read{.run_id = run_id};
            read.with.next_task = true;
            co_await api.get_run(read);
            book.outcome("ok");
        } catch (const tallyfy::api_error&) {
            book.outcome(name_of(std::current_exception()));
        }
        ++book.calls_ended;
    }
}

} // namespace

BOOST_AUTO_TEST_CASE(mixed_operations_under_every_fault) {
    const unsigned workers = 24, rounds = 12;
    sbx::server_options server_options;
    server_options.threads = 2;
    server_options.fault_seed = std::getenv("TALLYFY_CHAOS_SEED")
                                    ? std::strtoull(std::getenv("TALLYFY_CHAOS_SEED"), nullptr, 10)
                                    : 7;
    server_options.record_requests = false;
    sbx::server sandbox(server_options);
    sandbox.faults().add(sbx::parse_fault_rule(
        "status_before|status_after|rate_limited|close_before_response|reset_after_bytes|"
        "truncated_body|malformed_json|connection_close|latency,"
        "status=503,bytes=40,retry_after=0,delay_ms=20,probability=0.12"));
    sandbox.faults().add(sbx::parse_fault_rule("stall,delay_ms=3000,probability=0.01"));

    asio::thread_pool pool(4);
    auto options = tallyfy::test::sandbox_client_fixture::options_for(sandbox);
    options.transport.pool.max_connections = 8;
    options.transport.default_timeouts.attempt = 1000ms;
    options.transport.default_timeouts.stall = 500ms;
    options.retry.initial_backoff = 2ms;
    options.retry.max_backoff = 50ms;
    options.retry.max_attempts = 6;
    ledger book;
    options.on_retry = [&](const tallyfy::retry_event&) { ++book.retries; };
    tallyfy::client api(pool.get_executor(), options);

    std::string checklist;
    std::map<std::string, tallyfy::prerun_value> prerun; // its required "Item", a text field
    for (const auto& c : sandbox.checklists())
        if (c.at("title").as_string() == "Purchase Request") {
            checklist = std::string(c.at("id").as_string());
            for (const auto& [id, v] : tallyfy::test::required_prerun(c.as_object()))
                prerun[std::string(id)] = std::string(v.as_string());
        }

    std::atomic<unsigned> finished{0};
    for (unsigned w = 0; w < workers; ++w)
        asio::co_spawn(pool, worker(api, checklist, prerun, book, rounds),
                       [&](std::exception_ptr e) {
                           BOOST_TEST(!e); // workers catch every api_error themselves
                           ++finished;
                       });
    pool.join();

    BOOST_TEST(finished.load() == workers);
    BOOST_TEST(book.calls_started.load() == book.calls_ended.load()); // every call ended

    // Exactly once: every completion reported as done happened once; failures really failed or
    // said outcome_unknown; no launch was duplicated.
    auto state = sandbox.state();
    std::size_t completions_checked = 0;
    for (const auto& t : state.at("tasks").as_array()) {
        std::string id(t.at("id").as_string());
        auto calls = sandbox.completion_calls(id);
        if (book.reported_completed.count(id)) {
            BOOST_TEST(calls == 1u, id);
            ++completions_checked;
        } else if (book.reported_failed.count(id)) {
            BOOST_TEST(calls == 0u, id << " reported failed but was completed");
        }
        BOOST_TEST(calls <= 1u, id << " completed more than once");
    }
    BOOST_TEST(completions_checked == book.reported_completed.size());
    // No duplicate runs: every run comes from one launch call that succeeded, said
    // outcome_unknown, or was accepted with an unreadable body (launches are never re-sent).
    BOOST_TEST(sandbox.run_count() >= book.launches_ok + book.launches_unreadable);
    BOOST_TEST(sandbox.run_count() <=
               book.launches_ok + book.launches_unreadable + book.launches_unknown);
    BOOST_TEST(book.launches_attempted == std::size_t(workers) * rounds);

    auto stats = api.stats();
    BOOST_TEST(stats.in_use == 0u);
    BOOST_TEST(stats.waiters == 0u);
    BOOST_TEST(stats.open <= options.transport.pool.max_connections);
    BOOST_TEST(sandbox.recorder().connections_accepted() >= 1u);

    std::string summary =
        "chaos: " + std::to_string(book.calls_ended.load()) + " operations, " +
        std::to_string(sandbox.faults().injected()) + " faults injected, " +
        std::to_string(book.retries.load()) + " retries, " + std::to_string(sandbox.run_count()) +
        " runs, " + std::to_string(book.reported_completed.size()) + " completions; outcomes:";
    for (auto& [name, count] : book.outcomes)
        summary += " " + name + "=" + std::to_string(count);
    summary +=
        "; connections accepted " + std::to_string(sandbox.recorder().connections_accepted());
    BOOST_TEST_MESSAGE(summary);
    std::printf("%s\n", summary.c_str());
}
