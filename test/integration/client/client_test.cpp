// SPDX-License-Identifier: BSL-1.0
// The client's operations against the sandbox over real TLS: decoded results, what the sandbox
// received, error mapping, hostile input and each completion-token form.
#define BOOST_TEST_MODULE client_tests
#include <boost/test/unit_test.hpp>

#include "support/sandbox_client_fixture.hpp"

#include <tallyfy/form_values.hpp>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/cancellation_signal.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_future.hpp>
#include <boost/json/parse.hpp>

#include <thread>

namespace asio = boost::asio;
namespace json = boost::json;
namespace sbx = tallyfy::sandbox;
using namespace std::chrono_literals;

namespace {

using fixture = tallyfy::test::sandbox_client_fixture;

bool error_is(const tallyfy::api_error& e, tallyfy::error expected) {
    return e.error_value() == expected;
}

} // namespace

BOOST_FIXTURE_TEST_SUITE(operations, fixture)

BOOST_AUTO_TEST_CASE(launch_get_and_complete_a_process_task) {
    auto launched = launch("Quick Checklist");
    BOOST_TEST(launched.id.size() == 32u);
    BOOST_TEST(launched.name == "test run");
    BOOST_TEST(launched.status == "active");

    auto full = with_tasks(launched.id);
    BOOST_REQUIRE(full.tasks.has_value());
    BOOST_REQUIRE(full.tasks->size() == 2u);
    BOOST_REQUIRE(full.next_task.has_value());
    auto first = full.tasks->at(0);
    BOOST_TEST(full.next_task->id == first.id);

    auto done = run(api.complete_task({.task_id = first.id, .run_id = launched.id}));
    BOOST_TEST(done.id == first.id);
    BOOST_TEST(done.status == "completed");
    BOOST_TEST(done.completed_at.has_value());
    BOOST_TEST(done.is_completed());
    BOOST_TEST(done.tasks_changed_by_rules.has_value());
    BOOST_TEST(sandbox.completion_calls(first.id) == 1u);

    auto requests = sandbox.recorder().requests();
    const auto& post = requests.back();
    BOOST_TEST(post.method == "POST");
    BOOST_TEST(post.target == "/api/organizations/" + sandbox.org_id() + "/runs/" + launched.id +
                                  "/completed-tasks");
    BOOST_TEST(*post.header("X-Tallyfy-Client") == "APIClient");
    BOOST_TEST(*post.header("Accept") == "application/json");
    BOOST_TEST(*post.header("Content-Type") == "application/json");
    BOOST_TEST(json::parse(post.body).at("task_id").as_string() == first.id);
}

BOOST_AUTO_TEST_CASE(launch_sends_every_field) {
    tallyfy::launch_run_request req;
    req.checklist_id = checklist("Quick Checklist");
    req.name = "All fields";
    req.summary = "summary text";
    req.starred = true;
    req.is_public = false;
    req.tags = {"t1"};
    auto state = sandbox.state();
    for (const auto& u : state.at("users").as_array())
        req.users.push_back(u.at("id").as_int64());
    req.prerun["not-a-field"] = std::string("dropped by the API");
    req.tasks["some-step"] = {.deadline = "2030-01-01T00:00:00Z",
                              .owners = tallyfy::owners{{7}, {}, {}}};
    auto r = run(api.launch_run(req));
    BOOST_TEST(r.name == "All fields");
    auto body = json::parse(sandbox.recorder().requests().back().body).as_object();
    BOOST_TEST(body.at("summary").as_string() == "summary text");
    BOOST_TEST(body.at("starred").as_bool());
    BOOST_TEST(body.at("prerun").at("not-a-field").as_string() == "dropped by the API");
    auto owners = body.at("tasks").at("some-step").at("owners").as_object();
    BOOST_TEST(owners.at("users").as_array().size() == 1u);
    BOOST_TEST(owners.contains("guests")); // all buckets sent: a missing one would be emptied
    BOOST_TEST(owners.contains("groups"));
}

BOOST_AUTO_TEST_CASE(approval_needs_a_decision) {
    auto launched = launch("Purchase Request");
    auto tasks = *with_tasks(launched.id).tasks;
    auto approval = std::find_if(tasks.begin(), tasks.end(),
                                 [](const tallyfy::task& t) { return t.task_type == "approval"; });
    BOOST_REQUIRE(approval != tasks.end());
    auto e = failure(api.complete_task({.task_id = approval->id, .run_id = launched.id}));
    BOOST_TEST(error_is(e, tallyfy::error::validation_failed));
    BOOST_TEST(e.http_status() == 422u);
    BOOST_TEST(!e.details().field_errors.empty());
    auto approved = run(
        api.complete_task({.task_id = approval->id, .run_id = launched.id, .is_approved = true}));
    BOOST_TEST(approved.is_approved.value_or(false));
}

BOOST_AUTO_TEST_CASE(standalone_task_create_complete_reopen) {
    auto created = run(api.create_task(
        {.title = "One-off", .owners = {{}, {}, {}}, .deadline = "2030-05-01 12:00:00"}));
    BOOST_TEST(created.is_oneoff_task);
    BOOST_TEST(!created.run_id.has_value());
    auto done = run(api.complete_task({.task_id = created.id}));
    BOOST_TEST(done.is_completed());
    BOOST_TEST(sandbox.recorder().requests().back().target ==
               "/api/organizations/" + sandbox.org_id() + "/completed-tasks");
    auto reopened = run(api.reopen_task({.task_id = created.id}));
    BOOST_TEST(!reopened.is_completed());
    BOOST_TEST(sandbox.recorder().requests().back().method == "DELETE");
}

BOOST_AUTO_TEST_CASE(get_task_by_org_and_run_path_with_includes) {
    auto launched = launch("Client Onboarding");
    auto first = with_tasks(launched.id).tasks->at(0);
    tallyfy::task_includes with;
    with.form_fields = true;
    with.run = true;
    auto by_org = run(api.get_task({.task_id = first.id, .with = with}));
    BOOST_TEST(by_org.id == first.id);
    BOOST_REQUIRE(by_org.form_fields.has_value());
    BOOST_TEST(!by_org.form_fields->empty());
    BOOST_TEST(sandbox.recorder().requests().back().target.find("with=run%2Cform_fields") !=
               std::string::npos);
    // Typed straight from the text; `raw` is read from that text on demand, with the include the
    // model does not type.
    BOOST_TEST(by_org.raw->at("id").as_string() == first.id);
    BOOST_TEST(by_org.raw->at("run").is_object());
    auto again = run(api.get_task({.task_id = first.id, .with = with}));
    BOOST_TEST((again == by_org));
    auto by_run = run(api.get_task({.task_id = first.id, .run_id = launched.id}));
    BOOST_TEST(by_run.run_id.value_or("") == launched.id);
}

BOOST_AUTO_TEST_CASE(get_checklist_with_its_kick_off_fields) {
    const auto id = checklist("Client Onboarding");
    tallyfy::checklist_includes with;
    with.steps = true;
    with.prerun = true;
    auto c = run(api.get_checklist({.checklist_id = id, .with = with}));
    BOOST_TEST(c.id == id);
    BOOST_TEST(c.title == "Client Onboarding");
    BOOST_TEST(sandbox.recorder().requests().back().target.ends_with("/checklists/" + id +
                                                                     "?with=steps%2Cprerun"));
    // The kick-off fields, typed: their ids are what launch_run's `prerun` is keyed by.
    BOOST_TEST_REQUIRE(c.prerun.has_value());
    BOOST_TEST_REQUIRE(c.prerun->size() == c.raw->at("prerun").as_array().size());
    const auto& region = tallyfy::find_field(*c.prerun, "region"); // by label, any case
    BOOST_TEST(region.field_type == "dropdown");
    BOOST_TEST(region.options.size() == 3u);
    BOOST_TEST(region.options.at(1).text == "APAC");
    BOOST_TEST(tallyfy::find_field(*c.prerun, region.id).label == "Region");
    auto e = failure(api.get_checklist({.checklist_id = std::string(32, 'f')}));
    BOOST_TEST(error_is(e, tallyfy::error::not_found));
    auto hostile = failure(api.get_checklist({.checklist_id = ".."}));
    BOOST_TEST(error_is(hostile, tallyfy::error::invalid_argument));
}

BOOST_AUTO_TEST_CASE(raw_request_escape_hatch) {
    auto v =
        run(api.request({.path = "/organizations/{org}/checklists", .query = {{"per_page", "2"}}}));
    BOOST_TEST(v.at("data").as_array().size() == 2u);
    BOOST_TEST(sandbox.recorder().requests().back().target.ends_with("/checklists?per_page=2"));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_FIXTURE_TEST_SUITE(errors, fixture)

BOOST_AUTO_TEST_CASE(not_found_carries_the_server_details) {
    std::string missing(32, 'a');
    auto e = failure(api.get_task({.task_id = missing}));
    BOOST_TEST(error_is(e, tallyfy::error::not_found));
    BOOST_TEST(e.http_status() == 404u);
    BOOST_TEST(e.details().server_code == "RESOURCE_NOT_FOUND");
    BOOST_TEST(!e.request_id().empty());
    BOOST_TEST(e.details().method == "GET");
    BOOST_TEST(std::string(e.what()).find("RESOURCE_NOT_FOUND") != std::string::npos);
    BOOST_TEST(std::string(e.what()).find(sandbox.token()) == std::string::npos);
}

namespace {

// What `await_op(slot token)` throws, run on `ioc`: the server code of an api_error, else a
// description of what was thrown instead.
template <class AwaitOp>
std::string server_code_thrown(asio::io_context& ioc, AwaitOp await_op) {
    asio::cancellation_signal signal;
    auto f = asio::co_spawn(
        ioc,
        [&]() -> asio::awaitable<std::string> {
            try {
                co_await await_op(asio::bind_cancellation_slot(signal.slot(), asio::use_awaitable));
            } catch (const tallyfy::api_error& e) {
                co_return e.details().server_code;
            } catch (const std::exception& e) {
                co_return std::string("not an api_error: ") + e.what();
            }
            co_return std::string("no failure");
        },
        asio::use_future);
    ioc.restart();
    ioc.run();
    return f.get();
}

} // namespace

BOOST_AUTO_TEST_CASE(awaited_with_a_bound_cancellation_slot_still_throws_the_details) {
    // bind_cancellation_slot(slot, use_awaitable) is not the default token: it used to reach
    // Asio's own use_awaitable handling, which throws a bare system_error without the details.
    std::string missing(32, 'a');
    BOOST_TEST(server_code_thrown(ioc, [&](auto token) {
                   tallyfy::get_task_request r{.task_id = missing};
                   return api.get_task(std::move(r), std::move(token));
               }) == "RESOURCE_NOT_FOUND");
    // The pagers complete like the operations: the same token form must keep the details.
    auto tasks = api.list_run_tasks(std::string(32, 'b'));
    BOOST_TEST(server_code_thrown(ioc, [&](auto token) { return tasks.next(std::move(token)); }) ==
               "RESOURCE_NOT_FOUND");
}

BOOST_AUTO_TEST_CASE(bad_token_is_unauthorized_and_not_retried) {
    auto options = options_for(sandbox);
    options.access_token = "wrong-token";
    tallyfy::client bad(ioc.get_executor(), options);
    auto before = sandbox.recorder().request_count();
    auto e = failure(bad.get_run({.run_id = std::string(32, 'b')}));
    BOOST_TEST(error_is(e, tallyfy::error::unauthorized));
    BOOST_TEST(sandbox.recorder().request_count() == before + 1);
    BOOST_TEST(std::string(e.what()).find("wrong-token") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(hostile_ids_cannot_change_the_path) {
    for (std::string id : {"../x", "a/b", "?x=1", "#frag", "%2e%2e"}) {
        auto e = failure(api.get_task({.task_id = id}));
        BOOST_TEST(error_is(e, tallyfy::error::not_found), id);
        auto target = sandbox.recorder().requests().back().target;
        BOOST_TEST(target.starts_with("/api/organizations/" + sandbox.org_id() + "/tasks/"),
                   target);
        BOOST_TEST(target.find('?') == std::string::npos, target);
        BOOST_TEST(target.find("/../") == std::string::npos, target);
    }
    auto before = sandbox.recorder().request_count();
    for (std::string id : {std::string(""), std::string(".."), std::string("a\r\nX-Evil: 1"),
                           std::string("a\0b", 3)}) {
        auto e = failure(api.get_task({.task_id = id}));
        BOOST_TEST(error_is(e, tallyfy::error::invalid_argument));
    }
    BOOST_TEST(sandbox.recorder().request_count() == before); // refused before any I/O
}

BOOST_AUTO_TEST_CASE(name_too_long_is_refused_before_sending) {
    auto before = sandbox.recorder().request_count();
    auto e = failure(api.launch_run(
        {.checklist_id = checklist("Quick Checklist"), .name = std::string(551, 'n')}));
    BOOST_TEST(error_is(e, tallyfy::error::invalid_argument));
    BOOST_TEST(sandbox.recorder().request_count() == before);
    BOOST_TEST(run(api.launch_run({.checklist_id = checklist("Quick Checklist"),
                                   .name = std::string(550, 'n')}))
                   .name.size() == 550u);
}

BOOST_AUTO_TEST_CASE(malformed_json_is_bad_response) {
    sandbox.faults().add("GET", "*/runs/*", {.kind = sbx::fault_kind::malformed_json});
    auto launched = launch("Quick Checklist");
    auto e = failure(api.get_run({.run_id = launched.id}));
    BOOST_TEST(error_is(e, tallyfy::error::bad_response));
}

BOOST_AUTO_TEST_CASE(lost_completion_response_is_reconciled_exactly_once) {
    auto launched = launch("Quick Checklist");
    auto first = with_tasks(launched.id).tasks->at(0);
    sandbox.faults().add("POST", "*/completed-tasks",
                         {.kind = sbx::fault_kind::status_after, .status = 503});
    auto done = run(api.complete_task({.task_id = first.id, .run_id = launched.id}));
    BOOST_TEST(done.is_completed());
    BOOST_TEST(sandbox.completion_calls(first.id) == 1u);
}

BOOST_AUTO_TEST_CASE(lost_launch_response_is_outcome_unknown_not_a_duplicate) {
    sandbox.faults().add("POST", "*/runs", {.kind = sbx::fault_kind::status_after, .status = 502});
    auto e = failure(api.launch_run({.checklist_id = checklist("Quick Checklist")}));
    BOOST_TEST(error_is(e, tallyfy::error::outcome_unknown));
    BOOST_TEST(sandbox.run_count() == 1u);
}

BOOST_AUTO_TEST_CASE(rate_limit_retry_after_is_honoured) {
    sandbox.faults().add("GET", "", {.kind = sbx::fault_kind::rate_limited, .retry_after = 1s});
    auto start = std::chrono::steady_clock::now();
    auto v = run(api.request({.path = "/organizations/{org}/checklists"}));
    BOOST_TEST(v.at("data").is_array());
    BOOST_TEST((std::chrono::steady_clock::now() - start >= 1s));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_FIXTURE_TEST_SUITE(completion_tokens, fixture)

BOOST_AUTO_TEST_CASE(awaited_inline_leaves_the_callers_coroutine_as_it_was) {
    // `co_await api.op(r)` runs the operation inside the caller's coroutine; the SDK's own
    // no-throw cancellation setting must not leak into the caller, on success or failure.
    auto launched = launch("Quick Checklist");
    auto [id, throws_after_ok, throws_after_error, failed] =
        run([&]() -> asio::awaitable<std::tuple<std::string, bool, bool, bool>> {
            tallyfy::get_run_request found{.run_id = launched.id};
            auto r = co_await api.get_run(std::move(found));
            const bool after_ok = co_await asio::this_coro::throw_if_cancelled();
            bool threw = false;
            try {
                tallyfy::get_run_request missing{.run_id = std::string(32, 'd')};
                co_await api.get_run(std::move(missing));
            } catch (const tallyfy::api_error& e) {
                threw = e.http_status() == 404u;
            }
            const bool after_error = co_await asio::this_coro::throw_if_cancelled();
            co_return std::make_tuple(r.id, after_ok, after_error, threw);
        }());
    BOOST_TEST(id == launched.id);
    BOOST_TEST(throws_after_ok);
    BOOST_TEST(throws_after_error);
    BOOST_TEST(failed);
}

BOOST_AUTO_TEST_CASE(awaited_inline_is_cancelled_by_the_callers_cancellation) {
    using namespace asio::experimental::awaitable_operators;
    auto launched = launch("Quick Checklist");
    sandbox.faults().add("GET", "*", {.kind = sbx::fault_kind::latency, .delay = 2s}, 1);
    const auto started = std::chrono::steady_clock::now();
    auto winner = run([&]() -> asio::awaitable<std::size_t> {
        tallyfy::get_run_request slow{.run_id = launched.id};
        asio::steady_timer timer(ioc, 100ms);
        auto raced =
            co_await (api.get_run(std::move(slow)) || timer.async_wait(asio::use_awaitable));
        co_return raced.index();
    }());
    BOOST_TEST(winner == 1u); // the timer; the operation was cancelled
    BOOST_TEST((std::chrono::steady_clock::now() - started < 1500ms));
    auto s = api.stats();
    BOOST_TEST(s.in_use == 0u);
    BOOST_TEST(s.open == s.idle);
}

BOOST_AUTO_TEST_CASE(a_caller_that_caught_a_cancellation_can_still_call) {
    // The caller's own cancellation state is cancelled (it turned throwing off and caught the
    // cancelled call): later calls must run, not fail at once as cancelled.
    auto launched = launch("Quick Checklist");
    sandbox.faults().add("GET", "*", {.kind = sbx::fault_kind::latency, .delay = 2s}, 1);
    asio::cancellation_signal signal;
    asio::steady_timer timer(ioc, 100ms);
    timer.async_wait(
        [&](boost::system::error_code) { signal.emit(asio::cancellation_type::terminal); });
    auto f = asio::co_spawn(
        ioc,
        [&]() -> asio::awaitable<std::pair<bool, std::string>> {
            co_await asio::this_coro::throw_if_cancelled(false);
            bool cancelled = false;
            try {
                tallyfy::get_run_request slow{.run_id = launched.id};
                co_await api.get_run(std::move(slow));
            } catch (const tallyfy::api_error& e) {
                cancelled = error_is(e, tallyfy::error::cancelled);
            }
            tallyfy::get_run_request after{.run_id = launched.id};
            auto r = co_await api.get_run(std::move(after));
            co_return std::make_pair(cancelled, r.id);
        },
        asio::bind_cancellation_slot(signal.slot(), asio::use_future));
    ioc.restart();
    ioc.run();
    auto [cancelled, id] = f.get();
    BOOST_TEST(cancelled);
    BOOST_TEST(id == launched.id);
}

BOOST_AUTO_TEST_CASE(awaited_from_another_executor_runs_on_the_clients) {
    // The caller's coroutine runs on `other`; the client (one-thread transport) on `ioc`, run by
    // a second thread. The operation must run there, not in the caller's coroutine.
    auto launched = launch("Quick Checklist");
    asio::io_context other{1};
    auto work = asio::make_work_guard(ioc);
    ioc.restart();
    std::thread client_thread([&] { ioc.run(); });
    auto f = asio::co_spawn(
        other,
        [&]() -> asio::awaitable<std::string> {
            std::string last;
            for (int i = 0; i < 20; ++i) {
                tallyfy::get_run_request again{.run_id = launched.id};
                auto r = co_await api.get_run(std::move(again));
                last = r.id;
            }
            co_return last;
        },
        asio::use_future);
    other.run();
    work.reset();
    client_thread.join();
    BOOST_TEST(f.get() == launched.id);
}

// Every other completion-token form: completion_tokens_test.cpp.

BOOST_AUTO_TEST_SUITE_END()
