// SPDX-License-Identifier: BSL-1.0
// What the SDK guarantees about secrets and hostile peers, tested against the sandbox.
#define BOOST_TEST_MODULE security_tests
#include <boost/test/unit_test.hpp>

#include "sandbox/certificates.hpp"
#include "support/connect_proxy.hpp"
#include "support/sandbox_client_fixture.hpp"

namespace sbx = tallyfy::sandbox;
using fixture = tallyfy::test::sandbox_client_fixture;
using tallyfy::error;
using namespace std::chrono_literals;

namespace {

bool error_is(const tallyfy::api_error& e, error expected) {
    return e.error_value() == expected;
}

tallyfy::raw_request checklists() {
    return {.path = "/organizations/{org}/checklists"};
}

void check_no_token(const tallyfy::api_error& e, const std::string& token) {
    BOOST_TEST(std::string(e.what()).find(token) == std::string::npos);
    BOOST_TEST(e.details().detail.find(token) == std::string::npos);
    BOOST_TEST(e.details().body.find(token) == std::string::npos);
    BOOST_TEST(e.details().server_message.find(token) == std::string::npos);
    BOOST_TEST(e.details().cause.find(token) == std::string::npos);
}

} // namespace

BOOST_FIXTURE_TEST_SUITE(secrets, fixture)

BOOST_AUTO_TEST_CASE(the_token_never_appears_in_errors_or_the_recorder) {
    // A distinctive token, accepted by a dedicated sandbox.
    const std::string secret = "tok-SECRET-6f1d0c";
    sbx::server_options so;
    so.api.tokens = {secret};
    sbx::server guarded(so);
    auto options = options_for(guarded);
    options.access_token = secret;
    tallyfy::client api2(ioc.get_executor(), options);

    std::vector<sbx::fault> faults = {
        {.kind = sbx::fault_kind::status_before, .status = 401},
        {.kind = sbx::fault_kind::status_before, .status = 404},
        {.kind = sbx::fault_kind::status_before, .status = 422},
        {.kind = sbx::fault_kind::rate_limited, .retry_after = 3600s},
        {.kind = sbx::fault_kind::malformed_json},
        {.kind = sbx::fault_kind::status_after, .status = 500},
    };
    for (auto f : faults) {
        guarded.faults().add("", "", f);
        auto r = checklists();
        r.method = tallyfy::http_method::post; // writes too: outcome_unknown's text
        r.options.retry = tallyfy::retry_policy::no_retry();
        check_no_token(failure(api2.request(r)), secret);
    }
    for (const auto& req : guarded.recorder().requests())
        for (const auto& [name, value] : req.headers)
            BOOST_TEST(value.find(secret) == std::string::npos);

    // Transport failures: nothing listens / TLS refused.
    auto unreachable = options;
    unreachable.base_url = "https://127.0.0.1:1/api";
    tallyfy::client nowhere(ioc.get_executor(), unreachable);
    check_no_token(failure(nowhere.request(checklists())), secret);
}

BOOST_AUTO_TEST_CASE(the_proxy_password_never_appears_in_errors_or_the_recorder) {
    const std::string password = "pxPASS-9c2e71";
    const std::string encoded = "Ym9iOnB4UEFTUy05YzJlNzE="; // base64("bob:" + password)
    auto check = [&](const tallyfy::api_error& e) {
        check_no_token(e, password);
        check_no_token(e, encoded);
    };
    auto through = [&](const std::string& proxy_url, std::string base_url = {}) {
        auto o = options_for(sandbox);
        o.transport.proxy = proxy_url;
        if (!base_url.empty())
            o.base_url = std::move(base_url);
        return o;
    };
    auto quick = [] {
        auto r = checklists();
        r.options.retry = tallyfy::retry_policy{.max_attempts = 2, .initial_backoff = 1ms};
        return r;
    };
    const std::string creds = "bob:" + password + "@";

    // Accepted: the origin never sees the credentials.
    tallyfy::test::connect_proxy good({.user = "bob", .password = password});
    const auto url = "http://" + creds + "127.0.0.1:" + std::to_string(good.port());
    tallyfy::client ok(ioc.get_executor(), through(url));
    BOOST_TEST(run(ok.request(checklists())).at("data").is_array());
    // Refused (407), by a proxy demanding other credentials.
    tallyfy::test::connect_proxy other({.user = "bob", .password = "another"});
    tallyfy::client c407(ioc.get_executor(),
                         through("http://" + creds + "127.0.0.1:" + std::to_string(other.port())));
    check(failure(c407.request(quick())));
    // Refused (403), by a proxy that echoes the password and its Basic form.
    tallyfy::test::connect_proxy refusing(
        {.refuse_status = 403, .refuse_reason = "Forbidden for " + password + " " + encoded});
    tallyfy::client c403(ioc.get_executor(), through("http://" + creds + "127.0.0.1:" +
                                                     std::to_string(refusing.port())));
    check(failure(c403.request(quick())));
    // Down.
    tallyfy::client down(ioc.get_executor(), through("http://" + creds + "127.0.0.1:1"));
    check(failure(down.request(quick())));
    // TLS to an origin the certificate does not name, through a good proxy.
    tallyfy::client tls(
        ioc.get_executor(),
        through(url, "https://unnamed.test:" + std::to_string(sandbox.port()) + "/api"));
    check(failure(tls.request(quick())));
    // Unusable proxy URLs: refused at creation without quoting them.
    for (const auto* scheme : {"https://", "socks5://", "ftp://"}) {
        try {
            tallyfy::client c(ioc.get_executor(), through(scheme + creds + "proxy.test:3128"));
            BOOST_ERROR("accepted " << scheme);
        } catch (const std::system_error& e) {
            BOOST_TEST(std::string(e.what()).find(password) == std::string::npos);
        }
    }
    for (const auto& req : sandbox.recorder().requests())
        for (const auto& [name, value] : req.headers) {
            BOOST_TEST(value.find(password) == std::string::npos);
            BOOST_TEST(value.find(encoded) == std::string::npos);
        }
}

BOOST_AUTO_TEST_CASE(the_client_key_passphrase_never_appears_in_errors) {
    // A sandbox that requires client certificates, and a client key encrypted with a distinctive
    // passphrase: whatever fails (the key, the handshake, the server), no text holds it.
    const std::string secret = "pass-SECRET-90ab1e";
    sbx::certificate_spec ca_spec;
    ca_spec.common_name = "client CA";
    ca_spec.ca = true;
    auto ca = sbx::issue_certificate(ca_spec);
    sbx::certificate_spec leaf_spec;
    leaf_spec.common_name = "client";
    leaf_spec.client = true;
    leaf_spec.key_passphrase = secret;
    auto leaf = sbx::issue_certificate(leaf_spec, &ca);
    sbx::server_options so;
    so.client_ca_pem = ca.cert_pem;
    sbx::server guarded(so);

    auto options = options_for(guarded);
    options.transport.tls.client_certificate_pem = leaf.cert_pem;
    options.transport.tls.client_key_pem = leaf.key_pem;
    options.transport.tls.client_key_passphrase = secret;
    tallyfy::client accepted(ioc.get_executor(), options);
    BOOST_TEST(run(accepted.request(checklists())).at("data").is_array());
    guarded.faults().add("", "", {.kind = sbx::fault_kind::status_before, .status = 500});
    auto r = checklists();
    r.options.retry = tallyfy::retry_policy::no_retry();
    check_no_token(failure(accepted.request(r)), secret);

    // Refused by the server: a certificate of another CA, with the same passphrase.
    auto other_ca = sbx::issue_certificate(ca_spec);
    auto stranger = sbx::issue_certificate(leaf_spec, &other_ca);
    auto refused = options;
    refused.transport.tls.client_certificate_pem = stranger.cert_pem;
    refused.transport.tls.client_key_pem = stranger.key_pem;
    tallyfy::client outsider(ioc.get_executor(), refused);
    auto e = failure(outsider.request(checklists()));
    BOOST_TEST(error_is(e, error::tls_failed));
    check_no_token(e, secret);

    // Key material that does not load: the right passphrase with a damaged key, a wrong one.
    for (const std::string& pass : {secret, secret + "-wrong"}) {
        auto bad = options;
        bad.transport.tls.client_key_passphrase = pass;
        if (pass == secret)
            bad.transport.tls.client_key_pem = leaf.key_pem.substr(0, leaf.key_pem.size() / 2);
        try {
            tallyfy::client never(ioc.get_executor(), bad);
            BOOST_FAIL("a client with a bad key was made");
        } catch (const std::system_error& failed) {
            BOOST_TEST(std::string(failed.what()).find("client key") != std::string::npos,
                       failed.what());
            BOOST_TEST(std::string(failed.what()).find(secret) == std::string::npos, failed.what());
        }
    }
    for (const auto& req : guarded.recorder().requests()) {
        BOOST_TEST(req.body.find(secret) == std::string::npos);
        for (const auto& [name, value] : req.headers)
            BOOST_TEST(value.find(secret) == std::string::npos);
    }
}

BOOST_AUTO_TEST_CASE(provided_tokens_and_oauth_secrets_never_appear_in_errors_or_the_recorder) {
    const std::string client_secret = "client-SECRET-9a8b7c";
    const std::string refresh = "refresh-SECRET-1f2e3d";
    sbx::server_options so;
    so.api.oauth = {"7", client_secret, refresh, 60s};
    sbx::server guarded(so);
    std::vector<std::string> secrets = {client_secret, refresh};
    tallyfy::oauth_refresh_options ro;
    ro.token_url = guarded.base_url() + "/oauth/token";
    ro.client_id = "7";
    ro.client_secret = client_secret;
    ro.refresh_token = refresh;
    ro.on_rotated = [&](const std::string& t) { secrets.push_back(t); };
    auto oauth = tallyfy::oauth_refresh_provider(ro);
    // The access tokens it hands out, seen by wrapping it.
    tallyfy::token_provider watched([&secrets, oauth](tallyfy::token_request_context c) {
        return [](tallyfy::token_provider p, tallyfy::token_request_context c,
                  std::vector<std::string>* seen)
                   -> boost::asio::awaitable<tallyfy::access_token_info> {
            auto asking = p(std::move(c));
            auto info = co_await std::move(asking);
            seen->push_back(info.token);
            co_return info;
        }(oauth, std::move(c), &secrets);
    });
    auto options = options_for(guarded);
    options.access_token.clear();
    options.access_token_provider = watched;
    tallyfy::client api2(ioc.get_executor(), options);
    BOOST_TEST(run(api2.request(checklists())).at("data").is_array()); // a token first
    std::vector<tallyfy::api_error> errors;
    std::vector<sbx::fault> faults = {
        {.kind = sbx::fault_kind::status_before, .status = 404},
        {.kind = sbx::fault_kind::status_before, .status = 422},
        {.kind = sbx::fault_kind::malformed_json},
        {.kind = sbx::fault_kind::status_after, .status = 500},
    };
    for (auto f : faults) {
        guarded.faults().add("", "", f);
        auto r = checklists();
        r.method = tallyfy::http_method::post;
        r.options.retry = tallyfy::retry_policy::no_retry();
        errors.push_back(failure(api2.request(r)));
    }
    // A 401 the refresh cannot fix: revoked, then the refresh token is refused.
    guarded.revoke_access_tokens();
    guarded.faults().add("POST", "", {.kind = sbx::fault_kind::status_before, .status = 401});
    errors.push_back(failure(api2.request(checklists())));
    // A refresh refused for a wrong secret.
    auto wrong = ro;
    wrong.client_secret = "wrong-SECRET-4d5e6f";
    secrets.push_back(wrong.client_secret);
    auto bad = options;
    bad.access_token_provider = tallyfy::oauth_refresh_provider(wrong);
    tallyfy::client api3(ioc.get_executor(), bad);
    errors.push_back(failure(api3.request(checklists())));

    BOOST_TEST(secrets.size() >= 4u); // the secrets, a rotated refresh token, an access token
    for (const auto& e : errors)
        for (const auto& secret : secrets)
            check_no_token(e, secret);
    for (const auto& req : guarded.recorder().requests())
        for (const auto& secret : secrets) {
            BOOST_TEST(req.body.find(secret) == std::string::npos, req.target);
            BOOST_TEST(req.target.find(secret) == std::string::npos);
            for (const auto& [name, value] : req.headers)
                BOOST_TEST(value.find(secret) == std::string::npos);
        }
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_FIXTURE_TEST_SUITE(transport_guards, fixture)

BOOST_AUTO_TEST_CASE(verification_is_on_by_default_and_off_only_by_name) {
    auto options = options_for(sandbox);
    options.transport.tls.extra_ca_pem.clear(); // the sandbox's CA is not trusted now
    tallyfy::client strict(ioc.get_executor(), options);
    auto e = failure(strict.request(checklists()));
    BOOST_TEST(error_is(e, error::tls_failed));
    BOOST_TEST(e.details().attempts.size() == 1u); // a certificate problem is not retried
    // The cause is in the details and in what(): which check failed, in OpenSSL's words.
    BOOST_TEST(e.details().cause.find("verify error") != std::string::npos, e.details().cause);
    BOOST_TEST(std::string(e.what()).find(e.details().cause) != std::string::npos);

    options.transport.tls.insecure_skip_verification = true; // the one, explicitly named switch
    tallyfy::client reckless(ioc.get_executor(), options);
    BOOST_TEST(run(reckless.request(checklists())).at("data").is_array());
}

BOOST_AUTO_TEST_CASE(plain_http_only_to_loopback_unless_allowed) {
    tallyfy::client_options o;
    o.base_url = "http://api.example.com/api";
    o.access_token = "t";
    o.org_id = "o";
    BOOST_CHECK_THROW(tallyfy::client(ioc.get_executor(), o), std::system_error);
    o.transport.allow_insecure_http = true;
    BOOST_CHECK_NO_THROW(tallyfy::client(ioc.get_executor(), o));
}

BOOST_AUTO_TEST_CASE(redirects_are_not_followed) {
    sandbox.faults().add("GET", "", {.kind = sbx::fault_kind::status_before, .status = 302});
    auto before = sandbox.recorder().request_count();
    auto e = failure(api.request(checklists()));
    BOOST_TEST(e.http_status() == 302u);
    BOOST_TEST(error_is(e, error::http_error));
    BOOST_TEST(sandbox.recorder().request_count() == before + 1);
}

BOOST_AUTO_TEST_CASE(header_values_cannot_inject_lines) {
    auto before = sandbox.recorder().request_count();
    auto r = checklists();
    r.options.headers.push_back({"X-Trace", "1\r\nX-Evil: yes"});
    BOOST_TEST(error_is(failure(api.request(r)), error::invalid_argument));
    auto bad_token = options_for(sandbox);
    bad_token.access_token = "t\r\nX-Evil: yes";
    BOOST_CHECK_THROW(tallyfy::client(ioc.get_executor(), bad_token), std::exception);
    BOOST_TEST(sandbox.recorder().request_count() == before);
}

BOOST_AUTO_TEST_CASE(response_size_limit_holds) {
    auto options = options_for(sandbox);
    options.transport.max_body_bytes = 256; // the checklist list is larger
    tallyfy::client small(ioc.get_executor(), options);
    auto e = failure(small.request(checklists()));
    BOOST_TEST(error_is(e, error::body_too_large));
}

BOOST_AUTO_TEST_CASE(a_stalling_server_cannot_hold_a_call_past_its_deadline) {
    sandbox.faults().add("GET", "", {.kind = sbx::fault_kind::stall, .delay = 30'000ms}, 100);
    auto r = checklists();
    r.options.retry = tallyfy::retry_policy{.total_deadline = 1500ms, .initial_backoff = 10ms};
    auto start = std::chrono::steady_clock::now();
    auto e = failure(api.request(r));
    auto took = std::chrono::steady_clock::now() - start;
    BOOST_TEST((took < 2500ms));
    BOOST_TEST((error_is(e, error::attempt_timeout) || error_is(e, error::stall_timeout) ||
                error_is(e, error::deadline_exceeded)));
}

BOOST_AUTO_TEST_SUITE_END()
