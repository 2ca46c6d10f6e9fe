// SPDX-License-Identifier: BSL-1.0
// The API's hourly caps per organisation (guest invites, comments): the sandbox's counter with
// injected time (sandbox_unit_tests is not in every build, so it is tested here), and the caps
// over TLS: past one the API's 429 RATE_LIMIT_EXCEEDED with a Retry-After of about an hour, which
// the client reports as rate_limited without sending the request again, and which holds up no
// other call of the client; invalid requests are answered as ever and not counted; a refused
// request changes nothing.
#include <boost/test/unit_test.hpp>

#include "sandbox/api/hourly_caps.hpp"
#include "support/sandbox_client_fixture.hpp"

#include <algorithm>
#include <chrono>

namespace {

namespace sbx = tallyfy::sandbox;
using namespace std::chrono_literals;
using sbx::detail::hourly_cap;
using methods = std::vector<std::string>;

std::string header(const sbx::detail::pending_response& p, std::string_view name) {
    for (const auto& [k, v] : p.headers)
        if (k == name)
            return v;
    return {};
}

sbx::server_options capped() {
    sbx::server_options o;
    o.api.caps = {.guest_invites = 2, .comments = 3};
    return o;
}

struct fixture : tallyfy::test::sandbox_client_fixture {
    fixture()
        : sandbox_client_fixture(capped()) {}

    // The checks every cap refusal passes: the API's 429 and body, a Retry-After beyond what the
    // policy waits for, so one attempt: the POST is not sent again.
    void check_refusal(const tallyfy::api_error& e, std::size_t sent_before,
                       const std::string& message) {
        BOOST_TEST((e.error_value() == tallyfy::error::rate_limited));
        const auto& d = e.details();
        BOOST_TEST(d.http_status == 429u);
        BOOST_TEST(d.server_code == "RATE_LIMIT_EXCEEDED");
        BOOST_TEST(d.server_message == message);
        BOOST_TEST_REQUIRE(d.retry_after.has_value());
        BOOST_TEST(d.retry_after->count() > tallyfy::retry_policy{}.max_retry_after.count());
        BOOST_TEST(d.retry_after->count() <= 3600);
        BOOST_TEST(d.attempts.size() == 1u);
        BOOST_TEST((methods_since(sent_before) == methods{"POST"}));
        BOOST_TEST(d.detail.find("max_retry_after") != std::string::npos, d.detail);
    }
};

} // namespace

BOOST_AUTO_TEST_SUITE(hourly_caps)

BOOST_AUTO_TEST_CASE(counter_slides_with_injected_time) {
    const hourly_cap::clock::time_point t0{}; // any origin: only differences matter
    hourly_cap cap(3, 10s);
    BOOST_TEST(cap.enabled());
    BOOST_TEST(!cap.admit(t0).has_value());
    BOOST_TEST(!cap.admit(t0 + 1s).has_value());
    BOOST_TEST(!cap.admit(t0 + 2s).has_value());
    // Full: the wait is until the oldest admission leaves the window.
    auto wait = cap.admit(t0 + 3s);
    BOOST_TEST_REQUIRE(wait.has_value());
    BOOST_TEST(wait->count() == 7000);
    // A refusal is not counted: still full, the same end.
    wait = cap.admit(t0 + 9500ms);
    BOOST_TEST_REQUIRE(wait.has_value());
    BOOST_TEST(wait->count() == 500);
    // The oldest leaves at exactly t0 + window: one slot, then full until the next leaves.
    BOOST_TEST(!cap.admit(t0 + 10s).has_value());
    wait = cap.admit(t0 + 10s);
    BOOST_TEST_REQUIRE(wait.has_value());
    BOOST_TEST(wait->count() == 1000);
    // After a whole quiet window, `limit` again.
    const auto later = t0 + 30s;
    for (int i = 0; i < 3; ++i)
        BOOST_TEST(!cap.admit(later).has_value());
    BOOST_TEST(cap.admit(later).has_value());
}

BOOST_AUTO_TEST_CASE(counter_disabled_and_rounding) {
    hourly_cap off(0, 3600s);
    BOOST_TEST(!off.enabled());
    for (int i = 0; i < 1000; ++i)
        BOOST_TEST_REQUIRE(!off.admit(hourly_cap::clock::time_point{}).has_value());
    // Retry-After: whole seconds, rounded up, never 0 (waiting that long is always enough).
    BOOST_TEST(hourly_cap::retry_after_seconds(0ms) == 1u);
    BOOST_TEST(hourly_cap::retry_after_seconds(1ms) == 1u);
    BOOST_TEST(hourly_cap::retry_after_seconds(1000ms) == 1u);
    BOOST_TEST(hourly_cap::retry_after_seconds(1001ms) == 2u);
    BOOST_TEST(hourly_cap::retry_after_seconds(3'600'000ms) == 3600u);
}

BOOST_AUTO_TEST_CASE(refusal_shape) {
    const std::chrono::system_clock::time_point wall{1'700'000'000'250ms};
    auto p = sbx::detail::cap_exceeded("Guest Invite", 30, 1500ms, wall);
    BOOST_TEST(p.status == 429u);
    BOOST_TEST(p.body == (boost::json::object{
                             {"message", "You've reached the hourly limit for Guest Invite (30 per "
                                         "hour per organization). Please try again later."},
                             {"code", "RATE_LIMIT_EXCEEDED"}}));
    BOOST_TEST(header(p, "Retry-After") == "2");
    BOOST_TEST(header(p, "X-RateLimit-Reset") == "1700000002"); // 1700000001.75, rounded up
}

BOOST_FIXTURE_TEST_CASE(guest_invites_over_tls, fixture) {
    // Invalid: the API's 422, not counted.
    BOOST_TEST((failure(api.create_guest({.email = "not-an-email"})).error_value() ==
                tallyfy::error::validation_failed));
    run(api.create_guest({.email = "a@example.com"}));
    run(api.create_guest({.email = "b@example.com"}));

    const auto before = recorded();
    check_refusal(failure(api.create_guest({.email = "c@example.com", .first_name = "C"})), before,
                  "You've reached the hourly limit for Guest Invite (2 per hour per "
                  "organization). Please try again later.");

    // Nothing was created; a request that fails validation is still told so first. The same
    // client goes on at once: the cap holds up none of its other calls.
    auto guests = run(api.list_guests().collect(0));
    BOOST_TEST(guests.size() == 2u);
    BOOST_TEST(std::none_of(guests.begin(), guests.end(),
                            [](const tallyfy::guest& g) { return g.email == "c@example.com"; }));
    BOOST_TEST((failure(api.create_guest({.email = "A@example.com"})).error_value() ==
                tallyfy::error::validation_failed));
    // Reading and updating guests is not capped.
    auto renamed = run(api.update_guest({.email = "a@example.com", .first_name = "Ann"}));
    BOOST_TEST(renamed.first_name.value_or("") == "Ann");
}

BOOST_FIXTURE_TEST_CASE(comments_over_tls, fixture) {
    const auto r = launch("Quick Checklist");
    const auto tasks = *with_tasks(r.id).tasks;
    const auto& t = tasks.at(0);

    // Invalid: the API's 422, not counted.
    tallyfy::add_comment_request bad{.task_id = t.id, .content = "x"};
    bad.label = "bogus";
    BOOST_TEST((failure(api.add_comment(bad)).error_value() == tallyfy::error::validation_failed));
    // Every label counts: a comment, an advice, a problem.
    auto first = run(api.add_comment({.task_id = t.id, .content = "one"}));
    tallyfy::add_comment_request advice{.task_id = t.id, .content = "two"};
    advice.label = "advice";
    run(api.add_comment(advice));
    auto problem = run(api.report_problem({.task_id = t.id, .content = "three"}));

    const std::string message = "You've reached the hourly limit for Comment (3 per hour per "
                                "organization). Please try again later.";
    auto before = recorded();
    check_refusal(failure(api.add_comment({.task_id = t.id, .content = "four"})), before, message);

    // The cap is the action's, not the client's: the same client at once reads a task and
    // completes one, each sent once and answered.
    before = recorded();
    const auto read = run(api.get_task({.task_id = tasks.at(1).id, .run_id = r.id}));
    BOOST_TEST(read.id == tasks.at(1).id);
    tallyfy::complete_task_request complete{.task_id = tasks.at(1).id, .run_id = r.id};
    BOOST_TEST(run(api.complete_task(std::move(complete))).is_completed());
    BOOST_TEST((methods_since(before) == methods{"GET", "POST"}));

    // A resolution posts a comment too: refused, and the problem stays open.
    before = recorded();
    check_refusal(failure(api.resolve_problem(
                      {.task_id = t.id, .problem_id = problem.id, .content = "fixed"})),
                  before, message);

    // Nothing was posted; editing is not capped.
    tallyfy::list_comments_request list{.task_id = t.id, .run_id = r.id};
    auto listed = run(api.list_comments(list));
    BOOST_TEST_REQUIRE(listed.size() == 3u);
    BOOST_TEST(listed[2].id == problem.id);
    BOOST_TEST(listed[2].raw->at("resolved").as_bool() == false);
    auto edited =
        run(api.update_comment({.task_id = t.id, .comment_id = first.id, .content = "uno"}));
    BOOST_TEST(edited.content == "uno");
}

BOOST_AUTO_TEST_SUITE_END()
