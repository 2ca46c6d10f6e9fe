// SPDX-License-Identifier: BSL-1.0
// A template's automations against the sandbox over TLS: bodies passed through as given, the
// list read from the template (no list route), a lost create not sent again.
#include <boost/test/unit_test.hpp>

#include "support/sandbox_client_fixture.hpp"

namespace {

boost::json::object rule(std::string alias) {
    return {{"automated_alias", std::move(alias)},
            {"conditions", boost::json::array{{{"field", "Region"}, {"operation", "equals"}}}},
            {"then_actions", boost::json::array{{{"action_type", "assignment"}}}}};
}

} // namespace

BOOST_FIXTURE_TEST_SUITE(automations, tallyfy::test::sandbox_client_fixture)

BOOST_AUTO_TEST_CASE(create_list_update_delete) {
    const auto id = checklist("Client Onboarding");
    BOOST_TEST(run(api.list_automations({.checklist_id = id})).empty());
    BOOST_TEST(sandbox.recorder().requests().back().target.ends_with("/checklists/" + id +
                                                                     "?with=automated_actions"));

    auto made = run(api.create_automation({.checklist_id = id, .body = rule("EMEA to Ann")}));
    BOOST_TEST(!made.id.empty());
    BOOST_TEST(made.alias == "EMEA to Ann");
    BOOST_TEST(last_body() == rule("EMEA to Ann")); // sent as given
    BOOST_TEST(made.raw->at("conditions").as_array().size() == 1u);

    auto listed = run(api.list_automations({.checklist_id = id}));
    BOOST_TEST_REQUIRE(listed.size() == 1u);
    BOOST_TEST(listed[0].id == made.id);

    auto changed = run(api.update_automation(
        {.checklist_id = id, .automation_id = made.id, .body = rule("APAC to Bo")}));
    BOOST_TEST(changed.alias == "APAC to Bo");
    BOOST_TEST(changed.id == made.id);

    run(api.delete_automation({.checklist_id = id, .automation_id = made.id}));
    BOOST_TEST(run(api.list_automations({.checklist_id = id})).empty());
    BOOST_TEST((failure(api.delete_automation({.checklist_id = id, .automation_id = made.id}))
                    .error_value() == tallyfy::error::not_found));
}

BOOST_AUTO_TEST_CASE(refusals) {
    const auto id = checklist("Client Onboarding");
    // An empty body or a hostile id: refused before any I/O.
    const auto before = recorded();
    BOOST_TEST((failure(api.create_automation({.checklist_id = id})).error_value() ==
                tallyfy::error::invalid_argument));
    BOOST_TEST((failure(api.update_automation(
                            {.checklist_id = id, .automation_id = "..", .body = rule("x")}))
                    .error_value() == tallyfy::error::invalid_argument));
    BOOST_TEST(recorded() == before);

    // A member of the wrong type: the sandbox's 422, named.
    auto bad = rule("x");
    bad["conditions"] = "always";
    auto e = failure(api.create_automation({.checklist_id = id, .body = bad}));
    BOOST_TEST(e.details().field_errors.count("conditions") == 1u);
    BOOST_TEST(
        (failure(api.list_automations({.checklist_id = std::string(32, 'e')})).error_value() ==
         tallyfy::error::not_found));

    // A lost create is not sent again: a second POST would be a second automation.
    sandbox.faults().add("POST", "*/automated-actions",
                         {.kind = tallyfy::sandbox::fault_kind::reset_after_bytes, .bytes = 0});
    const auto posted = recorded();
    auto lost = failure(api.create_automation({.checklist_id = id, .body = rule("lost")}));
    BOOST_TEST((lost.error_value() == tallyfy::error::outcome_unknown));
    BOOST_TEST(recorded() == posted + 1);
}

BOOST_AUTO_TEST_SUITE_END()
