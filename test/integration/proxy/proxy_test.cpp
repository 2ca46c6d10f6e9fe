// SPDX-License-Identifier: BSL-1.0
// transport_options::proxy against the sandbox over TLS, through the test CONNECT proxy: a
// tunnel reused by several calls, credentials (407), refusal, a proxy that is down, NO_PROXY,
// and TLS verified for the origin, never the proxy.
#define BOOST_TEST_MODULE proxy_tests
#include <boost/test/unit_test.hpp>

#include "support/connect_proxy.hpp"
#include "support/sandbox_client_fixture.hpp"

#include <boost/asio/detached.hpp>
#include <boost/asio/ip/tcp.hpp>

#include <atomic>
#include <thread>

namespace {

using tallyfy::error;
using tallyfy::test::connect_proxy;
using namespace std::chrono_literals;

struct fixture : tallyfy::test::sandbox_client_fixture {
    /// The sandbox's client options, through `proxy_url`.
    tallyfy::client_options via(const std::string& proxy_url) const {
        auto o = options_for(sandbox);
        o.transport.proxy = proxy_url;
        return o;
    }
    /// A GET of the checklists, with `attempts` quick attempts.
    static tallyfy::raw_request checklists(unsigned attempts = 1) {
        tallyfy::raw_request r{.path = "/organizations/{org}/checklists"};
        r.options.retry = tallyfy::retry_policy{
            .max_attempts = attempts, .initial_backoff = 1ms, .max_backoff = 2ms};
        return r;
    }
    std::string origin_authority() const { return "127.0.0.1:" + std::to_string(sandbox.port()); }
};

/// A loopback port nothing listens on.
std::uint16_t closed_port() {
    boost::asio::io_context ioc;
    boost::asio::ip::tcp::acceptor a(ioc, {boost::asio::ip::make_address("127.0.0.1"), 0});
    return a.local_endpoint().port();
}

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

} // namespace

BOOST_FIXTURE_TEST_SUITE(proxy, fixture)

BOOST_AUTO_TEST_CASE(a_task_is_completed_through_one_reused_tunnel) {
    connect_proxy proxy;
    auto options = via(proxy.url());
    options.transport.pool.max_connections = 1; // one connection: every call reuses the tunnel
    tallyfy::client proxied(ioc.get_executor(), options);

    auto launched = launch("Quick Checklist"); // directly, with the fixture's client
    auto before = recorded();
    tallyfy::run_includes with;
    with.tasks = true;
    auto full = run(proxied.get_run({.run_id = launched.id, .with = with}));
    BOOST_REQUIRE(full.tasks.has_value());
    auto first = full.tasks->at(0);
    auto done = run(proxied.complete_task({.task_id = first.id, .run_id = launched.id}));
    BOOST_TEST(done.status == "completed");
    BOOST_TEST(sandbox.completion_calls(first.id) == 1u);
    BOOST_TEST(run(proxied.get_task({.task_id = first.id})).is_completed());

    // The sandbox saw the three calls; the proxy opened one tunnel for them all.
    BOOST_TEST(recorded() == before + 3);
    BOOST_TEST(proxy.tunnels() == 1u);
    BOOST_TEST(proxied.stats().reused == 2u);
    auto heads = proxy.heads();
    BOOST_REQUIRE(heads.size() == 1u);
    BOOST_TEST(heads[0].rfind("CONNECT " + origin_authority() + " HTTP/1.1\r\n", 0) == 0u,
               heads[0]);
    BOOST_TEST(contains(heads[0], "\r\nHost: " + origin_authority() + "\r\n"), heads[0]);
    BOOST_TEST(!contains(heads[0], "Proxy-Authorization"), heads[0]); // no credentials: none
    // The origin never sees what was meant for the proxy.
    for (const auto& req : sandbox.recorder().requests())
        BOOST_TEST(!req.header("Proxy-Authorization").has_value());
}

BOOST_AUTO_TEST_CASE(credentials_are_sent_and_a_407_is_its_own_error) {
    connect_proxy proxy({.user = "alice", .password = "s3cret pass"});
    // Right credentials (percent-encoded in the URL): the call goes through.
    tallyfy::client good(ioc.get_executor(), via(proxy.url_with("alice", "s3cret%20pass")));
    BOOST_TEST(run(good.request(checklists())).at("data").is_array());
    BOOST_TEST(contains(proxy.heads().back(), "\r\nProxy-Authorization: Basic "));

    // Wrong ones, then none: 407, never retried.
    for (const auto& url : {proxy.url_with("alice", "wrong"), proxy.url()}) {
        tallyfy::client bad(ioc.get_executor(), via(url));
        const auto connects = proxy.connects();
        auto e = failure(bad.request(checklists(5)));
        BOOST_TEST((e.error_value() == error::proxy_auth_required));
        BOOST_TEST(e.details().attempts.size() == 1u);
        BOOST_TEST(proxy.connects() == connects + 1);
        BOOST_TEST(contains(e.details().cause, "proxy 127.0.0.1:" + std::to_string(proxy.port()) +
                                                   ": answered 407 Proxy Authentication Required"),
                   e.details().cause);
        BOOST_TEST(e.http_status() == 0u); // the origin did not answer
    }
}

BOOST_AUTO_TEST_CASE(a_refusing_proxy_is_named_with_its_answer_and_retried_as_a_connect) {
    connect_proxy proxy({.refuse_status = 403, .refuse_reason = "Forbidden by policy"});
    tallyfy::client refused(ioc.get_executor(), via(proxy.url()));
    auto e = failure(refused.request(checklists(2)));
    BOOST_TEST((e.error_value() == error::proxy_failed));
    BOOST_TEST(e.details().attempts.size() == 2u); // nothing was sent to the origin: retried
    BOOST_TEST(proxy.connects() == 2u);
    BOOST_TEST(e.details().cause == "proxy 127.0.0.1:" + std::to_string(proxy.port()) +
                                        ": refused the tunnel to " + origin_authority() +
                                        ": answered 403 Forbidden by policy");
    BOOST_TEST(contains(std::string(e.what()), e.details().cause));

    // A control character in the answer: not HTTP, and shown escaped.
    connect_proxy hostile({.refuse_status = 403, .refuse_reason = "Forbidden \x1b[2J"});
    tallyfy::client fooled(ioc.get_executor(), via(hostile.url()));
    auto h = failure(fooled.request(checklists()));
    BOOST_TEST((h.error_value() == error::proxy_failed));
    BOOST_TEST(contains(h.details().cause, "not an HTTP answer to CONNECT: HTTP/1.1 403 "
                                           "Forbidden \\x1b[2J\\r\\n"),
               h.details().cause);
    BOOST_TEST(!contains(h.details().cause, "\x1b"));
}

BOOST_AUTO_TEST_CASE(a_proxy_that_is_down_is_a_connection_failure_naming_it) {
    const auto port = std::to_string(closed_port());
    tallyfy::client nowhere(ioc.get_executor(), via("http://127.0.0.1:" + port));
    auto e = failure(nowhere.request(checklists(2)));
    BOOST_TEST((e.error_value() == error::connection_failed));
    BOOST_TEST(e.details().attempts.size() == 2u);
    BOOST_TEST(e.details().cause == "proxy 127.0.0.1:" + port + ": Connection refused");
}

BOOST_AUTO_TEST_CASE(a_proxy_that_never_answers_connect_times_out_naming_it) {
    connect_proxy proxy({.never_answer = true});
    auto options = via(proxy.url());
    options.transport.default_timeouts.connect = 100ms;
    tallyfy::client silent(ioc.get_executor(), options);
    auto e = failure(silent.request(checklists()));
    BOOST_TEST((e.error_value() == error::connect_timeout));
    BOOST_TEST(e.details().cause == "proxy 127.0.0.1:" + std::to_string(proxy.port()) +
                                        ": no answer to CONNECT within the connect timeout");
    BOOST_TEST(proxy.connects() == 1u);
}

BOOST_AUTO_TEST_CASE(no_proxy_reaches_the_origin_directly) {
    connect_proxy proxy;
    for (const auto* list : {"127.0.0.1", "example.com, 127.0.0.0/8", "*"}) {
        auto options = via(proxy.url());
        options.transport.no_proxy = list;
        tallyfy::client direct(ioc.get_executor(), options);
        BOOST_TEST(run(direct.request(checklists())).at("data").is_array());
    }
    BOOST_TEST(proxy.connects() == 0u);
    // A list that does not name the origin: through the proxy.
    auto options = via(proxy.url());
    options.transport.no_proxy = "example.com,10.0.0.0/8,127.0.0.1:1";
    tallyfy::client proxied(ioc.get_executor(), options);
    BOOST_TEST(run(proxied.request(checklists())).at("data").is_array());
    BOOST_TEST(proxy.tunnels() == 1u);
}

BOOST_AUTO_TEST_CASE(tls_is_verified_for_the_origin_host_through_the_tunnel) {
    connect_proxy proxy; // reaches every host name at 127.0.0.1
    const auto port = std::to_string(sandbox.port());
    // A name the sandbox's certificate covers: verified and served through the proxy.
    auto covered = via(proxy.url());
    covered.base_url = "https://localhost:" + port + "/api";
    tallyfy::client good(ioc.get_executor(), covered);
    BOOST_TEST(run(good.request(checklists())).at("data").is_array());
    BOOST_TEST(contains(proxy.heads().back(), "CONNECT localhost:" + port + " "));

    // One it does not cover: the tunnel opens (the proxy is fine), TLS to the origin fails.
    auto uncovered = via(proxy.url());
    uncovered.base_url = "https://api.not-in-the-certificate.test:" + port + "/api";
    tallyfy::client bad(ioc.get_executor(), uncovered);
    const auto tunnels = proxy.tunnels();
    auto e = failure(bad.request(checklists(3)));
    BOOST_TEST((e.error_value() == error::tls_failed));
    BOOST_TEST(e.details().attempts.size() == 1u);
    BOOST_TEST(proxy.tunnels() == tunnels + 1);
    BOOST_TEST(contains(e.details().cause, "origin api.not-in-the-certificate.test:" + port +
                                               " (through proxy 127.0.0.1:"),
               e.details().cause);
}

BOOST_AUTO_TEST_CASE(plain_http_loopback_origins_are_tunnelled_too) {
    tallyfy::sandbox::server plain({.https = false});
    connect_proxy proxy;
    auto options = options_for(plain);
    options.transport.proxy = proxy.url();
    tallyfy::client proxied(ioc.get_executor(), options);
    BOOST_TEST(run(proxied.request(checklists())).at("data").is_array());
    BOOST_TEST(run(proxied.request(checklists())).at("data").is_array());
    BOOST_TEST(proxy.tunnels() == 1u);
    BOOST_TEST(proxy.heads().at(0).rfind("CONNECT 127.0.0.1:" + std::to_string(plain.port()), 0) ==
               0u);
}

BOOST_AUTO_TEST_CASE(concurrent_calls_on_several_threads_share_the_tunnels) {
    connect_proxy proxy;
    boost::asio::io_context mt; // run by two threads: each connection gets a strand of its own
    auto options = via(proxy.url());
    options.transport.pool.max_connections = 3;
    tallyfy::client proxied(mt.get_executor(), options);
    std::atomic<int> ok{0};
    for (int w = 0; w < 8; ++w)
        boost::asio::co_spawn(
            mt,
            [&]() -> boost::asio::awaitable<void> {
                for (int i = 0; i < 5; ++i) {
                    auto r = checklists(); // named: see requests.hpp on g++ 12
                    try {
                        auto v = co_await proxied.request(r);
                        if (v.at("data").is_array())
                            ++ok;
                    } catch (const std::exception&) {
                        // counted as not ok (Boost.Test is not to be called from these threads)
                    }
                }
            },
            boost::asio::detached);
    std::thread second([&] { mt.run(); });
    mt.run();
    second.join();
    BOOST_TEST(ok == 40);
    BOOST_TEST(proxy.tunnels() >= 1u);
    BOOST_TEST(proxy.tunnels() <= 3u);
    BOOST_TEST(proxied.stats().created == proxy.tunnels());
}

BOOST_AUTO_TEST_CASE(bad_proxy_urls_are_refused_at_creation) {
    for (const auto* url :
         {"https://proxy.example:3128", "socks5://proxy.example:1080", "ftp://proxy.example",
          "http://proxy.example:3128/some/path", "http://"}) {
        auto o = via(url);
        try {
            tallyfy::client c(ioc.get_executor(), o);
            BOOST_ERROR("accepted " << url);
        } catch (const std::system_error& e) {
            BOOST_TEST(e.code().value() == static_cast<int>(error::invalid_argument), url);
            BOOST_TEST(contains(e.what(), "proxy URL"), e.what());
        }
    }
    // Scheme-less, as HTTPS_PROXY often is, and bypassed ones still parse.
    auto o = via("127.0.0.1:3128");
    BOOST_CHECK_NO_THROW(tallyfy::client(ioc.get_executor(), o));
}

BOOST_AUTO_TEST_SUITE_END()
