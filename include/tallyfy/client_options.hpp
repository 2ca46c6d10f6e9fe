// SPDX-License-Identifier: BSL-1.0
// tallyfy::client_options — what a client is built with: where the API is, who calls it, and how
// calls are sent, retried and paced.
#pragma once

#include <tallyfy/observe.hpp>
#include <tallyfy/retry.hpp>
#include <tallyfy/token_provider.hpp>
#include <tallyfy/transport.hpp>

#include <chrono>
#include <string>

namespace tallyfy {

/// What a client is built with: where the API is, who calls it, and how calls are sent, retried
/// and paced. A value type; the client keeps a copy (client::options).
struct client_options {
    /// API root. The real API: "https://go.tallyfy.com/api" (or "https://api.tallyfy.com").
    std::string base_url = "https://go.tallyfy.com/api";
    /// Bearer token (personal access token or OAuth access token). Never logged. Ignored when
    /// `access_token_provider` is set.
    std::string access_token;
    /// A source of tokens that expire (see token_provider.hpp): the client asks it for a token
    /// before the first call, ahead of expiry and after a 401, once for all concurrent calls
    /// (its `with_org` views included), and replays a request the API answered 401 exactly once
    /// with the new token (a 401 is an answer before any effect, so writes are replayed too; a
    /// write whose outcome is unknown is never replayed, and a 401 to the replay is final:
    /// error::unauthorized). Empty: `access_token` is used.
    token_provider access_token_provider;
    /// How long before its expiry a provided token is replaced: this, or a quarter of the
    /// token's lifetime when that is shorter. Calls meanwhile go on with the current token (the
    /// refresh runs beside them); only a call finding no valid token waits for it.
    std::chrono::milliseconds token_refresh_margin{60'000};
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
    /// official CLI's name; else TALLYFY_TOKEN_FILE, a file_token_provider), TALLYFY_ORG_ID,
    /// TALLYFY_CA_FILE (extra trusted CA), for a client certificate TALLYFY_CLIENT_CERT,
    /// TALLYFY_CLIENT_KEY (PEM files) and TALLYFY_CLIENT_KEY_PASSPHRASE, and the proxy variables
    /// (HTTPS_PROXY, ALL_PROXY, NO_PROXY, ...: see `apply_proxy_environment`) for that base URL,
    /// from the environment. Changing `base_url` afterwards keeps the proxy chosen for the first
    /// one.
    static client_options from_env();
};

} // namespace tallyfy
