// SPDX-License-Identifier: BSL-1.0
#include "core/transport/tls_context.hpp"

#include "core/transport/tls_failure.hpp"

#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <algorithm>
#include <memory>
#include <system_error>

namespace tallyfy::detail {

namespace ssl = boost::asio::ssl;

namespace {

[[noreturn]] void fail(std::string_view what, const boost::system::error_code& cause) {
    throw std::system_error(std::error_code(make_error_code(error::invalid_argument)),
                            std::string(what) + ": " + cause.message());
}

[[noreturn]] void fail_client(const std::string& what) {
    throw std::system_error(std::error_code(make_error_code(error::invalid_argument)), what);
}

/// OpenSSL's reason for the last failure (the queue is emptied), "" when there is none.
std::string openssl_reason() {
    std::string reason;
    while (const unsigned long e = ERR_get_error()) {
        if (reason.empty())
            if (const char* r = ERR_reason_error_string(e))
                reason = r;
    }
    return reason;
}

struct client_bio_free {
    void operator()(BIO* b) const { BIO_free(b); }
};
struct client_key_free {
    void operator()(EVP_PKEY* k) const { EVP_PKEY_free(k); }
};
struct client_x509_free {
    void operator()(X509* x) const { X509_free(x); }
};

/// Which of the file and the text holds a PEM: "file 'path'" or "PEM text", and a BIO on it.
std::unique_ptr<BIO, client_bio_free> open_pem(std::string_view what, const std::string& file,
                                               const std::string& pem, std::string& source) {
    if (!file.empty() && !pem.empty())
        fail_client("tls_options: give the client " + std::string(what) +
                    " as a file or as PEM text, not both");
    std::unique_ptr<BIO, client_bio_free> bio;
    if (!file.empty()) {
        source = "file '" + file + "'";
        bio.reset(BIO_new_file(file.c_str(), "r"));
        if (!bio) {
            openssl_reason();
            fail_client("cannot read the client " + std::string(what) + " " + source);
        }
    } else {
        source = "PEM text";
        bio.reset(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
    }
    return bio;
}

struct passphrase_state {
    const std::string* passphrase;
    bool asked = false;
};

// OpenSSL asks for the passphrase of an encrypted key here (never on the terminal).
int client_key_passphrase_cb(char* buf, int size, int, void* user) {
    auto* state = static_cast<passphrase_state*>(user);
    state->asked = true;
    const auto& p = *state->passphrase;
    if (p.empty() || p.size() > static_cast<std::size_t>(size))
        return -1;
    std::copy(p.begin(), p.end(), buf);
    return static_cast<int>(p.size());
}

/// Loads the client certificate (and its chain) and key into `ctx`; throws naming which failed.
void load_client_certificate(SSL_CTX* ctx, const tls_options& o) {
    const bool has_cert = !o.client_certificate_file.empty() || !o.client_certificate_pem.empty();
    const bool has_key = !o.client_key_file.empty() || !o.client_key_pem.empty();
    if (!has_cert && !has_key)
        return;
    if (has_cert != has_key)
        fail_client(has_cert ? "tls_options: a client certificate needs its key (client_key_file "
                               "or client_key_pem)"
                             : "tls_options: a client key needs its certificate "
                               "(client_certificate_file or client_certificate_pem)");
    ERR_clear_error();
    std::string source;
    auto cert_bio =
        open_pem("certificate", o.client_certificate_file, o.client_certificate_pem, source);
    std::unique_ptr<X509, client_x509_free> cert(
        PEM_read_bio_X509_AUX(cert_bio.get(), nullptr, nullptr, nullptr));
    if (!cert || SSL_CTX_use_certificate(ctx, cert.get()) != 1) {
        auto reason = openssl_reason();
        fail_client("cannot load the client certificate (" + source +
                    "): " + (reason.empty() ? "no PEM certificate in it" : reason));
    }
    // Intermediate CAs after the leaf are sent with it.
    SSL_CTX_clear_chain_certs(ctx);
    while (X509* ca = PEM_read_bio_X509(cert_bio.get(), nullptr, nullptr, nullptr)) {
        if (SSL_CTX_add0_chain_cert(ctx, ca) != 1) {
            X509_free(ca);
            openssl_reason();
            fail_client("cannot load the client certificate chain (" + source + ")");
        }
    }
    ERR_clear_error(); // the end of the PEM is reported as an error

    auto key_bio = open_pem("key", o.client_key_file, o.client_key_pem, source);
    passphrase_state state{&o.client_key_passphrase};
    std::unique_ptr<EVP_PKEY, client_key_free> key(
        PEM_read_bio_PrivateKey(key_bio.get(), nullptr, &client_key_passphrase_cb, &state));
    if (!key) {
        auto reason = openssl_reason();
        if (state.asked && o.client_key_passphrase.empty())
            fail_client("cannot load the client key (" + source +
                        "): it is encrypted and tls_options::client_key_passphrase is empty");
        if (state.asked)
            fail_client("cannot load the client key (" + source +
                        "): wrong passphrase (tls_options::client_key_passphrase) or damaged key");
        fail_client("cannot load the client key (" + source +
                    "): " + (reason.empty() ? "no PEM private key in it" : reason));
    }
    if (SSL_CTX_use_PrivateKey(ctx, key.get()) != 1 || SSL_CTX_check_private_key(ctx) != 1) {
        openssl_reason();
        fail_client("the client key (" + source + ") does not match the client certificate");
    }
}

} // namespace

ssl::context make_tls_context(const tls_options& options) {
    ssl::context ctx(ssl::context::tls_client);
    SSL_CTX_set_min_proto_version(ctx.native_handle(), TLS1_2_VERSION);
    ctx.set_options(ssl::context::default_workarounds | ssl::context::no_compression);
    // Resumption is done by hand per pool (SSL_get1_session / SSL_set_session); the client cache
    // mode only makes OpenSSL keep TLS 1.3 tickets attached to the session.
    SSL_CTX_set_session_cache_mode(ctx.native_handle(), options.session_resumption
                                                            ? SSL_SESS_CACHE_CLIENT
                                                            : SSL_SESS_CACHE_OFF);
    load_client_certificate(ctx.native_handle(), options);
    watch_certificate_requests(ctx.native_handle());
    boost::system::error_code ec;
    if (options.insecure_skip_verification) {
        ctx.set_verify_mode(ssl::verify_none);
        return ctx;
    }
    ctx.set_verify_mode(ssl::verify_peer);
    if (options.use_system_roots) {
        // A machine without a CA bundle still works with an explicit extra CA.
        ctx.set_default_verify_paths(ec);
    }
    if (!options.extra_ca_file.empty()) {
        ctx.load_verify_file(options.extra_ca_file, ec);
        if (ec)
            fail("cannot load CA file '" + options.extra_ca_file + "'", ec);
    }
    if (!options.extra_ca_pem.empty()) {
        ctx.add_certificate_authority(boost::asio::buffer(options.extra_ca_pem), ec);
        if (ec)
            fail("cannot load CA PEM", ec);
    }
    // OpenSSL caches a certificate's extensions lazily on first use, behind a flag read without
    // its lock; computing them now keeps concurrent handshakes from racing on the shared CAs.
    X509_STORE* store = SSL_CTX_get_cert_store(ctx.native_handle());
    STACK_OF(X509_OBJECT)* objects = X509_STORE_get0_objects(store);
    for (int i = 0; i < sk_X509_OBJECT_num(objects); ++i) {
        if (X509* cert = X509_OBJECT_get0_X509(sk_X509_OBJECT_value(objects, i)))
            X509_check_purpose(cert, -1, 0);
    }
    return ctx;
}

} // namespace tallyfy::detail
