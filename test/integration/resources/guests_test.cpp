// SPDX-License-Identifier: BSL-1.0
// Guests by email (create, get, update, list) and a guest's tasks by the guest's id, against the
// sandbox over TLS: the email stays one path segment, names are kept unless set, a create whose
// answer is lost is not sent again.
#include <boost/test/unit_test.hpp>

#include "support/sandbox_client_fixture.hpp"

namespace {

struct fixture : tallyfy::test::sandbox_client_fixture {
    tallyfy::guest ann() {
        return run(api.create_guest(
            {.email = "ann@example.com", .first_name = "Ann", .last_name = "Smith"}));
    }
};

} // namespace

BOOST_FIXTURE_TEST_SUITE(guests, fixture)

BOOST_AUTO_TEST_CASE(create_get_update_by_email) {
    const auto created = ann();
    BOOST_TEST(!created.id.empty());
    BOOST_TEST(created.email == "ann@example.com");
    BOOST_TEST(created.first_name.value_or("") == "Ann");
    BOOST_TEST(created.created_at.has_value());
    BOOST_TEST(last_body() == (boost::json::object{{"email", "ann@example.com"},
                                                   {"first_name", "Ann"},
                                                   {"last_name", "Smith"}}));

    // Found in any case; the '@' is sent as it is.
    auto found = run(api.get_guest({.email = "ANN@Example.com"}));
    BOOST_TEST(found.id == created.id);
    BOOST_TEST(sandbox.recorder().requests().back().target.ends_with("/guests/ANN@Example.com"));

    // An update sends only what it names (the API answers 201): the first name is kept.
    auto updated = run(api.update_guest({.email = "ann@example.com", .last_name = "Jones"}));
    BOOST_TEST(last_body() == (boost::json::object{{"last_name", "Jones"}}));
    BOOST_TEST(updated.first_name.value_or("") == "Ann");
    BOOST_TEST(updated.last_name.value_or("") == "Jones");
    BOOST_TEST(run(api.get_guest({.email = "ann@example.com"})).last_name.value_or("") == "Jones");
}

BOOST_AUTO_TEST_CASE(refusals) {
    ann();
    // Nothing to send, an empty or control-character email: refused before any I/O.
    const auto before = recorded();
    BOOST_TEST((failure(api.update_guest({.email = "ann@example.com"})).error_value() ==
                tallyfy::error::invalid_argument));
    BOOST_TEST((failure(api.create_guest({.email = ""})).error_value() ==
                tallyfy::error::invalid_argument));
    BOOST_TEST((failure(api.get_guest({.email = "ann@example.com\r\nX-Evil: 1"})).error_value() ==
                tallyfy::error::invalid_argument));
    BOOST_TEST(recorded() == before);

    // Taken (in any case), not an email, a name too long: the API's 422s, named by field.
    for (auto bad : {tallyfy::create_guest_request{.email = "Ann@Example.com"},
                     tallyfy::create_guest_request{.email = "not-an-email"},
                     tallyfy::create_guest_request{.email = "b@example.com",
                     .first_name = std::string(33, 'x')}}) {
        auto e = failure(api.create_guest(bad));
        BOOST_TEST((e.error_value() == tallyfy::error::validation_failed));
        BOOST_TEST(e.details().field_errors.size() == 1u);
    }

    // A hostile address stays one segment: no other route is reached.
    auto hostile = failure(api.get_guest({.email = "../../runs?x=@example.com"}));
    BOOST_TEST((hostile.error_value() == tallyfy::error::not_found));
    BOOST_TEST(sandbox.recorder().requests().back().target.ends_with(
        "/guests/..%2F..%2Fruns%3Fx%3D@example.com"));

    // A create whose answer is lost is not sent again; get_guest tells it was made.
    sandbox.faults().add("POST", "*/guests",
                         {.kind = tallyfy::sandbox::fault_kind::reset_after_bytes, .bytes = 0});
    const auto posted = recorded();
    auto lost = failure(api.create_guest({.email = "lost@example.com"}));
    BOOST_TEST((lost.error_value() == tallyfy::error::outcome_unknown));
    BOOST_TEST((methods_since(posted) == std::vector<std::string>{"POST"}));
    BOOST_TEST(run(api.get_guest({.email = "lost@example.com"})).email == "lost@example.com");
}

BOOST_AUTO_TEST_CASE(listed_with_those_first_assigned_and_their_tasks) {
    const auto created = ann();
    tallyfy::create_task_request task{.title = "For a new guest",
                                      .deadline = "2030-01-02 03:04:05"};
    task.owners.guests = {"new@example.com", "ANN@example.com"};
    const auto assigned = run(api.create_task(task));

    auto guests = run(api.list_guests().collect(0));
    BOOST_TEST_REQUIRE(guests.size() == 2u);
    BOOST_TEST(guests[0].id == created.id);
    BOOST_TEST(guests[1].email == "new@example.com");
    BOOST_TEST(!guests[1].first_name.has_value());
    for (const auto& g : guests) {
        auto theirs = run(api.list_guest_tasks(g.id).collect(0));
        BOOST_TEST_REQUIRE(theirs.size() == 1u);
        BOOST_TEST(theirs[0].id == assigned.id);
    }
}

BOOST_AUTO_TEST_SUITE_END()
