// SPDX-License-Identifier: BSL-1.0
// update_run keeps a run's members unless told otherwise; archive, activate and delete for good,
// against the sandbox over TLS.
#include <boost/test/unit_test.hpp>

#include "support/sandbox_client_fixture.hpp"

#include <boost/json/parse.hpp>

namespace json = boost::json;

namespace {

struct fixture : tallyfy::test::sandbox_client_fixture {
    // A run of the Quick Checklist with two member users and a group.
    tallyfy::run launch_with_members() {
        tallyfy::raw_request list_users{.path = "/organizations/{org}/users"};
        auto users = run(api.request(list_users)).at("data").as_array();
        tallyfy::launch_run_request launch{.checklist_id = checklist("Quick Checklist")};
        launch.users = {users.at(0).at("id").as_int64(), users.at(1).at("id").as_int64()};
        launch.groups = {"group-a"};
        return run(api.launch_run(launch));
    }
};

using methods = std::vector<std::string>;

} // namespace

BOOST_FIXTURE_TEST_SUITE(run_lifecycle, fixture)

BOOST_AUTO_TEST_CASE(a_rename_keeps_the_members) {
    auto r = launch_with_members();
    BOOST_TEST_REQUIRE(r.users.size() == 2u);
    tallyfy::update_run_request rename{.run_id = r.id};
    rename.name = "Renamed run";
    const auto from = sandbox.recorder().requests().size();
    auto after = run(api.update_run(rename));
    // Read, then one PUT that carries the members back: the API empties what it leaves out.
    BOOST_TEST(methods_since(from) == (methods{"GET", "PUT"}), boost::test_tools::per_element());
    const auto body = json::parse(sandbox.recorder().requests().back().body).as_object();
    BOOST_TEST(body.at("name") == "Renamed run");
    BOOST_TEST(body.at("users").as_array().size() == 2u);
    BOOST_TEST(after.name == "Renamed run");
    BOOST_TEST(after.users == r.users);
    BOOST_TEST(after.groups == r.groups);
}

BOOST_AUTO_TEST_CASE(members_given_are_sent_without_a_read) {
    auto r = launch_with_members();
    tallyfy::update_run_request change{.run_id = r.id};
    change.users = std::vector<std::int64_t>{r.users.at(0)};
    change.groups = std::vector<std::string>{};
    const auto from = sandbox.recorder().requests().size();
    auto after = run(api.update_run(change));
    BOOST_TEST(methods_since(from) == (methods{"PUT"}), boost::test_tools::per_element());
    BOOST_TEST(after.users == std::vector<std::int64_t>{r.users.at(0)});
    BOOST_TEST(after.groups.empty());
    // replace_members: a list not given removes its members.
    tallyfy::update_run_request replace{.run_id = r.id, .replace_members = true};
    replace.starred = true;
    auto replaced = run(api.update_run(replace));
    BOOST_TEST(replaced.users.empty());
    BOOST_TEST(replaced.starred);
    // A name over 550 characters is refused before any I/O.
    tallyfy::update_run_request too_long{.run_id = r.id};
    too_long.name = std::string(551, 'n');
    auto e = failure(api.update_run(too_long));
    BOOST_TEST((e.error_value() == tallyfy::error::invalid_argument));
}

BOOST_AUTO_TEST_CASE(archive_activate_and_delete_for_good) {
    auto r = launch("Quick Checklist");
    // Only an archived run can be deleted.
    auto refused = failure(api.delete_run({.run_id = r.id}));
    BOOST_TEST((refused.error_value() == tallyfy::error::validation_failed));
    auto archived = run(api.archive_run({.run_id = r.id}));
    BOOST_TEST(archived.status == "archived");
    BOOST_TEST(archived.archived_at.has_value());
    auto again = run(api.archive_run({.run_id = r.id})); // already archived: as it is
    BOOST_TEST(again.status == "archived");
    auto active = run(api.archive_run({.run_id = r.id, .archive = false}));
    BOOST_TEST(active.status == "active");
    BOOST_TEST(!active.archived_at.has_value());
    run(api.archive_run({.run_id = r.id}));
    auto answer = run(api.delete_run({.run_id = r.id}));
    BOOST_TEST(answer.is_null()); // 200 with an empty body
    auto gone = failure(api.get_run({.run_id = r.id}));
    BOOST_TEST((gone.error_value() == tallyfy::error::not_found));
}

BOOST_AUTO_TEST_CASE(kickoff_reopen_complete_and_export) {
    auto r = launch("Client Onboarding");
    BOOST_TEST(r.raw->at("prerun_status") == "complete"); // a launch submits the kick-off form
    auto reopened = run(api.complete_kickoff({.run_id = r.id, .reopen = true}));
    BOOST_TEST(sandbox.recorder().requests().back().method == "DELETE");
    BOOST_TEST(reopened.at("data").at("prerun_status") == "in-progress");
    BOOST_TEST(reopened.at("data").at("prerun_completed_at").is_null());
    auto completed = run(api.complete_kickoff({.run_id = r.id}));
    BOOST_TEST(sandbox.recorder().requests().back().method == "POST");
    BOOST_TEST(completed.at("data").at("prerun_status") == "complete");

    auto exported = run(api.export_run({.run_id = r.id}));
    const auto& data = exported.at("data");
    BOOST_TEST(data.at("id").as_string() == r.id);
    BOOST_TEST(data.at("tasks").at("data").as_array().size() == 4u);
    BOOST_TEST(data.at("ko_form_fields").at("data").as_array().size() == 8u);
    auto missing = failure(api.export_run({.run_id = std::string(32, 'b')}));
    BOOST_TEST((missing.error_value() == tallyfy::error::not_found));
}

BOOST_AUTO_TEST_SUITE_END()
