// SPDX-License-Identifier: BSL-1.0
// The origin (scheme, host, port) of the transport's base URL.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace tallyfy::detail {

struct url_origin {
    bool tls = true;
    std::string host;        ///< for DNS and certificate checks; IPv6 without brackets
    std::string port;        ///< decimal, for the resolver
    std::string host_header; ///< "host" or "host:port" ("[::1]:8080")
    bool host_is_ip = false; ///< no SNI for IP literals
    bool loopback = false;
};

/// Parses an absolute http(s) URL. Throws std::system_error(error::invalid_argument) when it is
/// not one, and (error::insecure_url) for http to a non-loopback host unless `allow_insecure`.
url_origin parse_origin(std::string_view base_url, bool allow_insecure);

} // namespace tallyfy::detail
