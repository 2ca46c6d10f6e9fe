// SPDX-License-Identifier: BSL-1.0
#include "oauth_issuer.hpp"

#include "core/form_pairs.hpp"
#include "ids.hpp"

#include <boost/json/object.hpp>

#include <algorithm>
#include <cstdio>
#include <optional>

namespace tallyfy::sandbox::detail {
namespace json = boost::json;

namespace {

int hex_value_of(char c) {
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

std::string urlencoded_text(std::string_view text) {
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '+') {
            out += ' ';
        } else if (text[i] == '%' && i + 2 < text.size() && hex_value_of(text[i + 1]) >= 0 &&
                   hex_value_of(text[i + 2]) >= 0) {
            out += static_cast<char>(hex_value_of(text[i + 1]) * 16 + hex_value_of(text[i + 2]));
            i += 2;
        } else {
            out += text[i];
        }
    }
    return out;
}

// The value of `key` in an application/x-www-form-urlencoded body (empty when absent).
std::string urlencoded_value(std::string_view body, std::string_view key) {
    std::optional<std::string> found;
    tallyfy::detail::for_each_form_pair(body, [&](const tallyfy::detail::form_pair& pair) {
        if (!found && pair.value && urlencoded_text(pair.name) == key)
            found = urlencoded_text(*pair.value);
    });
    return found.value_or(std::string());
}

pending_response oauth_error(unsigned status, std::string_view error, std::string_view message) {
    return json_response(
        status,
        json::object{{"error", error}, {"error_description", message}, {"message", message}});
}

} // namespace

oauth_issuer::oauth_issuer(api_options::oauth_options options, std::uint64_t seed)
    : options_(std::move(options))
    , seed_(seed ^ 0x0a0710c3e75eedULL)
    , refresh_token_(options_.refresh_token) {}

std::string oauth_issuer::fresh(std::string_view kind) {
    splitmix64 rng(seed_ + ++counter_);
    return "sandbox-" + std::string(kind) + "-" + rng.hex_id();
}

pending_response oauth_issuer::grant(std::string_view content_type, std::string_view body) {
    std::lock_guard lock(mutex_);
    ++requests_;
    if (!content_type.starts_with("application/x-www-form-urlencoded"))
        return oauth_error(400, "invalid_request",
                           "The token request must be application/x-www-form-urlencoded.");
    if (urlencoded_value(body, "grant_type") != "refresh_token")
        return oauth_error(400, "unsupported_grant_type",
                           "The authorization grant type is not supported by the authorization "
                           "server.");
    if (urlencoded_value(body, "client_id") != options_.client_id ||
        urlencoded_value(body, "client_secret") != options_.client_secret)
        return oauth_error(401, "invalid_client", "Client authentication failed");
    if (refresh_token_.empty() || urlencoded_value(body, "refresh_token") != refresh_token_)
        return oauth_error(400, "invalid_grant", "The refresh token is invalid.");
    const auto now = clock::now();
    std::erase_if(access_, [&](const auto& t) { return t.second <= now; }); // bounded by use
    std::string access = fresh("at");
    access_[access] = now + options_.access_token_lifetime;
    refresh_token_ = fresh("rt");
    const auto ms = options_.access_token_lifetime.count();
    json::value expires_in;
    if (ms % 1000 == 0)
        expires_in = ms / 1000;
    else
        expires_in = static_cast<double>(ms) / 1000.0;
    return json_response(200, json::object{{"token_type", "Bearer"},
                                           {"expires_in", expires_in},
                                           {"access_token", access},
                                           {"refresh_token", refresh_token_}});
}

oauth_issuer::verdict oauth_issuer::check(std::string_view access_token, clock::time_point now) {
    std::lock_guard lock(mutex_);
    auto it = access_.find(std::string(access_token));
    if (it == access_.end())
        return verdict::unknown;
    return now < it->second ? verdict::valid : verdict::expired;
}

std::uint64_t oauth_issuer::requests() const {
    std::lock_guard lock(mutex_);
    return requests_;
}

void oauth_issuer::revoke_access_tokens() {
    std::lock_guard lock(mutex_);
    const auto now = clock::now();
    for (auto& [token, expiry] : access_)
        expiry = std::min(expiry, now);
}

} // namespace tallyfy::sandbox::detail
