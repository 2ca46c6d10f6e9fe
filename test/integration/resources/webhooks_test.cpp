// SPDX-License-Identifier: BSL-1.0
// Webhooks end to end: the sandbox posts the events Tallyfy posts (a run launched, each task
// completed, again on a repeat completion, the run completed) to tallyfy::webhooks::serve, which
// checks X-Tallyfy-orgID and types them; and the receiver's refusals, request by request.
#include <boost/test/unit_test.hpp>

#include "support/sandbox_client_fixture.hpp"

#include <tallyfy/webhooks.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>

#include <chrono>
#include <mutex>
#include <thread>

namespace {

namespace asio = boost::asio;
namespace http = boost::beast::http;
namespace hooks = tallyfy::webhooks;
using tallyfy::webhooks::event_kind;

/// A receiver on its own thread, listening before the sandbox exists (the sandbox takes its URL).
struct receiver_side {
    explicit receiver_side(std::string org)
        : receiver({.org_id = std::move(org)}) {
        acceptor.open(asio::ip::tcp::v4());
        acceptor.bind({asio::ip::make_address("127.0.0.1"), 0});
        acceptor.listen();
        url = "http://127.0.0.1:" + std::to_string(acceptor.local_endpoint().port()) + "/hooks";
        asio::co_spawn(rioc,
                       hooks::serve(acceptor, receiver,
                                    [this](const hooks::event& e) {
                                        std::lock_guard lock(mutex);
                                        events.push_back(e);
                                    }),
                       asio::detached);
        thread = std::thread([this] { rioc.run(); });
    }
    ~receiver_side() {
        asio::post(rioc, [this] { acceptor.close(); });
        rioc.stop();
        thread.join();
    }

    /// The events received once `n` have arrived (the test fails after 10 s without them).
    std::vector<hooks::event> wait_for(std::size_t n) {
        const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(10);
        while (std::chrono::steady_clock::now() < until) {
            {
                std::lock_guard lock(mutex);
                if (events.size() >= n)
                    return events;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
        }
        std::lock_guard lock(mutex);
        BOOST_TEST_REQUIRE(events.size() >= n);
        return events;
    }

    hooks::receiver receiver; // any path: the sandbox posts to /hooks
    asio::io_context rioc{1};
    asio::ip::tcp::acceptor acceptor{rioc};
    std::string url;
    std::mutex mutex;
    std::vector<hooks::event> events;
    std::thread thread;
};

tallyfy::sandbox::server_options posting_to(const std::string& url) {
    tallyfy::sandbox::server_options o;
    o.api.webhook_url = url;
    return o;
}

// The org id is only known once the sandbox exists: the seed fixes it, so a probe tells it.
std::string seeded_org() {
    static const std::string id = tallyfy::sandbox::server({.https = false}).org_id();
    return id;
}

struct fixture : receiver_side, tallyfy::test::sandbox_client_fixture {
    explicit fixture(std::string org = seeded_org())
        : receiver_side(std::move(org))
        , sandbox_client_fixture(posting_to(url)) {}

    std::vector<tallyfy::task> tasks_of(const std::string& run_id) {
        return run(api.list_run_tasks(run_id).collect(0));
    }
    tallyfy::task complete(const tallyfy::task& t) {
        tallyfy::complete_task_request request{.task_id = t.id, .run_id = t.run_id.value_or("")};
        return run(api.complete_task(std::move(request)));
    }
};

struct foreign_org_fixture : fixture {
    foreign_org_fixture()
        : fixture("0123456789abcdef0123456789abcdef") {}
};

http::request<http::string_body> post(std::string body, std::string org) {
    http::request<http::string_body> r{http::verb::post, "/hooks", 11};
    r.set(http::field::content_type, "application/json");
    if (!org.empty())
        r.set("X-Tallyfy-orgID", org);
    r.body() = std::move(body);
    return r;
}

} // namespace

BOOST_AUTO_TEST_SUITE(webhooks)

BOOST_FIXTURE_TEST_CASE(events_of_a_run_in_order, fixture) {
    const auto launched = launch("Quick Checklist");
    auto tasks = tasks_of(launched.id);
    BOOST_TEST_REQUIRE(tasks.size() == 2u);
    complete(tasks[0]);
    complete(tasks[1]);
    complete(tasks[0]); // a repeat: the API answers 200 and fires again

    const auto events = wait_for(5);
    BOOST_TEST_REQUIRE(events.size() == 5u);
    const event_kind kinds[] = {event_kind::process_launched, event_kind::task_completed,
                                event_kind::task_completed, event_kind::process_completed,
                                event_kind::task_completed};
    const std::string task_ids[] = {"", tasks[0].id, tasks[1].id, "", tasks[0].id};
    for (std::size_t i = 0; i < 5; ++i) {
        BOOST_TEST((events[i].kind == kinds[i]), i);
        BOOST_TEST(events[i].org_id == sandbox.org_id());
        BOOST_TEST_REQUIRE(events[i].process.has_value(), i);
        BOOST_TEST(events[i].process->id == launched.id);
        BOOST_TEST(events[i].task.has_value() == !task_ids[i].empty(), i);
        if (events[i].task)
            BOOST_TEST(events[i].task->id == task_ids[i]);
    }
    BOOST_TEST(events[0].name == "process.launched");
    BOOST_TEST(events[3].process->status == "complete");
    BOOST_TEST(events[1].raw->at("this_task").as_object().contains("completed_by"));
    BOOST_TEST(events[0].raw->contains("process-tasks")); // the documented process payload

    // The receiver sees an event before its reply reaches the sandbox, which then records it.
    auto attempts = sandbox.webhook_attempts();
    for (int i = 0; i < 1000 && attempts.size() < 5; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
        attempts = sandbox.webhook_attempts();
    }
    BOOST_TEST_REQUIRE(attempts.size() == 5u);
    for (const auto& a : attempts) {
        BOOST_TEST(a.status == 200u, a.error);
        BOOST_TEST(a.url == url);
    }
}

BOOST_FIXTURE_TEST_CASE(another_organisation_is_refused, foreign_org_fixture) {
    launch("Quick Checklist");
    std::vector<tallyfy::sandbox::webhook_attempt> attempts;
    for (int i = 0; i < 1000 && attempts.empty(); ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
        attempts = sandbox.webhook_attempts();
    }
    BOOST_TEST_REQUIRE(attempts.size() == 1u);
    BOOST_TEST(attempts[0].status == 403u);
    std::lock_guard lock(mutex);
    BOOST_TEST(events.empty());
}

BOOST_FIXTURE_TEST_CASE(a_task_with_its_own_url, fixture) {
    receiver_side own(sandbox.org_id());
    const auto launched = launch("Quick Checklist");
    auto first = tasks_of(launched.id).at(0);
    tallyfy::update_task_request set{.task_id = first.id, .run_id = launched.id};
    set.webhook = own.url;
    run(api.update_task(std::move(set)));
    complete(first);
    const auto mine = own.wait_for(1);
    BOOST_TEST(mine.size() == 1u);
    BOOST_TEST(mine[0].task->id == first.id);
    // The launch went to the sandbox-wide URL, the completion only to the task's.
    BOOST_TEST(wait_for(1).size() == 1u);
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    std::lock_guard lock(mutex);
    BOOST_TEST(events.size() == 1u);
}

BOOST_AUTO_TEST_CASE(receiver_refusals) {
    const std::string org = "feedfacefeedfacefeedfacefeedface";
    hooks::receiver r({.org_id = org, .path = "/hooks", .max_body_bytes = 64});
    auto status = [&](const http::request<http::string_body>& req) {
        return r.receive(req).reply.result_int();
    };
    auto elsewhere = post("{}", org);
    elsewhere.target("/hooks/../admin");
    BOOST_TEST(status(elsewhere) == 404u);
    auto get = post("{}", org);
    get.method(http::verb::get);
    BOOST_TEST(status(get) == 405u);
    auto text = post("{}", org);
    text.set(http::field::content_type, "text/plain");
    BOOST_TEST(status(text) == 415u);
    auto shouting = post(R"({"id":"a"})", org);
    shouting.set(http::field::content_type, "Application/JSON ; charset=utf-8");
    BOOST_TEST(status(shouting) == 200u);
    BOOST_TEST(status(post(R"({"id":"a"})", "")) == 403u);
    BOOST_TEST(status(post(R"({"id":"a"})", "x" + org)) == 403u);
    auto twice = post(R"({"id":"a"})", org);
    twice.insert("X-Tallyfy-orgID", "0123456789abcdef0123456789abcdef");
    BOOST_TEST(status(twice) == 403u); // which one would be believed?
    BOOST_TEST(status(post(std::string(65, ' '), org)) == 413u);
    auto declared = post("{}", org);
    declared.set(http::field::content_length, "99999999999999999999999");
    BOOST_TEST(r.screen(declared).value().reply.result_int() == 413u); // before any body
    auto not_json = r.receive(post("{\"id\":", org));
    BOOST_TEST(not_json.reply.result_int() == 400u);
    BOOST_TEST(!not_json.event.has_value());
    BOOST_TEST(status(post("[1]", org)) == 400u);

    // A payload the models do not take is still an event, with its JSON and the reason.
    auto odd = r.receive(post(R"({"id":"r","started_by":"user123"})", org));
    BOOST_TEST(odd.reply.result_int() == 200u);
    BOOST_TEST_REQUIRE(odd.event.has_value());
    BOOST_TEST(!odd.event->process.has_value());
    BOOST_TEST(odd.event->decode_problem.find("started_by") != std::string::npos,
               odd.event->decode_problem);
    BOOST_TEST(odd.event->raw->at("started_by").as_string() == "user123");

    auto ok = r.receive(post(R"({"id":"r1","status":"complete"})", org));
    BOOST_TEST(ok.reply.result_int() == 200u);
    BOOST_TEST_REQUIRE(ok.event.has_value());
    BOOST_TEST((ok.event->kind == event_kind::process_completed));
    BOOST_TEST(ok.event->org_id == org);
    BOOST_TEST(ok.event->decode_problem.empty());
}

BOOST_AUTO_TEST_CASE(parsing_kinds) {
    auto launched = hooks::parse_event(R"({"id":"r1","status":"active","name":"N"})");
    BOOST_TEST((launched.kind == event_kind::process_launched));
    BOOST_TEST(launched.process->name == "N");
    auto nulled = hooks::parse_event(R"({"event":"","this_task":null,"id":"r"})");
    BOOST_TEST((nulled.kind == event_kind::process_launched)); // shape, not an empty name
    BOOST_TEST(nulled.name == "process.launched");
    auto watcher = hooks::parse_event(R"({"event":"task.assigned","this_task":{"id":"t"}})");
    BOOST_TEST((watcher.kind == event_kind::other));
    BOOST_TEST(watcher.name == "task.assigned");
    BOOST_TEST(watcher.task->id == "t");
    auto named = hooks::parse_event(R"({"event":"process.completed","id":"r"})");
    BOOST_TEST((named.kind == event_kind::process_completed));
    BOOST_CHECK_THROW(hooks::parse_event("nope"), std::invalid_argument);
}

BOOST_AUTO_TEST_SUITE_END()
