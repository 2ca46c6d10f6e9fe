// SPDX-License-Identifier: BSL-1.0
// Client certificates (issue #19, mTLS): a sandbox that requires one accepts the right one and
// refuses none or a stranger's with a cause that says so; bad key material fails at construction,
// naming what failed and never the passphrase.
#include <boost/test/unit_test.hpp>

#include "sandbox/certificates.hpp"
#include "support/tls_test_server.hpp"

#include <tallyfy/retry.hpp>
#include <tallyfy/sandbox/server.hpp>
#include <tallyfy/transport.hpp>

#include <boost/asio/io_context.hpp>

#include <filesystem>
#include <fstream>
#include <optional>
#include <unistd.h>

namespace net = boost::asio;
namespace sbx = tallyfy::sandbox;
using boost::system::error_code;
using tallyfy::error;

namespace {

constexpr const char* passphrase = "pass-7Qz-SECRET";

sbx::issued_certificate client_ca(const std::string& name) {
    sbx::certificate_spec spec;
    spec.common_name = name;
    spec.ca = true;
    return sbx::issue_certificate(spec);
}

sbx::issued_certificate client_leaf(const sbx::issued_certificate& ca,
                                    const std::string& key_passphrase = passphrase) {
    sbx::certificate_spec spec;
    spec.common_name = "tallyfy-cpp test client";
    spec.alt_names.clear();
    spec.client = true;
    spec.key_passphrase = key_passphrase;
    return sbx::issue_certificate(spec, &ca);
}

sbx::server_options requiring(const sbx::issued_certificate& ca) {
    sbx::server_options o;
    o.client_ca_pem = ca.cert_pem;
    return o;
}

struct fixture {
    sbx::issued_certificate ca = client_ca("tallyfy-cpp client CA");
    sbx::issued_certificate leaf = client_leaf(ca);
    sbx::server server{requiring(ca)};
    net::io_context ioc{1};

    tallyfy::transport_options options() const {
        tallyfy::transport_options o;
        o.tls.use_system_roots = false;
        o.tls.extra_ca_pem = server.ca_pem();
        return o;
    }
    tallyfy::transport_options with_certificate() const {
        auto o = options();
        o.tls.client_certificate_pem = leaf.cert_pem;
        o.tls.client_key_pem = leaf.key_pem;
        o.tls.client_key_passphrase = passphrase;
        return o;
    }

    std::pair<error_code, tallyfy::http_response> send(const tallyfy::transport_options& o,
                                                       std::string url = {}) {
        auto t = tallyfy::make_https_transport(ioc.get_executor(),
                                               url.empty() ? server.base_url() : url, o);
        tallyfy::http_request r;
        r.target = "/api/organizations/" + server.org_id() + "/checklists";
        r.headers = {{"Authorization", "Bearer " + server.token()},
                     {"X-Tallyfy-Client", "APIClient"}};
        r.idempotent = true;
        std::optional<std::pair<error_code, tallyfy::http_response>> out;
        t->async_send(r, [&](error_code ec, tallyfy::http_response resp) {
            out.emplace(ec, std::move(resp));
        });
        ioc.restart();
        ioc.run();
        BOOST_REQUIRE(out.has_value());
        BOOST_TEST_MESSAGE("cause: " << out->second.info.cause);
        return *out;
    }

    /// The message of the error making a transport with `o` throws ("" when none).
    std::string construction_error(const tallyfy::transport_options& o) {
        try {
            tallyfy::make_https_transport(ioc.get_executor(), server.base_url(), o);
        } catch (const std::system_error& e) {
            BOOST_TEST((e.code() == make_error_code(error::invalid_argument)));
            BOOST_TEST(std::string(e.what()).find(passphrase) == std::string::npos, e.what());
            return e.what();
        }
        return {};
    }
};

bool has(const std::string& text, std::string_view part) {
    return text.find(part) != std::string::npos;
}

/// A file holding `text`, removed at scope exit.
struct temp_file {
    std::filesystem::path path;
    explicit temp_file(const std::string& name, const std::string& text)
        : path(std::filesystem::temp_directory_path() /
               ("tallyfy-mtls-" + std::to_string(::getpid()) + "-" + name)) {
        std::ofstream(path) << text;
    }
    ~temp_file() { std::filesystem::remove(path); }
};

} // namespace

BOOST_FIXTURE_TEST_SUITE(client_certificates, fixture)

BOOST_AUTO_TEST_CASE(the_right_certificate_is_accepted_from_text_and_from_files) {
    auto [ec, response] = send(with_certificate());
    BOOST_REQUIRE_MESSAGE(!ec, ec.message() << " (" << response.info.cause << ")");
    BOOST_TEST(response.status == 200u);

    temp_file cert("cert.pem", leaf.cert_pem), key("key.pem", leaf.key_pem);
    auto o = options();
    o.tls.client_certificate_file = cert.path.string();
    o.tls.client_key_file = key.path.string();
    o.tls.client_key_passphrase = passphrase;
    // Two connections: the second resumes the first's session, which a server verifying its
    // clients accepts only with a session context.
    server.faults().add("GET", "*", {.kind = sbx::fault_kind::connection_close}, 1);
    auto t = tallyfy::make_https_transport(ioc.get_executor(), server.base_url(), o);
    for (int i = 0; i < 2; ++i) {
        tallyfy::http_request r;
        r.target = "/api/organizations/" + server.org_id() + "/checklists";
        r.headers = {{"Authorization", "Bearer " + server.token()},
                     {"X-Tallyfy-Client", "APIClient"}};
        std::optional<error_code> result;
        t->async_send(r, [&](error_code e, tallyfy::http_response resp) {
            result = e;
            BOOST_TEST(resp.status == 200u);
        });
        ioc.restart();
        ioc.run();
        BOOST_REQUIRE(result.has_value());
        BOOST_TEST(!*result, result->message());
    }
    BOOST_TEST(t->stats().handshakes == 2u);
    BOOST_TEST(t->stats().resumed_handshakes == 1u);
}

BOOST_AUTO_TEST_CASE(without_a_certificate_the_call_fails_saying_one_is_required) {
    auto [ec, response] = send(options());
    BOOST_TEST((ec == make_error_code(error::tls_failed)), ec.message());
    BOOST_TEST(has(response.info.cause, "requires a client certificate"), response.info.cause);
    BOOST_TEST((tallyfy::decide_retry({0, ec}, false) != tallyfy::retry_verdict::retry));
}

BOOST_AUTO_TEST_CASE(a_certificate_from_another_ca_is_refused) {
    auto stranger_ca = client_ca("another CA");
    auto stranger = client_leaf(stranger_ca);
    auto o = options();
    o.tls.client_certificate_pem = stranger.cert_pem;
    o.tls.client_key_pem = stranger.key_pem;
    o.tls.client_key_passphrase = passphrase;
    auto [ec, response] = send(o);
    BOOST_TEST((ec == make_error_code(error::tls_failed)), ec.message());
    BOOST_TEST(has(response.info.cause, "unknown_ca"), response.info.cause);
    BOOST_TEST(has(response.info.cause, "refused this client's certificate"), response.info.cause);
}

BOOST_AUTO_TEST_CASE(a_tls_1_2_server_refuses_in_the_handshake_and_is_understood) {
    // Before TLS 1.3 the refusal is a handshake_failure alert inside the handshake: the cause
    // still says a certificate was required, because the server asked for one.
    tallyfy::test::tls_test_server strict([&](net::ssl::context& ctx) {
        auto certs = sbx::generate_loopback_certificates();
        ctx.use_certificate_chain(net::buffer(certs.server_cert_pem));
        ctx.use_private_key(net::buffer(certs.server_key_pem), net::ssl::context::pem);
        ctx.add_certificate_authority(net::buffer(ca.cert_pem));
        ctx.set_verify_mode(net::ssl::verify_peer | net::ssl::verify_fail_if_no_peer_cert);
        SSL_CTX_set_max_proto_version(ctx.native_handle(), TLS1_2_VERSION);
    });
    auto o = options();
    o.tls.insecure_skip_verification = true; // the server's certificate is not the point here
    auto [ec, response] = send(o, strict.url());
    BOOST_TEST((ec == make_error_code(error::tls_failed)), ec.message());
    BOOST_TEST(has(response.info.cause, "handshake_failure"), response.info.cause);
    BOOST_TEST(has(response.info.cause, "requires a client certificate"), response.info.cause);
}

BOOST_AUTO_TEST_CASE(bad_key_material_fails_at_construction_naming_what_failed) {
    auto wrong = with_certificate();
    wrong.tls.client_key_passphrase = "not-the-passphrase";
    auto e = construction_error(wrong);
    BOOST_TEST(has(e, "client key (PEM text)"), e);
    BOOST_TEST(has(e, "wrong passphrase"), e);
    BOOST_TEST(!has(e, "not-the-passphrase"), e);

    auto none = with_certificate();
    none.tls.client_key_passphrase.clear();
    BOOST_TEST(has(construction_error(none), "encrypted"), construction_error(none));

    auto missing = options();
    missing.tls.client_certificate_file = "/nonexistent/client.pem";
    missing.tls.client_key_file = "/nonexistent/client.key";
    auto m = construction_error(missing);
    BOOST_TEST(has(m, "client certificate file '/nonexistent/client.pem'"), m);

    auto garbage = with_certificate();
    garbage.tls.client_certificate_pem = "not a certificate";
    BOOST_TEST(has(construction_error(garbage), "cannot load the client certificate (PEM text)"),
               construction_error(garbage));

    auto mismatched = with_certificate();
    auto other = client_leaf(ca, "");
    mismatched.tls.client_key_pem = other.key_pem;
    BOOST_TEST(has(construction_error(mismatched), "does not match"),
               construction_error(mismatched));

    auto half = options();
    half.tls.client_certificate_pem = leaf.cert_pem;
    BOOST_TEST(has(construction_error(half), "needs its key"), construction_error(half));

    auto both = with_certificate();
    both.tls.client_certificate_file = "/tmp/x.pem";
    BOOST_TEST(has(construction_error(both), "not both"), construction_error(both));
}

BOOST_AUTO_TEST_CASE(a_sandbox_without_https_cannot_require_certificates) {
    auto o = requiring(ca);
    o.https = false;
    BOOST_CHECK_THROW(sbx::server{o}, std::runtime_error);
}

BOOST_AUTO_TEST_SUITE_END()
