// SPDX-License-Identifier: BSL-1.0
// A throwaway CA and a server certificate for loopback, generated at start with OpenSSL; and the
// general issuer behind it, which the tests use for expired, self-signed and client certificates.
#pragma once

#include <chrono>
#include <string>

namespace tallyfy::sandbox {

struct generated_certificates {
    std::string ca_pem;          ///< CA certificate clients should trust
    std::string server_cert_pem; ///< leaf for localhost, 127.0.0.1 and ::1, signed by the CA
    std::string server_key_pem;
};

/// Generates fresh P-256 keys, a CA and a leaf valid for one day. Throws std::runtime_error.
generated_certificates generate_loopback_certificates();

/// What `issue_certificate` makes.
struct certificate_spec {
    std::string common_name = "localhost";
    /// subjectAltName of a leaf ("DNS:a,IP:127.0.0.1"); empty: none. Ignored for a CA.
    std::string alt_names = "DNS:localhost,IP:127.0.0.1,IP:::1";
    bool ca = false;
    bool client = false; ///< extendedKeyUsage clientAuth instead of serverAuth
    /// Validity, relative to now (a negative `not_after` makes an expired certificate).
    std::chrono::seconds not_before{-3600};
    std::chrono::seconds not_after{24 * 3600};
    /// Non-empty: the key PEM is encrypted (AES-256-CBC) with it.
    std::string key_passphrase;
};

struct issued_certificate {
    std::string cert_pem;
    std::string key_pem; ///< PKCS#8, encrypted when the spec had a passphrase
};

/// Issues a certificate with a fresh P-256 key, signed by `issuer` (whose key must not be
/// encrypted), or self-signed when `issuer` is null. Throws std::runtime_error.
issued_certificate issue_certificate(const certificate_spec& spec,
                                     const issued_certificate* issuer = nullptr);

} // namespace tallyfy::sandbox
