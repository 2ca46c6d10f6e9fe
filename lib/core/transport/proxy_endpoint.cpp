// SPDX-License-Identifier: BSL-1.0
#include "core/transport/proxy_endpoint.hpp"

#include <tallyfy/api_error.hpp>
#include <tallyfy/error.hpp>

#include <boost/url/parse.hpp>
#include <boost/url/url_view.hpp>

#include <openssl/evp.h>

#include <algorithm>
#include <system_error>
#include <vector>

namespace tallyfy::detail {

namespace {

[[noreturn]] void refuse_proxy(std::string_view why) {
    throw std::system_error(std::error_code(make_error_code(error::invalid_argument)),
                            "proxy URL: " + std::string(why));
}

std::string lower_ascii(std::string_view s) {
    std::string out(s);
    for (auto& c : out)
        if (c >= 'A' && c <= 'Z')
            c = static_cast<char>(c - 'A' + 'a');
    return out;
}

std::string base64(std::string_view in) {
    std::vector<unsigned char> out(4 * ((in.size() + 2) / 3) + 1);
    const int n = EVP_EncodeBlock(out.data(), reinterpret_cast<const unsigned char*>(in.data()),
                                  static_cast<int>(in.size()));
    return std::string(reinterpret_cast<const char*>(out.data()), static_cast<std::size_t>(n));
}

} // namespace

proxy_endpoint parse_proxy(std::string_view url) {
    std::string text(url);
    if (text.find("://") == std::string::npos)
        text = "http://" + text; // "proxy.corp:3128", as HTTPS_PROXY often is
    auto parsed = boost::urls::parse_uri(text);
    if (!parsed)
        refuse_proxy("not a URL of the form http://[user:password@]host:port");
    const boost::urls::url_view& u = *parsed;
    const auto scheme = lower_ascii(u.scheme());
    if (scheme == "https")
        refuse_proxy("https:// proxies (TLS to the proxy) are not supported; use http://");
    if (scheme.rfind("socks", 0) == 0)
        refuse_proxy("SOCKS proxies are not supported; use an http:// proxy");
    if (scheme != "http")
        refuse_proxy("the scheme must be http://");
    if (!u.has_authority() || u.encoded_host().empty())
        refuse_proxy("no host");
    if (!u.encoded_path().empty() && u.encoded_path() != "/")
        refuse_proxy("a proxy URL has no path");

    proxy_endpoint p;
    switch (u.host_type()) {
    case boost::urls::host_type::ipv4:
        p.host = u.host_ipv4_address().to_string();
        p.display = p.host;
        break;
    case boost::urls::host_type::ipv6:
        p.host = u.host_ipv6_address().to_string();
        p.display = "[" + p.host + "]";
        break;
    case boost::urls::host_type::name:
        p.host = u.host_name();
        p.display = p.host;
        break;
    default:
        refuse_proxy("unsupported host");
    }
    p.port = "1080";
    if (u.has_port() && !u.port().empty()) {
        if (u.port_number() == 0)
            refuse_proxy("invalid port");
        p.port = std::to_string(u.port_number());
    }
    p.display += ":" + p.port;
    if (u.has_userinfo()) {
        std::string credentials = u.user();
        credentials += ':';
        credentials += u.password();
        const auto encoded = base64(credentials);
        p.authorization = "Basic " + encoded;
        std::fill(credentials.begin(), credentials.end(), '\0');
        std::string password = u.password();
        if (password.size() >= 4) // shorter ones would match ordinary text
            p.secrets.push_back(std::move(password));
        p.secrets.push_back(encoded);
    }
    return p;
}

std::string connect_request(const proxy_endpoint& proxy, const url_origin& origin,
                            std::string_view user_agent) {
    // The authority form names the port always (RFC 9110 9.3.6).
    std::string authority = origin.host_is_ip && origin.host.find(':') != std::string::npos
                                ? "[" + origin.host + "]"
                                : origin.host;
    authority += ":" + origin.port;
    std::string out = "CONNECT " + authority + " HTTP/1.1\r\nHost: " + authority + "\r\n";
    if (!proxy.authorization.empty())
        out += "Proxy-Authorization: " + proxy.authorization + "\r\n";
    if (!user_agent.empty())
        out += "User-Agent: " + std::string(user_agent) + "\r\n";
    out += "\r\n";
    return out;
}

std::string proxy_text(const proxy_endpoint& proxy, std::string_view text, std::size_t max_bytes) {
    auto redact = [&proxy](std::string& out) {
        for (const auto& secret : proxy.secrets)
            for (auto at = out.find(secret); at != std::string::npos;
                 at = out.find(secret, at + 10))
                out.replace(at, secret.size(), "[redacted]");
    };
    std::string raw(text);
    redact(raw);
    auto out = printable(raw, max_bytes);
    redact(out); // an escape's text next to a piece of a secret may complete it ("\xcd" + "XN...")
    return out;
}

connect_answer parse_connect_answer(std::string_view head) {
    connect_answer a;
    auto eol = head.find("\r\n");
    auto line = head.substr(0, eol);
    // "HTTP/1.1 200 Connection established"
    if (line.size() < 12 || line.substr(0, 7) != "HTTP/1." || line[8] != ' ')
        return a;
    unsigned status = 0;
    for (std::size_t i = 9; i < 12; ++i) {
        if (line[i] < '0' || line[i] > '9')
            return a;
        status = status * 10 + static_cast<unsigned>(line[i] - '0');
    }
    if (status < 100 || (line.size() > 12 && line[12] != ' '))
        return a;
    const auto reason = line.size() > 13 ? line.substr(13) : std::string_view{};
    for (char c : reason) // HTAB, SP, VCHAR, obs-text (RFC 9112 4): no bare CR or LF
        if ((static_cast<unsigned char>(c) < 0x20 && c != '\t') || c == 0x7f)
            return a;
    a.status = status;
    a.reason = reason;
    return a;
}

} // namespace tallyfy::detail
