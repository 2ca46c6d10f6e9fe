// SPDX-License-Identifier: BSL-1.0
// Every way a TLS handshake fails names its cause (issue #18 §3): the verify error and the
// certificate's subject, the host expected, the alert, the protocol mismatch, a server that does
// not speak TLS, a handshake cut short; and whether the failure is retried.
#include <boost/test/unit_test.hpp>

#include "sandbox/certificates.hpp"
#include "support/tls_test_server.hpp"

#include <tallyfy/retry.hpp>
#include <tallyfy/transport.hpp>

#include <boost/asio/io_context.hpp>

#include <optional>

namespace net = boost::asio;
namespace sbx = tallyfy::sandbox;
using boost::system::error_code;
using tallyfy::error;
using tallyfy::test::tls_test_server;

namespace {

struct outcome {
    error_code ec;
    tallyfy::http_response response;
    const std::string& cause() const { return response.info.cause; }
    bool has(std::string_view text) const { return cause().find(text) != std::string::npos; }
    tallyfy::retry_verdict verdict() const { return tallyfy::decide_retry({0, ec}, false); }
};

sbx::issued_certificate make_ca(const std::string& name = "tallyfy-cpp test CA") {
    sbx::certificate_spec spec;
    spec.common_name = name;
    spec.ca = true;
    return sbx::issue_certificate(spec);
}

tls_test_server::configure_fn serving(sbx::issued_certificate leaf,
                                      std::function<void(net::ssl::context&)> more = {}) {
    return [leaf = std::move(leaf), more = std::move(more)](net::ssl::context& ctx) {
        ctx.use_certificate_chain(net::buffer(leaf.cert_pem));
        ctx.use_private_key(net::buffer(leaf.key_pem), net::ssl::context::pem);
        if (more)
            more(ctx);
    };
}

struct fixture {
    net::io_context ioc{1};
    sbx::issued_certificate ca = make_ca();

    outcome send(const std::string& url, const std::string& trusted_ca_pem) {
        tallyfy::transport_options o;
        o.tls.use_system_roots = false;
        o.tls.extra_ca_pem = trusted_ca_pem;
        auto t = tallyfy::make_https_transport(ioc.get_executor(), url, o);
        tallyfy::http_request r;
        r.target = "/api/ping";
        r.idempotent = true;
        std::optional<outcome> out;
        t->async_send(r, [&](error_code ec, tallyfy::http_response resp) {
            out = outcome{ec, std::move(resp)};
        });
        ioc.restart();
        ioc.run();
        BOOST_REQUIRE(out.has_value());
        BOOST_TEST_MESSAGE("cause: " << out->cause());
        return *out;
    }
    outcome send(const tls_test_server& s) { return send(s.url(), ca.cert_pem); }
};

#define REQUIRE_IS(o, e)                                                                           \
    BOOST_REQUIRE_MESSAGE((o).ec == make_error_code(e),                                            \
                          "expected " << tallyfy::error_name(e) << ", got " << (o).ec.message()    \
                                      << " (" << (o).cause() << ")")

} // namespace

BOOST_FIXTURE_TEST_SUITE(tls_causes, fixture)

BOOST_AUTO_TEST_CASE(a_well_configured_server_answers) {
    // The loopback server itself works: the failures below are the certificates' and options'.
    tls_test_server server(serving(sbx::issue_certificate({}, &ca)));
    auto o = send(server);
    BOOST_REQUIRE_MESSAGE(!o.ec, o.ec.message() << " (" << o.cause() << ")");
    BOOST_TEST(o.response.status == 200u);
}

BOOST_AUTO_TEST_CASE(an_expired_certificate_names_the_error_and_the_subject) {
    sbx::certificate_spec spec;
    spec.common_name = "expired.test";
    spec.not_before = std::chrono::hours(-48);
    spec.not_after = std::chrono::hours(-24);
    tls_test_server server(serving(sbx::issue_certificate(spec, &ca)));
    auto o = send(server);
    REQUIRE_IS(o, error::tls_failed);
    BOOST_TEST(o.has("certificate has expired"), o.cause());
    BOOST_TEST(o.has("subject CN=expired.test"), o.cause());
    BOOST_TEST((o.verdict() != tallyfy::retry_verdict::retry));
    BOOST_TEST(server.accepted == 1);
}

BOOST_AUTO_TEST_CASE(a_self_signed_certificate_names_the_error_and_the_subject) {
    sbx::certificate_spec spec;
    spec.common_name = "self.test";
    tls_test_server server(serving(sbx::issue_certificate(spec)));
    auto o = send(server);
    REQUIRE_IS(o, error::tls_failed);
    BOOST_TEST(o.has("self-signed certificate"), o.cause());
    BOOST_TEST(o.has("subject CN=self.test"), o.cause());
    BOOST_TEST(o.has("not issued by a CA this client trusts"), o.cause());
}

BOOST_AUTO_TEST_CASE(a_subject_is_escaped_and_bounded) {
    sbx::certificate_spec spec;
    spec.common_name = "evil\x1b]0;PWNED\x07" + std::string(40, 'x');
    spec.not_after = std::chrono::seconds(-60);
    spec.not_before = std::chrono::seconds(-120);
    tls_test_server server(serving(sbx::issue_certificate(spec, &ca)));
    auto o = send(server);
    REQUIRE_IS(o, error::tls_failed);
    BOOST_TEST(o.cause().find('\x1b') == std::string::npos, o.cause());
    BOOST_TEST(o.cause().find('\x07') == std::string::npos, o.cause());
    BOOST_TEST(o.has("evil"), o.cause());
    BOOST_TEST(o.cause().size() < 600u);
}

BOOST_AUTO_TEST_CASE(
    a_wrong_host_says_which_host_was_expected_and_which_names_the_certificate_has) {
    sbx::certificate_spec spec;
    spec.common_name = "api.example.test";
    spec.alt_names = "DNS:api.example.test,DNS:www.example.test";
    tls_test_server server(serving(sbx::issue_certificate(spec, &ca)));
    auto ip = send(server);
    REQUIRE_IS(ip, error::tls_failed);
    BOOST_TEST(ip.has("IP address mismatch"), ip.cause());
    BOOST_TEST(ip.has("expected host 127.0.0.1"), ip.cause());
    BOOST_TEST(ip.has("DNS:api.example.test, DNS:www.example.test"), ip.cause());
    auto name = send(server.url("localhost"), ca.cert_pem);
    REQUIRE_IS(name, error::tls_failed);
    BOOST_TEST(name.has("hostname mismatch"), name.cause());
    BOOST_TEST(name.has("expected host localhost"), name.cause());
    BOOST_TEST((name.verdict() != tallyfy::retry_verdict::retry));
}

BOOST_AUTO_TEST_CASE(a_tls_1_0_only_server_is_a_protocol_mismatch_not_retried) {
    tls_test_server server(serving(sbx::issue_certificate({}, &ca), [](net::ssl::context& ctx) {
        SSL_CTX_set_security_level(ctx.native_handle(), 0);
        SSL_CTX_set_min_proto_version(ctx.native_handle(), TLS1_VERSION);
        SSL_CTX_set_max_proto_version(ctx.native_handle(), TLS1_VERSION);
        SSL_CTX_set_cipher_list(ctx.native_handle(), "DEFAULT:@SECLEVEL=0");
    }));
    auto o = send(server);
    REQUIRE_IS(o, error::tls_failed);
    BOOST_TEST(o.has("this client requires TLS 1.2 or later"), o.cause());
    BOOST_TEST((o.verdict() != tallyfy::retry_verdict::retry));
    BOOST_TEST(server.accepted == 1);
}

BOOST_AUTO_TEST_CASE(an_alert_from_the_server_is_named) {
    // TLS 1.2 with only cipher suites the client does not offer: handshake_failure.
    tls_test_server server(serving(sbx::issue_certificate({}, &ca), [](net::ssl::context& ctx) {
        SSL_CTX_set_max_proto_version(ctx.native_handle(), TLS1_2_VERSION);
        SSL_CTX_set_cipher_list(ctx.native_handle(), "PSK-AES128-CBC-SHA");
    }));
    auto o = send(server);
    REQUIRE_IS(o, error::tls_failed);
    BOOST_TEST(o.has("TLS alert handshake_failure (40)"), o.cause());
    BOOST_TEST(o.has("accepts none of the TLS versions, cipher suites"), o.cause());
}

BOOST_AUTO_TEST_CASE(plain_http_on_the_tls_port_says_the_server_did_not_speak_tls) {
    tls_test_server server(
        std::string("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"));
    auto o = send(server);
    REQUIRE_IS(o, error::tls_failed);
    BOOST_TEST(o.has("did not answer in TLS"), o.cause());
    BOOST_TEST(o.has("plain HTTP"), o.cause());
}

BOOST_AUTO_TEST_CASE(a_truncated_server_hello_is_a_retryable_connection_failure) {
    // A handshake record announcing 64 bytes, 3 of them sent, then the end of the stream: nothing
    // of the request was sent, so like a refused connect it is retried.
    tls_test_server server(std::string("\x16\x03\x03\x00\x40\x02\x00\x00", 8));
    auto o = send(server);
    REQUIRE_IS(o, error::connection_failed);
    BOOST_TEST(o.has("closed the connection during the handshake"), o.cause());
    BOOST_TEST(o.has("truncated handshake"), o.cause());
    BOOST_TEST(!o.response.info.request_written);
    BOOST_TEST((o.verdict() == tallyfy::retry_verdict::retry));
}

BOOST_AUTO_TEST_SUITE_END()
