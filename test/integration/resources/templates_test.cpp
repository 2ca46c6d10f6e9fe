// SPDX-License-Identifier: BSL-1.0
// Templates (checklists): typed reads (kick-off fields, steps, form fields), create, the safe
// partial update that keeps the title and access lists, archive and delete for good, clone,
// publish; one step read and updated, a step's form fields created, updated and deleted, a
// kick-off field deleted; and a run's form fields. Against the sandbox over TLS.
#include <boost/test/unit_test.hpp>

#include "support/sandbox_client_fixture.hpp"

#include <tallyfy/form_values.hpp>

#include <algorithm>

namespace json = boost::json;

namespace {

struct fixture : tallyfy::test::sandbox_client_fixture {
    std::vector<std::int64_t> two_users() {
        tallyfy::raw_request list_users{.path = "/organizations/{org}/users"};
        auto users = run(api.request(list_users)).at("data").as_array();
        return {users.at(0).at("id").as_int64(), users.at(1).at("id").as_int64()};
    }
    tallyfy::checklist create(std::string title) {
        tallyfy::create_checklist_request request{.title = std::move(title)};
        request.summary = "made by a test";
        request.users = two_users();
        request.groups = std::vector<std::string>{"group-a"};
        return run(api.create_checklist(request));
    }
};

using methods = std::vector<std::string>;

} // namespace

BOOST_FIXTURE_TEST_SUITE(templates, fixture)

BOOST_AUTO_TEST_CASE(kickoff_fields_steps_and_form_fields_are_typed) {
    tallyfy::get_checklist_request read{.checklist_id = checklist("Client Onboarding")};
    read.with.prerun = true;
    read.with.steps = true;
    auto c = run(api.get_checklist(read));
    BOOST_TEST(c.title == "Client Onboarding");
    BOOST_TEST(c.type == "procedure");
    BOOST_TEST(c.status == "published");
    BOOST_TEST(!c.archived_at.has_value());
    BOOST_TEST_REQUIRE(c.prerun.has_value());
    const auto& region = tallyfy::find_field(*c.prerun, "Region");
    BOOST_TEST(region.field_type == "dropdown");
    BOOST_TEST(region.options.size() == 3u);
    BOOST_TEST(tallyfy::find_field(*c.prerun, "client name").required);
    BOOST_TEST_REQUIRE(c.steps.has_value());
    BOOST_TEST_REQUIRE(c.steps->size() == 4u);
    BOOST_TEST(c.steps->at(1).task_type == "approval");

    // The steps route answers the same steps, in order, with their fields typed.
    auto steps = run(api.list_steps({.checklist_id = c.id}));
    BOOST_TEST_REQUIRE(steps.size() == 4u);
    for (std::size_t i = 0; i < steps.size(); ++i) {
        BOOST_TEST(steps[i].id == c.steps->at(i).id);
        BOOST_TEST(steps[i].position == static_cast<std::int64_t>(i + 1));
        BOOST_TEST(steps[i].checklist_id == c.id);
    }
    BOOST_TEST_REQUIRE(steps[0].form_fields.has_value());
    BOOST_TEST(tallyfy::find_field(*steps[0].form_fields, "Account number").required);

    // The template's form fields: those of its steps.
    auto fields = run(api.list_form_fields({.checklist_id = c.id}));
    std::size_t in_steps = 0;
    for (const auto& step : steps)
        in_steps += step.form_fields ? step.form_fields->size() : 0;
    BOOST_TEST(fields.size() == in_steps);
    BOOST_TEST(fields.at(0).raw->at("step_id").as_string() == steps[0].id);

    // A run's form fields carry the values submitted.
    auto launched = launch("Client Onboarding");
    auto first = *with_tasks(launched.id).tasks;
    tallyfy::update_task_request fill{.task_id = first.at(0).id, .run_id = launched.id};
    fill.fields[fields.at(0).id] = std::string("ACC-42");
    run(api.update_task(fill));
    auto run_fields = run(api.list_form_fields({.run_id = launched.id}));
    const auto& account = tallyfy::find_field(run_fields, "Account number");
    BOOST_TEST(account.value == json::value("ACC-42"));
    BOOST_TEST(account.raw->at("task_id").as_string() == first.at(0).id);

    // Neither or both ids: refused before any I/O.
    const auto before = recorded();
    auto neither = failure(api.list_form_fields({}));
    BOOST_TEST((neither.error_value() == tallyfy::error::invalid_argument));
    auto both = failure(api.list_form_fields({.checklist_id = c.id, .run_id = launched.id}));
    BOOST_TEST((both.error_value() == tallyfy::error::invalid_argument));
    BOOST_TEST(recorded() == before);
    auto missing = failure(api.list_steps({.checklist_id = std::string(32, 'a')}));
    BOOST_TEST((missing.error_value() == tallyfy::error::not_found));
}

BOOST_AUTO_TEST_CASE(launch_by_kickoff_label) {
    const auto id = checklist("Client Onboarding");
    tallyfy::get_checklist_request read{.checklist_id = id};
    read.with.prerun = true;
    const auto fields = *run(api.get_checklist(read)).prerun;

    // Labels in any case, typed by the field's kind; an id given in `prerun` is kept.
    tallyfy::launch_run_request launch{.checklist_id = id, .name = "By label"};
    launch.prerun_by_label = {{"client name", "Acme"}, {"Region", "apac"}};
    const auto& notes = tallyfy::find_field(fields, "Notes");
    launch.prerun[notes.id] = std::string("kept");
    const auto from = recorded();
    auto launched = run(api.launch_run(launch));
    BOOST_TEST(launched.name == "By label");
    BOOST_TEST((methods_since(from) == methods{"GET", "POST"})); // the template read once
    const auto prerun = last_body().at("prerun").as_object();
    const auto& region = tallyfy::find_field(fields, "Region");
    BOOST_TEST(prerun.at(tallyfy::find_field(fields, "Client name").id).as_string() == "Acme");
    BOOST_TEST(prerun.at(region.id) ==
               tallyfy::field_value_to_json(tallyfy::field_value_from_text(region, "APAC")));
    BOOST_TEST(prerun.at(notes.id).as_string() == "kept");
    BOOST_TEST(prerun.size() == 3u);

    // An unknown label, or a value the field's kind refuses: invalid_argument, nothing launched.
    for (auto bad : std::vector<std::pair<std::string, std::string>>{{"No such field", "x"},
                                                                     {"Region", "Antarctica"}}) {
        tallyfy::launch_run_request refused{.checklist_id = id};
        refused.prerun_by_label = {{"Client name", "Acme"}, bad};
        const auto before = recorded();
        auto e = failure(api.launch_run(refused));
        BOOST_TEST((e.error_value() == tallyfy::error::invalid_argument));
        BOOST_TEST(std::string(e.what()).find("launch_run") != std::string::npos);
        BOOST_TEST((methods_since(before) == methods{"GET"}));
    }
}

BOOST_AUTO_TEST_CASE(create_then_publish) {
    auto created = create("Test template");
    BOOST_TEST(created.title == "Test template");
    BOOST_TEST(created.summary == "made by a test");
    BOOST_TEST(created.type == "procedure");
    BOOST_TEST(created.status == "draft");
    BOOST_TEST(created.users.size() == 2u);
    BOOST_TEST(created.groups == std::vector<std::string>{"group-a"});
    const auto sent = last_body();
    BOOST_TEST(sent.at("type") == "procedure"); // the API refuses a create without one

    auto published = run(api.publish_checklist({.checklist_id = created.id}));
    BOOST_TEST(published.at("data").at("status") == "published");

    // An empty title is refused before sending; a type the API does not know is its 422.
    const auto before = recorded();
    auto untitled = failure(api.create_checklist({.title = ""}));
    BOOST_TEST((untitled.error_value() == tallyfy::error::invalid_argument));
    BOOST_TEST(recorded() == before);
    auto typo = failure(api.create_checklist({.title = "x", .type = "procedures"}));
    BOOST_TEST((typo.error_value() == tallyfy::error::validation_failed));
    BOOST_TEST(typo.details().field_errors.count("type") == 1u);
}

BOOST_AUTO_TEST_CASE(an_update_keeps_the_title_and_access_lists) {
    auto created = create("Keep my access");
    tallyfy::update_checklist_request summary_only{.checklist_id = created.id};
    summary_only.summary = "new summary";
    const auto from = recorded();
    auto after = run(api.update_checklist(summary_only));
    // Read, then one PUT carrying the title and access lists back: the API requires the one and
    // empties the others when left out.
    BOOST_TEST(methods_since(from) == (methods{"GET", "PUT"}), boost::test_tools::per_element());
    const auto body = last_body();
    BOOST_TEST(body.at("title") == "Keep my access");
    BOOST_TEST(body.at("summary") == "new summary");
    BOOST_TEST(body.at("users").as_array().size() == 2u);
    BOOST_TEST(after.summary == "new summary");
    BOOST_TEST(after.users == created.users);
    BOOST_TEST(after.groups == created.groups);

    // Everything given: one PUT, no read.
    tallyfy::update_checklist_request full{.checklist_id = created.id};
    full.title = "Renamed";
    full.users = std::vector<std::int64_t>{created.users.at(0)};
    full.groups = std::vector<std::string>{};
    const auto from_full = recorded();
    auto renamed = run(api.update_checklist(full));
    BOOST_TEST(methods_since(from_full) == (methods{"PUT"}), boost::test_tools::per_element());
    BOOST_TEST(renamed.title == "Renamed");
    BOOST_TEST(renamed.users == std::vector<std::int64_t>{created.users.at(0)});
    BOOST_TEST(renamed.groups.empty());

    // replace_permissions with a title: the lists not given are emptied, on purpose.
    tallyfy::update_checklist_request replace{.checklist_id = created.id,
                                              .replace_permissions = true};
    replace.title = "Renamed";
    auto replaced = run(api.update_checklist(replace));
    BOOST_TEST(replaced.users.empty());

    // The hazard itself, sent raw: a PUT without users and groups removes everyone's access.
    auto again = create("Raw update");
    tallyfy::raw_request raw{.method = tallyfy::http_method::put,
                             .path = "/organizations/{org}/checklists/" + again.id,
                             .body = json::object{{"title", "Raw update"}},
                             .idempotent = true};
    auto wiped = run(api.request(raw));
    BOOST_TEST(wiped.at("data").at("users").as_array().empty());
    tallyfy::raw_request untitled = raw;
    untitled.body = json::object{{"summary", "no title"}};
    auto e = failure(api.request(untitled));
    BOOST_TEST((e.error_value() == tallyfy::error::validation_failed));
}

BOOST_AUTO_TEST_CASE(archive_delete_and_clone) {
    auto source = checklist("Client Onboarding");
    tallyfy::clone_checklist_request clone{.checklist_id = source};
    clone.title = "Onboarding copy";
    auto copy = run(api.clone_checklist(clone));
    BOOST_TEST(copy.id != source);
    BOOST_TEST(copy.title == "Onboarding copy");
    BOOST_TEST(last_body().at("tenant").as_string() == sandbox.org_id());
    tallyfy::get_checklist_request read{.checklist_id = copy.id};
    read.with.prerun = true;
    read.with.steps = true;
    auto copied = run(api.get_checklist(read));
    BOOST_TEST(copied.steps->size() == 4u);
    BOOST_TEST(copied.prerun->size() == 8u);

    // A permanent delete of a template not archived is the API's 422, and deletes nothing.
    auto refused = failure(api.delete_checklist({.checklist_id = copy.id, .permanently = true}));
    BOOST_TEST((refused.error_value() == tallyfy::error::validation_failed));

    auto archived = run(api.delete_checklist({.checklist_id = copy.id}));
    BOOST_TEST(archived.at("message").as_string().starts_with("The Template was deleted"));
    BOOST_TEST(run(api.get_checklist({.checklist_id = copy.id})).archived_at.has_value());
    auto pager = api.list_checklists();
    auto listed = run(pager.collect(0));
    BOOST_TEST(std::none_of(listed.begin(), listed.end(),
                            [&](const tallyfy::checklist& c) { return c.id == copy.id; }));
    // An archived template cannot be launched.
    auto launch_archived = failure(api.launch_run({.checklist_id = copy.id}));
    BOOST_TEST((launch_archived.error_value() == tallyfy::error::validation_failed));

    auto deleted = run(api.delete_checklist({.checklist_id = copy.id, .permanently = true}));
    BOOST_TEST(deleted.is_null()); // an empty 200
    auto gone = failure(api.get_checklist({.checklist_id = copy.id}));
    BOOST_TEST((gone.error_value() == tallyfy::error::not_found));
}

BOOST_AUTO_TEST_CASE(a_step_is_read_and_updated) {
    const auto id = checklist("Client Onboarding");
    const auto steps = run(api.list_steps({.checklist_id = id}));
    tallyfy::get_step_request read{.checklist_id = id, .step_id = steps.at(1).id};
    auto step = run(api.get_step(read));
    BOOST_TEST(step.id == steps.at(1).id);
    BOOST_TEST(step.title == steps.at(1).title);
    BOOST_TEST(step.task_type == "approval");
    BOOST_TEST(sandbox.recorder().requests().back().target.ends_with("/checklists/" + id +
                                                                     "/steps/" + step.id));

    tallyfy::update_step_request update{.checklist_id = id, .step_id = step.id};
    update.title = "Review the contract";
    update.extra = {{"task_type", "task"}};
    const auto from = recorded();
    auto updated = run(api.update_step(update));
    BOOST_TEST(methods_since(from) == (methods{"PUT"}), boost::test_tools::per_element());
    const auto body = last_body();
    BOOST_TEST(body.at("title") == "Review the contract");
    BOOST_TEST(body.at("task_type") == "task");
    BOOST_TEST(!body.contains("summary")); // only the members set are sent
    BOOST_TEST(updated.title == "Review the contract");
    BOOST_TEST(updated.task_type == "task");
    BOOST_TEST(updated.summary == step.summary);
    auto again = run(api.list_steps({.checklist_id = id}));
    BOOST_TEST(again.at(1).title == "Review the contract");

    // The sandbox's 422 for a type it does not know; an unknown step is a 404.
    tallyfy::update_step_request typo{.checklist_id = id, .step_id = step.id};
    typo.extra = {{"task_type", "tasks"}};
    auto refused = failure(api.update_step(typo));
    BOOST_TEST((refused.error_value() == tallyfy::error::validation_failed));
    BOOST_TEST(refused.details().field_errors.count("task_type") == 1u);
    tallyfy::get_step_request unknown{.checklist_id = id, .step_id = std::string(32, 'a')};
    BOOST_TEST((failure(api.get_step(unknown)).error_value() == tallyfy::error::not_found));

    // An empty title and hostile ids: refused before any I/O.
    const auto before = recorded();
    tallyfy::update_step_request untitled{.checklist_id = id, .step_id = step.id};
    untitled.title = "";
    BOOST_TEST(
        (failure(api.update_step(untitled)).error_value() == tallyfy::error::invalid_argument));
    for (const char* bad : {"", ".", "..", "a\r\nX: 1"}) {
        tallyfy::get_step_request hostile{.checklist_id = id, .step_id = bad};
        BOOST_TEST(
            (failure(api.get_step(hostile)).error_value() == tallyfy::error::invalid_argument));
        tallyfy::update_step_request hostile_update{.checklist_id = bad, .step_id = step.id};
        hostile_update.title = "x";
        BOOST_TEST((failure(api.update_step(hostile_update)).error_value() ==
                    tallyfy::error::invalid_argument));
    }
    BOOST_TEST(recorded() == before);
}

BOOST_AUTO_TEST_CASE(step_fields_are_created_updated_and_deleted) {
    const auto id = checklist("Client Onboarding");
    const auto step_id = run(api.list_steps({.checklist_id = id})).at(2).id;
    const auto fields_before = run(api.list_form_fields({.checklist_id = id})).size();

    tallyfy::create_step_field_request create{.checklist_id = id,
                                              .step_id = step_id,
                                              .label = "Priority",
                                              .field_type = "dropdown",
                                              .required = true,
                                              .choices = {"Low", "High"}};
    auto created = run(api.create_step_field(create));
    const auto sent = last_body();
    BOOST_TEST(sent.at("label") == "Priority");
    BOOST_TEST(sent.at("field_type") == "dropdown");
    BOOST_TEST(sent.at("required") == true);
    BOOST_TEST(sent.at("options").as_array().at(1).at("text") == "High");
    BOOST_TEST(
        sandbox.recorder().requests().back().target.ends_with("/steps/" + step_id + "/captures"));
    BOOST_TEST(!created.id.empty());
    BOOST_TEST(created.label == "Priority");
    BOOST_TEST(created.required);
    BOOST_TEST(created.options.size() == 2u);

    // It is the step's: in the template's fields and in the step read back.
    auto fields = run(api.list_form_fields({.checklist_id = id}));
    BOOST_TEST(fields.size() == fields_before + 1);
    BOOST_TEST(tallyfy::find_field(fields, "Priority").id == created.id);
    tallyfy::get_step_request read{.checklist_id = id, .step_id = step_id};
    BOOST_TEST(tallyfy::find_field(*run(api.get_step(read)).form_fields, "Priority").id ==
               created.id);

    tallyfy::update_step_field_request update{
        .checklist_id = id, .step_id = step_id, .field_id = created.id};
    update.label = "Urgency";
    update.required = false;
    auto updated = run(api.update_step_field(update));
    const auto update_body = last_body();
    BOOST_TEST(update_body.size() == 2u); // label and required only
    BOOST_TEST(updated.id == created.id);
    BOOST_TEST(updated.label == "Urgency");
    BOOST_TEST(!updated.required);
    BOOST_TEST(updated.field_type == "dropdown");
    BOOST_TEST(updated.options.size() == 2u);

    // The sandbox's 422s: an unknown field_type, a missing label.
    tallyfy::create_step_field_request typo{
        .checklist_id = id, .step_id = step_id, .label = "x", .field_type = "checkbox"};
    auto refused = failure(api.create_step_field(typo));
    BOOST_TEST((refused.error_value() == tallyfy::error::validation_failed));
    BOOST_TEST(refused.details().field_errors.count("field_type") == 1u);
    tallyfy::raw_request unlabelled{.method = tallyfy::http_method::post,
                                    .path = "/organizations/{org}/checklists/" + id + "/steps/" +
                                            step_id + "/captures",
                                    .body = json::object{{"field_type", "text"}}};
    auto no_label = failure(api.request(unlabelled));
    BOOST_TEST((no_label.error_value() == tallyfy::error::validation_failed));
    BOOST_TEST(no_label.details().field_errors.count("label") == 1u);

    tallyfy::delete_step_field_request remove{
        .checklist_id = id, .step_id = step_id, .field_id = created.id};
    BOOST_TEST(run(api.delete_step_field(remove)).is_null()); // 204
    BOOST_TEST(sandbox.recorder().requests().back().method == "DELETE");
    BOOST_TEST(run(api.list_form_fields({.checklist_id = id})).size() == fields_before);
    BOOST_TEST((failure(api.delete_step_field(remove)).error_value() == tallyfy::error::not_found));
    BOOST_TEST((failure(api.update_step_field(update)).error_value() == tallyfy::error::not_found));

    // Empty label, hostile ids: refused before any I/O.
    const auto before = recorded();
    tallyfy::create_step_field_request empty{.checklist_id = id, .step_id = step_id};
    BOOST_TEST(
        (failure(api.create_step_field(empty)).error_value() == tallyfy::error::invalid_argument));
    for (const char* bad : {"", ".", "..", "a\r\nX: 1"}) {
        tallyfy::create_step_field_request hostile{
            .checklist_id = id, .step_id = bad, .label = "x"};
        BOOST_TEST((failure(api.create_step_field(hostile)).error_value() ==
                    tallyfy::error::invalid_argument));
        tallyfy::update_step_field_request hostile_update{
            .checklist_id = id, .step_id = step_id, .field_id = bad};
        BOOST_TEST((failure(api.update_step_field(hostile_update)).error_value() ==
                    tallyfy::error::invalid_argument));
        tallyfy::delete_step_field_request hostile_delete{
            .checklist_id = id, .step_id = step_id, .field_id = bad};
        BOOST_TEST((failure(api.delete_step_field(hostile_delete)).error_value() ==
                    tallyfy::error::invalid_argument));
    }
    BOOST_TEST(recorded() == before);
}

BOOST_AUTO_TEST_CASE(a_kickoff_field_is_deleted) {
    const auto id = checklist("Client Onboarding");
    tallyfy::get_checklist_request read{.checklist_id = id};
    read.with.prerun = true;
    const auto prerun = *run(api.get_checklist(read)).prerun;
    const auto& notes = tallyfy::find_field(prerun, "Notes");

    tallyfy::delete_kickoff_field_request remove{.checklist_id = id, .field_id = notes.id};
    BOOST_TEST(run(api.delete_kickoff_field(remove)).is_null()); // 204
    const auto sent = sandbox.recorder().requests().back();
    BOOST_TEST(sent.method == "DELETE");
    BOOST_TEST(sent.target.ends_with("/checklists/" + id + "/preruns/" + notes.id));
    const auto after = *run(api.get_checklist(read)).prerun;
    BOOST_TEST(after.size() == prerun.size() - 1);
    BOOST_TEST(std::none_of(after.begin(), after.end(),
                            [&](const tallyfy::form_field& f) { return f.id == notes.id; }));
    BOOST_TEST(
        (failure(api.delete_kickoff_field(remove)).error_value() == tallyfy::error::not_found));

    const auto before = recorded();
    for (const char* bad : {"", "..", "a\r\nX: 1"}) {
        tallyfy::delete_kickoff_field_request hostile{.checklist_id = id, .field_id = bad};
        BOOST_TEST((failure(api.delete_kickoff_field(hostile)).error_value() ==
                    tallyfy::error::invalid_argument));
    }
    BOOST_TEST(recorded() == before);
}

BOOST_AUTO_TEST_SUITE_END()
