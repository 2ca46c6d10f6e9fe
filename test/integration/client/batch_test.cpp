// SPDX-License-Identifier: BSL-1.0
// client::complete_tasks end to end over TLS: a batch over the sandbox's rate limit finishes
// every item with about one 429 per window; a 401 stops the batch; a cancelled batch reports
// every item once. (The pacing decisions themselves are unit-tested over fake time.)
#include <boost/test/unit_test.hpp>

#include "support/sandbox_client_fixture.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/steady_timer.hpp>

#include <algorithm>
#include <atomic>
#include <map>

namespace asio = boost::asio;
namespace sbx = tallyfy::sandbox;
using namespace std::chrono_literals;
using tallyfy::test::sandbox_client_fixture;

namespace {

const std::string setup_token = "setup-token-0123456789";
const std::string batch_token = "batch-token-0123456789";

// Two tokens, each with its own window: tasks are made with one, completed with the other.
sbx::server_options limited(std::uint32_t per_window, std::chrono::milliseconds window) {
    sbx::server_options o;
    o.api.tokens = {setup_token, batch_token};
    o.api.limit = {per_window, window, sbx::rate_window_kind::fixed};
    return o;
}

struct batch_fixture : sandbox_client_fixture {
    explicit batch_fixture(sbx::server_options o = limited(8, 1000ms))
        : sandbox_client_fixture(std::move(o)) {}

    std::vector<tallyfy::complete_task_request> tasks(std::size_t n) {
        auto o = options_for(sandbox);
        o.access_token = setup_token;
        o.retry.max_retry_after = 10s;
        tallyfy::client setup(ioc.get_executor(), o);
        std::vector<tallyfy::complete_task_request> out;
        for (std::size_t i = 0; i < n; ++i) {
            tallyfy::create_task_request r{.title = "batch " + std::to_string(i),
                                           .deadline = "2030-01-01 12:00:00"};
            out.push_back({.task_id = run(setup.create_task(std::move(r), asio::deferred)).id});
        }
        return out;
    }

    tallyfy::client batch_client(std::string token, std::chrono::milliseconds margin = 50ms) {
        auto o = options_for(sandbox);
        o.access_token = std::move(token);
        o.pacing.window_margin = margin;
        o.transport.pool.max_connections = 4;
        return tallyfy::client(ioc.get_executor(), o);
    }

    // Runs the batch; every index must be reported exactly once.
    tallyfy::batch_summary complete(tallyfy::client& api,
                                    std::vector<tallyfy::complete_task_request> items,
                                    tallyfy::batch_options options,
                                    std::vector<tallyfy::batch_item_result>& results) {
        const std::size_t n = items.size();
        results.clear();
        auto summary = run(
            api.complete_tasks(std::move(items), options,
                               [&](const tallyfy::batch_item_result& r) { results.push_back(r); }));
        std::map<std::size_t, int> seen;
        for (const auto& r : results)
            ++seen[r.index];
        BOOST_TEST(results.size() == n);
        BOOST_TEST(seen.size() == n);
        for (const auto& [index, count] : seen)
            BOOST_TEST(count == 1, "item " << index << " reported " << count << " times");
        BOOST_TEST(summary.succeeded + summary.failed + summary.not_attempted == n);
        return summary;
    }
};

} // namespace

BOOST_FIXTURE_TEST_SUITE(batch, batch_fixture)

BOOST_AUTO_TEST_CASE(a_batch_over_the_rate_limit_finishes_every_item) {
    auto items = tasks(20);
    auto api = batch_client(batch_token);
    std::vector<tallyfy::batch_item_result> results;
    // 20 items at 8 per window: three windows, and a probe answered 429 to learn each end.
    auto summary = complete(api, items, {.concurrency = 4}, results);
    BOOST_TEST(summary.succeeded == 20u);
    std::size_t too_many = 0;
    for (const auto& request : sandbox.recorder().requests())
        if (request.target.find("/completed-tasks") != std::string::npos && request.status == 429)
            ++too_many;
    BOOST_TEST(too_many >= 1u); // the limit was reached, and waited out
    BOOST_TEST(too_many <= 3u);
    for (const auto& item : items)
        BOOST_TEST(sandbox.completion_calls(item.task_id) == 1u);
}

BOOST_AUTO_TEST_CASE(an_unauthorized_answer_stops_the_batch) {
    auto items = tasks(5);
    auto api = batch_client("wrong-token-0123456789");
    std::vector<tallyfy::batch_item_result> results;
    auto summary = complete(api, items, {.concurrency = 1}, results);
    BOOST_TEST(summary.failed == 1u);
    BOOST_TEST(summary.not_attempted == 4u);
    for (const auto& r : results) {
        BOOST_TEST((r.error == tallyfy::error::unauthorized));
        BOOST_TEST(r.attempted == (r.index == 0));
    }
}

BOOST_AUTO_TEST_CASE(a_cancelled_batch_reports_every_item_once) {
    using namespace asio::experimental::awaitable_operators;
    auto items = tasks(6);
    sandbox.faults().add("POST", "*/completed-tasks",
                         {.kind = sbx::fault_kind::latency, .delay = 1'500ms}, 100);
    auto api = batch_client(batch_token);
    std::vector<tallyfy::batch_item_result> results;
    auto race = [&]() -> asio::awaitable<void> {
        asio::steady_timer soon(ioc, 200ms);
        tallyfy::batch_listener on_item = [&](const tallyfy::batch_item_result& r) {
            results.push_back(r);
        };
        auto batch = api.complete_tasks(items, {.concurrency = 2}, std::move(on_item));
        auto timeout = soon.async_wait(asio::use_awaitable);
        (void)co_await (std::move(batch) || std::move(timeout));
    };
    run(race());
    // The batch was cancelled by the timer: it still reported each item once before ending.
    BOOST_TEST(results.size() == 6u);
    std::size_t in_flight = 0, never_sent = 0;
    for (const auto& r : results) {
        BOOST_TEST((r.error == tallyfy::error::cancelled), r.index << ": " << r.error.message());
        (r.attempted ? in_flight : never_sent) += 1;
    }
    BOOST_TEST(in_flight == 2u);
    BOOST_TEST(never_sent == 4u);
}

BOOST_AUTO_TEST_CASE(a_stop_request_lets_the_calls_in_flight_finish) {
    auto items = tasks(6);
    sandbox.faults().add("POST", "*/completed-tasks",
                         {.kind = sbx::fault_kind::latency, .delay = 100ms}, 100);
    auto api = batch_client(batch_token);
    auto stop = std::make_shared<std::atomic<bool>>(false);
    std::vector<std::size_t> started;
    tallyfy::batch_options options{.concurrency = 2, .stop_requested = stop};
    options.on_start = [&](std::size_t index) {
        started.push_back(index);
        if (started.size() == 2)
            stop->store(true); // asked while the first two are in flight
        return true;
    };
    std::vector<tallyfy::batch_item_result> results;
    auto summary = complete(api, items, options, results);
    // Unlike a cancellation, the two in flight complete; the other four are never sent.
    BOOST_TEST(started.size() == 2u);
    BOOST_TEST(summary.succeeded == 2u);
    BOOST_TEST(summary.not_attempted == 4u);
    for (const auto& r : results) {
        const bool was_started =
            std::find(started.begin(), started.end(), r.index) != started.end();
        BOOST_TEST(r.attempted == was_started);
        BOOST_TEST(sandbox.completion_calls(items[r.index].task_id) == (was_started ? 1u : 0u));
        if (!was_started)
            BOOST_TEST((r.error == tallyfy::error::cancelled));
    }
}

BOOST_AUTO_TEST_CASE(a_refusing_on_start_sends_nothing_more) {
    auto items = tasks(4);
    auto api = batch_client(batch_token);
    std::size_t calls = 0;
    tallyfy::batch_options options{.concurrency = 1};
    options.on_start = [&](std::size_t) { return ++calls < 2; }; // the second is refused
    std::vector<tallyfy::batch_item_result> results;
    auto summary = complete(api, items, options, results);
    BOOST_TEST(summary.succeeded == 1u);
    BOOST_TEST(summary.not_attempted == 3u);
    BOOST_TEST(calls == 2u); // not asked again once refused
    BOOST_TEST(sandbox.completion_calls(items[1].task_id) == 0u);
}

BOOST_AUTO_TEST_CASE(an_empty_batch_ends_at_once) {
    auto api = batch_client(batch_token);
    std::vector<tallyfy::batch_item_result> results;
    auto summary = complete(api, {}, {}, results);
    BOOST_TEST(summary.succeeded == 0u);
}

BOOST_AUTO_TEST_SUITE_END()
