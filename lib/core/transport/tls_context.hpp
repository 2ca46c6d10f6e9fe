// SPDX-License-Identifier: BSL-1.0
// Builds the client TLS context from tls_options.
#pragma once

#include <tallyfy/transport.hpp>

#include <boost/asio/ssl/context.hpp>

namespace tallyfy::detail {

/// TLS 1.2+, peer verification on (unless insecure_skip_verification), system roots and extra CAs.
/// The client certificate and key when given (see tls_options).
/// Throws std::system_error(error::invalid_argument) when an extra CA, the client certificate or
/// its key cannot be loaded (the message names which; never the passphrase).
boost::asio::ssl::context make_tls_context(const tls_options& options);

} // namespace tallyfy::detail
