// SPDX-License-Identifier: BSL-1.0
// The proxy's configuration without sockets: NO_PROXY matching (a table), proxy URLs, the
// CONNECT request and answer, and the environment variables.
#include <boost/test/unit_test.hpp>

#include "core/transport/no_proxy.hpp"
#include "core/transport/proxy_endpoint.hpp"

#include <tallyfy/error.hpp>
#include <tallyfy/transport.hpp>

#include <map>
#include <string>
#include <system_error>

namespace {

struct no_proxy_case {
    const char* list;
    const char* host;
    const char* port;
    bool bypass;
};

const no_proxy_case no_proxy_table[] = {
    // empty lists and wildcards
    {"", "example.com", "443", false},
    {" , ,", "example.com", "443", false},
    {"*", "example.com", "443", true},
    {"internal.test, *", "10.1.2.3", "443", true},
    {"*.example.com", "a.example.com", "443", false}, // `*` only alone: not a glob
    // names: themselves and subdomains, leading dot optional, case and trailing dots ignored
    {"example.com", "example.com", "443", true},
    {"example.com", "api.example.com", "443", true},
    {"example.com", "a.b.example.com", "443", true},
    {".example.com", "example.com", "443", true},
    {".example.com", "api.example.com", "443", true},
    {"example.com", "notexample.com", "443", false},
    {"example.com", "example.com.evil", "443", false},
    {"ample.com", "example.com", "443", false},
    {"EXAMPLE.com.", "Api.Example.COM", "443", true},
    {"example.com", "example.com.", "443", true},
    {" foo.test ,  example.com ", "x.example.com", "443", true},
    {"localhost", "localhost", "8080", true},
    {"localhost", "127.0.0.1", "8080", false}, // no lookup: a name never matches an address
    // ports
    {"example.com:443", "example.com", "443", true},
    {"example.com:8443", "example.com", "443", false},
    {"example.com:8443", "api.example.com", "8443", true},
    {"example.com:x", "example.com", "443", false},
    // IPv4 literals and ranges
    {"127.0.0.1", "127.0.0.1", "443", true},
    {"127.0.0.1", "127.0.0.2", "443", false},
    {"127.0.0.1:8443", "127.0.0.1", "8443", true},
    {"127.0.0.1:8443", "127.0.0.1", "443", false},
    {"10.0.0.0/8", "10.200.3.4", "443", true},
    {"10.0.0.0/8", "11.0.0.1", "443", false},
    {"192.168.0.0/16", "192.168.77.1", "443", true},
    {"192.168.0.0/16", "192.169.0.1", "443", false},
    {"172.16.0.0/12", "172.31.255.255", "443", true},
    {"172.16.0.0/12", "172.32.0.0", "443", false},
    {"0.0.0.0/0", "8.8.8.8", "443", true},
    {"10.0.0.0/33", "10.0.0.1", "443", false}, // a bad prefix matches nothing
    {"10.0.0.0/x", "10.0.0.1", "443", false},
    {"10.0.0.0/8", "ten.example", "443", false},
    {"10.0.0.1", "10.0.0.1.example.com", "443", false},
    // IPv6 literals and ranges (without brackets, or bracketed with a port)
    {"::1", "::1", "443", true},
    {"::1", "::2", "443", false},
    {"[::1]:8443", "::1", "8443", true},
    {"[::1]:8443", "::1", "443", false},
    {"[::1]", "::1", "443", true},
    {"fd00::/8", "fd12:3456::1", "443", true},
    {"fd00::/8", "fe80::1", "443", false},
    {"2001:db8::/32", "2001:db8:1::5", "443", true},
    {"2001:db8::/32", "2001:db9::5", "443", false},
    {"::1", "127.0.0.1", "443", false}, // families never match each other
    {"127.0.0.0/8", "::1", "443", false},
};

} // namespace

BOOST_AUTO_TEST_SUITE(proxy_config)

BOOST_AUTO_TEST_CASE(no_proxy_follows_curls_rules) {
    for (const auto& c : no_proxy_table)
        BOOST_TEST(tallyfy::detail::no_proxy_matches(c.list, c.host, c.port) == c.bypass,
                   "list '" << c.list << "' host " << c.host << " port " << c.port);
}

BOOST_AUTO_TEST_CASE(proxy_urls_parse_and_never_show_credentials) {
    using tallyfy::detail::parse_proxy;
    auto p = parse_proxy("http://user:p%40ss%3Aword@proxy.corp.example:3128/");
    BOOST_TEST(p.host == "proxy.corp.example");
    BOOST_TEST(p.port == "3128");
    BOOST_TEST(p.display == "proxy.corp.example:3128");
    // base64("user:p@ss:word")
    BOOST_TEST(p.authorization == "Basic dXNlcjpwQHNzOndvcmQ=");

    auto bare = parse_proxy("proxy.corp.example");
    BOOST_TEST(bare.port == "1080");
    BOOST_TEST(bare.authorization.empty());
    auto v6 = parse_proxy("HTTP://[::1]:8080");
    BOOST_TEST(v6.host == "::1");
    BOOST_TEST(v6.display == "[::1]:8080");
    BOOST_TEST(parse_proxy("http://only-user@h:1").authorization == "Basic b25seS11c2VyOg==");

    // The proxy's own text never shows the secrets back.
    BOOST_TEST(tallyfy::detail::proxy_text(p, "no p@ss:word, dXNlcjpwQHNzOndvcmQ=\x1b", 100) ==
               "no [redacted], [redacted]\\x1b");

    for (const auto* bad : {"https://u:hunter2@h:1", "socks5h://u:hunter2@h:1", "ftp://h",
                            "http://u:hunter2@h:1/path", "http://u:hunter2@h:0", "http://", ""}) {
        try {
            parse_proxy(bad);
            BOOST_ERROR("accepted '" << bad << "'");
        } catch (const std::system_error& e) {
            BOOST_TEST(e.code().value() == static_cast<int>(tallyfy::error::invalid_argument));
            BOOST_TEST(std::string(e.what()).find("hunter2") == std::string::npos, e.what());
        }
    }
}

BOOST_AUTO_TEST_CASE(the_connect_request_names_the_origin) {
    auto proxy = tallyfy::detail::parse_proxy("http://a:b@127.0.0.1:3128");
    tallyfy::detail::url_origin origin{
        .tls = true, .host = "go.tallyfy.com", .port = "443", .host_header = "go.tallyfy.com"};
    BOOST_TEST(tallyfy::detail::connect_request(proxy, origin, "ua/1") ==
               "CONNECT go.tallyfy.com:443 HTTP/1.1\r\nHost: go.tallyfy.com:443\r\n"
               "Proxy-Authorization: Basic YTpi\r\nUser-Agent: ua/1\r\n\r\n");
    origin.host = "::1";
    origin.host_is_ip = true;
    origin.port = "8443";
    auto direct = tallyfy::detail::parse_proxy("http://127.0.0.1:3128");
    BOOST_TEST(tallyfy::detail::connect_request(direct, origin, "") ==
               "CONNECT [::1]:8443 HTTP/1.1\r\nHost: [::1]:8443\r\n\r\n");
}

BOOST_AUTO_TEST_CASE(connect_answers_are_read_strictly) {
    using tallyfy::detail::parse_connect_answer;
    auto ok = parse_connect_answer("HTTP/1.1 200 Connection established\r\n\r\n");
    BOOST_TEST(ok.status == 200u);
    BOOST_TEST(ok.reason == "Connection established");
    BOOST_TEST(parse_connect_answer("HTTP/1.0 407\r\n\r\n").status == 407u);
    for (const auto* bad :
         {"", "SSH-2.0-OpenSSH\r\n\r\n", "HTTP/2 200\r\n\r\n", "HTTP/1.1 20x OK\r\n\r\n",
          "HTTP/1.1 2000 OK\r\n\r\n", "HTTP/1.1 200 O\nK\r\n\r\n", "HTTP/1.1 200 O\rK\r\n\r\n",
          "HTTP/1.1 099 Low\r\n\r\n"})
        BOOST_TEST(parse_connect_answer(bad).status == 0u, bad);
}

BOOST_AUTO_TEST_CASE(the_environment_is_read_as_curl_reads_it) {
    auto apply = [](std::map<std::string, std::string> env, std::string_view base_url) {
        tallyfy::transport_options o;
        tallyfy::apply_proxy_environment(o, base_url, [&env](const char* name) -> const char* {
            auto it = env.find(name);
            return it == env.end() ? nullptr : it->second.c_str();
        });
        return o;
    };
    const std::string https = "https://go.tallyfy.com/api";
    const std::string http = "http://127.0.0.1:8080/api";
    BOOST_TEST(apply({}, https).proxy.empty());
    BOOST_TEST(apply({{"HTTPS_PROXY", "http://up:1"}}, https).proxy == "http://up:1");
    BOOST_TEST(
        apply({{"HTTPS_PROXY", "http://up:1"}, {"https_proxy", "http://low:1"}}, https).proxy ==
        "http://low:1");
    BOOST_TEST(apply({{"https_proxy", ""}, {"HTTPS_PROXY", "http://up:1"}}, https).proxy ==
               "http://up:1");
    BOOST_TEST(apply({{"ALL_PROXY", "http://all:1"}}, https).proxy == "http://all:1");
    BOOST_TEST(apply({{"ALL_PROXY", "http://all:1"}, {"all_proxy", "http://low:1"}}, https).proxy ==
               "http://low:1");
    BOOST_TEST(apply({{"ALL_PROXY", "http://all:1"}, {"HTTPS_PROXY", "http://s:1"}}, https).proxy ==
               "http://s:1");
    // http_proxy serves plain http only, and never in upper case (httpoxy).
    BOOST_TEST(apply({{"http_proxy", "http://h:1"}}, https).proxy.empty());
    BOOST_TEST(apply({{"http_proxy", "http://h:1"}}, http).proxy == "http://h:1");
    BOOST_TEST(apply({{"HTTP_PROXY", "http://h:1"}}, http).proxy.empty());
    BOOST_TEST(apply({{"HTTPS_PROXY", "http://s:1"}}, http).proxy.empty());
    BOOST_TEST(apply({{"ALL_PROXY", "http://all:1"}}, http).proxy == "http://all:1");
    // NO_PROXY, lower case first; ignored without a proxy.
    auto o = apply({{"HTTPS_PROXY", "http://s:1"}, {"NO_PROXY", "up"}, {"no_proxy", "low"}}, https);
    BOOST_TEST(o.no_proxy == "low");
    BOOST_TEST(apply({{"HTTPS_PROXY", "http://s:1"}, {"NO_PROXY", ".corp"}}, https).no_proxy ==
               ".corp");
    BOOST_TEST(apply({{"NO_PROXY", ".corp"}}, https).no_proxy.empty());
}

BOOST_AUTO_TEST_SUITE_END()
