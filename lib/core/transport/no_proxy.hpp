// SPDX-License-Identifier: BSL-1.0
// Whether an origin bypasses the proxy by a NO_PROXY list (curl's rules): one pure function.
#pragma once

#include <string_view>

namespace tallyfy::detail {

/// True when `host` (as url_origin holds it: lower or mixed case, IPv6 without brackets) with
/// decimal `port` is listed in `list`, a comma-separated NO_PROXY value:
/// - `*` matches every host; empty entries and spaces around entries are ignored;
/// - a name matches itself and every subdomain, case-insensitively; a leading dot is optional
///   ("corp.example" and ".corp.example" both match "corp.example" and "a.corp.example", never
///   "xcorp.example"); trailing dots are ignored;
/// - an IP literal matches that address; with "/bits" (CIDR, "10.0.0.0/8", "fd00::/8") every
///   address of the range; IPv6 is written without brackets, or in brackets when a port follows;
///   an IP entry never matches a host name (no DNS lookup is done);
/// - an entry ending in ":port" ("host:8443", "[::1]:8443") matches that port only.
bool no_proxy_matches(std::string_view list, std::string_view host, std::string_view port);

} // namespace tallyfy::detail
