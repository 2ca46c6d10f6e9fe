// SPDX-License-Identifier: BSL-1.0
// The public completion convention, `void(error_code, T)`, with every token a user reaches for:
// each form must deliver the result, the error code and (where the form allows) the details,
// against the sandbox over TLS. Run under ASan in CI, including the braced-temporary form that
// g++ 12 once destroyed twice (docs/gcc12-coroutine-temporaries.md).
#include <boost/test/unit_test.hpp>

#include "support/sandbox_client_fixture.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/deferred.hpp>
#include <boost/asio/experimental/parallel_group.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_future.hpp>

#include <optional>
#include <tuple>

namespace asio = boost::asio;
using boost::system::error_code;
using tallyfy::error;

namespace {

using fixture = tallyfy::test::sandbox_client_fixture;

const std::string missing_run(32, 'd');

} // namespace

BOOST_FIXTURE_TEST_SUITE(completion_convention, fixture)

// The form every header and the README teach, on its error path: the braced temporary request
// lives in the awaiting coroutine's frame while the failure is thrown through the co_await.
BOOST_AUTO_TEST_CASE(braced_request_in_co_await_survives_a_thrown_error) {
    const std::string run_id = missing_run;
    const std::string task_id(32, 'e');
    auto outcome = run([&]() -> asio::awaitable<std::string> {
        try {
            co_await api.complete_task({.task_id = task_id, .run_id = run_id});
        } catch (const tallyfy::api_error& e) {
            co_return std::string(tallyfy::error_name(*e.error_value()));
        }
        co_return std::string("succeeded");
    }());
    BOOST_TEST(outcome == "not_found");
    // The same with longer ids (a std::string field of this length would live on the heap).
    auto again = run([&]() -> asio::awaitable<unsigned> {
        try {
            co_await api.get_task({.task_id = task_id + task_id, .run_id = run_id + run_id});
        } catch (const tallyfy::api_error& e) {
            co_return e.http_status();
        }
        co_return 0u;
    }());
    BOOST_TEST(again == 404u);
}

BOOST_AUTO_TEST_CASE(default_token_throws_api_error_with_every_detail) {
    auto e = failure(api.get_run({.run_id = missing_run}));
    BOOST_TEST((e.code() == error::not_found));
    BOOST_TEST(e.http_status() == 404u);
    BOOST_TEST(!e.details().server_message.empty());
    BOOST_TEST(e.details().method == "GET");
    BOOST_TEST(e.details().path.find("/runs/" + missing_run) != std::string::npos);
    BOOST_TEST(e.details().attempts.size() == 1u);
}

BOOST_AUTO_TEST_CASE(plain_callback_gets_code_and_value) {
    auto launched = launch("Quick Checklist");
    std::optional<std::tuple<error_code, std::string>> ok, missing;
    api.get_run({.run_id = launched.id},
                [&](error_code ec, tallyfy::run r) { ok.emplace(ec, r.id); });
    api.get_run({.run_id = missing_run},
                [&](error_code ec, tallyfy::run r) { missing.emplace(ec, r.id); });
    ioc.restart();
    ioc.run();
    BOOST_REQUIRE(ok && missing);
    BOOST_TEST(!std::get<0>(*ok));
    BOOST_TEST(std::get<1>(*ok) == launched.id);
    BOOST_TEST((std::get<0>(*missing) == error::not_found));
    BOOST_TEST(std::get<1>(*missing).empty()); // T value-initialised on failure
}

BOOST_AUTO_TEST_CASE(redirect_error_sets_the_code_and_does_not_throw) {
    auto [code, id] = run([&]() -> asio::awaitable<std::tuple<error_code, std::string>> {
        error_code ec;
        auto r = co_await api.get_run({.run_id = missing_run},
                                      asio::redirect_error(asio::use_awaitable, ec));
        co_return std::make_tuple(ec, r.id);
    }());
    BOOST_TEST((code == error::not_found));
    BOOST_TEST(id.empty());
}

BOOST_AUTO_TEST_CASE(as_tuple_with_details_is_no_throw_and_complete) {
    auto [code, status,
          message] = run([&]() -> asio::awaitable<std::tuple<error_code, unsigned, std::string>> {
        tallyfy::error_details why;
        auto [ec, r] =
            co_await api.get_run({.run_id = missing_run},
                                 tallyfy::with_details(why, asio::as_tuple(asio::use_awaitable)));
        co_return std::make_tuple(ec, why.http_status, why.server_message);
    }());
    BOOST_TEST((code == error::not_found));
    BOOST_TEST(status == 404u);
    BOOST_TEST(!message.empty());
}

BOOST_AUTO_TEST_CASE(with_details_leaves_details_untouched_on_success) {
    auto launched = launch("Quick Checklist");
    tallyfy::error_details why;
    why.detail = "untouched";
    auto r = run(api.get_run({.run_id = launched.id}, tallyfy::with_details(why, asio::deferred)));
    BOOST_TEST(r.id == launched.id);
    BOOST_TEST(why.detail == "untouched");
}

BOOST_AUTO_TEST_CASE(use_future_delivers_value_and_system_error) {
    auto launched = launch("Quick Checklist");
    auto good = api.get_run({.run_id = launched.id}, asio::use_future);
    auto bad = api.get_run({.run_id = missing_run}, asio::use_future);
    ioc.restart();
    ioc.run();
    BOOST_TEST(good.get().id == launched.id);
    try {
        bad.get();
        BOOST_FAIL("expected a failure");
    } catch (const boost::system::system_error& e) {
        BOOST_TEST((e.code() == error::not_found));
    }
}

BOOST_AUTO_TEST_CASE(deferred_composes_and_launches_later) {
    auto launched = launch("Quick Checklist");
    auto op = api.get_run({.run_id = launched.id}, asio::deferred);
    BOOST_TEST(sandbox.recorder().request_count() > 0u);
    const auto before = sandbox.recorder().request_count();
    ioc.restart();
    ioc.poll(); // nothing happens until the deferred operation is launched
    BOOST_TEST(sandbox.recorder().request_count() == before);
    auto [ec, r] = run(std::move(op)(asio::as_tuple(asio::deferred)));
    BOOST_TEST(!ec);
    BOOST_TEST(r.id == launched.id);
}

BOOST_AUTO_TEST_CASE(parallel_group_waits_for_both) {
    auto launched = launch("Quick Checklist");
    std::optional<std::tuple<error_code, std::string, error_code, std::string>> got;
    asio::experimental::make_parallel_group(api.get_run({.run_id = launched.id}, asio::deferred),
                                            api.get_run({.run_id = missing_run}, asio::deferred))
        .async_wait(asio::experimental::wait_for_all(),
                    [&](std::array<std::size_t, 2>, error_code e1, tallyfy::run r1, error_code e2,
                        tallyfy::run r2) { got.emplace(e1, r1.id, e2, r2.id); });
    ioc.restart();
    ioc.run();
    BOOST_REQUIRE(got);
    BOOST_TEST(!std::get<0>(*got));
    BOOST_TEST(std::get<1>(*got) == launched.id);
    BOOST_TEST((std::get<2>(*got) == error::not_found));
}

BOOST_AUTO_TEST_CASE(a_client_can_be_moved_while_a_call_is_in_flight) {
    auto launched = launch("Quick Checklist");
    std::optional<tallyfy::client> later; // the use the issue names: an optional assigned later
    later.emplace(std::move(api));
    std::optional<std::string> id;
    later->get_run({.run_id = launched.id}, [&](error_code ec, tallyfy::run r) {
        if (!ec)
            id = r.id;
    });
    tallyfy::client moved_again = std::move(*later);
    later.reset(); // the call in flight keeps what it needs
    ioc.restart();
    ioc.run();
    BOOST_TEST((id == launched.id));
    BOOST_TEST(moved_again.options().org_id == sandbox.org_id());
    api = std::move(moved_again); // the fixture's client back, for its destructor
}

BOOST_AUTO_TEST_SUITE_END()
