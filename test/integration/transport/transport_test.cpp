// SPDX-License-Identifier: BSL-1.0
// The HTTPS transport against the sandbox over real TLS: pooling, keep-alive, TLS checks,
// timeouts, cancellation, stale-connection retries, resumption and a multi-threaded stress run.
#define BOOST_TEST_MODULE transport_tests
#include <boost/test/data/monomorphic.hpp>
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include <tallyfy/retry.hpp>
#include <tallyfy/sandbox/server.hpp>
#include <tallyfy/transport.hpp>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <array>
#include <atomic>
#include <chrono>
#include <optional>
#include <system_error>
#include <thread>
#include <vector>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

namespace net = boost::asio;
namespace sbx = tallyfy::sandbox;
using boost::system::error_code;
using tallyfy::error;
using tallyfy::http_method;
using tallyfy::http_request;
using tallyfy::http_response;
using steady = std::chrono::steady_clock;
using namespace std::chrono_literals;

namespace {

/// Outcome of one send, filled by its completion handler.
struct call {
    std::optional<error_code> ec;
    http_response response;
    steady::time_point started = steady::now();
    steady::time_point finished{};
    std::chrono::milliseconds elapsed() const {
        return std::chrono::duration_cast<std::chrono::milliseconds>(finished - started);
    }
};

void start(tallyfy::transport& t, http_request r, call& c, net::cancellation_slot slot = {}) {
    c.started = steady::now();
    t.async_send(std::move(r),
                 net::bind_cancellation_slot(slot, [&c](error_code ec, http_response resp) {
                     c.ec = ec;
                     c.response = std::move(resp);
                     c.finished = steady::now();
                 }));
}

void run(net::io_context& ioc) {
    ioc.restart();
    ioc.run();
}

struct fixture {
    sbx::server server;
    net::io_context ioc;
    /// The tests below run on this thread alone; `single` makes the transport keep deadlines
    /// with its sweeper instead of Beast's timers (`detect` picks strands and Beast here).
    tallyfy::executor_threading threading = tallyfy::executor_threading::detect;

    tallyfy::transport_options options() const {
        tallyfy::transport_options o;
        o.threading = threading;
        o.tls.use_system_roots = false;
        o.tls.extra_ca_pem = server.ca_pem();
        return o;
    }

    std::shared_ptr<tallyfy::transport> make(tallyfy::transport_options o) {
        return tallyfy::make_https_transport(ioc.get_executor(), server.base_url(), std::move(o));
    }
    std::shared_ptr<tallyfy::transport> make() { return make(options()); }

    /// Path of the base URL ("/api").
    std::string prefix() const {
        auto url = server.base_url();
        return url.substr(url.find('/', url.find("://") + 3));
    }

    http_request get() const {
        http_request r;
        r.method = http_method::get;
        r.target = prefix() + "/organizations/" + server.org_id() + "/checklists";
        r.headers = {{"Authorization", "Bearer " + server.token()},
                     {"X-Tallyfy-Client", "APIClient"},
                     {"Accept", "application/json"}};
        r.idempotent = true;
        return r;
    }

    http_request post() const {
        http_request r = get();
        r.method = http_method::post;
        r.target = prefix() + "/organizations/" + server.org_id() + "/runs";
        r.body = R"({"name":"transport test"})";
        r.idempotent = false;
        return r;
    }

    call send(tallyfy::transport& t, http_request r) {
        call c;
        start(t, std::move(r), c);
        run(ioc);
        BOOST_REQUIRE(c.ec.has_value());
        return c;
    }
};

void require_ok(const call& c) {
    BOOST_REQUIRE_MESSAGE(c.ec && !*c.ec, "send failed: " << (c.ec ? c.ec->message() : "?"));
    BOOST_TEST(c.response.status == 200u);
}

// Each deadline and cancellation test runs with Beast's timers and with the sweeper.
const auto both_modes = boost::unit_test::data::make({false, true});

tallyfy::executor_threading mode(bool one_thread) {
    return one_thread ? tallyfy::executor_threading::single : tallyfy::executor_threading::multiple;
}

bool is(const call& c, error e) {
    return c.ec && *c.ec == make_error_code(e);
}

#define REQUIRE_ERROR(c, e)                                                                        \
    BOOST_REQUIRE_MESSAGE(is(c, e), "expected " << tallyfy::error_name(e) << ", got "              \
                                                << ((c).ec ? (c).ec->message() : "nothing"))

} // namespace

BOOST_FIXTURE_TEST_SUITE(pooling, fixture)

BOOST_AUTO_TEST_CASE(sequential_requests_reuse_one_connection) {
    auto t = make();
    for (int i = 0; i < 20; ++i) {
        auto c = send(*t, get());
        require_ok(c);
        BOOST_TEST(c.response.info.reused_connection == (i > 0));
        BOOST_TEST(c.response.info.request_written);
        BOOST_TEST(c.response.info.response_started);
        BOOST_TEST(!c.response.body.empty());
        BOOST_TEST(c.response.header("content-type").has_value());
    }
    BOOST_TEST(server.recorder().connections_accepted() == 1u);
    auto s = t->stats();
    BOOST_TEST(s.created == 1u);
    BOOST_TEST(s.reused == 19u);
    BOOST_TEST(s.handshakes == 1u);
    BOOST_TEST(s.in_use == 0u);
    BOOST_TEST(s.idle == 1u);
    BOOST_TEST(s.open == 1u);
    // The transport sets Host and User-Agent; the caller's headers are passed through.
    auto reqs = server.recorder().requests();
    BOOST_REQUIRE(!reqs.empty());
    BOOST_TEST(reqs.back().header("User-Agent").value_or("") == "tallyfy-cpp/0.1");
    BOOST_TEST(reqs.back().header("X-Tallyfy-Client").value_or("") == "APIClient");
    BOOST_TEST(reqs.back().header("Host").has_value());
}

BOOST_AUTO_TEST_CASE(concurrent_requests_stay_within_max_connections) {
    auto o = options();
    o.pool.max_connections = 4;
    auto t = make(o);
    std::vector<call> calls(40);
    for (auto& c : calls)
        start(*t, get(), c);
    std::size_t max_waiters = 0;
    net::steady_timer probe(ioc, 1ms);
    probe.async_wait([&](error_code) { max_waiters = t->stats().waiters; });
    run(ioc);
    for (auto& c : calls)
        require_ok(c);
    BOOST_TEST(server.recorder().connections_accepted() <= 4u);
    auto s = t->stats();
    BOOST_TEST(s.created <= 4u);
    BOOST_TEST(s.created + s.reused == 40u);
    BOOST_TEST(s.in_use == 0u);
    BOOST_TEST(s.waiters == 0u);
    BOOST_TEST(s.open == s.idle);
    BOOST_TEST(max_waiters > 0u); // 4 slots taken, the rest queued
}

BOOST_AUTO_TEST_CASE(connection_close_is_honoured) {
    auto t = make();
    server.faults().add("GET", "*", {.kind = sbx::fault_kind::connection_close}, 1);
    require_ok(send(*t, get()));
    auto s = t->stats();
    BOOST_TEST(s.closed == 1u);
    BOOST_TEST(s.idle == 0u);
    BOOST_TEST(s.open == 0u);
    auto c = send(*t, get());
    require_ok(c);
    BOOST_TEST(!c.response.info.reused_connection);
    BOOST_TEST(t->stats().created == 2u);
    BOOST_TEST(server.recorder().connections_accepted() == 2u);
}

// Idle expiry and max_lifetime are the pool protocol's, tested over fake time
// (pool_protocol_test: idle_connections_expire,
// connections_retire_at_their_lifetime_and_the_servers_limits).

BOOST_AUTO_TEST_CASE(min_idle_warms_connections) {
    auto o = options();
    o.pool.min_idle = 2;
    auto t = make(o);
    run(ioc);
    BOOST_TEST(t->stats().idle == 2u);
    BOOST_TEST(server.recorder().connections_accepted() == 2u);
    auto c = send(*t, get());
    require_ok(c);
    BOOST_TEST(c.response.info.reused_connection);
}

BOOST_AUTO_TEST_CASE(pool_wait_timeout_is_its_own_error) {
    auto o = options();
    o.pool.max_connections = 1;
    auto t = make(o);
    server.faults().add("GET", "*", {.kind = sbx::fault_kind::latency, .delay = 200ms}, 1);
    call slow, waiting;
    start(*t, get(), slow);
    auto r = get();
    r.timeouts_override = tallyfy::timeouts{};
    r.timeouts_override->pool_wait = 30ms;
    start(*t, r, waiting);
    run(ioc);
    require_ok(slow);
    REQUIRE_ERROR(waiting, error::pool_wait_timeout);
    BOOST_TEST((waiting.finished < slow.finished)); // its own timeout, not the slot's release
    BOOST_TEST(!waiting.response.info.request_written);
    auto s = t->stats();
    BOOST_TEST(s.waiters == 0u);
    BOOST_TEST(s.in_use == 0u);
}

BOOST_AUTO_TEST_CASE(shutdown_fails_waiters) {
    auto o = options();
    o.pool.max_connections = 1;
    auto t = make(o);
    server.faults().add("GET", "*", {.kind = sbx::fault_kind::latency, .delay = 150ms}, 1);
    call slow, waiting;
    start(*t, get(), slow);
    start(*t, get(), waiting);
    net::steady_timer timer(ioc, 50ms);
    timer.async_wait([&](error_code) { t->shutdown(); });
    run(ioc);
    require_ok(slow); // in flight: finishes
    REQUIRE_ERROR(waiting, error::cancelled);
    auto s = t->stats();
    BOOST_TEST(s.open == 0u);
    BOOST_TEST(s.waiters == 0u);
    call after;
    start(*t, get(), after);
    run(ioc);
    REQUIRE_ERROR(after, error::cancelled);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_FIXTURE_TEST_SUITE(stale_connections, fixture)

BOOST_AUTO_TEST_CASE(idempotent_get_is_retried_on_a_fresh_connection) {
    auto t = make();
    require_ok(send(*t, get()));
    server.faults().add("GET", "*", {.kind = sbx::fault_kind::close_before_response}, 1);
    auto c = send(*t, get());
    require_ok(c);
    BOOST_TEST(c.response.info.stale_retries == 1u);
    BOOST_TEST(c.response.info.request_written);
    BOOST_TEST(!c.response.info.reused_connection); // the retry ran on a new connection
    BOOST_TEST(t->stats().stale_retries == 1u);
    BOOST_TEST(server.recorder().connections_accepted() == 2u);
}

BOOST_AUTO_TEST_CASE(non_idempotent_post_is_not_retried_after_being_written) {
    auto t = make();
    require_ok(send(*t, get()));
    server.faults().add("POST", "*", {.kind = sbx::fault_kind::close_before_response}, 1);
    auto c = send(*t, post());
    REQUIRE_ERROR(c, error::connection_reset);
    BOOST_TEST(c.response.info.request_written);
    BOOST_TEST(!c.response.info.response_started);
    BOOST_TEST(c.response.info.reused_connection);
    BOOST_TEST(c.response.info.stale_retries == 0u);
    BOOST_TEST(t->stats().stale_retries == 0u);
    BOOST_TEST(t->stats().in_use == 0u);
    std::size_t posts = 0;
    for (const auto& r : server.recorder().requests())
        posts += r.method == "POST";
    BOOST_TEST(posts == 1u);
}

BOOST_AUTO_TEST_CASE(fresh_connection_failure_is_not_retried) {
    auto t = make();
    server.faults().add("GET", "*", {.kind = sbx::fault_kind::close_before_response}, 1);
    auto c = send(*t, get());
    REQUIRE_ERROR(c, error::connection_reset);
    BOOST_TEST(!c.response.info.reused_connection);
    BOOST_TEST(c.response.info.stale_retries == 0u);
}

BOOST_AUTO_TEST_CASE(reset_mid_response_is_connection_reset) {
    auto t = make();
    server.faults().add("GET", "*", {.kind = sbx::fault_kind::truncated_body, .bytes = 5}, 1);
    auto c = send(*t, get());
    REQUIRE_ERROR(c, error::connection_reset);
    BOOST_TEST(c.response.info.response_started);
    BOOST_TEST(t->stats().open == 0u);
    require_ok(send(*t, get()));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_FIXTURE_TEST_SUITE(tls, fixture)

BOOST_AUTO_TEST_CASE(untrusted_ca_fails_and_is_not_retried) {
    sbx::server other;
    auto o = options();
    o.tls.extra_ca_pem = other.ca_pem(); // a CA that did not sign this server's certificate
    auto t = make(o);
    auto c = send(*t, get());
    REQUIRE_ERROR(c, error::tls_failed);
    // OpenSSL's own words reach the caller: the verification error, not just "tls_failed".
    BOOST_TEST(c.response.info.cause.find("certificate verify failed") != std::string::npos,
               c.response.info.cause);
    BOOST_TEST(c.response.info.cause.find("verify error") != std::string::npos,
               c.response.info.cause);
    BOOST_TEST(c.response.info.stale_retries == 0u);
    BOOST_TEST(!c.response.info.request_written);
    BOOST_TEST(server.recorder().connections_accepted() == 1u);
    auto s = t->stats();
    BOOST_TEST(s.in_use == 0u);
    BOOST_TEST(s.open == 0u);
    BOOST_TEST(s.handshakes == 0u);
}

BOOST_AUTO_TEST_CASE(host_name_not_in_certificate_fails) {
    // "127.1" resolves to 127.0.0.1 but is not a name the certificate covers.
    auto url = "https://127.1:" + std::to_string(server.port()) + prefix();
    auto t = tallyfy::make_https_transport(ioc.get_executor(), url, options());
    auto c = send(*t, get());
    REQUIRE_ERROR(c, error::tls_failed);
    BOOST_TEST(c.response.info.cause.find("hostname mismatch") != std::string::npos,
               c.response.info.cause);
    BOOST_TEST(c.response.info.cause.find("expected host 127.1") != std::string::npos,
               c.response.info.cause);
    BOOST_TEST(server.recorder().connections_accepted() == 1u);
}

BOOST_AUTO_TEST_CASE(localhost_is_verified) {
    auto url = "https://localhost:" + std::to_string(server.port()) + prefix();
    auto t = tallyfy::make_https_transport(ioc.get_executor(), url, options());
    require_ok(send(*t, get()));
}

BOOST_AUTO_TEST_CASE(sessions_are_resumed_on_new_connections) {
    auto t = make();
    server.faults().add("GET", "*", {.kind = sbx::fault_kind::connection_close}, 2);
    require_ok(send(*t, get()));
    require_ok(send(*t, get()));
    require_ok(send(*t, get()));
    auto s = t->stats();
    BOOST_TEST(s.handshakes == 3u);
    BOOST_TEST(s.resumed_handshakes >= 1u);
    BOOST_TEST(server.recorder().tls_handshakes() == 3u);
}

BOOST_AUTO_TEST_CASE(resumption_can_be_disabled) {
    auto o = options();
    o.tls.session_resumption = false;
    auto t = make(o);
    server.faults().add("GET", "*", {.kind = sbx::fault_kind::connection_close}, 1);
    require_ok(send(*t, get()));
    require_ok(send(*t, get()));
    BOOST_TEST(t->stats().resumed_handshakes == 0u);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_FIXTURE_TEST_SUITE(timeouts, fixture)

BOOST_DATA_TEST_CASE_F(fixture, stall_timeout_after_headers, both_modes, one_thread) {
    threading = mode(one_thread);
    auto t = make();
    server.faults().add("GET", "*", {.kind = sbx::fault_kind::stall, .delay = 2s}, 1);
    auto r = get();
    r.timeouts_override = tallyfy::timeouts{.attempt = 5s, .stall = 50ms};
    auto c = send(*t, r);
    REQUIRE_ERROR(c, error::stall_timeout);
    BOOST_TEST(c.elapsed() < 1500ms);
    BOOST_TEST(c.response.info.response_started);
    BOOST_TEST(t->stats().open == 0u);
}

BOOST_DATA_TEST_CASE_F(fixture, attempt_timeout_on_a_slow_answer, both_modes, one_thread) {
    threading = mode(one_thread);
    auto t = make();
    server.faults().add("GET", "*", {.kind = sbx::fault_kind::latency, .delay = 2s}, 1);
    auto r = get();
    r.timeouts_override = tallyfy::timeouts{.attempt = 50ms, .stall = 5s};
    auto c = send(*t, r);
    REQUIRE_ERROR(c, error::attempt_timeout);
    BOOST_TEST(c.elapsed() < 1500ms);
    BOOST_TEST(c.response.info.request_written);
    BOOST_TEST(!c.response.info.response_started);
    BOOST_TEST(t->stats().in_use == 0u);
}

BOOST_AUTO_TEST_CASE(sweeper_keeps_each_exchanges_own_deadline) {
    // One exchange with long deadlines is in flight (the sweeper armed for its attempt deadline)
    // when a second one with a short stall starts: the sweeper must re-arm for the earlier time,
    // time out only the second, and leave the first to finish.
    threading = tallyfy::executor_threading::single;
    auto t = make();
    // The sweeper's bookkeeping (arming, re-arming, what a firing closes) is deadline_table_test's.
    server.faults().add("GET", "*/checklists", {.kind = sbx::fault_kind::latency, .delay = 250ms},
                        1);
    server.faults().add("GET", "*/runs", {.kind = sbx::fault_kind::stall, .delay = 2s}, 1);
    auto slow = get();
    slow.timeouts_override = tallyfy::timeouts{.attempt = 5s, .stall = 5s};
    auto stalled = get();
    stalled.target = prefix() + "/organizations/" + server.org_id() + "/runs";
    stalled.timeouts_override = tallyfy::timeouts{.attempt = 5s, .stall = 50ms};
    call a, b;
    start(*t, slow, a);
    net::steady_timer later(ioc, 20ms);
    later.async_wait([&](error_code) { start(*t, stalled, b); });
    run(ioc);
    require_ok(a);
    BOOST_TEST(a.elapsed() >= 250ms);
    REQUIRE_ERROR(b, error::stall_timeout);
    BOOST_TEST((b.finished < a.finished)); // its own, earlier deadline
    BOOST_TEST(b.response.info.response_started);
    auto s = t->stats();
    BOOST_TEST(s.in_use == 0u);
    BOOST_TEST(s.open == 1u); // the finished exchange's connection, pooled; the stalled one closed
}

BOOST_DATA_TEST_CASE_F(fixture, default_timeouts_apply, both_modes, one_thread) {
    threading = mode(one_thread);
    auto o = options();
    o.default_timeouts.stall = 50ms;
    auto t = make(o);
    server.faults().add("GET", "*", {.kind = sbx::fault_kind::latency, .delay = 1s}, 1);
    auto c = send(*t, get());
    REQUIRE_ERROR(c, error::stall_timeout);
}

BOOST_AUTO_TEST_CASE(tls_handshake_timeout_against_a_silent_server) {
    net::ip::tcp::acceptor acceptor(ioc, {net::ip::make_address("127.0.0.1"), 0});
    net::ip::tcp::socket peer(ioc);
    acceptor.async_accept(peer, [](error_code) {}); // accepts, then never speaks
    auto url = "https://127.0.0.1:" + std::to_string(acceptor.local_endpoint().port()) + "/api";
    auto o = options();
    o.default_timeouts.tls_handshake = 50ms;
    auto t = tallyfy::make_https_transport(ioc.get_executor(), url, o);
    auto c = send(*t, get());
    REQUIRE_ERROR(c, error::tls_handshake_timeout);
    BOOST_TEST(c.elapsed() < 1500ms);
    BOOST_TEST(t->stats().open == 0u);
}

BOOST_AUTO_TEST_CASE(a_close_or_reset_during_the_handshake_is_a_retryable_connection_failure) {
    // The server reads the ClientHello, then closes (or resets): nothing was sent, nothing about
    // TLS is wrong, so it is connection_failed (retried before sending), with the cause named;
    // a certificate failure stays tls_failed (never retried).
    for (const bool reset : {false, true}) {
        net::ip::tcp::acceptor acceptor(ioc, {net::ip::make_address("127.0.0.1"), 0});
        net::ip::tcp::socket peer(ioc);
        std::array<char, 4096> hello{};
        acceptor.async_accept(peer, [&](error_code ec) {
            if (ec)
                return;
            peer.async_read_some(net::buffer(hello), [&](error_code, std::size_t) {
                if (reset)
                    peer.set_option(net::socket_base::linger(true, 0)); // RST, not FIN
                peer.close();
            });
        });
        auto url = "https://127.0.0.1:" + std::to_string(acceptor.local_endpoint().port()) + "/api";
        auto t = tallyfy::make_https_transport(ioc.get_executor(), url, options());
        auto c = send(*t, get());
        REQUIRE_ERROR(c, error::connection_failed);
        BOOST_TEST(!c.response.info.cause.empty());
        if (!reset)
            BOOST_TEST(c.response.info.cause.find("closed the connection during the handshake") !=
                           std::string::npos,
                       c.response.info.cause);
        BOOST_TEST((tallyfy::decide_retry({0, *c.ec}, false) == tallyfy::retry_verdict::retry));
        ioc.restart();
    }
}

BOOST_AUTO_TEST_CASE(connect_timeout_against_a_full_backlog) {
    // A listener that never accepts, with its backlog filled: further SYNs are dropped.
    net::ip::tcp::acceptor acceptor(ioc);
    acceptor.open(net::ip::tcp::v4());
    acceptor.bind({net::ip::make_address("127.0.0.1"), 0});
    acceptor.listen(0);
    const auto ep = acceptor.local_endpoint();
    // Raw non-blocking connects (Asio's synchronous connect would wait for the handshake).
    std::vector<int> fillers;
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(ep.port());
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    for (int i = 0; i < 8; ++i) {
        int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
        BOOST_REQUIRE(fd >= 0);
        (void)::connect(fd, reinterpret_cast<const sockaddr*>(&addr), sizeof addr);
        fillers.push_back(fd);
    }
    struct closer {
        std::vector<int>& fds;
        ~closer() {
            for (int fd : fds)
                ::close(fd);
        }
    } close_fillers{fillers};
    auto url = "https://127.0.0.1:" + std::to_string(ep.port()) + "/api";
    auto o = options();
    o.default_timeouts.connect = 50ms;
    o.default_timeouts.tls_handshake = 100ms;
    auto t = tallyfy::make_https_transport(ioc.get_executor(), url, o);
    auto c = send(*t, get());
    REQUIRE_ERROR(c, error::connect_timeout);
    BOOST_TEST(c.elapsed() < 1500ms);
}

BOOST_AUTO_TEST_CASE(refused_and_unresolvable) {
    std::uint16_t port = 0;
    {
        net::ip::tcp::acceptor a(ioc, {net::ip::make_address("127.0.0.1"), 0});
        port = a.local_endpoint().port();
    }
    auto refused = tallyfy::make_https_transport(
        ioc.get_executor(), "https://127.0.0.1:" + std::to_string(port) + "/api", options());
    auto c = send(*refused, get());
    REQUIRE_ERROR(c, error::connection_failed);
    BOOST_TEST(c.response.info.cause == "Connection refused", c.response.info.cause);
    BOOST_TEST(refused->stats().open == 0u);
    auto unknown =
        tallyfy::make_https_transport(ioc.get_executor(), "https://no-such-host.invalid/api");
    auto lookup = send(*unknown, get());
    REQUIRE_ERROR(lookup, error::resolve_failed);
    BOOST_TEST(!lookup.response.info.cause.empty()); // the resolver's own message
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_FIXTURE_TEST_SUITE(cancellation, fixture)

BOOST_AUTO_TEST_CASE(cancel_while_waiting_for_the_pool) {
    auto o = options();
    o.pool.max_connections = 1;
    auto t = make(o);
    server.faults().add("GET", "*", {.kind = sbx::fault_kind::latency, .delay = 150ms}, 1);
    call slow, waiting;
    net::cancellation_signal signal;
    start(*t, get(), slow);
    start(*t, get(), waiting, signal.slot());
    net::steady_timer timer(ioc, 20ms);
    timer.async_wait([&](error_code) {
        BOOST_TEST(t->stats().waiters == 1u);
        signal.emit(net::cancellation_type::terminal);
    });
    run(ioc);
    REQUIRE_ERROR(waiting, error::cancelled);
    BOOST_TEST((waiting.finished < slow.finished)); // at once, not when the slot came free
    BOOST_TEST(!waiting.response.info.request_written);
    require_ok(slow);
    auto s = t->stats();
    BOOST_TEST(s.waiters == 0u);
    BOOST_TEST(s.in_use == 0u);
    BOOST_TEST(s.idle == 1u); // the slow request's connection is clean and pooled
}

BOOST_DATA_TEST_CASE_F(fixture, cancel_during_read_closes_the_connection, both_modes, one_thread) {
    threading = mode(one_thread);
    auto t = make();
    require_ok(send(*t, get()));
    server.faults().add("GET", "*", {.kind = sbx::fault_kind::latency, .delay = 1s}, 1);
    call c;
    net::cancellation_signal signal;
    start(*t, get(), c, signal.slot());
    net::steady_timer timer(ioc, 20ms);
    timer.async_wait([&](error_code) { signal.emit(net::cancellation_type::terminal); });
    run(ioc);
    REQUIRE_ERROR(c, error::cancelled);
    BOOST_TEST(c.elapsed() < 800ms);
    BOOST_TEST(c.response.info.request_written);
    auto s = t->stats();
    BOOST_TEST(s.in_use == 0u);
    BOOST_TEST(s.open == 0u); // never returned to the pool dirty
    BOOST_TEST(s.closed == 1u);
    auto next = send(*t, get());
    require_ok(next);
    BOOST_TEST(!next.response.info.reused_connection);
}

BOOST_AUTO_TEST_CASE(cancel_during_handshake) {
    net::ip::tcp::acceptor acceptor(ioc, {net::ip::make_address("127.0.0.1"), 0});
    net::ip::tcp::socket peer(ioc);
    acceptor.async_accept(peer, [](error_code) {});
    auto url = "https://127.0.0.1:" + std::to_string(acceptor.local_endpoint().port()) + "/api";
    auto t = tallyfy::make_https_transport(ioc.get_executor(), url, options());
    call c;
    net::cancellation_signal signal;
    start(*t, get(), c, signal.slot());
    net::steady_timer timer(ioc, 20ms);
    timer.async_wait([&](error_code) { signal.emit(net::cancellation_type::terminal); });
    run(ioc);
    REQUIRE_ERROR(c, error::cancelled);
    BOOST_TEST(c.elapsed() < 800ms);
    BOOST_TEST(t->stats().open == 0u);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_FIXTURE_TEST_SUITE(limits_and_validation, fixture)

BOOST_AUTO_TEST_CASE(header_values_with_crlf_are_rejected_before_io) {
    auto t = make();
    for (std::string bad :
         {std::string("a\r\nX-Evil: 1"), std::string("a\nb"), std::string("a\0b", 3)}) {
        auto r = get();
        r.headers.push_back({"X-Test", bad});
        auto c = send(*t, r);
        REQUIRE_ERROR(c, error::invalid_argument);
        BOOST_TEST(!c.response.info.request_written);
    }
    auto r = get();
    r.target += "\r\n";
    REQUIRE_ERROR(send(*t, r), error::invalid_argument);
    BOOST_TEST(server.recorder().connections_accepted() == 0u);
    BOOST_TEST(t->stats().created == 0u);
}

BOOST_AUTO_TEST_CASE(body_and_header_limits) {
    auto o = options();
    o.max_body_bytes = 10;
    auto t = make(o);
    REQUIRE_ERROR(send(*t, get()), error::body_too_large);
    o = options();
    o.max_header_bytes = 32;
    auto t2 = make(o);
    REQUIRE_ERROR(send(*t2, get()), error::header_too_large);
    BOOST_TEST(t2->stats().in_use == 0u);
}

BOOST_AUTO_TEST_CASE(any_status_is_a_success_here) {
    auto t = make();
    auto r = get();
    r.headers.erase(r.headers.begin()); // no Authorization
    auto c = send(*t, r);
    BOOST_REQUIRE(c.ec && !*c.ec);
    BOOST_TEST(c.response.status == 401u);
}

BOOST_AUTO_TEST_CASE(url_checks) {
    auto ex = ioc.get_executor();
    auto code_of = [&](std::string_view url, tallyfy::transport_options o = {}) {
        try {
            tallyfy::make_https_transport(ex, url, std::move(o));
        } catch (const std::system_error& e) {
            return e.code();
        }
        return std::error_code{};
    };
    BOOST_TEST((code_of("http://go.tallyfy.com/api") ==
                std::error_code(make_error_code(error::insecure_url))));
    BOOST_TEST((code_of("not a url") == std::error_code(make_error_code(error::invalid_argument))));
    BOOST_TEST((code_of("ftp://example.com/") ==
                std::error_code(make_error_code(error::invalid_argument))));
    BOOST_TEST(!code_of("http://127.0.0.1:1/api"));
    BOOST_TEST(!code_of("http://[::1]:1/api"));
    BOOST_TEST(!code_of("http://localhost:1/api"));
    tallyfy::transport_options insecure;
    insecure.allow_insecure_http = true;
    BOOST_TEST(!code_of("http://go.tallyfy.com/api", insecure));
    tallyfy::transport_options bad_ca;
    bad_ca.tls.extra_ca_file = "/nonexistent/ca.pem";
    BOOST_TEST((code_of("https://go.tallyfy.com/api", bad_ca) ==
                std::error_code(make_error_code(error::invalid_argument))));
}

BOOST_AUTO_TEST_CASE(plain_http_to_loopback) {
    sbx::server plain({.https = false});
    auto t = tallyfy::make_https_transport(ioc.get_executor(), plain.base_url());
    for (int i = 0; i < 3; ++i) {
        http_request r = get();
        r.headers[0].value = "Bearer " + plain.token();
        r.target = prefix() + "/organizations/" + plain.org_id() + "/checklists";
        require_ok(send(*t, r));
    }
    BOOST_TEST(plain.recorder().connections_accepted() == 1u);
    BOOST_TEST(t->stats().handshakes == 0u);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_FIXTURE_TEST_SUITE(concurrency, fixture)

BOOST_AUTO_TEST_CASE(multi_threaded_stress_with_faults) {
    sbx::server_options so;
    so.threads = 2;
    so.record_requests = false;
    sbx::server busy(so);
    busy.faults().add({.method = "GET",
                       .path = "*",
                       .probability = 0.15,
                       .choices = {{.kind = sbx::fault_kind::latency, .delay = 5ms},
                                   {.kind = sbx::fault_kind::connection_close},
                                   {.kind = sbx::fault_kind::close_before_response}}});
    tallyfy::transport_options o;
    o.tls.use_system_roots = false;
    o.tls.extra_ca_pem = busy.ca_pem();
    o.pool.max_connections = 6;
    auto t = tallyfy::make_https_transport(ioc.get_executor(), busy.base_url(), o);
    http_request r = get();
    r.headers[0].value = "Bearer " + busy.token();
    r.target = prefix() + "/organizations/" + busy.org_id() + "/checklists";

    constexpr int workers = 24, per_worker = 15;
    std::atomic<int> ok{0}, failed{0}, unexpected{0};
    for (int w = 0; w < workers; ++w) {
        net::co_spawn(
            ioc,
            [&]() -> net::awaitable<void> {
                for (int i = 0; i < per_worker; ++i) {
                    auto [ec, resp] = co_await t->async_send(r, net::as_tuple(net::use_awaitable));
                    if (!ec && resp.status == 200)
                        ++ok;
                    else if (ec == make_error_code(error::connection_reset))
                        ++failed;
                    else
                        ++unexpected;
                    (void)t->stats(); // readable from any thread at any time
                }
            },
            net::detached);
    }
    std::vector<std::thread> threads;
    for (int i = 0; i < 4; ++i)
        threads.emplace_back([&] { ioc.run(); });
    for (auto& th : threads)
        th.join();
    BOOST_TEST(ok + failed + unexpected == workers * per_worker);
    BOOST_TEST(unexpected == 0);
    BOOST_TEST(ok > workers * per_worker / 2);
    auto s = t->stats();
    BOOST_TEST(s.in_use == 0u);
    BOOST_TEST(s.waiters == 0u);
    BOOST_TEST(s.open == s.idle);
    BOOST_TEST(s.open <= 6u);
    BOOST_TEST(busy.recorder().connections_accepted() == s.created);
    BOOST_TEST_MESSAGE("stress: ok=" << ok << " reset=" << failed << " created=" << s.created
                                     << " stale_retries=" << s.stale_retries);
}

BOOST_AUTO_TEST_SUITE_END()
