// SPDX-License-Identifier: BSL-1.0
// Comments, problems and resolutions on a run and on a template, and bot comments on a task,
// against the sandbox over TLS: the routes and bodies sent, the threads kept apart per subject,
// the hourly comment cap, refusals before sending.
#include <boost/test/unit_test.hpp>

#include "support/sandbox_client_fixture.hpp"

namespace {

using tallyfy::comment_subject;

struct fixture : tallyfy::test::sandbox_client_fixture {
    explicit fixture(tallyfy::sandbox::server_options o = {})
        : sandbox_client_fixture(std::move(o)) {}

    tallyfy::run r = launch("Quick Checklist");
    std::string template_id = checklist("Quick Checklist");

    std::string last_target() { return sandbox.recorder().requests().back().target; }

    // The run's own comments, read with `with=threads`.
    boost::json::array run_threads() {
        tallyfy::get_run_request read{.run_id = r.id};
        read.with.extra = {"threads"};
        return run(api.get_run(read)).raw->at("threads").at("data").as_array();
    }
    boost::json::array template_threads() {
        tallyfy::raw_request read{.path = "/organizations/{org}/checklists/" + template_id,
                                  .query = {{"with", "threads"}}};
        return run(api.request(read)).at("data").at("threads").at("data").as_array();
    }
};

bool error_is(const tallyfy::api_error& e, tallyfy::error expected) {
    return e.error_value() == expected;
}

tallyfy::sandbox::server_options capped() {
    tallyfy::sandbox::server_options o;
    o.api.caps = {.guest_invites = 5, .comments = 2};
    return o;
}

struct capped_fixture : fixture {
    capped_fixture()
        : fixture(capped()) {}
};

} // namespace

BOOST_FIXTURE_TEST_SUITE(subject_comments, fixture)

BOOST_AUTO_TEST_CASE(comment_on_a_run) {
    BOOST_TEST(run_threads().empty());
    tallyfy::add_comment_request post{
        .content = "Run looks fine", .subject = comment_subject::run, .subject_id = r.id};
    post.state = "open";
    auto posted = run(api.add_comment(post));
    BOOST_TEST(posted.content == "Run looks fine");
    BOOST_TEST(posted.label == "comment");
    BOOST_TEST(posted.state == "open");
    BOOST_TEST(last_target().ends_with("/organizations/" + sandbox.org_id() + "/runs/" + r.id +
                                       "/comment"));
    BOOST_TEST(sandbox.recorder().requests().back().method == "POST");
    BOOST_TEST(
        (last_body() == boost::json::object{{"content", "Run looks fine"}, {"state", "open"}}));

    const auto threads = run_threads();
    BOOST_TEST_REQUIRE(threads.size() == 1u);
    BOOST_TEST(threads[0].at("id").as_string() == posted.id);
    // Kept on the run, not on its tasks.
    const auto t = with_tasks(r.id).tasks->at(0);
    tallyfy::list_comments_request list{.task_id = t.id, .run_id = r.id};
    BOOST_TEST(run(api.list_comments(list)).empty());
    // An unknown run is the API's 404.
    tallyfy::add_comment_request unknown{
        .content = "x", .subject = comment_subject::run, .subject_id = "0123456789abcdef"};
    BOOST_TEST(error_is(failure(api.add_comment(unknown)), tallyfy::error::not_found));
}

BOOST_AUTO_TEST_CASE(problem_and_resolution_on_a_template_and_a_run) {
    tallyfy::report_problem_request report{.content = "Step 2 is unclear",
                                           .subject = comment_subject::checklist,
                                           .subject_id = template_id};
    auto problem = run(api.report_problem(report));
    BOOST_TEST(problem.label == "problem");
    BOOST_TEST(last_target().ends_with("/checklists/" + template_id + "/problem"));
    BOOST_TEST((last_body() == boost::json::object{{"content", "Step 2 is unclear"}}));
    BOOST_TEST(template_threads().size() == 1u);

    // The template's problem is not the run's: resolving it there is the API's 422.
    tallyfy::resolve_problem_request elsewhere{.problem_id = problem.id,
                                               .content = "Clarified",
                                               .subject = comment_subject::run,
                                               .subject_id = r.id};
    BOOST_TEST(
        error_is(failure(api.resolve_problem(elsewhere)), tallyfy::error::validation_failed));
    BOOST_TEST(last_target().ends_with("/runs/" + r.id + "/resolved-threads"));

    tallyfy::resolve_problem_request resolve{.problem_id = problem.id,
                                             .content = "Clarified",
                                             .subject = comment_subject::checklist,
                                             .subject_id = template_id};
    auto resolution = run(api.resolve_problem(resolve));
    BOOST_TEST(resolution.label == "resolve");
    BOOST_TEST(last_target().ends_with("/checklists/" + template_id + "/resolved-threads"));
    BOOST_TEST(
        (last_body() == boost::json::object{{"thread_id", problem.id}, {"content", "Clarified"}}));
    const auto threads = template_threads();
    BOOST_TEST_REQUIRE(threads.size() == 2u);
    BOOST_TEST(threads[0].at("resolved").as_bool());
    // Resolved once: a second resolution is refused.
    BOOST_TEST(error_is(failure(api.resolve_problem(resolve)), tallyfy::error::validation_failed));

    // A problem on a run, and a plain comment on the template.
    tallyfy::report_problem_request on_run{
        .content = "Blocked", .subject = comment_subject::run, .subject_id = r.id};
    BOOST_TEST(run(api.report_problem(on_run)).label == "problem");
    BOOST_TEST(last_target().ends_with("/runs/" + r.id + "/problem"));
    tallyfy::add_comment_request on_template{
        .content = "Thanks", .subject = comment_subject::checklist, .subject_id = template_id};
    run(api.add_comment(on_template));
    BOOST_TEST(last_target().ends_with("/checklists/" + template_id + "/comment"));
    BOOST_TEST(template_threads().size() == 3u);
    BOOST_TEST(run_threads().size() == 1u);
}

BOOST_AUTO_TEST_CASE(bot_comment_on_a_task) {
    const auto t = with_tasks(r.id).tasks->at(0);
    tallyfy::add_comment_request bot{.task_id = t.id, .content = "Automated check passed"};
    bot.bot = true;
    auto posted = run(api.add_comment(bot));
    BOOST_TEST(posted.content == "Automated check passed");
    BOOST_TEST(last_target().ends_with("/tasks/" + t.id + "/bot-comment"));
    BOOST_TEST((last_body() == boost::json::object{{"content", "Automated check passed"}}));
    tallyfy::list_comments_request list{.task_id = t.id, .run_id = r.id};
    auto listed = run(api.list_comments(list));
    BOOST_TEST_REQUIRE(listed.size() == 1u);
    BOOST_TEST(listed[0].id == posted.id);
    BOOST_TEST(listed[0].raw->at("is_bot").as_bool());
}

BOOST_AUTO_TEST_CASE(refused_before_sending) {
    const auto t = with_tasks(r.id).tasks->at(0);
    const auto before = recorded();
    auto refused = [&](tallyfy::add_comment_request q) {
        return error_is(failure(api.add_comment(q)), tallyfy::error::invalid_argument);
    };
    tallyfy::add_comment_request no_id{.content = "x", .subject = comment_subject::run};
    BOOST_TEST(refused(no_id));
    tallyfy::add_comment_request hostile{
        .content = "x", .subject = comment_subject::checklist, .subject_id = ".."};
    BOOST_TEST(refused(hostile));
    tallyfy::add_comment_request both{
        .task_id = t.id, .content = "x", .subject = comment_subject::run, .subject_id = r.id};
    BOOST_TEST(refused(both));
    tallyfy::add_comment_request task_with_subject{
        .task_id = t.id, .content = "x", .subject_id = r.id};
    BOOST_TEST(refused(task_with_subject));
    tallyfy::add_comment_request bot_on_run{
        .content = "x", .subject = comment_subject::run, .subject_id = r.id, .bot = true};
    BOOST_TEST(refused(bot_on_run));
    tallyfy::add_comment_request bot_with_label{.task_id = t.id, .content = "x", .bot = true};
    bot_with_label.label = "advice";
    BOOST_TEST(refused(bot_with_label));
    tallyfy::add_comment_request empty{.subject = comment_subject::run, .subject_id = r.id};
    BOOST_TEST(refused(empty));
    tallyfy::report_problem_request hostile_problem{
        .content = "x", .subject = comment_subject::run, .subject_id = "."};
    BOOST_TEST(
        error_is(failure(api.report_problem(hostile_problem)), tallyfy::error::invalid_argument));
    tallyfy::resolve_problem_request hostile_resolve{.problem_id = "p",
                                                     .content = "x",
                                                     .subject = comment_subject::checklist,
                                                     .subject_id = "a\r\nb"};
    BOOST_TEST(
        error_is(failure(api.resolve_problem(hostile_resolve)), tallyfy::error::invalid_argument));
    BOOST_TEST(recorded() == before); // nothing sent
    BOOST_TEST(run_threads().empty());
}

BOOST_FIXTURE_TEST_CASE(the_hourly_cap_counts_run_and_template_comments, capped_fixture) {
    tallyfy::add_comment_request on_run{
        .content = "one", .subject = comment_subject::run, .subject_id = r.id};
    run(api.add_comment(on_run));
    tallyfy::report_problem_request on_template{
        .content = "two", .subject = comment_subject::checklist, .subject_id = template_id};
    run(api.report_problem(on_template));
    const auto before = recorded();
    tallyfy::add_comment_request third{
        .content = "three", .subject = comment_subject::run, .subject_id = r.id};
    BOOST_TEST(error_is(failure(api.add_comment(third)), tallyfy::error::rate_limited));
    BOOST_TEST(recorded() == before + 1); // sent once, not again
    BOOST_TEST(run_threads().size() == 1u);
}

BOOST_AUTO_TEST_SUITE_END()
