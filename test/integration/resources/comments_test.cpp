// SPDX-License-Identifier: BSL-1.0
// Comments on tasks against the sandbox over TLS: post, list, edit, delete, a problem and its
// resolution, refusals before sending and the API's 422s.
#include <boost/test/unit_test.hpp>

#include "support/sandbox_client_fixture.hpp"

namespace {

struct fixture : tallyfy::test::sandbox_client_fixture {
    tallyfy::run r = launch("Quick Checklist");
    tallyfy::task t = with_tasks(r.id).tasks->at(0);

    std::vector<tallyfy::comment> comments() {
        tallyfy::list_comments_request list{.task_id = t.id, .run_id = r.id};
        return run(api.list_comments(list));
    }
};

bool error_is(const tallyfy::api_error& e, tallyfy::error expected) {
    return e.error_value() == expected;
}

} // namespace

BOOST_FIXTURE_TEST_SUITE(comments, fixture)

BOOST_AUTO_TEST_CASE(post_list_edit_delete) {
    BOOST_TEST(comments().empty());
    tallyfy::add_comment_request first{.task_id = t.id, .content = "Looks good @[1]"};
    auto posted = run(api.add_comment(first));
    BOOST_TEST(posted.content == "Looks good @[1]");
    BOOST_TEST(posted.label == "comment");
    BOOST_TEST(posted.state == "hide-for-guests"); // the API's default: guests do not see it
    BOOST_TEST(posted.created_at.has_value());
    tallyfy::add_comment_request second{.task_id = t.id, .content = "For everyone"};
    second.label = "advice";
    second.state = "open";
    auto advice = run(api.add_comment(second));
    BOOST_TEST(advice.state == "open");

    auto listed = comments();
    BOOST_TEST_REQUIRE(listed.size() == 2u);
    BOOST_TEST(listed[0].id == posted.id);
    BOOST_TEST(listed[1].label == "advice");
    // One-off route (no run id) reads the same threads.
    tallyfy::list_comments_request by_task{.task_id = t.id};
    BOOST_TEST(run(api.list_comments(by_task)).size() == 2u);

    tallyfy::update_comment_request edit{
        .task_id = t.id, .comment_id = posted.id, .content = "Looks great"};
    auto edited = run(api.update_comment(edit));
    BOOST_TEST(edited.content == "Looks great");
    BOOST_TEST(edited.label == "comment");
    auto deleted = run(api.delete_comment({.task_id = t.id, .comment_id = posted.id}));
    BOOST_TEST(deleted.is_null());
    BOOST_TEST(comments().size() == 1u);
    auto again = failure(api.delete_comment({.task_id = t.id, .comment_id = posted.id}));
    BOOST_TEST(error_is(again, tallyfy::error::not_found));
}

BOOST_AUTO_TEST_CASE(a_problem_and_its_resolution) {
    tallyfy::report_problem_request report{.task_id = t.id, .content = "The form is wrong"};
    auto problem = run(api.report_problem(report));
    BOOST_TEST(problem.label == "problem");
    tallyfy::get_task_request read{.task_id = t.id, .run_id = r.id};
    read.with.extra = {"issues"};
    BOOST_TEST(run(api.get_task(read)).raw->at("issues").at("data").as_array().size() == 1u);
    tallyfy::resolve_problem_request resolve{
        .task_id = t.id, .problem_id = problem.id, .content = "Fixed"};
    auto resolution = run(api.resolve_problem(resolve));
    BOOST_TEST(resolution.label == "resolve");
    BOOST_TEST(run(api.get_task(read)).raw->at("issues").at("data").as_array().empty());
    // A comment that is not an open problem cannot be resolved.
    auto refused = failure(api.resolve_problem(resolve));
    BOOST_TEST(error_is(refused, tallyfy::error::validation_failed));
}

BOOST_AUTO_TEST_CASE(refusals) {
    const auto before = sandbox.recorder().requests().size();
    tallyfy::add_comment_request empty{.task_id = t.id};
    BOOST_TEST(error_is(failure(api.add_comment(empty)), tallyfy::error::invalid_argument));
    tallyfy::add_comment_request hostile{.task_id = "..", .content = "x"};
    BOOST_TEST(error_is(failure(api.add_comment(hostile)), tallyfy::error::invalid_argument));
    BOOST_TEST(sandbox.recorder().requests().size() == before); // refused before any I/O
    tallyfy::add_comment_request bad_label{.task_id = t.id, .content = "x"};
    bad_label.label = "shout";
    auto e = failure(api.add_comment(bad_label));
    BOOST_TEST(error_is(e, tallyfy::error::validation_failed));
    BOOST_TEST(comments().empty());
}

BOOST_AUTO_TEST_SUITE_END()
