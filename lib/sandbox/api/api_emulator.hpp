// SPDX-License-Identifier: BSL-1.0
// The emulated Tallyfy API as a pure function of (state, request) -> response. No sockets here:
// the server feeds it parsed requests, unit tests call it directly.
#pragma once

#include <tallyfy/sandbox/options.hpp>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace tallyfy::sandbox {

/// One HTTP request as the API logic needs it (views into the server's buffers).
struct api_request {
    std::string_view method;        ///< "GET", "POST", ...
    std::string_view target;        ///< origin-form target, e.g. "/api/organizations/x/runs?page=2"
    std::string_view authorization; ///< raw `Authorization` header value, empty when absent
    bool has_client_header = false; ///< `X-Tallyfy-Client` present
    std::string_view client_header; ///< its value
    std::string_view content_type;  ///< raw `Content-Type` value
    std::string_view body;
    /// Scheme + authority used to build absolute pagination links, e.g. "https://127.0.0.1:4000".
    std::string_view origin;
};

/// The emulator's answer. The server adds `X-Request-Id`, `Content-Type`, `Content-Length`.
struct api_response {
    unsigned status = 200;
    std::vector<std::pair<std::string, std::string>> headers; ///< extra headers (Retry-After, ...)
    std::string body;                                         ///< JSON text, or empty (204)
};

/// An event the emulator wants posted to a webhook URL.
struct webhook_delivery {
    std::string url;
    std::string event;  ///< "process.launched", "task.completed", "process.completed"
    std::string org_id; ///< sent as `X-Tallyfy-orgID`
    std::string body;   ///< JSON
};

/// Stateful emulator of the Tallyfy API. Thread-safe: `handle` and the accessors may be called
/// concurrently from any thread (one internal mutex; requests are short).
class api_emulator {
public:
    explicit api_emulator(api_options options);
    ~api_emulator();
    api_emulator(const api_emulator&) = delete;
    api_emulator& operator=(const api_emulator&) = delete;

    /// Routes and answers one request. Never throws for any input; malformed input gets 4xx.
    api_response handle(const api_request& request);

    /// Organisation id of the emulated org (32 lowercase hex).
    std::string org_id() const;
    /// The default accepted token (first of `api_options::tokens`, or the derived one).
    std::string default_token() const;
    /// Requests answered by the OAuth token endpoint so far (api_options::oauth).
    std::uint64_t token_requests() const;
    /// Makes every access token the token endpoint issued lapse now.
    void revoke_access_tokens();
    /// `[{"id", "title", "prerun"}]` of the checklists (templates), with their kick-off fields.
    boost::json::array checklist_summaries() const;

    /// Snapshot of the whole state: {"org_id", "users", "checklists", "runs", "tasks"}; tasks carry
    /// their current status plus "completion_calls" (how many complete requests were applied to
    /// them, including repeats answered 200) so tests can assert exactly-once effects.
    boost::json::object state_snapshot() const;
    /// Number of complete requests applied to a task (0 when unknown).
    std::uint64_t completion_calls(std::string_view task_id) const;
    /// Number of runs launched so far.
    std::size_t run_count() const;

    /// The webhook events queued since the last call, oldest first (see api_options::webhook_url).
    std::vector<webhook_delivery> take_webhooks();

    /// Organisation data (users, checklists) in the form `api_options::data_file` accepts.
    boost::json::object export_data() const;

private:
    struct impl;
    std::unique_ptr<impl> impl_;
};

} // namespace tallyfy::sandbox
