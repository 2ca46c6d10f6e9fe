// SPDX-License-Identifier: BSL-1.0
// Identity and members against the sandbox over TLS: me and my organisations (not under an
// organisation), a view on another organisation sharing the pool, retry budget and pacing,
// members listed and read, an invitation with every field the API requires, role, disable and
// enable.
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

    // Filtered and sorted by the server: `q` over names and emails, `sort` descending with "-".
    const auto& someone = users[2];
    auto by_email = run(api.list_users({.q = someone.email}).collect(0));
    BOOST_TEST_REQUIRE(by_email.size() == 1u);
    BOOST_TEST(by_email[0].id == someone.id);
    BOOST_TEST(sandbox.recorder().requests().back().target.find("q=") != std::string::npos);
    auto sorted = run(api.list_users({.sort = "-email", .paging = {.per_page = 2}}).collect(0));
    BOOST_TEST_REQUIRE(sorted.size() == users.size());
    std::string order;
    for (const auto& u : sorted)
        order += u.email + " ";
    BOOST_TEST(std::is_sorted(sorted.begin(), sorted.end(),
                              [](const auto& a, const auto& b) { return a.email > b.email; }),
               order);
    BOOST_TEST(run(api.list_users({.q = "nobody-has-this"}).collect(0)).empty());
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

// A view on another organisation draws on its client's retry budget and follows its pacing (the
// API limits a user across organisations): what one spends or learns holds for the other, both
// ways. Each part shows first that a client of its own would behave otherwise.
BOOST_AUTO_TEST_CASE(views_share_retry_budget_and_pacing) {
    namespace sbx = tallyfy::sandbox;
    const auto me = run(api.get_me());
    const tallyfy::get_user_request get{.user_id = me.id};
    auto unavailable_once = [&] {
        sandbox.faults().add("GET", "*/users/*",
                             {.kind = sbx::fault_kind::status_before, .status = 503});
    };
    // Room for one retry, never refilled; backoffs short.
    auto options = options_for(sandbox);
    options.retry.initial_backoff = std::chrono::milliseconds(1);
    options.retry.max_backoff = std::chrono::milliseconds(1);
    options.retry_budget = {.capacity = 5, .retry_cost = 5, .timeout_cost = 5, .success_refill = 0};
    auto client = [&] { return tallyfy::client(ioc.get_executor(), options); };

    // A fresh budget pays for a retry: the 503 is sent again and the read succeeds.
    {
        auto own = client();
        unavailable_once();
        const auto from = recorded();
        BOOST_TEST(run(own.get_user(get)).id == me.id);
        BOOST_TEST((methods_since(from) == methods{"GET", "GET"}));
    }
    // Spent through the client, the budget is empty for its view; and the other way round.
    for (bool spend_through_view : {false, true}) {
        auto parent = client();
        auto view = parent.with_org(sandbox.org_id());
        auto& spender = spend_through_view ? view : parent;
        auto& other = spend_through_view ? parent : view;
        unavailable_once();
        auto from = recorded();
        BOOST_TEST(run(spender.get_user(get)).id == me.id);
        BOOST_TEST((methods_since(from) == methods{"GET", "GET"}));
        unavailable_once();
        from = recorded();
        auto refused = failure(other.get_user(get));
        BOOST_TEST((refused.error_value() == tallyfy::error::retry_budget_exhausted),
                   refused.what());
        BOOST_TEST((methods_since(from) == methods{"GET"}));
    }

    // A 429 whose Retry-After is past retry_policy::max_retry_after (60 s) ends the call at once
    // and tells the pacer the window is spent: the other's calls fail the same way, unsent.
    auto limited_once = [&] {
        sandbox.faults().add(
            "GET", "*/users/*",
            {.kind = sbx::fault_kind::rate_limited, .retry_after = std::chrono::seconds(90)});
    };
    for (bool learn_through_view : {false, true}) {
        auto parent = client();
        auto view = parent.with_org(sandbox.org_id());
        auto& learner = learn_through_view ? view : parent;
        auto& other = learn_through_view ? parent : view;
        limited_once();
        auto from = recorded();
        auto limited = failure(learner.get_user(get));
        BOOST_TEST((limited.error_value() == tallyfy::error::rate_limited));
        BOOST_TEST((methods_since(from) == methods{"GET"}));
        from = recorded();
        auto held = failure(other.get_user(get));
        BOOST_TEST((held.error_value() == tallyfy::error::rate_limited), held.what());
        BOOST_TEST(held.details().retry_after.value_or(std::chrono::seconds(0)).count() > 60);
        BOOST_TEST(recorded() == from);
        // A client of its own knows nothing of that window: sent, and answered.
        BOOST_TEST(run(client().get_user(get)).id == me.id);
        BOOST_TEST(recorded() == from + 1);
    }
}

BOOST_AUTO_TEST_SUITE_END()
