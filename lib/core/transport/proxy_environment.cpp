// SPDX-License-Identifier: BSL-1.0
// The proxy settings of the environment (HTTPS_PROXY, ALL_PROXY, NO_PROXY, ...), as curl reads
// them.
#include <tallyfy/transport.hpp>

#include <initializer_list>

namespace tallyfy {

namespace {

std::string first_set(const environment_lookup& getenv, std::initializer_list<const char*> names) {
    for (const char* name : names)
        if (const char* v = getenv(name); v != nullptr && *v != '\0')
            return v;
    return {};
}

bool plain_http(std::string_view url) {
    constexpr std::string_view http = "http://";
    if (url.size() < http.size())
        return false;
    for (std::size_t i = 0; i < http.size(); ++i) {
        char c = url[i];
        if (c >= 'A' && c <= 'Z')
            c = static_cast<char>(c - 'A' + 'a');
        if (c != http[i])
            return false;
    }
    return true;
}

} // namespace

void apply_proxy_environment(transport_options& options, std::string_view base_url,
                             const environment_lookup& getenv) {
    std::string proxy =
        plain_http(base_url)
            ? first_set(getenv, {"http_proxy", "all_proxy", "ALL_PROXY"})
            : first_set(getenv, {"https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"});
    if (proxy.empty())
        return;
    options.proxy = std::move(proxy);
    options.no_proxy = first_set(getenv, {"no_proxy", "NO_PROXY"});
}

} // namespace tallyfy
