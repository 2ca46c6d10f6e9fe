// SPDX-License-Identifier: BSL-1.0
// One-off tasks' lifecycle (archive, restore, delete, clone) and one person's task lists (mine,
// a member's, a guest's), against the sandbox over TLS.
#include <boost/test/unit_test.hpp>

#include "support/sandbox_client_fixture.hpp"

#include <algorithm>

namespace {

struct fixture : tallyfy::test::sandbox_client_fixture {
    std::int64_t me() {
        tallyfy::raw_request who{.path = "/me"};
        return run(api.request(who)).at("data").at("id").as_int64();
    }
    std::int64_t other_user(std::int64_t not_this) {
        tallyfy::raw_request list_users{.path = "/organizations/{org}/users"};
        const auto users = run(api.request(list_users));
        for (const auto& u : users.at("data").as_array())
            if (u.at("id").as_int64() != not_this)
                return u.at("id").as_int64();
        throw std::runtime_error("one user only");
    }
    tallyfy::task one_off(std::string title, std::int64_t owner) {
        tallyfy::create_task_request create{.title = std::move(title),
                                            .deadline = "2030-01-02 03:04:05"};
        create.owners.users = {owner};
        return run(api.create_task(create));
    }
    std::vector<std::string> ids(tallyfy::pager<tallyfy::task> pager) {
        std::vector<std::string> out;
        for (const auto& t : run(pager.collect(0)))
            out.push_back(t.id);
        std::sort(out.begin(), out.end());
        return out;
    }
    tallyfy::org_tasks_filter oneoff_only() {
        tallyfy::org_tasks_filter f;
        f.is_oneoff = true;
        return f;
    }
};

} // namespace

BOOST_FIXTURE_TEST_SUITE(task_lifecycle, fixture)

BOOST_AUTO_TEST_CASE(archive_restore_clone_and_delete_a_one_off_task) {
    auto task = one_off("Lifecycle", me());
    auto archived = run(api.archive_task({.task_id = task.id}));
    BOOST_TEST(archived.is_null()); // the API's empty 204
    BOOST_TEST(run(api.get_task({.task_id = task.id})).archived_at.has_value());
    // Archived tasks leave the default list; archiving again answers the same.
    BOOST_TEST(ids(api.list_org_tasks(oneoff_only())).empty());
    BOOST_TEST(run(api.archive_task({.task_id = task.id})).is_null());

    auto restored = run(api.restore_task({.task_id = task.id}));
    BOOST_TEST(restored.id == task.id);
    BOOST_TEST(!restored.archived_at.has_value());
    BOOST_TEST(ids(api.list_org_tasks(oneoff_only())) == std::vector<std::string>{task.id});

    auto copy = run(api.clone_task({.task_id = task.id}));
    BOOST_TEST(copy.id != task.id);
    BOOST_TEST(copy.title == "Lifecycle");
    BOOST_TEST(copy.status == "not-started");
    BOOST_TEST(copy.owners.users == task.owners.users);

    BOOST_TEST(run(api.delete_task({.task_id = task.id})).is_null());
    auto gone = failure(api.get_task({.task_id = task.id}));
    BOOST_TEST((gone.error_value() == tallyfy::error::not_found));
    // A delete is not re-sent blindly: a second one is the API's 404, not a success.
    auto again = failure(api.delete_task({.task_id = task.id}));
    BOOST_TEST((again.error_value() == tallyfy::error::not_found));
    BOOST_TEST(ids(api.list_org_tasks(oneoff_only())) == std::vector<std::string>{copy.id});

    // A process task belongs to its run: refused.
    auto r = launch("Quick Checklist");
    auto first = with_tasks(r.id).tasks->at(0);
    auto refused = failure(api.archive_task({.task_id = first.id}));
    BOOST_TEST((refused.error_value() == tallyfy::error::validation_failed));
}

BOOST_AUTO_TEST_CASE(my_tasks_and_a_members_tasks) {
    const auto self = me();
    const auto other = other_user(self);
    auto mine = one_off("Mine", self);
    auto theirs = one_off("Theirs", other);
    BOOST_TEST(ids(api.list_my_tasks(oneoff_only())) == std::vector<std::string>{mine.id});
    BOOST_TEST(ids(api.list_user_tasks(other, oneoff_only())) ==
               std::vector<std::string>{theirs.id});
    BOOST_TEST(sandbox.recorder().requests().back().target.find("/users/" + std::to_string(other) +
                                                                "/tasks") != std::string::npos);
    // An id below 1 is refused before any I/O; an unknown member is the API's 404.
    const auto before = recorded();
    auto bad = api.list_user_tasks(0);
    auto e = failure(bad.collect(0));
    BOOST_TEST((e.error_value() == tallyfy::error::invalid_argument));
    BOOST_TEST(recorded() == before);
    auto unknown = api.list_user_tasks(1);
    auto missing = failure(unknown.collect(0));
    BOOST_TEST((missing.error_value() == tallyfy::error::not_found));
}

BOOST_AUTO_TEST_CASE(a_guests_tasks_by_the_guests_id) {
    // Twelve tasks for one guest (its email in two cases), one for another.
    std::vector<std::string> expected;
    for (int i = 0; i < 12; ++i) {
        tallyfy::create_task_request create{.title = "For the guest " + std::to_string(i),
                                            .deadline = "2030-01-02 03:04:05"};
        create.owners.guests = {i % 2 == 0 ? "ann@example.com" : "Ann@Example.com"};
        expected.push_back(run(api.create_task(create)).id);
    }
    tallyfy::create_task_request other{.title = "Someone else's",
                                       .deadline = "2030-01-02 03:04:05"};
    other.owners.guests = {"bob@example.com"};
    run(api.create_task(other));
    std::sort(expected.begin(), expected.end());

    // The guest routes take the id the guest list gives, not the email.
    tallyfy::raw_request guests{.path = "/organizations/{org}/guests"};
    const auto listed = run(api.request(guests));
    std::string ann;
    for (const auto& g : listed.at("data").as_array())
        if (g.at("email").as_string() == "ann@example.com")
            ann = std::string(g.at("id").as_string());
    BOOST_TEST_REQUIRE(!ann.empty());
    BOOST_TEST(listed.at("data").as_array().size() == 2u); // one guest for both cases

    // The API pages this list by 10 whatever is asked: every task still arrives, once.
    auto filter = oneoff_only();
    filter.paging.per_page = 50;
    const auto before = recorded();
    BOOST_TEST(ids(api.list_guest_tasks(ann, filter)) == expected);
    BOOST_TEST(recorded() == before + 2); // pages of 10 and 2
    BOOST_TEST(sandbox.recorder().requests().back().target.find("/guests/" + ann + "/tasks") !=
               std::string::npos);

    // An email is not an id (the API's 404); an empty or hostile id is refused before any I/O.
    auto by_email = api.list_guest_tasks("ann@example.com");
    BOOST_TEST((failure(by_email.collect(0)).error_value() == tallyfy::error::not_found));
    const auto sent = recorded();
    for (std::string bad : {std::string(), std::string(".."), std::string("a\r\nX-Evil: 1")}) {
        auto refused = api.list_guest_tasks(bad);
        BOOST_TEST((failure(refused.collect(0)).error_value() == tallyfy::error::invalid_argument));
    }
    BOOST_TEST(recorded() == sent);
}

BOOST_AUTO_TEST_SUITE_END()
