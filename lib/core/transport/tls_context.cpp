// SPDX-License-Identifier: BSL-1.0
#include "core/transport/tls_context.hpp"

#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <system_error>

namespace tallyfy::detail {

namespace ssl = boost::asio::ssl;

namespace {

[[noreturn]] void fail(std::string_view what, const boost::system::error_code& cause) {
    throw std::system_error(std::error_code(make_error_code(error::invalid_argument)),
                            std::string(what) + ": " + cause.message());
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
