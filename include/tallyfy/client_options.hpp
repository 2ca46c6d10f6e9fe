// SPDX-License-Identifier: BSL-1.0
// tallyfy::client_options — what a client is built with: where the API is, who calls it, and how
// calls are sent, retried and paced.
#pragma once

#include <tallyfy/retry.hpp>
#include <tallyfy/transport.hpp>

#include <string>

namespace tallyfy {

struct client_options {
    /// API root. The real API: "https://go.tallyfy.com/api" (or "https://api.tallyfy.com").
    std::string base_url = "https://go.tallyfy.com/api";
    /// Bearer token (personal access token or OAuth access token). Never logged.
    std::string access_token;
    /// Default organisation of every call.
    std::string org_id;
    /// Value of the mandatory `X-Tallyfy-Client` header.
    std::string client_header = "APIClient";
    transport_options transport{};
    /// Default retry policy of every call (override per call in `call_options::retry`).
    retry_policy retry{};
    retry_budget_options retry_budget{};
    pacing_options pacing{};
    /// Called before every retry (from the thread running the call). Must not throw.
    retry_observer on_retry;

    /// Reads TALLYFY_BASE_URL (optional), TALLYFY_ACCESS_TOKEN (else TALLYFY_API_TOKEN, the
    /// official CLI's name), TALLYFY_ORG_ID, TALLYFY_CA_FILE (extra trusted CA), and for a
    /// client certificate TALLYFY_CLIENT_CERT, TALLYFY_CLIENT_KEY (PEM files) and
    /// TALLYFY_CLIENT_KEY_PASSPHRASE, from the environment.
    static client_options from_env();
};

} // namespace tallyfy
