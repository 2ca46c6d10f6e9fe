// SPDX-License-Identifier: BSL-1.0
#include "core/transport/no_proxy.hpp"

#include <arpa/inet.h>

#include <array>
#include <charconv>
#include <cstdint>
#include <optional>
#include <string>

namespace tallyfy::detail {

namespace {

std::string_view trim_blanks(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
        s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t'))
        s.remove_suffix(1);
    return s;
}

std::string lower_name(std::string_view s) {
    while (!s.empty() && s.back() == '.')
        s.remove_suffix(1);
    std::string out(s);
    for (auto& c : out)
        if (c >= 'A' && c <= 'Z')
            c = static_cast<char>(c - 'A' + 'a');
    return out;
}

/// An address as 16 bytes (IPv4 in the first 4) and its family.
struct ip_literal {
    bool v6 = false;
    std::array<unsigned char, 16> bytes{};
};

std::optional<ip_literal> parse_ip(std::string_view text) {
    if (text.empty() || text.size() > 64)
        return std::nullopt;
    const std::string s(text);
    ip_literal ip;
    if (::inet_pton(AF_INET, s.c_str(), ip.bytes.data()) == 1)
        return ip;
    ip.v6 = true;
    if (::inet_pton(AF_INET6, s.c_str(), ip.bytes.data()) == 1)
        return ip;
    return std::nullopt;
}

bool same_prefix(const ip_literal& a, const ip_literal& b, unsigned bits) {
    for (unsigned i = 0; i < 16 && bits > 0; ++i) {
        const unsigned take = bits >= 8 ? 8 : bits;
        const auto mask = static_cast<unsigned char>(0xFFu << (8 - take));
        if ((a.bytes[i] & mask) != (b.bytes[i] & mask))
            return false;
        bits -= take;
    }
    return true;
}

bool same_port(std::string_view a, std::string_view b) {
    unsigned x = 0, y = 0;
    auto px = std::from_chars(a.data(), a.data() + a.size(), x);
    auto py = std::from_chars(b.data(), b.data() + b.size(), y);
    return px.ec == std::errc{} && px.ptr == a.data() + a.size() && py.ec == std::errc{} &&
           py.ptr == b.data() + b.size() && x == y;
}

/// Splits "host:port", "[v6]:port", "[v6]" or a bare IPv6 address into host and port.
void split_port(std::string_view entry, std::string_view& host, std::string_view& port) {
    host = entry;
    port = {};
    if (!entry.empty() && entry.front() == '[') {
        auto close = entry.find(']');
        if (close == std::string_view::npos)
            return;
        host = entry.substr(1, close - 1);
        auto rest = entry.substr(close + 1);
        if (!rest.empty() && rest.front() == ':')
            port = rest.substr(1);
        return;
    }
    auto colon = entry.find(':');
    if (colon != std::string_view::npos && entry.find(':', colon + 1) == std::string_view::npos) {
        host = entry.substr(0, colon);
        port = entry.substr(colon + 1);
    }
}

bool entry_matches(std::string_view entry, const std::string& host_name,
                   const std::optional<ip_literal>& host_ip, std::string_view port) {
    if (entry == "*")
        return true;
    std::string_view name, entry_port;
    split_port(entry, name, entry_port);
    if (!entry_port.empty() && !same_port(entry_port, port))
        return false;
    // An IP entry, with or without a prefix length.
    auto slash = name.find('/');
    if (auto ip = parse_ip(name.substr(0, slash))) {
        if (!host_ip || host_ip->v6 != ip->v6)
            return false;
        const unsigned width = ip->v6 ? 128 : 32;
        unsigned bits = width;
        if (slash != std::string_view::npos) {
            auto b = name.substr(slash + 1);
            auto r = std::from_chars(b.data(), b.data() + b.size(), bits);
            if (r.ec != std::errc{} || r.ptr != b.data() + b.size() || bits > width)
                return false;
        }
        return same_prefix(*host_ip, *ip, bits);
    }
    while (!name.empty() && name.front() == '.')
        name.remove_prefix(1);
    const std::string want = lower_name(name);
    if (want.empty() || host_ip)
        return false;
    if (host_name == want)
        return true;
    return host_name.size() > want.size() &&
           host_name.compare(host_name.size() - want.size(), want.size(), want) == 0 &&
           host_name[host_name.size() - want.size() - 1] == '.';
}

} // namespace

bool no_proxy_matches(std::string_view list, std::string_view host, std::string_view port) {
    const std::string host_name = lower_name(host);
    const auto host_ip = parse_ip(host);
    while (!list.empty()) {
        auto comma = list.find(',');
        auto entry = trim_blanks(list.substr(0, comma));
        list = comma == std::string_view::npos ? std::string_view{} : list.substr(comma + 1);
        if (!entry.empty() && entry_matches(entry, host_name, host_ip, port))
            return true;
    }
    return false;
}

} // namespace tallyfy::detail
