// SPDX-License-Identifier: BSL-1.0
// Why a TLS handshake (or the alert that ends one after it) failed, in words a person can act on:
// the certificate's verify error and subject, the host expected, the alert, the protocol mismatch.
#pragma once

#include <boost/system/error_code.hpp>

#include <openssl/ssl.h>

#include <string>

namespace tallyfy::detail {

/// The first certificate verification failure of a handshake, noted by the verify callback
/// (OpenSSL forgets which certificate failed once the handshake has).
struct verify_failure {
    long error = 0; ///< X509_V_OK: none
    int depth = -1;
    std::string subject; ///< RFC 2253, bounded and printable
    std::string names;   ///< the subjectAltNames of a failing leaf, bounded and printable
};

/// For the verify callback: notes the failure at the store context's current certificate (the
/// first one only). Returns `preverified`.
bool note_verify_result(bool preverified, X509_STORE_CTX* store, verify_failure& note);

/// Installs on `ctx` the hook that records whether a server asked for a client certificate when
/// none is configured (see `client_certificate_requested`).
void watch_certificate_requests(SSL_CTX* ctx);
bool client_certificate_requested(SSL* ssl);

/// Whether `ec` is a TLS error of the TLS layer itself (an alert received, a protocol violation)
/// rather than of the connection under it.
bool is_tls_protocol_error(const boost::system::error_code& ec);
/// Whether `ec` is a fatal alert the peer sent.
bool is_tls_alert(const boost::system::error_code& ec);

/// Whether a failed handshake failed because the connection went away (closed or reset before
/// the handshake could finish) rather than over TLS.
bool handshake_broke(SSL* ssl, const boost::system::error_code& ec, const verify_failure& note);

/// The cause of a failed handshake, or of a TLS error read just after one (a TLS 1.3 server
/// refuses a client certificate only then): OpenSSL's reason followed by what it means, e.g.
/// "certificate verify failed: certificate has expired (verify error 10) for subject
/// CN=api.example.com". `host` is the host the certificate must name.
std::string describe_tls_failure(SSL* ssl, const boost::system::error_code& ec,
                                 const verify_failure& note, const std::string& host);

} // namespace tallyfy::detail
