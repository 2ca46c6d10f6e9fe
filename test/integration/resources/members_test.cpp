// SPDX-License-Identifier: BSL-1.0
// Identity and members against the sandbox over TLS: me and my organisations (not under an
// organisation), a view on another organisation sharing the pool, members listed and read, an
// invitation with every field the API requires, role, disable and enable.
#include <boost/test/unit_test.hpp>

#include "support/sandbox_client_fixture.hpp"

namespace {

struct fixture : tallyfy::test::sandbox_client_fixture {
    tallyfy::invite_user_request invitation(std::string email) {
        return {.email = std::move(email), .first_name = "Iva", .last_name = "New"};
    }
};

using methods = std::vector<std::string>;

} // namespace

BOOST_FIXTURE_TEST_SUITE(members, fixture)

BOOST_AUTO_TEST_CASE(me_and_my_organizations) {
    auto me = run(api.get_me());
    BOOST_TEST(me.id > 0);
    BOOST_TEST(me.timezone.value_or("") == "UTC");
    BOOST_TEST(sandbox.recorder().requests().back().target.ends_with("/me"));
    BOOST_TEST(sandbox.recorder().requests().back().target.find("/organizations/") ==
               std::string::npos);

    auto orgs = run(api.list_my_organizations().collect(0));
    BOOST_TEST_REQUIRE(orgs.size() == 1u);
    BOOST_TEST(orgs[0].id == sandbox.org_id());
    BOOST_TEST(!orgs[0].name.empty());
    BOOST_TEST(sandbox.recorder().requests().back().target.find("/me/organizations") !=
               std::string::npos);

    // A view on another organisation shares the pool (no new connection) and calls go there.
    const auto opened = api.stats().created;
    auto elsewhere = api.with_org(std::string(32, 'a'));
    auto foreign = failure(elsewhere.get_user({.user_id = me.id}));
    BOOST_TEST((foreign.error_value() == tallyfy::error::not_found));
    BOOST_TEST(sandbox.recorder().requests().back().target.find(
                   "/organizations/" + std::string(32, 'a') + "/users/") != std::string::npos);
    BOOST_TEST(api.stats().created == opened);
    BOOST_TEST(elsewhere.stats().created == opened);
    BOOST_TEST(run(api.with_org(sandbox.org_id()).get_user({.user_id = me.id})).id == me.id);
    const auto sent = recorded();
    BOOST_TEST((failure(api.with_org("").get_user({.user_id = me.id})).error_value() ==
                tallyfy::error::invalid_argument));
    BOOST_TEST(recorded() == sent);

    // The members: typed, the token's user among them.
    auto users = run(api.list_users().collect(0));
    BOOST_TEST(users.size() == 5u);
    bool found = false;
    for (const auto& u : users) {
        BOOST_TEST(!u.role.empty());
        BOOST_TEST(u.status == "active");
        found = found || u.id == me.id;
    }
    BOOST_TEST(found);
    BOOST_TEST(run(api.get_user({.user_id = users[1].id})).email == users[1].email);
    const auto before = recorded();
    BOOST_TEST(
        (failure(api.get_user({.user_id = 0})).error_value() == tallyfy::error::invalid_argument));
    BOOST_TEST(recorded() == before);
    BOOST_TEST((failure(api.get_user({.user_id = 1})).error_value() == tallyfy::error::not_found));
}

BOOST_AUTO_TEST_CASE(invite_then_role_disable_enable) {
    // Every documented field is sent; an empty one is refused before any I/O.
    auto missing = invitation("iva@example.com");
    missing.last_name.clear();
    const auto before = recorded();
    auto refused = failure(api.invite_user(missing));
    BOOST_TEST((refused.error_value() == tallyfy::error::invalid_argument));
    BOOST_TEST(std::string(refused.what()).find("last_name") != std::string::npos);
    BOOST_TEST(recorded() == before);

    auto invited = run(api.invite_user(invitation("iva@example.com")));
    BOOST_TEST(invited.status == "invited");
    BOOST_TEST(invited.role == "light");
    const auto body = last_body();
    for (const char* key : {"email", "first_name", "last_name", "role", "message"})
        BOOST_TEST(!body.at(key).as_string().empty(), key);

    // The same person again (any case), an unknown role: the API's 422s.
    auto again = failure(api.invite_user(invitation("IVA@example.com")));
    BOOST_TEST(again.details().field_errors.count("email") == 1u);
    auto odd = invitation("odd@example.com");
    odd.role = "owner";
    BOOST_TEST(failure(api.invite_user(odd)).details().field_errors.count("role") == 1u);

    // Role, disable, enable: each read back.
    run(api.set_user_role({.user_id = invited.id, .role = "admin"}));
    BOOST_TEST(run(api.get_user({.user_id = invited.id})).role == "admin");
    auto bad_role = failure(api.set_user_role({.user_id = invited.id, .role = "root"}));
    BOOST_TEST((bad_role.error_value() == tallyfy::error::validation_failed));
    const auto from = recorded();
    run(api.disable_user({.user_id = invited.id}));
    BOOST_TEST((methods_since(from) == methods{"DELETE"}));
    BOOST_TEST(run(api.get_user({.user_id = invited.id})).status == "disabled");
    run(api.enable_user({.user_id = invited.id}));
    BOOST_TEST(run(api.get_user({.user_id = invited.id})).status == "active");
    // One cannot disable oneself.
    auto self = failure(api.disable_user({.user_id = run(api.get_me()).id}));
    BOOST_TEST((self.error_value() == tallyfy::error::validation_failed));

    // An invitation whose answer is lost is not sent again (a second email to the person).
    sandbox.faults().add("POST", "*/users/invite",
                         {.kind = tallyfy::sandbox::fault_kind::reset_after_bytes, .bytes = 0});
    const auto posted = recorded();
    auto lost = failure(api.invite_user(invitation("lost@example.com")));
    BOOST_TEST((lost.error_value() == tallyfy::error::outcome_unknown));
    BOOST_TEST((methods_since(posted) == methods{"POST"}));
}

BOOST_AUTO_TEST_SUITE_END()
