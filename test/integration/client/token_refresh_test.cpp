// SPDX-License-Identifier: BSL-1.0
// Tokens that expire, against the sandbox's OAuth endpoint over TLS: refreshed ahead of expiry,
// once for many concurrent calls, after a 401 with one replay; a refresh that fails; a token file
// an external agent rotates.
#include <boost/test/unit_test.hpp>

#include "support/sandbox_client_fixture.hpp"

#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/cancellation_signal.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <thread>

#include <unistd.h>

namespace asio = boost::asio;
namespace sbx = tallyfy::sandbox;
using namespace std::chrono_literals;
using tallyfy::error;

namespace {

constexpr auto client_id = "7";
constexpr auto client_secret = "client-secret-0c4f9e";
constexpr auto first_refresh = "refresh-token-7d1a3b";

sbx::server_options oauth_sandbox(std::chrono::milliseconds lifetime) {
    sbx::server_options o;
    o.api.oauth = {client_id, client_secret, first_refresh, lifetime};
    return o;
}

tallyfy::raw_request checklists() {
    return {.path = "/organizations/{org}/checklists"};
}

struct oauth_fixture : tallyfy::test::sandbox_client_fixture {
    explicit oauth_fixture(std::chrono::milliseconds lifetime = 60s)
        : sandbox_client_fixture(oauth_sandbox(lifetime)) {}

    std::vector<std::string> rotated; ///< what on_rotated was given

    tallyfy::oauth_refresh_options refresh_options() {
        tallyfy::oauth_refresh_options o;
        o.token_url = sandbox.base_url() + "/oauth/token";
        o.client_id = client_id;
        o.client_secret = client_secret;
        o.refresh_token = first_refresh;
        o.on_rotated = [this](const std::string& t) { rotated.push_back(t); };
        return o;
    }
    tallyfy::client_options provided(tallyfy::token_provider p) {
        auto o = options_for(sandbox);
        o.access_token.clear();
        o.access_token_provider = std::move(p);
        return o;
    }
    std::size_t answered(unsigned status) {
        std::size_t n = 0;
        for (const auto& r : sandbox.recorder().requests())
            n += r.status == status;
        return n;
    }
    // `n` calls at once; the number that succeeded.
    int concurrent_calls(tallyfy::client& c, int n) {
        int ok = 0;
        for (int i = 0; i < n; ++i)
            asio::co_spawn(
                ioc,
                [&c, &ok]() -> asio::awaitable<void> {
                    auto r = co_await c.request(checklists());
                    ok += r.at("data").is_array();
                },
                asio::detached);
        ioc.restart();
        ioc.run();
        return ok;
    }
};

} // namespace

BOOST_AUTO_TEST_SUITE(tokens_that_expire)

// What a provider was asked and gave: when, and the expiry it got.
struct asked_token {
    std::chrono::system_clock::time_point at;
    std::optional<std::chrono::system_clock::time_point> expires_at;
};

asio::awaitable<tallyfy::access_token_info> ask_watched(tallyfy::token_provider p,
                                                        tallyfy::token_request_context c,
                                                        std::vector<asked_token>* log) {
    const auto at = std::chrono::system_clock::now();
    auto asking = p(std::move(c));
    auto info = co_await std::move(asking);
    log->push_back({at, info.expires_at});
    co_return info;
}

BOOST_FIXTURE_TEST_CASE(a_token_is_refreshed_ahead_of_its_expiry, oauth_fixture) {
    // Tokens of 600 ms are replaced 150 ms (a quarter) before they lapse, beside the calls.
    sbx::server s(oauth_sandbox(600ms));
    auto o = options_for(s);
    o.access_token.clear();
    auto ro = refresh_options();
    ro.token_url = s.base_url() + "/oauth/token";
    std::vector<asked_token> log;
    o.access_token_provider = [p = tallyfy::oauth_refresh_provider(ro),
                               &log](tallyfy::token_request_context c) {
        return ask_watched(p, std::move(c), &log);
    };
    tallyfy::client c(ioc.get_executor(), o);
    const auto start = std::chrono::steady_clock::now();
    while (s.token_requests() < 2 && std::chrono::steady_clock::now() - start < 3s)
        BOOST_TEST(run(c.request(checklists())).at("data").is_array());
    BOOST_TEST(run(c.request(checklists())).at("data").is_array());
    BOOST_TEST_REQUIRE(log.size() == 2u);
    BOOST_TEST_REQUIRE(log[0].expires_at.has_value());
    BOOST_TEST((log[1].at < *log[0].expires_at)); // asked while the first was still valid
    BOOST_TEST(s.token_requests() == 2u);
    std::size_t refused = 0;
    for (const auto& r : s.recorder().requests())
        refused += r.status == 401;
    BOOST_TEST(refused == 0u);        // no call ever sent a lapsed token
    BOOST_TEST(rotated.size() == 2u); // each grant rotated the refresh token
}

// The first token the client gets expires (for the client) after 60 ms; the next one lasts.
asio::awaitable<tallyfy::access_token_info>
first_short(tallyfy::token_provider p, tallyfy::token_request_context c, int* asked) {
    auto asking = p(std::move(c));
    auto info = co_await std::move(asking);
    if ((*asked)++ == 0)
        info.expires_at = std::chrono::system_clock::now() + 60ms;
    co_return info;
}

BOOST_FIXTURE_TEST_CASE(twenty_calls_after_expiry_make_one_refresh, oauth_fixture) {
    int asked = 0;
    tallyfy::client c(ioc.get_executor(),
                      provided([p = tallyfy::oauth_refresh_provider(refresh_options()),
                                &asked](tallyfy::token_request_context context) {
                          return first_short(p, std::move(context), &asked);
                      }));
    BOOST_TEST(run(c.request(checklists())).at("data").is_array());
    BOOST_TEST(sandbox.token_requests() == 1u);
    std::this_thread::sleep_for(70ms); // the first token lapses
    BOOST_TEST(concurrent_calls(c, 20) == 20);
    BOOST_TEST(sandbox.token_requests() == 2u);
    BOOST_TEST(answered(401) == 0u);
}

BOOST_FIXTURE_TEST_CASE(concurrent_401s_make_one_refresh_and_each_call_replays_once,
                        oauth_fixture) {
    tallyfy::client c(ioc.get_executor(),
                      provided(tallyfy::oauth_refresh_provider(refresh_options())));
    auto view = c.with_org(sandbox.org_id()); // shares the token source
    BOOST_TEST(run(c.request(checklists())).at("data").is_array());
    BOOST_TEST(sandbox.token_requests() == 1u);
    sandbox.revoke_access_tokens(); // the server no longer accepts the token the client holds
    const auto before = sandbox.recorder().request_count();
    BOOST_TEST(concurrent_calls(view, 20) == 20);
    BOOST_TEST(sandbox.token_requests() == 2u);
    BOOST_TEST(answered(401) == 20u); // each call: one 401, one replay
    BOOST_TEST(sandbox.recorder().request_count() - before == 41u);

    // A pager's page fetches take the same path.
    sandbox.revoke_access_tokens();
    auto pages = c.list_checklists();
    BOOST_TEST(run(pages.next()).has_value());
    BOOST_TEST(sandbox.token_requests() == 3u);
}

BOOST_FIXTURE_TEST_CASE(a_401_on_the_replay_is_final, oauth_fixture) {
    tallyfy::client c(ioc.get_executor(),
                      provided(tallyfy::oauth_refresh_provider(refresh_options())));
    BOOST_TEST(run(c.request(checklists())).at("data").is_array());
    sandbox.faults().add("GET", "", {.kind = sbx::fault_kind::status_before, .status = 401});
    sandbox.faults().add("GET", "", {.kind = sbx::fault_kind::status_before, .status = 401});
    auto e = failure(c.request(checklists()));
    BOOST_TEST((e.error_value() == error::unauthorized));
    BOOST_TEST(e.details().attempts.size() == 2u);
    BOOST_TEST(sandbox.token_requests() == 2u);
}

BOOST_FIXTURE_TEST_CASE(a_refresh_that_fails_gives_a_clear_error, oauth_fixture) {
    auto wrong = refresh_options();
    wrong.client_secret = "wrong-secret-5e6f7a";
    tallyfy::client c(ioc.get_executor(), provided(tallyfy::oauth_refresh_provider(wrong)));
    auto e = failure(c.request(checklists()));
    BOOST_TEST((e.error_value() == error::unauthorized));
    const std::string what = e.what();
    BOOST_TEST(what.find("token refresh at " + sandbox.base_url() + "/oauth/token") !=
                   std::string::npos,
               what);
    BOOST_TEST(what.find("invalid_client") != std::string::npos, what);
    BOOST_TEST(what.find("wrong-secret-5e6f7a") == std::string::npos);
    BOOST_TEST(what.find(first_refresh) == std::string::npos);

    // A spent refresh token: invalid_grant. The first grant rotates it away.
    tallyfy::client good(ioc.get_executor(),
                         provided(tallyfy::oauth_refresh_provider(refresh_options())));
    BOOST_TEST(run(good.request(checklists())).at("data").is_array());
    tallyfy::client stale(ioc.get_executor(),
                          provided(tallyfy::oauth_refresh_provider(refresh_options())));
    auto spent = failure(stale.request(checklists()));
    BOOST_TEST((spent.error_value() == error::unauthorized));
    BOOST_TEST(std::string(spent.what()).find("invalid_grant") != std::string::npos, spent.what());
}

BOOST_FIXTURE_TEST_CASE(a_callback_provider_works_too, oauth_fixture) {
    int asked = 0;
    std::thread agent; // completes from a thread of its own
    auto p = tallyfy::token_provider::from_callback(
        [&](tallyfy::token_request_context, tallyfy::token_provider::callback done) {
            ++asked;
            agent = std::thread([done, t = sandbox.token()] { done({}, {t, std::nullopt}); });
        });
    tallyfy::client c(ioc.get_executor(), provided(p));
    BOOST_TEST(run(c.request(checklists())).at("data").is_array());
    BOOST_TEST(run(c.request(checklists())).at("data").is_array());
    BOOST_TEST(asked == 1); // no expiry: asked once
    agent.join();
}

BOOST_FIXTURE_TEST_CASE(a_cancelled_call_leaves_the_refresh_to_the_others, oauth_fixture) {
    tallyfy::token_provider::callback pending;
    int asked = 0;
    auto p = tallyfy::token_provider::from_callback(
        [&](tallyfy::token_request_context, tallyfy::token_provider::callback done) {
            ++asked;
            pending = std::move(done);
        });
    tallyfy::client c(ioc.get_executor(), provided(p));
    asio::cancellation_signal cancel;
    std::optional<boost::system::error_code> first;
    std::optional<bool> second;
    c.request(checklists(),
              asio::bind_cancellation_slot(cancel.slot(), [&](boost::system::error_code ec,
                                                              boost::json::value) { first = ec; }));
    c.request(checklists(), [&](boost::system::error_code ec, boost::json::value v) {
        second = !ec && v.at("data").is_array();
    });
    ioc.restart();
    ioc.poll(); // both wait for the one refresh
    BOOST_TEST(asked == 1);
    cancel.emit(asio::cancellation_type::terminal);
    ioc.poll();
    BOOST_TEST_REQUIRE(first.has_value());
    BOOST_TEST((*first == error::cancelled));
    BOOST_TEST(!second.has_value());
    pending({}, {sandbox.token(), std::nullopt}); // the refresh ends: the other call goes on
    ioc.restart();
    ioc.run();
    BOOST_TEST_REQUIRE(second.has_value());
    BOOST_TEST(*second);
    BOOST_TEST(asked == 1);
}

BOOST_FIXTURE_TEST_CASE(a_call_waits_for_a_refresh_no_longer_than_its_deadline, oauth_fixture) {
    tallyfy::token_provider::callback pending;
    auto p = tallyfy::token_provider::from_callback(
        [&](tallyfy::token_request_context, tallyfy::token_provider::callback done) {
            pending = std::move(done); // a token endpoint that takes its time
        });
    tallyfy::client c(ioc.get_executor(), provided(p));
    auto r = checklists();
    tallyfy::retry_policy policy;
    policy.total_deadline = 50ms;
    r.options.retry = policy;
    std::optional<boost::system::error_code> got;
    c.request(r, [&](boost::system::error_code ec, boost::json::value) { got = ec; });
    ioc.restart();
    const auto start = std::chrono::steady_clock::now();
    while (!got && std::chrono::steady_clock::now() - start < 5s)
        ioc.run_one_for(10ms);
    BOOST_TEST_REQUIRE(got.has_value());
    BOOST_TEST((*got == error::deadline_exceeded));
    BOOST_TEST((std::chrono::steady_clock::now() - start < 2s));
    pending({}, {sandbox.token(), std::nullopt}); // late, for nobody
    ioc.restart();
    ioc.run();
    BOOST_TEST(run(c.request(checklists())).at("data").is_array());
}

BOOST_FIXTURE_TEST_CASE(the_file_provider_picks_up_a_rotated_file,
                        tallyfy::test::sandbox_client_fixture) {
    const auto path = std::filesystem::temp_directory_path() /
                      ("tallyfy-token-" + std::to_string(::getpid()) + ".txt");
    auto write = [&](const std::string& text) { std::ofstream(path, std::ios::trunc) << text; };
    write("  not-the-token-123456\n");
    auto o = options_for(sandbox);
    const std::string accepted = o.access_token;
    o.access_token.clear();
    o.access_token_provider = tallyfy::file_token_provider({.path = path.string()});
    tallyfy::client c(ioc.get_executor(), o);
    // A token the API refuses, and the file still holds it: the 401 stands.
    auto e = failure(c.request(checklists()));
    BOOST_TEST((e.error_value() == error::unauthorized));
    // The agent rotates the file: the next 401 reads it again, and the call is replayed.
    write(accepted + "\n");
    BOOST_TEST(run(c.request(checklists())).at("data").is_array());

    write(" \n");
    auto blank = tallyfy::client_options(o);
    blank.access_token_provider = tallyfy::file_token_provider({.path = path.string()});
    tallyfy::client empty(ioc.get_executor(), blank);
    auto none = failure(empty.request(checklists()));
    BOOST_TEST((none.error_value() == error::unauthorized));
    BOOST_TEST(std::string(none.what()).find(path.string()) != std::string::npos, none.what());
    BOOST_TEST(std::string(none.what()).find("is empty") != std::string::npos, none.what());

    // From the environment: TALLYFY_TOKEN_FILE when no token is given.
    write(accepted);
    ::unsetenv("TALLYFY_ACCESS_TOKEN");
    ::unsetenv("TALLYFY_API_TOKEN");
    ::setenv("TALLYFY_TOKEN_FILE", path.c_str(), 1);
    auto env = tallyfy::client_options::from_env();
    ::unsetenv("TALLYFY_TOKEN_FILE");
    BOOST_TEST_REQUIRE(static_cast<bool>(env.access_token_provider));
    auto from_env = options_for(sandbox);
    from_env.access_token.clear();
    from_env.access_token_provider = env.access_token_provider;
    tallyfy::client by_env(ioc.get_executor(), from_env);
    BOOST_TEST(run(by_env.request(checklists())).at("data").is_array());
    std::filesystem::remove(path);

    blank.access_token_provider = tallyfy::file_token_provider({.path = path.string()});
    tallyfy::client missing(ioc.get_executor(), blank);
    auto gone = failure(missing.request(checklists()));
    BOOST_TEST((gone.error_value() == error::unauthorized));
    BOOST_TEST(std::string(gone.what()).find(path.string()) != std::string::npos, gone.what());
}

BOOST_AUTO_TEST_SUITE_END()
