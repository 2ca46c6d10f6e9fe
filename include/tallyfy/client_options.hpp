// SPDX-License-Identifier: BSL-1.0
// tallyfy::client_options — what a client is built with: where the API is, who calls it, and how
// calls are sent, retried and paced.
#pragma once

#include <tallyfy/observe.hpp>
#include <tallyfy/retry.hpp>
#include <tallyfy/transport.hpp>

#include <string>

namespace tallyfy {

/// What a client is built with: where the API is, who calls it, and how calls are sent, retried
/// and paced. A value type; the client keeps a copy (client::options).
struct client_options {
    /// API root. The real API: "https://go.tallyfy.com/api" (or "https://api.tallyfy.com").
    std::string base_url = "https://go.tallyfy.com/api";
    /// Bearer token (personal access token or OAuth access token). Never logged.
    std::string access_token;
    /// Default organisation of every call.
    std::string org_id;
    /// Value of the mandatory `X-Tallyfy-Client` header.
    std::string client_header = "APIClient";
    /// The settings of the HTTPS transport the client builds (pool, TLS, timeouts, size limits).
    transport_options transport{};
    /// Default retry policy of every call (override per call in `call_options::retry`).
    retry_policy retry{};
    /// The client-wide retry budget, shared by all its calls (and its with_org clients).
    retry_budget_options retry_budget{};
    /// Proactive pacing under the API's rate limit, shared likewise.
    pacing_options pacing{};
    /// Called before every retry (from the thread running the call). Must not throw.
    retry_observer on_retry;
    /// Hooks per attempt and per call, and a logger sink (`tallyfy/observe.hpp`); all redacted.
    observer_options observe{};

    /// Reads TALLYFY_BASE_URL (optional), TALLYFY_ACCESS_TOKEN (else TALLYFY_API_TOKEN, the
    /// official CLI's name), TALLYFY_ORG_ID, TALLYFY_CA_FILE (extra trusted CA), for a client
    /// certificate TALLYFY_CLIENT_CERT, TALLYFY_CLIENT_KEY (PEM files) and
    /// TALLYFY_CLIENT_KEY_PASSPHRASE, and the proxy variables (HTTPS_PROXY, ALL_PROXY, NO_PROXY,
    /// ...: see `apply_proxy_environment`) for that base URL, from the environment. Changing
    /// `base_url` afterwards keeps the proxy chosen for the first one.
    static client_options from_env();
};

} // namespace tallyfy
