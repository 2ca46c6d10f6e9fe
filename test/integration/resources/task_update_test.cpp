// SPDX-License-Identifier: BSL-1.0
// update_task's safe partial updates, filling form fields before completing, and typed kick-off
// values, against the sandbox over TLS. The requests the sandbox recorded show what was sent.
#include <boost/test/unit_test.hpp>

#include "support/sandbox_client_fixture.hpp"

#include <tallyfy/form_values.hpp>

#include <boost/json/parse.hpp>

#include <algorithm>

namespace json = boost::json;

namespace {

struct fixture : tallyfy::test::sandbox_client_fixture {
    tallyfy::task first_task(const tallyfy::run& r) { return with_tasks(r.id).tasks->at(0); }
    std::vector<std::string> guests{"guest@example.com"};
};

using methods = std::vector<std::string>;

} // namespace

BOOST_FIXTURE_TEST_SUITE(task_updates, fixture)

BOOST_AUTO_TEST_CASE(a_partial_owners_change_keeps_the_other_buckets) {
    auto r = launch("Client Onboarding");
    auto before = first_task(r);
    BOOST_TEST_REQUIRE(!before.owners.users.empty());
    tallyfy::update_task_request change{.task_id = before.id, .run_id = r.id};
    change.owners.emplace().guests = guests;
    const auto from = recorded();
    auto after = run(api.update_task(change));
    // Read first (what the API would otherwise empty), then one PUT with all three buckets.
    BOOST_TEST(methods_since(from) == (methods{"GET", "PUT"}), boost::test_tools::per_element());
    const auto body = last_body();
    BOOST_TEST(body.size() == 1u); // owners only: nothing else is rewritten
    BOOST_TEST(body.at("owners").at("users").as_array().size() == before.owners.users.size());
    BOOST_TEST(after.owners.users == before.owners.users);
    BOOST_TEST(after.owners.guests == guests);
}

BOOST_AUTO_TEST_CASE(replace_owners_empties_the_buckets_not_given) {
    auto r = launch("Client Onboarding");
    auto before = first_task(r);
    tallyfy::update_task_request change{.task_id = before.id, .run_id = r.id};
    change.owners.emplace().guests = guests;
    change.replace_owners = true;
    const auto from = recorded();
    auto after = run(api.update_task(change));
    BOOST_TEST(methods_since(from) == (methods{"PUT"}), boost::test_tools::per_element());
    BOOST_TEST(after.owners.users.empty());
    BOOST_TEST(after.owners.guests == guests);
}

BOOST_AUTO_TEST_CASE(a_process_task_title_change_sends_only_the_title) {
    auto r = launch("Quick Checklist");
    auto before = first_task(r);
    tallyfy::update_task_request change{.task_id = before.id, .run_id = r.id};
    change.title = "Renamed";
    change.summary = "Why: a test";
    const auto from = recorded();
    auto after = run(api.update_task(change));
    BOOST_TEST(methods_since(from) == (methods{"PUT"}), boost::test_tools::per_element());
    BOOST_TEST(last_body() == (json::object{{"title", "Renamed"}, {"summary", "Why: a test"}}));
    BOOST_TEST(after.title == "Renamed");
    BOOST_TEST((after.owners == before.owners));
}

BOOST_AUTO_TEST_CASE(a_one_off_task_update_resends_what_the_api_requires) {
    tallyfy::raw_request list_users{.path = "/organizations/{org}/users"};
    auto users = run(api.request(list_users));
    const auto user = users.at("data").at(0).at("id").as_int64();
    tallyfy::create_task_request create{.title = "One-off", .deadline = "2030-01-02 03:04:05"};
    create.owners.users = {user};
    auto created = run(api.create_task(create));
    tallyfy::update_task_request change{.task_id = created.id};
    change.summary = "only the summary";
    const auto from = recorded();
    auto after = run(api.update_task(change));
    BOOST_TEST(methods_since(from) == (methods{"GET", "PUT"}), boost::test_tools::per_element());
    const auto body = last_body();
    BOOST_TEST(body.at("title") == "One-off");
    BOOST_TEST(body.contains("deadline"));
    BOOST_TEST(body.at("owners").at("users") == json::array{user});
    BOOST_TEST(after.summary.value_or("") == "only the summary");
    BOOST_TEST(after.title == "One-off");
    BOOST_TEST((after.deadline == created.deadline));
    BOOST_TEST(after.owners.users == std::vector<std::int64_t>{user});
}

BOOST_AUTO_TEST_CASE(complete_fills_the_form_fields_first) {
    auto r = launch("Client Onboarding");
    auto t = first_task(r);
    // The step has a required field: completing without it is the API's 422.
    auto refused = failure(api.complete_task({.task_id = t.id, .run_id = r.id}));
    BOOST_TEST((refused.error_value() == tallyfy::error::validation_failed));
    tallyfy::get_task_request read{.task_id = t.id, .run_id = r.id};
    read.with.form_fields = true;
    auto with_fields = run(api.get_task(read));
    const auto& account = tallyfy::find_field(with_fields.form_fields.value(), "account NUMBER");
    BOOST_TEST(account.required);
    tallyfy::complete_task_request complete{.task_id = t.id, .run_id = r.id};
    complete.fields[account.id] = tallyfy::field_value_from_text(account, "ACME-1");
    const auto from = recorded();
    auto done = run(api.complete_task(complete));
    BOOST_TEST(methods_since(from) == (methods{"PUT", "POST"}), boost::test_tools::per_element());
    BOOST_TEST(done.is_completed());
    BOOST_TEST(sandbox.completion_calls(t.id) == 1u);
    auto back = run(api.get_task(read));
    const auto& saved = tallyfy::find_field(back.form_fields.value(), account.id);
    BOOST_TEST(saved.value == json::value("ACME-1"));
}

BOOST_AUTO_TEST_CASE(a_refused_fill_completes_nothing) {
    auto r = launch("Client Onboarding");
    auto t = first_task(r);
    tallyfy::get_task_request read{.task_id = t.id, .run_id = r.id};
    read.with.form_fields = true;
    auto with_fields = run(api.get_task(read));
    const auto& account = tallyfy::find_field(with_fields.form_fields.value(), "Account number");
    tallyfy::complete_task_request complete{.task_id = t.id, .run_id = r.id};
    complete.fields[account.id] = tallyfy::dropdown_choice{1, "a text field takes no choice"};
    auto e = failure(api.complete_task(complete));
    BOOST_TEST((e.error_value() == tallyfy::error::validation_failed));
    BOOST_TEST(sandbox.completion_calls(t.id) == 0u);
}

BOOST_AUTO_TEST_CASE(kick_off_values_typed_by_label) {
    tallyfy::get_checklist_request read{.checklist_id = checklist("Client Onboarding")};
    read.with.prerun = true;
    auto c = run(api.get_checklist(read));
    const auto& fields = c.prerun.value();
    tallyfy::launch_run_request launch{.checklist_id = c.id};
    auto set = [&](std::string_view label, std::string_view text) {
        const auto& f = tallyfy::find_field(fields, label);
        launch.prerun[f.id] = tallyfy::field_value_from_text(f, text);
        return f.id;
    };
    const auto name = set("Client name", "Acme");
    const auto region = set("region", "apac");                  // dropdown: {id, text}
    const auto priority = set("Priority", "HIGH");              // radio: the option's own text
    const auto services = set("Services", "Support, Training"); // multiselect
    auto launched = run(api.launch_run(launch));
    BOOST_TEST(launched.prerun.at(name) == "Acme");
    BOOST_TEST(launched.prerun.at(region).at("text") == "APAC");
    BOOST_TEST(launched.prerun.at(priority) == "High");
    BOOST_TEST(launched.prerun.at(services).as_array().size() == 2u);
    // The kick-off form and the tasks' form fields are two includes, each in its own member.
    tallyfy::get_run_request again{.run_id = launched.id};
    again.with.form_fields = true;
    again.with.ko_form_fields = true;
    auto both = run(api.get_run(again));
    BOOST_TEST_REQUIRE(both.ko_form_fields.has_value());
    BOOST_TEST_REQUIRE(both.form_fields.has_value());
    BOOST_TEST(both.ko_form_fields->size() == fields.size());
    BOOST_TEST(tallyfy::find_field(*both.form_fields, "Account number").required);
}

BOOST_AUTO_TEST_CASE(a_nested_include_brings_its_parent) {
    auto r = launch("Quick Checklist");
    tallyfy::get_run_request read{.run_id = r.id};
    read.with.extra = {"tasks.step"};
    auto got = run(api.get_run(read));
    BOOST_TEST_REQUIRE(got.tasks.has_value());
    BOOST_TEST(got.tasks->size() == 2u);
    BOOST_TEST(got.tasks->at(0).raw->at("step").at("data").at("title") == "First thing");
}

BOOST_AUTO_TEST_SUITE_END()
