// SPDX-License-Identifier: BSL-1.0
// Tokens that expire: a token provider the client asks for an access token when it needs a new
// one, and the two shipped providers (Tallyfy's OAuth refresh-token grant, a file rotated by an
// external agent).
#pragma once

#include <tallyfy/transport.hpp>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/system/error_code.hpp>

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <type_traits>

namespace tallyfy {

/// An access token and when it stops working.
struct access_token_info {
    /// The bearer token. Never logged; redacted from every error the client reports.
    std::string token;
    /// When the token expires; nullopt: unknown (it is then replaced only after a 401).
    std::optional<std::chrono::system_clock::time_point> expires_at;
};

/// What a provider is given each time the client asks it for a token.
struct token_request_context {
    /// The client's executor; the provider runs on it.
    boost::asio::any_io_executor executor;
    /// The client's API root (`client_options::base_url`).
    std::string base_url;
    /// The client's transport options (TLS, pool, timeouts), for a provider that makes requests.
    transport_options transport;
    /// The client's own transport (the API's origin), for a provider whose endpoint shares it.
    std::shared_ptr<tallyfy::transport> api_transport;
    /// true when the client asks because the API answered 401 to the last token.
    bool after_rejection = false;
};

/// Where a client gets its access token when it is not a fixed string
/// (`client_options::access_token_provider`).
///
/// When: before the first call, ahead of the token's expiry (see
/// `client_options::token_refresh_margin`), and after a 401. Once for all calls: a client (and
/// its `with_org` views) asks its provider one request at a time; the calls that need a token
/// meanwhile wait for that one answer. Never concurrently with itself.
///
/// Errors: a coroutine provider throws (an `api_error` keeps its details and code; any other
/// exception becomes `error::unauthorized` with its what() as the detail); a callback provider
/// completes with an error_code. The calls waiting for that token fail with that error; the next
/// call asks again.
///
/// Cancellation: the provider runs detached from any single call, so a cancelled call leaves the
/// refresh running for the others. A provider should bound its own time (the shipped ones use
/// the transport's timeouts).
///
/// Thread safety: the function is called on the client's executor; it may be copied freely.
class token_provider {
public:
    /// The coroutine form: asked for a token, completes with it (or throws).
    using coroutine_function =
        std::function<boost::asio::awaitable<access_token_info>(token_request_context)>;
    using callback =
        std::function<void(boost::system::error_code, access_token_info)>; ///< call exactly once
    /// The callback form: asked for a token, calls `callback` once with it or an error.
    using callback_function = std::function<void(token_request_context, callback)>;

    /// No provider: the client uses `client_options::access_token`.
    token_provider() = default;
    /// From a coroutine function (any callable):
    /// `[](tallyfy::token_request_context) -> asio::awaitable<access_token_info>`. A coroutine
    /// lambda should capture nothing it needs after its first suspension (the lambda is not kept
    /// with its frame): forward to a coroutine taking its arguments by value instead.
    template <class F>
    requires(
        !std::is_same_v<std::decay_t<F>, token_provider> &&
        std::is_invocable_r_v<boost::asio::awaitable<access_token_info>, F&, token_request_context>)
        token_provider(F f)
        : get_(std::move(f)) {}
    /// From a callback-style function, which may complete from any thread.
    static token_provider from_callback(callback_function f);

    /// Whether a function is set (an empty provider: the static token is used).
    explicit operator bool() const noexcept { return static_cast<bool>(get_); }
    /// Asks for a token (what the client does). Throws what the provider throws.
    boost::asio::awaitable<access_token_info> operator()(token_request_context context) const;

private:
    coroutine_function get_;
};

/// Tallyfy's OAuth refresh-token grant.
struct oauth_refresh_options {
    /// The token endpoint. Tallyfy's docs name three; the integration guide's is the default.
    std::string token_url = "https://go.tallyfy.com/api/oauth/token";
    std::string client_id;     ///< the OAuth client's id (from Tallyfy's settings)
    std::string client_secret; ///< never logged
    std::string refresh_token; ///< the current one; replaced by each rotated one received
    /// Called (on the client's executor) with each new refresh token the endpoint issues, so that
    /// it can be stored for the next run; the old one may no longer be accepted. Must not throw.
    std::function<void(const std::string& refresh_token)> on_rotated;
};

/// A provider that POSTs `grant_type=refresh_token` (form-encoded, with the client id and secret)
/// to `token_url` through the SDK's transport (the client's own when the endpoint is on the
/// API's origin, else one built from the client's transport options: TLS verification, pool and
/// timeouts apply), and keeps the refresh token each answer rotates in.
/// Errors: `invalid_grant`/`invalid_client` (and any 400/401) are `error::unauthorized` naming
/// the endpoint, never the secret or tokens; transport failures keep their code; an answer
/// without `access_token` is `error::bad_response`. `expires_in` (seconds) sets the expiry.
token_provider oauth_refresh_provider(oauth_refresh_options options);

/// A token in a file that an external agent rotates (a sidecar, a vault agent).
struct file_token_options {
    std::string path; ///< the file; its content, whitespace trimmed, is the token
    /// How long a token read is used before the file is checked again (its size and modification
    /// time: the file is read again only when they changed). A 401 also checks it at once.
    std::chrono::milliseconds recheck{1'000};
};

/// A provider that reads the token from `options.path` (surrounding whitespace trimmed).
/// Errors: a missing, unreadable or empty file is `error::unauthorized` naming the path.
token_provider file_token_provider(file_token_options options);

} // namespace tallyfy
