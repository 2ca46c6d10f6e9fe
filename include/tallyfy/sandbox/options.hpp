// SPDX-License-Identifier: BSL-1.0
// Configuration of the Tallyfy sandbox: behaviour of the emulated API and how it is served.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

namespace tallyfy::sandbox {

/// What the emulator answers when a task that is already completed is completed again.
/// The real API's source suggests a 200 with the task unchanged (it re-fires webhooks);
/// some deployments answer 422. Clients must cope with both.
enum class recomplete_mode {
    ok_unchanged,    ///< 200, body is the task as it is (default, closest to the real API)
    validation_error ///< 422 {"error":true,"message":"Task is already completed"}
};

/// The two 422 body shapes the API is known to emit.
enum class validation_shape {
    tallyfy, ///< {"error":true,"message":"...","errors":{"field":["..."]}}
    laravel  ///< {"message":"The given data was invalid.","errors":{"field":["..."]}}
};

/// How requests are counted against a rate limit.
enum class rate_window_kind {
    /// Laravel's throttle, which the real API uses: a window opens with a token's first request
    /// and lasts `window`; past `per_minute` requests in it, 429 until it ends.
    fixed,
    /// A rolling window: a request is refused while `per_minute` were admitted in the last
    /// `window`.
    sliding,
};

/// Per-token rate limit. `per_minute == 0` disables it. Every answer carries
/// `X-RateLimit-Limit` and `X-RateLimit-Remaining`; a 429 also `Retry-After` (seconds, rounded
/// up) and `X-RateLimit-Reset` (epoch seconds of the window's end), as Laravel sends them.
struct rate_limit {
    /// Requests admitted per window (named for the API's one-minute window).
    std::uint32_t per_minute = 0;
    std::chrono::milliseconds window{60'000};        ///< the window's length
    rate_window_kind kind = rate_window_kind::fixed; ///< how requests are counted

    /// The real API's documented limit: 600 requests per minute per user.
    static rate_limit tallyfy_default() { return {600}; }
};

/// Behaviour of the emulated API, independent of how it is served.
struct api_options {
    /// Seed of the deterministic organisation data (ids, users, templates).
    std::uint64_t seed = 1;
    /// Optional JSON file with organisation data to load instead of the seeded data
    /// (same shape as `api_emulator::export_data()`).
    std::string data_file;
    /// Accepted bearer tokens. Empty: one default token derived from the seed.
    std::vector<std::string> tokens;
    /// When non-empty, `X-Tallyfy-Client` must equal this value (else only its presence is
    /// checked).
    std::string required_client_value;
    /// The answer to completing a completed task again.
    recomplete_mode recomplete = recomplete_mode::ok_unchanged;
    validation_shape validation = validation_shape::tallyfy; ///< the shape of 422 bodies
    rate_limit limit{}; ///< per-token rate limit (none by default)
    /// The API's hourly caps per organisation on actions that email people outside it (DOCS
    /// `open-api/index.mdx`), each a sliding window. A request that passes validation past a cap
    /// gets 429 `{"message":"You've reached the hourly limit for Guest Invite (30 per hour per
    /// organization). Please try again later.","code":"RATE_LIMIT_EXCEEDED"}` ("Comment" for
    /// comments) with `Retry-After` (seconds until the window frees a slot, rounded up) and
    /// `X-RateLimit-Reset` (epoch seconds of that moment), and changes nothing. Invalid requests
    /// are answered as ever and not counted. 0 disables a cap.
    struct hourly_caps {
        /// Guests created per window (`POST /guests`): the API's 30 guest invites per hour.
        std::uint32_t guest_invites = 30;
        /// Comments posted per window (`POST .../tasks/{id}/comment` with any label,
        /// `.../problem`, `.../resolved-threads`); edits and deletes are not counted. The API's
        /// 120 per hour.
        std::uint32_t comments = 120;
        /// Length of the caps' window: the API's hour (shorter in tests). The message still
        /// says "per hour", as the API's does.
        std::chrono::milliseconds window{3'600'000};
    } caps; ///< the hourly caps (on by default, at the API's values)
    /// Largest accepted request body; larger bodies get 413.
    std::size_t max_body_bytes = 1024 * 1024;
    /// Where events are posted (`http://` only), as Tallyfy posts them to a template's or a step's
    /// webhook: `process.launched` when a run is launched, `task.completed` when a task is
    /// completed (again on a repeat completion, as the API does), `process.completed` when its
    /// last task is. A task's own `webhook` (update_task) takes its events instead. Each POST
    /// carries `X-Tallyfy-orgID`. Empty: no events but those of tasks with their own URL.
    std::string webhook_url;
    /// Path prefix of the API root on the server ("/api" as on go.tallyfy.com).
    std::string path_prefix = "/api";
    /// The OAuth token endpoint, `POST {path_prefix}/oauth/token` (go.tallyfy.com/api/oauth/token
    /// on the real API), off (404) while `client_id` is empty. It takes the refresh-token grant,
    /// form-encoded only (JSON gets 400 as the API's does): `grant_type=refresh_token`,
    /// `refresh_token`, `client_id`, `client_secret`. A wrong client id or secret gets 401
    /// `{"error":"invalid_client",...}`; an unknown or spent refresh token 400
    /// `{"error":"invalid_grant",...}`. Each grant answers `{"token_type":"Bearer","expires_in":N,
    /// "access_token":...,"refresh_token":...}`: a new access token lasting
    /// `access_token_lifetime` (`expires_in` in seconds, fractional when the lifetime is not whole
    /// seconds, a sandbox convenience for fast tests) and a new refresh token; the one used is
    /// spent. An issued access token is accepted like `tokens` (as the first user) until it
    /// lapses; then, as Laravel answers any token it does not accept, 401
    /// `{"message":"Unauthenticated."}` with `WWW-Authenticate: Bearer`.
    struct oauth_options {
        std::string client_id;     ///< the client id a grant must carry (empty: no endpoint)
        std::string client_secret; ///< and its secret
        std::string refresh_token; ///< the first refresh token accepted
        std::chrono::milliseconds access_token_lifetime{3'600'000}; ///< of each access token
    } oauth; ///< the OAuth token endpoint, when `client_id` is set
};

} // namespace tallyfy::sandbox
