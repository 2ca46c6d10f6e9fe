// SPDX-License-Identifier: BSL-1.0
// A throwaway CA and a server certificate for loopback, generated at start with OpenSSL.
#pragma once

#include <string>

namespace tallyfy::sandbox {

struct generated_certificates {
    std::string ca_pem;          ///< CA certificate clients should trust
    std::string server_cert_pem; ///< leaf for localhost, 127.0.0.1 and ::1, signed by the CA
    std::string server_key_pem;
};

/// Generates fresh P-256 keys, a CA and a leaf valid for one day. Throws std::runtime_error.
generated_certificates generate_loopback_certificates();

} // namespace tallyfy::sandbox
