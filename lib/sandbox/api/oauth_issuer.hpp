// SPDX-License-Identifier: BSL-1.0
// The emulated OAuth token endpoint (refresh-token grant) and the access tokens it issued, with
// their expiry. Thread-safe on its own lock: the authentication check runs before the state lock.
#pragma once

#include "responses.hpp"

#include <tallyfy/sandbox/options.hpp>

#include <chrono>
#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

namespace tallyfy::sandbox::detail {

class oauth_issuer {
public:
    using clock = std::chrono::steady_clock;

    oauth_issuer(api_options::oauth_options options, std::uint64_t seed);

    bool enabled() const { return !options_.client_id.empty(); }
    /// Answers `POST .../oauth/token`.
    pending_response grant(std::string_view content_type, std::string_view body);

    enum class verdict { unknown, valid, expired };
    verdict check(std::string_view access_token, clock::time_point now = clock::now());

    /// Token requests answered so far (any outcome).
    std::uint64_t requests() const;
    /// Makes every issued access token lapse now (a logout, a server-side revocation).
    void revoke_access_tokens();

private:
    std::string fresh(std::string_view kind);

    api_options::oauth_options options_;
    mutable std::mutex mutex_;
    std::uint64_t seed_;
    std::uint64_t counter_ = 0;
    std::uint64_t requests_ = 0;
    std::string refresh_token_;
    std::unordered_map<std::string, clock::time_point> access_; ///< token -> expiry
};

} // namespace tallyfy::sandbox::detail
