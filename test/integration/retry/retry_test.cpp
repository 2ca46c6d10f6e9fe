// SPDX-License-Identifier: BSL-1.0
// The retry loop against the sandbox's injected faults: what is retried, what is reconciled,
// what is refused, and a faulty batch that must end with every task completed exactly once.
#define BOOST_TEST_MODULE retry_tests
#include <boost/test/unit_test.hpp>

#include "support/sandbox_client_fixture.hpp"

#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/cancellation_signal.hpp>
#include <boost/asio/post.hpp>

#include <set>
#include <thread>

namespace asio = boost::asio;
namespace sbx = tallyfy::sandbox;
using fixture = tallyfy::test::sandbox_client_fixture;
using namespace std::chrono_literals;
using tallyfy::error;

namespace {

bool error_is(const tallyfy::api_error& e, error expected) {
    return e.error_value() == expected;
}

tallyfy::raw_request
list_checklists(std::shared_ptr<std::vector<tallyfy::attempt_record>> history = {}) {
    tallyfy::raw_request r{.path = "/organizations/{org}/checklists"};
    r.options.history = std::move(history);
    return r;
}

} // namespace

BOOST_FIXTURE_TEST_SUITE(retries, fixture)

// Waiting out Retry-After (seconds or an HTTP date, on 429 and 503) is the retry machine's,
// tested over fake time (retry_machine_test: retry_after_in_both_forms_is_waited_and_recorded).
// End to end: a 429 over TLS is retried and its history reaches the caller.
BOOST_AUTO_TEST_CASE(rate_limited_then_success_is_retried) {
    sandbox.faults().add("GET", "", {.kind = sbx::fault_kind::rate_limited, .retry_after = 0s});
    auto history = std::make_shared<std::vector<tallyfy::attempt_record>>();
    tallyfy::raw_request r = list_checklists(history);
    r.options.retry =
        tallyfy::retry_policy{.initial_backoff = 10ms, .jitter = tallyfy::jitter_mode::none};
    run(api.request(r));
    BOOST_REQUIRE(history->size() == 2u);
    BOOST_TEST((*history)[0].status == 429u);
    BOOST_TEST((*history)[1].status == 200u);
    BOOST_TEST((*history)[1].delay_before.count() == 10); // Retry-After 0: the backoff
}

BOOST_AUTO_TEST_CASE(retry_after_beyond_the_cap_fails_fast) {
    sandbox.faults().add("GET", "", {.kind = sbx::fault_kind::rate_limited, .retry_after = 120s});
    auto start = std::chrono::steady_clock::now();
    auto e = failure(api.request(list_checklists()));
    BOOST_TEST(error_is(e, error::rate_limited));
    BOOST_TEST(e.details().retry_after.value_or(0s).count() == 120);
    BOOST_TEST((std::chrono::steady_clock::now() - start < 5s));
}

BOOST_AUTO_TEST_CASE(an_open_circuit_breaker_fails_fast_then_a_probe_closes_it) {
    // Three 503s open it; the fourth call is refused without reaching the server; after the
    // cool-down one probe goes through, succeeds, and the breaker closes.
    sandbox.faults().add("GET", "", {.kind = sbx::fault_kind::status_before, .status = 503}, 3);
    auto options = options_for(sandbox);
    options.transport.breaker = {.enabled = true, .failure_threshold = 3, .cool_down = 150ms};
    options.retry = tallyfy::retry_policy::no_retry();
    tallyfy::client guarded(ioc.get_executor(), options);
    for (int i = 0; i < 3; ++i)
        BOOST_TEST(error_is(failure(guarded.request(list_checklists())), error::server_error));
    BOOST_TEST((guarded.stats().breaker == tallyfy::breaker_state::open));
    const auto before = recorded();
    auto refused = failure(guarded.request(list_checklists()));
    BOOST_TEST(error_is(refused, error::circuit_open));
    BOOST_TEST(refused.details().cause.find("is open; next probe in") != std::string::npos,
               refused.details().cause);
    BOOST_TEST(refused.details().attempts.size() == 1u); // refused once: never retried
    BOOST_TEST(recorded() == before);                    // nothing reached the server
    std::this_thread::sleep_for(160ms);
    run(guarded.request(list_checklists())); // the probe
    const auto stats = guarded.stats();
    BOOST_TEST((stats.breaker == tallyfy::breaker_state::closed));
    BOOST_TEST(stats.breaker_opened == 1u);
    BOOST_TEST(stats.breaker_rejected == 1u);
    BOOST_TEST(recorded() == before + 1);
}

BOOST_AUTO_TEST_CASE(unavailable_read_is_retried) {
    sandbox.faults().add("GET", "", {.kind = sbx::fault_kind::status_before, .status = 503}, 2);
    auto history = std::make_shared<std::vector<tallyfy::attempt_record>>();
    std::vector<tallyfy::retry_event> seen;
    tallyfy::raw_request r = list_checklists(history);
    r.options.retry = tallyfy::retry_policy{.initial_backoff = 10ms};
    auto options = options_for(sandbox);
    options.on_retry = [&](const tallyfy::retry_event& ev) { seen.push_back(ev); };
    tallyfy::client observed(ioc.get_executor(), options);
    run(observed.request(r));
    BOOST_TEST(history->size() == 3u);
    BOOST_REQUIRE(seen.size() == 2u);
    BOOST_TEST(seen[0].status == 503u);
    BOOST_TEST(seen[1].attempt == 3u);
}

BOOST_AUTO_TEST_CASE(client_errors_are_not_retried) {
    for (unsigned s : {401u, 403u, 404u, 422u, 400u}) {
        sandbox.faults().add("GET", "", {.kind = sbx::fault_kind::status_before, .status = s});
        auto before = sandbox.recorder().request_count();
        auto e = failure(api.request(list_checklists()));
        BOOST_TEST(e.http_status() == s);
        BOOST_TEST(sandbox.recorder().request_count() == before + 1, "status " << s);
    }
}

BOOST_AUTO_TEST_CASE(server_error_on_launch_is_outcome_unknown_and_not_resent) {
    auto checklist_id = checklist("Quick Checklist");
    for (unsigned s : {500u, 503u}) {
        sandbox.faults().add("POST", "*/runs",
                             {.kind = sbx::fault_kind::status_after, .status = s});
        auto runs_before = sandbox.run_count();
        tallyfy::launch_run_request launch{.checklist_id = checklist_id};
        auto e = failure(api.launch_run(std::move(launch)));
        BOOST_TEST(error_is(e, error::outcome_unknown));
        BOOST_TEST(!e.details().may_still_be_processing);
        BOOST_TEST(sandbox.run_count() == runs_before + 1); // applied once, never re-sent
    }
}

BOOST_AUTO_TEST_CASE(completion_after_lost_response_is_reconciled_not_repeated) {
    for (auto kind : {sbx::fault_kind::status_after, sbx::fault_kind::reset_after_bytes}) {
        auto launched = launch("Quick Checklist");
        auto task = with_tasks(launched.id).tasks->at(0);
        sandbox.faults().add("POST", "*/completed-tasks",
                             {.kind = kind, .status = 500, .bytes = 10});
        tallyfy::complete_task_request complete{.task_id = task.id, .run_id = launched.id};
        auto done = run(api.complete_task(std::move(complete)));
        BOOST_TEST(done.is_completed());
        BOOST_TEST(sandbox.completion_calls(task.id) == 1u);
    }
}

// A reopen (a DELETE) whose answer is lost after the server applied it: re-sending it would get
// a false 422 "not completed". It is read back instead, reported as success, sent once.
BOOST_AUTO_TEST_CASE(reopen_after_lost_response_is_reconciled_not_repeated) {
    for (auto kind : {sbx::fault_kind::status_after, sbx::fault_kind::reset_after_bytes}) {
        auto launched = launch("Quick Checklist");
        auto task = with_tasks(launched.id).tasks->at(0);
        tallyfy::complete_task_request complete{.task_id = task.id, .run_id = launched.id};
        BOOST_REQUIRE(run(api.complete_task(std::move(complete))).is_completed());
        sandbox.recorder().clear();
        sandbox.faults().add("DELETE", "*/completed-tasks/*",
                             {.kind = kind, .status = 503, .bytes = 10});
        auto reopened = run(api.reopen_task({.task_id = task.id, .run_id = launched.id}));
        BOOST_TEST(!reopened.is_completed());
        std::size_t deletes = 0;
        for (const auto& r : sandbox.recorder().requests())
            deletes += r.method == "DELETE";
        BOOST_TEST(deletes == 1u);
        BOOST_TEST(!with_tasks(launched.id).tasks->at(0).is_completed());
    }
}

// Refused before applying (a 503 that applied nothing): sent again, reopened once.
BOOST_AUTO_TEST_CASE(reopen_refused_before_applying_is_sent_again) {
    auto launched = launch("Quick Checklist");
    auto task = with_tasks(launched.id).tasks->at(0);
    tallyfy::complete_task_request complete{.task_id = task.id, .run_id = launched.id};
    BOOST_REQUIRE(run(api.complete_task(std::move(complete))).is_completed());
    sandbox.faults().add("DELETE", "*/completed-tasks/*",
                         {.kind = sbx::fault_kind::status_before, .status = 503});
    auto reopened = run(api.reopen_task({.task_id = task.id, .run_id = launched.id}));
    BOOST_TEST(!reopened.is_completed());
}

BOOST_AUTO_TEST_CASE(completion_refused_before_applying_is_sent_again) {
    for (auto kind : {sbx::fault_kind::status_before, sbx::fault_kind::close_before_response}) {
        auto launched = launch("Quick Checklist");
        auto task = with_tasks(launched.id).tasks->at(0);
        sandbox.faults().add("POST", "*/completed-tasks", {.kind = kind, .status = 503});
        tallyfy::complete_task_request complete{.task_id = task.id, .run_id = launched.id};
        auto done = run(api.complete_task(std::move(complete)));
        BOOST_TEST(done.is_completed());
        BOOST_TEST(sandbox.completion_calls(task.id) == 1u);
    }
}

BOOST_AUTO_TEST_CASE(empty_budget_says_so) {
    auto options = options_for(sandbox);
    options.retry_budget = {.capacity = 6, .retry_cost = 5};
    options.retry.initial_backoff = 1ms;
    tallyfy::client thrifty(ioc.get_executor(), options);
    sandbox.faults().add("GET", "", {.kind = sbx::fault_kind::status_before, .status = 503}, 100);
    auto e = failure(thrifty.request(list_checklists()));
    BOOST_TEST(error_is(e, error::retry_budget_exhausted));
    BOOST_TEST(e.details().attempts.size() == 2u); // one retry paid, the second refused
    BOOST_TEST(std::string(e.what()).find("503") != std::string::npos);
}

// The deadline's arithmetic (the last attempt cut, a late backoff refused) is the retry
// machine's (retry_machine_test: the_deadline_cuts_the_last_attempt_and_refuses_a_late_one);
// end to end, the driver ends the call by it.
BOOST_AUTO_TEST_CASE(deadline_bounds_the_whole_call) {
    sandbox.faults().add("GET", "", {.kind = sbx::fault_kind::status_before, .status = 503}, 100);
    tallyfy::raw_request r = list_checklists();
    r.options.retry = tallyfy::retry_policy{.max_attempts = 50,
                                            .total_deadline = 400ms,
                                            .initial_backoff = 100ms,
                                            .jitter = tallyfy::jitter_mode::none};
    auto start = std::chrono::steady_clock::now();
    auto e = failure(api.request(r));
    BOOST_TEST(error_is(e, error::deadline_exceeded));
    BOOST_TEST(e.details().attempts.size() >= 2u); // backoffs of 100, 200, then 400 ms refused
    // By the deadline (the last attempt is cut to it), give or take a loaded machine's scheduling.
    BOOST_TEST((std::chrono::steady_clock::now() - start < 600ms));
}

// Cancelled as soon as the backoff starts (from the retry observer): the sleep of 20 s ends at
// once. Over fake time: retry_machine_test's
// cancellation_during_a_sleep_ends_the_call_and_frees_the_slot.
BOOST_AUTO_TEST_CASE(cancellation_during_backoff_is_prompt) {
    sandbox.faults().add("GET", "", {.kind = sbx::fault_kind::rate_limited, .retry_after = 20s});
    asio::cancellation_signal cancel;
    auto options = options_for(sandbox);
    options.retry.max_retry_after = 60s;
    bool retrying = false;
    options.on_retry = [&](const tallyfy::retry_event&) {
        retrying = true;
        asio::post(ioc, [&] { cancel.emit(asio::cancellation_type::terminal); });
    };
    tallyfy::client observed(ioc.get_executor(), options);
    boost::system::error_code outcome;
    bool finished = false;
    tallyfy::raw_request r = list_checklists();
    observed.request(
        r, asio::bind_cancellation_slot(cancel.slot(), [&](boost::system::error_code ec, auto) {
            outcome = ec;
            finished = true;
        }));
    auto start = std::chrono::steady_clock::now();
    ioc.restart();
    ioc.run();
    BOOST_TEST(retrying);
    BOOST_TEST(finished);
    BOOST_TEST((std::chrono::steady_clock::now() - start < 3s));
    BOOST_TEST((outcome == error::cancelled));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_CASE(faulty_batch_completes_every_task_exactly_once) {
    fixture f({.fault_seed = 2024});
    // 1,000 runs of two tasks each: 2,000 process tasks.
    std::vector<std::pair<std::string, std::string>> work;
    auto quick = f.checklist("Quick Checklist");
    for (int i = 0; i < 1000; ++i) {
        tallyfy::launch_run_request launch{.checklist_id = quick};
        auto run = f.run(f.api.launch_run(std::move(launch)));
        auto full = f.with_tasks(run.id);
        for (auto& t : *full.tasks)
            work.emplace_back(run.id, t.id);
    }
    BOOST_REQUIRE(work.size() == 2000u);

    // 20 % of requests fail in one of several ways (GETs of reconciliation included).
    auto rule = sbx::parse_fault_rule(
        "status_before|status_after|close_before_response|reset_after_bytes|rate_limited,"
        "status=503,bytes=12,retry_after=0,probability=0.2");
    f.sandbox.faults().add(rule);

    auto options = fixture::options_for(f.sandbox);
    options.retry.initial_backoff = 1ms;
    options.retry.max_backoff = 20ms;
    options.retry.max_attempts = 8;
    options.retry_budget.capacity = 0; // this test is about correctness, not storm control
    tallyfy::client batch(f.ioc.get_executor(), options);

    std::size_t ok = 0, failed = 0, pending = work.size();
    std::vector<std::string> failures;
    std::set<std::string> failed_ids, unknown;
    constexpr std::size_t in_flight = 16;
    std::size_t next = 0;
    std::function<void()> start_next = [&] {
        if (next >= work.size())
            return;
        auto [run_id, task_id] = work[next++];
        tallyfy::complete_task_request complete{.task_id = task_id, .run_id = run_id};
        auto why = std::make_shared<tallyfy::error_details>();
        batch.complete_task(
            std::move(complete),
            tallyfy::with_details(
                *why, [&, task_id = task_id, why](boost::system::error_code ec, tallyfy::task t) {
                    if (!ec && t.is_completed()) {
                        ++ok;
                    } else {
                        ++failed;
                        if (ec == error::outcome_unknown)
                            unknown.insert(task_id);
                        failed_ids.insert(task_id);
                        failures.push_back(task_id + ": " + tallyfy::api_error::describe(*why));
                    }
                    --pending;
                    start_next();
                }));
    };
    for (std::size_t i = 0; i < in_flight; ++i)
        start_next();
    f.ioc.restart();
    f.ioc.run();

    BOOST_TEST(pending == 0u);
    BOOST_TEST(ok + failed == work.size());
    BOOST_TEST(f.sandbox.faults().injected() > 300u);
    std::size_t twice = 0, never = 0;
    for (auto& [run_id, task_id] : work) {
        auto calls = f.sandbox.completion_calls(task_id);
        twice += calls > 1;
        never += calls == 0;
        // Reported failed: really not completed, or honestly reported as outcome_unknown.
        if (failed_ids.count(task_id))
            BOOST_TEST((calls == 0 || unknown.count(task_id)), task_id);
        else
            BOOST_TEST(calls == 1u, task_id);
    }
    BOOST_TEST(twice == 0u);
    BOOST_TEST(never == 0u); // every line was completed once
    BOOST_TEST(failed == 0u, "failures: " << (failures.empty() ? "" : failures.front()));
    BOOST_TEST_MESSAGE("batch: " << ok << " completed, " << failed << " failed, "
                                 << f.sandbox.faults().injected() << " faults injected, "
                                 << f.sandbox.recorder().request_count() << " requests");
}

BOOST_FIXTURE_TEST_CASE(reconciled_completion_history_has_every_exchange, fixture) {
    auto launched = launch("Quick Checklist");
    auto task = with_tasks(launched.id).tasks->at(0);
    sandbox.faults().add("POST", "*/completed-tasks",
                         {.kind = sbx::fault_kind::status_before, .status = 503});
    auto history = std::make_shared<std::vector<tallyfy::attempt_record>>();
    tallyfy::complete_task_request complete{.task_id = task.id, .run_id = launched.id};
    complete.options.history = history;
    auto done = run(api.complete_task(std::move(complete)));
    BOOST_TEST(done.is_completed());
    // POST (503) -> read back (200, not completed) -> POST again (200).
    BOOST_REQUIRE(history->size() == 3u);
    BOOST_TEST((*history)[0].status == 503u);
    BOOST_TEST((*history)[1].reason.starts_with("read back: "));
    BOOST_TEST((*history)[2].status == 200u);
}
