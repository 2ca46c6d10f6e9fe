// SPDX-License-Identifier: BSL-1.0
// The pager over a scripted transport: prefetch, limits, loops, hostile page sizes, cancellation,
// executors and destruction, without sockets.
#include <boost/test/unit_test.hpp>

#include "support/scripted_transport.hpp"

#include <tallyfy/client.hpp>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/bind_executor.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_future.hpp>

#include <thread>

namespace asio = boost::asio;
using tallyfy::error;
using tallyfy::http_request;
using tallyfy::test::scripted_transport;
using namespace std::chrono_literals;

namespace {

// `?page=N` of a target (1 when absent).
int page_of(const http_request& r) {
    auto at = r.target.find("page=");
    return at == std::string::npos ? 1 : std::stoi(r.target.substr(at + 5));
}

std::string ids_json(const std::vector<std::string>& ids) {
    std::string out = "[";
    for (const auto& id : ids)
        out += (out.size() > 1 ? ",{\"id\":\"" : "{\"id\":\"") + id + "\"}";
    return out + "]";
}

// A list envelope of items with these ids, as page `current` of `total`.
tallyfy::http_response list_page(const std::vector<std::string>& ids, int current, long total) {
    return scripted_transport::json(
        "{\"data\":" + ids_json(ids) + ",\"meta\":{\"pagination\":{\"total\":" +
        std::to_string(total * 2) + ",\"count\":" + std::to_string(ids.size()) +
        ",\"per_page\":2,\"current_page\":" + std::to_string(current) +
        ",\"total_pages\":" + std::to_string(total) + ",\"links\":{}}}}");
}

// Pages of two items ("p1-a", "p1-b", ...) out of `total`.
scripted_transport::script pages_of_two(int total) {
    return [total](const http_request& r) -> std::optional<tallyfy::http_response> {
        const int n = page_of(r);
        if (n > total)
            return list_page({}, n, total);
        const auto p = "p" + std::to_string(n);
        return list_page({p + "-a", p + "-b"}, n, total);
    };
}

struct scripted {
    explicit scripted(scripted_transport::script s)
        : transport(std::make_shared<scripted_transport>(ioc.get_executor(), std::move(s)))
        , api(ioc.get_executor(), options(), transport) {}

    static tallyfy::client_options options() {
        tallyfy::client_options o;
        o.base_url = "https://api.example/api";
        o.access_token = "t";
        o.org_id = "org";
        o.retry = tallyfy::retry_policy::no_retry();
        return o;
    }

    // Runs `op` to its end; a stalled prefetch may still be pending after it.
    template <class T>
    T run(asio::awaitable<T> op) {
        auto f = asio::co_spawn(ioc, std::move(op), asio::use_future);
        ioc.restart();
        while (f.wait_for(0s) != std::future_status::ready)
            ioc.run_one();
        return f.get();
    }

    // Walks with next() to the end or the first error; the ids, and the error (if any).
    template <class T>
    std::pair<std::vector<std::string>, boost::system::error_code> walk(tallyfy::pager<T>& p) {
        return run(
            [&]()
                -> asio::awaitable<std::pair<std::vector<std::string>, boost::system::error_code>> {
                std::vector<std::string> out;
                for (;;) {
                    auto [ec, item] = co_await p.next(asio::as_tuple(asio::use_awaitable));
                    if (ec)
                        co_return std::pair{out, ec};
                    if (!item)
                        co_return std::pair{out, boost::system::error_code{}};
                    out.push_back(std::string(item->id));
                }
            }());
    }

    tallyfy::runs_filter per_page(std::int64_t n, bool prefetch = true) {
        tallyfy::runs_filter f;
        f.paging.per_page = n;
        f.paging.prefetch = prefetch;
        return f;
    }

    asio::io_context ioc{1};
    std::shared_ptr<scripted_transport> transport;
    tallyfy::client api;
};

} // namespace

BOOST_AUTO_TEST_CASE(prefetch_asks_for_one_page_ahead_and_no_more) {
    scripted s(pages_of_two(3));
    auto p = s.api.list_runs(s.per_page(2));
    BOOST_TEST(s.transport->targets.empty()); // nothing before the first call
    auto first = s.run(p.next());
    BOOST_TEST_REQUIRE(first.has_value());
    BOOST_TEST(first->id == "p1-a");
    BOOST_TEST(s.transport->targets.size() == 2u); // page 1, and page 2 ahead
    BOOST_TEST(s.transport->targets[1].find("page=2&per_page=2") != std::string::npos);

    auto [ids, ec] = s.walk(p);
    BOOST_TEST(!ec);
    BOOST_TEST(ids.size() == 5u);
    BOOST_TEST(s.transport->targets.size() == 3u); // total_pages ends it: no page 4
    BOOST_TEST(p.position().finished);
    BOOST_TEST(p.position().items_delivered == 6u);

    scripted lazy(pages_of_two(3));
    auto q = lazy.api.list_runs(lazy.per_page(2, false));
    lazy.run(q.next());
    BOOST_TEST(lazy.transport->targets.size() == 1u);
}

BOOST_AUTO_TEST_CASE(collect_next_page_and_max_items) {
    scripted s(pages_of_two(4));
    auto f = s.per_page(2);
    f.paging.max_items = 5;
    auto p = s.api.list_runs(f);
    auto page = s.run(p.next_page());
    BOOST_TEST_REQUIRE(page.has_value());
    BOOST_TEST(page->items.size() == 2u);
    BOOST_TEST_REQUIRE(page->pagination.has_value());
    BOOST_TEST(page->pagination->total_pages == 4);
    auto rest = s.run(p.collect(0));
    BOOST_TEST(rest.size() == 3u); // cut at max_items, inside page 3
    BOOST_TEST(rest.back().id == "p3-a");
    BOOST_TEST(!s.run(p.next()).has_value());
    BOOST_TEST(s.transport->targets.size() == 3u); // no page 4: the limit was known
    BOOST_TEST(p.position().finished);
}

BOOST_AUTO_TEST_CASE(max_pages_delivers_what_it_has_then_ends_with_its_own_error) {
    scripted s(pages_of_two(5));
    auto f = s.per_page(2);
    f.paging.max_pages = 2;
    auto p = s.api.list_runs(f);
    auto [ids, ec] = s.walk(p);
    BOOST_TEST(ids.size() == 4u); // pages 1 and 2, whole
    BOOST_TEST((ec == error::max_pages_reached));
    BOOST_TEST(s.transport->targets.size() == 2u); // the cap is not a reason to ask for more
    BOOST_TEST(p.position().next_page == 3);
    BOOST_TEST(!p.position().finished);

    // Resuming where it stopped gives the rest.
    auto resumed = s.per_page(2);
    resumed.paging.start_page = p.position().next_page;
    auto q = s.api.list_runs(resumed);
    auto [rest, ok] = s.walk(q);
    BOOST_TEST(!ok);
    BOOST_TEST(rest.size() == 6u);
}

BOOST_AUTO_TEST_CASE(a_server_cycling_between_two_pages_is_a_loop) {
    // A, B, A, B... with total_pages 1e9: stopped at the third page, not after 100,000.
    scripted s([](const http_request& r) -> std::optional<tallyfy::http_response> {
        const int n = page_of(r);
        return list_page(n % 2 ? std::vector<std::string>{"a1", "a2"}
                               : std::vector<std::string>{"b1", "b2"},
                         n, 1'000'000'000);
    });
    auto p = s.api.list_runs(s.per_page(2));
    auto [ids, ec] = s.walk(p);
    BOOST_TEST(ids.size() == 4u);
    BOOST_TEST((ec == error::pagination_loop));
    BOOST_TEST(s.transport->targets.size() <= 4u); // page 3, and at most one prefetch after
}

BOOST_AUTO_TEST_CASE(a_page_far_over_per_page_is_refused_before_its_items_are_decoded) {
    std::vector<std::string> many;
    for (int i = 0; i < 1000; ++i)
        many.push_back(std::to_string(i));
    auto huge = [&](const http_request& r) -> std::optional<tallyfy::http_response> {
        return list_page(many, page_of(r), 1);
    };
    for (const bool tasks : {true, false}) { // the streamed decoder, and the document one
        scripted s(huge);
        boost::system::error_code ec;
        std::string why;
        if (tasks) {
            tallyfy::run_tasks_filter f;
            f.paging.per_page = 100;
            auto p = s.api.list_run_tasks("run1", f);
            tallyfy::error_details d;
            std::tie(ec, std::ignore) =
                s.run(p.next(tallyfy::with_details(d, asio::as_tuple(asio::use_awaitable))));
            why = d.detail;
        } else {
            auto p = s.api.list_runs(s.per_page(100));
            tallyfy::error_details d;
            std::tie(ec, std::ignore) =
                s.run(p.next(tallyfy::with_details(d, asio::as_tuple(asio::use_awaitable))));
            why = d.detail;
        }
        BOOST_TEST((ec == error::bad_response));
        BOOST_TEST(why.find("more than the 110") != std::string::npos, why);
    }

    // max_items below the tolerance: the page is cut, not refused, and nothing past it decoded.
    scripted s(huge);
    tallyfy::run_tasks_filter f;
    f.paging.max_items = 5;
    auto p = s.api.list_run_tasks("run1", f);
    auto five = s.run(p.collect(0));
    BOOST_TEST(five.size() == 5u);
    BOOST_TEST(five.back().id == "4");

    // A documented tolerance: a few more than per_page pass.
    scripted lenient([](const http_request& r) -> std::optional<tallyfy::http_response> {
        return list_page({"a", "b", "c", "d", "e"}, page_of(r), 1);
    });
    auto q = lenient.api.list_runs(lenient.per_page(1));
    auto [ids, ec] = lenient.walk(q);
    BOOST_TEST(!ec);
    BOOST_TEST(ids.size() == 5u);
}

BOOST_AUTO_TEST_CASE(cancelling_next_cancels_its_fetch_and_keeps_the_position) {
    bool stall = true;
    auto answer = pages_of_two(2);
    scripted s([&](const http_request& r) -> std::optional<tallyfy::http_response> {
        if (stall)
            return std::nullopt;
        return answer(r);
    });
    auto p = s.api.list_runs(s.per_page(2));
    asio::cancellation_signal cancel;
    boost::system::error_code got;
    bool done = false;
    p.next(asio::bind_cancellation_slot(
        cancel.slot(), [&](boost::system::error_code ec, std::optional<tallyfy::run>) {
            got = ec;
            done = true;
        }));
    s.ioc.poll();
    BOOST_TEST(!done);
    BOOST_TEST(s.transport->stalled() == 1);
    cancel.emit(asio::cancellation_type::terminal);
    s.ioc.restart();
    s.ioc.run();
    BOOST_TEST(done);
    BOOST_TEST((got == error::cancelled));
    BOOST_TEST(s.transport->cancelled == 1); // the fetch itself was cancelled
    BOOST_TEST(s.transport->stalled() == 0);
    BOOST_TEST(p.position().next_page == 1);

    stall = false;
    auto [ids, ec] = s.walk(p);
    BOOST_TEST(!ec);
    BOOST_TEST(ids.size() == 4u);
}

BOOST_AUTO_TEST_CASE(cancelling_a_wait_for_the_prefetch_cancels_the_prefetch) {
    bool stall_page_2 = true;
    auto answer = pages_of_two(2);
    scripted s([&](const http_request& r) -> std::optional<tallyfy::http_response> {
        if (page_of(r) == 2 && stall_page_2)
            return std::nullopt;
        return answer(r);
    });
    auto p = s.api.list_runs(s.per_page(2));
    BOOST_TEST(s.run(p.collect(2)).size() == 2u); // page 1; page 2 is being prefetched
    BOOST_TEST(s.transport->stalled() == 1);

    asio::cancellation_signal cancel;
    boost::system::error_code got;
    p.next(asio::bind_cancellation_slot(
        cancel.slot(),
        [&](boost::system::error_code ec, std::optional<tallyfy::run>) { got = ec; }));
    s.ioc.restart();
    s.ioc.poll();
    BOOST_TEST(!got);
    cancel.emit(asio::cancellation_type::terminal);
    s.ioc.restart();
    s.ioc.run(); // returns: the prefetch is over too
    BOOST_TEST((got == error::cancelled));
    BOOST_TEST(s.transport->cancelled == 1);

    stall_page_2 = false; // the next call fetches page 2 again
    auto [ids, ec] = s.walk(p);
    BOOST_TEST(!ec);
    BOOST_TEST((ids == std::vector<std::string>{"p2-a", "p2-b"}));
}

BOOST_AUTO_TEST_CASE(destroying_the_pager_cancels_its_prefetch) {
    bool stall_page_2 = true;
    auto answer = pages_of_two(3);
    scripted s([&](const http_request& r) -> std::optional<tallyfy::http_response> {
        if (page_of(r) == 2 && stall_page_2)
            return std::nullopt;
        return answer(r);
    });
    {
        auto p = s.api.list_runs(s.per_page(2));
        BOOST_TEST(s.run(p.next()).has_value());
        BOOST_TEST(s.transport->stalled() == 1);
    }
    s.ioc.restart();
    s.ioc.run(); // returns: nothing is left pending
    BOOST_TEST(s.transport->cancelled == 1);
    BOOST_TEST(s.transport->stalled() == 0);
}

BOOST_AUTO_TEST_CASE(a_consumer_on_another_executor_resumes_there) {
    scripted s(pages_of_two(3));
    auto work = asio::make_work_guard(s.ioc);
    std::thread client_thread([&] { s.ioc.run(); });
    const auto client_id = client_thread.get_id();

    asio::io_context mine{1};
    auto p = s.api.list_runs(s.per_page(2));
    std::vector<std::thread::id> resumed_on;
    auto walk = [&]() -> asio::awaitable<std::size_t> {
        std::size_t n = 0;
        while (auto r = co_await p.next()) {
            resumed_on.push_back(std::this_thread::get_id());
            ++n;
        }
        co_return n;
    };
    auto f = asio::co_spawn(mine, walk(), asio::use_future);
    mine.run();
    BOOST_TEST(f.get() == 6u);
    for (auto id : resumed_on)
        BOOST_TEST((id != client_id));

    // A callback bound to an executor completes there.
    auto q = s.api.list_runs(s.per_page(2));
    std::thread::id called_on;
    mine.restart();
    q.next(asio::bind_executor(mine, [&](boost::system::error_code, std::optional<tallyfy::run>) {
        called_on = std::this_thread::get_id();
    }));
    mine.run();
    BOOST_TEST((called_on == std::this_thread::get_id()));

    work.reset();
    client_thread.join();
}

BOOST_AUTO_TEST_CASE(the_walk_deadline_ends_it_after_the_items_already_fetched) {
    scripted s(pages_of_two(5));
    auto f = s.per_page(2, false);
    f.paging.walk_deadline = 30ms;
    auto p = s.api.list_runs(f);
    auto result =
        s.run([&]() -> asio::awaitable<std::pair<std::size_t, boost::system::error_code>> {
            std::size_t n = 0;
            for (;;) {
                auto [ec, r] = co_await p.next(asio::as_tuple(asio::use_awaitable));
                if (ec || !r)
                    co_return std::pair{n, ec};
                ++n;
                if (n == 2) { // page 1 consumed slowly
                    asio::steady_timer t(co_await asio::this_coro::executor, 60ms);
                    co_await t.async_wait(asio::use_awaitable);
                }
            }
        }());
    BOOST_TEST(result.first == 2u);
    BOOST_TEST((result.second == error::deadline_exceeded));
    BOOST_TEST(s.transport->targets.size() == 1u); // page 2 was never asked for
}

BOOST_AUTO_TEST_CASE(errors_arrive_with_their_details_and_the_walk_resumes) {
    int calls = 0;
    auto answer = pages_of_two(2);
    scripted s([&](const http_request& r) -> std::optional<tallyfy::http_response> {
        if (page_of(r) == 2 && calls++ == 0)
            return scripted_transport::json(R"({"message":"try later"})", 503);
        return answer(r);
    });
    auto p = s.api.list_runs(s.per_page(2, false));
    BOOST_TEST(s.run(p.collect(2)).size() == 2u);
    try {
        s.run(p.next());
        BOOST_FAIL("page 2 should have failed");
    } catch (const tallyfy::api_error& e) {
        BOOST_TEST((e.error_value() == error::server_error));
        BOOST_TEST(e.details().http_status == 503u);
    }
    auto [ids, ec] = s.walk(p);
    BOOST_TEST(!ec);
    BOOST_TEST((ids == std::vector<std::string>{"p2-a", "p2-b"}));
}

BOOST_AUTO_TEST_CASE(a_large_page_is_bounded_before_it_becomes_a_document) {
    // 50,000 tiny runs (about 800 KB): scanned for the bound, never parsed whole.
    std::vector<std::string> many;
    for (int i = 0; i < 50'000; ++i)
        many.push_back(std::to_string(i));
    auto huge = [&](const http_request& r) -> std::optional<tallyfy::http_response> {
        return list_page(many, page_of(r), 1);
    };
    scripted refused(huge);
    auto p = refused.api.list_runs(refused.per_page(100));
    auto [none, ec] = refused.walk(p);
    BOOST_TEST(none.empty());
    BOOST_TEST((ec == error::bad_response));

    scripted cut(huge);
    auto f = cut.per_page(100);
    f.paging.max_items = 3;
    auto q = cut.api.list_runs(f);
    auto [three, ok] = cut.walk(q);
    BOOST_TEST(!ok);
    BOOST_TEST((three == std::vector<std::string>{"0", "1", "2"}));
}

BOOST_AUTO_TEST_CASE(collect_keeps_what_it_gathered_when_a_later_page_fails) {
    int calls = 0;
    auto answer = pages_of_two(2);
    scripted s([&](const http_request& r) -> std::optional<tallyfy::http_response> {
        if (page_of(r) == 2 && calls++ < 2) // fails twice
            return scripted_transport::json(R"({"message":"try later"})", 503);
        return answer(r);
    });
    auto p = s.api.list_runs(s.per_page(2, false));
    auto first = s.run(p.collect(0));
    BOOST_TEST((first.size() == 2u)); // page 1, delivered despite page 2's failure
    BOOST_CHECK_THROW(s.run(p.collect(0)), tallyfy::api_error); // page 2 again: still failing
    auto rest = s.run(p.collect(0));
    BOOST_TEST(rest.size() == 2u);
    BOOST_TEST(rest.front().id == "p2-a");
    BOOST_TEST(p.position().items_delivered == 4u);
}

BOOST_AUTO_TEST_CASE(a_pager_outlives_its_client) {
    asio::io_context ioc{1};
    auto transport = std::make_shared<scripted_transport>(ioc.get_executor(), pages_of_two(2));
    std::optional<tallyfy::client> api(std::in_place, ioc.get_executor(), scripted::options(),
                                       transport);
    tallyfy::runs_filter f;
    f.paging.per_page = 2;
    auto p = api->list_runs(f);
    api.reset();
    auto all = asio::co_spawn(ioc, p.collect(0), asio::use_future);
    ioc.run();
    BOOST_TEST(all.get().size() == 4u);
}

BOOST_AUTO_TEST_CASE(position_names_the_page_being_consumed_and_resumes_without_repeats) {
    scripted s(pages_of_two(3));
    auto p = s.api.list_runs(s.per_page(2, false));
    BOOST_TEST(s.run(p.collect(5)).size() == 5u); // p3-b still buffered
    BOOST_TEST(p.position().next_page == 3);
    BOOST_TEST(!p.position().finished);
    BOOST_TEST(s.run(p.next())->id == "p3-b");
    BOOST_TEST(!s.run(p.next()).has_value());
    BOOST_TEST(p.position().next_page == 4); // resuming there repeats nothing
    BOOST_TEST(p.position().finished);

    // A server that leaves current_page out still ends the walk at total_pages.
    scripted quiet([](const http_request& r) -> std::optional<tallyfy::http_response> {
        const auto n = std::to_string(page_of(r));
        return scripted_transport::json(R"({"data":[{"id":"a)" + n + R"("}],)" +
                                        R"("meta":{"pagination":{"total_pages":2}}})");
    });
    auto q = quiet.api.list_runs(quiet.per_page(1, false));
    auto [ids, ec] = quiet.walk(q);
    BOOST_TEST(!ec);
    BOOST_TEST(ids.size() == 2u);
    BOOST_TEST(quiet.transport->targets.size() == 2u); // no third, empty page
}

BOOST_AUTO_TEST_CASE(every_cancellation_type_and_an_early_one_cancel) {
    for (auto type : {asio::cancellation_type::terminal, asio::cancellation_type::partial,
                      asio::cancellation_type::total}) {
        scripted s([](const http_request&) -> std::optional<tallyfy::http_response> {
            return std::nullopt;
        });
        auto p = s.api.list_runs(s.per_page(2));
        asio::cancellation_signal cancel;
        boost::system::error_code got;
        p.next(asio::bind_cancellation_slot(
            cancel.slot(),
            [&](boost::system::error_code ec, std::optional<tallyfy::run>) { got = ec; }));
        s.ioc.poll();
        cancel.emit(type);
        s.ioc.restart();
        s.ioc.run();
        BOOST_TEST((got == error::cancelled));
        BOOST_TEST(s.transport->stalled() == 0);
    }

    // Emitted before the call had a chance to start.
    scripted s(
        [](const http_request&) -> std::optional<tallyfy::http_response> { return std::nullopt; });
    auto p = s.api.list_runs(s.per_page(2));
    asio::cancellation_signal cancel;
    boost::system::error_code got;
    p.next(asio::bind_cancellation_slot(
        cancel.slot(),
        [&](boost::system::error_code ec, std::optional<tallyfy::run>) { got = ec; }));
    cancel.emit(asio::cancellation_type::terminal);
    s.ioc.run();
    BOOST_TEST((got == error::cancelled));
    BOOST_TEST(s.transport->stalled() == 0);
}

BOOST_AUTO_TEST_CASE(a_caller_that_caught_a_cancellation_may_call_again) {
    scripted s(pages_of_two(1));
    auto p = s.api.list_runs(s.per_page(2));
    asio::cancellation_signal cancel;
    std::optional<tallyfy::run> got;
    auto caller = [&]() -> asio::awaitable<void> {
        co_await asio::this_coro::throw_if_cancelled(false);
        asio::steady_timer t(co_await asio::this_coro::executor, std::chrono::hours(1));
        co_await t.async_wait(asio::as_tuple(asio::use_awaitable)); // cancelled: state stays so
        // (with throw_if_cancelled on, Asio itself would throw at this co_await)
        got = co_await p.next(); // neither operation_aborted nor a refusal
    };
    auto done = asio::co_spawn(s.ioc, caller(),
                               asio::bind_cancellation_slot(cancel.slot(), asio::use_future));
    s.ioc.poll();
    cancel.emit(asio::cancellation_type::terminal);
    s.ioc.restart();
    s.ioc.run();
    BOOST_CHECK_NO_THROW(done.get());
    BOOST_TEST_REQUIRE(got.has_value());
    BOOST_TEST(got->id == "p1-a");
}
