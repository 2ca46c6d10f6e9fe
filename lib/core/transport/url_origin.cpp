// SPDX-License-Identifier: BSL-1.0
#include "core/transport/url_origin.hpp"

#include <tallyfy/error.hpp>

#include <boost/url/parse.hpp>
#include <boost/url/url_view.hpp>

#include <system_error>

namespace tallyfy::detail {

namespace {

[[noreturn]] void fail(error e, std::string_view what) {
    auto ec = make_error_code(e);
    throw std::system_error(std::error_code(ec), std::string(what));
}

bool iequals(std::string_view a, std::string_view b) {
    if (a.size() != b.size())
        return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        auto lower = [](char c) { return (c >= 'A' && c <= 'Z') ? char(c - 'A' + 'a') : c; };
        if (lower(a[i]) != lower(b[i]))
            return false;
    }
    return true;
}

} // namespace

url_origin parse_origin(std::string_view base_url, bool allow_insecure) {
    auto parsed = boost::urls::parse_uri(base_url);
    if (!parsed)
        fail(error::invalid_argument, "base URL is not an absolute URL");
    const boost::urls::url_view& u = *parsed;

    url_origin o;
    if (iequals(u.scheme(), "https"))
        o.tls = true;
    else if (iequals(u.scheme(), "http"))
        o.tls = false;
    else
        fail(error::invalid_argument, "base URL scheme must be http or https");
    if (!u.has_authority() || u.encoded_host().empty())
        fail(error::invalid_argument, "base URL has no host");
    if (u.has_userinfo())
        fail(error::invalid_argument, "base URL must not contain user info");

    switch (u.host_type()) {
    case boost::urls::host_type::ipv4:
        o.host = u.host_ipv4_address().to_string();
        o.host_is_ip = true;
        o.loopback = u.host_ipv4_address().is_loopback();
        break;
    case boost::urls::host_type::ipv6:
        o.host = u.host_ipv6_address().to_string();
        o.host_is_ip = true;
        o.loopback = u.host_ipv6_address().is_loopback();
        break;
    case boost::urls::host_type::name:
        o.host = u.host_name();
        o.loopback = iequals(o.host, "localhost");
        break;
    default:
        fail(error::invalid_argument, "unsupported host in base URL");
    }

    const std::string_view default_port = o.tls ? "443" : "80";
    if (u.has_port() && !u.port().empty()) {
        if (u.port_number() == 0)
            fail(error::invalid_argument, "invalid port in base URL");
        o.port = std::to_string(u.port_number());
    } else {
        o.port = std::string(default_port);
    }

    o.host_header = u.host_type() == boost::urls::host_type::ipv6 ? "[" + o.host + "]" : o.host;
    if (o.port != default_port)
        o.host_header += ":" + o.port;

    if (!o.tls && !o.loopback && !allow_insecure)
        fail(error::insecure_url, "plain http to a non-loopback host");
    return o;
}

} // namespace tallyfy::detail
