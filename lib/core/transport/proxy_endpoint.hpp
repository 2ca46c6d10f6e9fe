// SPDX-License-Identifier: BSL-1.0
// The proxy of transport_options::proxy, parsed: where to connect, how to name it in messages
// (never with its credentials) and the CONNECT request that opens a tunnel through it.
#pragma once

#include "core/transport/url_origin.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace tallyfy::detail {

struct proxy_endpoint {
    std::string host;    ///< for the resolver; IPv6 without brackets
    std::string port;    ///< decimal
    std::string display; ///< "host:port" ("[::1]:3128"): what messages show, never credentials
    /// "Basic base64(user:password)" when the URL has user info, else empty. Never shown.
    std::string authorization;
    /// The password and its Basic form: replaced in the proxy's own text (an answer's reason
    /// phrase) before it is shown, should the proxy echo them.
    std::vector<std::string> secrets;
};

/// `text` from the proxy made safe to show: its secrets replaced by "[redacted]", then
/// printable() with `max_bytes`.
std::string proxy_text(const proxy_endpoint& proxy, std::string_view text, std::size_t max_bytes);

/// Parses "http://[user[:password]@]host[:port][/]" (user and password percent-decoded; the
/// scheme may be left out, as in most HTTPS_PROXY values; the port defaults to 1080, as curl's).
/// Throws std::system_error(error::invalid_argument) for anything else, an https:// or socks
/// proxy included; the message never quotes the URL (it may hold a password).
proxy_endpoint parse_proxy(std::string_view url);

/// "CONNECT host:port HTTP/1.1" with Host, Proxy-Authorization (with credentials) and the
/// User-Agent, ending with the blank line.
std::string connect_request(const proxy_endpoint& proxy, const url_origin& origin,
                            std::string_view user_agent);

/// What a proxy answered to CONNECT: its status and reason phrase, or status 0 when the head
/// does not start with an HTTP/1.x status line (a control character in the reason included).
struct connect_answer {
    unsigned status = 0;
    std::string_view reason;
};
connect_answer parse_connect_answer(std::string_view head);

} // namespace tallyfy::detail
