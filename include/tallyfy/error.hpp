// SPDX-License-Identifier: BSL-1.0
// Error codes of the SDK: one enum, one error category, usable as boost::system::error_code.
#pragma once

#include <boost/system/error_code.hpp>

#include <type_traits>

namespace tallyfy {

/// Why an operation failed. Values are stable; `error_category()` gives their names.
enum class error {
    // --- answers from the API (HTTP status mapped) ---
    unauthorized = 1,  ///< 401: token missing, invalid or expired (never retried)
    forbidden,         ///< 403: no permission, or a business rule refused the request
    not_found,         ///< 404: missing entity or unknown endpoint
    conflict,          ///< 409
    validation_failed, ///< 400 / 422: the request was understood and refused
    payload_too_large, ///< 413
    rate_limited,      ///< 429 after retries, or a Retry-After beyond the policy's cap
    server_error,      ///< 5xx
    http_error,        ///< any other unexpected status
    // --- transport ---
    resolve_failed,        ///< DNS resolution failed
    connection_failed,     ///< TCP connect refused / unreachable
    connection_reset,      ///< the connection broke while the request was in flight
    tls_failed,            ///< TLS handshake or certificate verification failed
    connect_timeout,       ///< TCP connect did not finish in time
    tls_handshake_timeout, ///< TLS handshake did not finish in time
    attempt_timeout,       ///< one attempt (write + read) took longer than allowed
    stall_timeout,         ///< no byte received for the stall interval
    pool_wait_timeout,     ///< no pooled connection became free in time (pool exhausted)
    deadline_exceeded,     ///< the call's total deadline (backoff included) passed
    header_too_large,      ///< response header over the configured limit
    body_too_large,        ///< response body over the configured limit
    insecure_url,          ///< plain http:// to a non-loopback host without explicit permission
    // --- client side ---
    cancelled,        ///< the caller cancelled the operation
    bad_response,     ///< the response could not be decoded (malformed JSON, wrong types)
    outcome_unknown,  ///< a non-idempotent request was sent; whether it took effect is unknown
    invalid_argument, ///< rejected before any I/O (bad id, name too long, ...)
    retry_budget_exhausted, ///< the client's shared retry budget is empty
    pagination_loop,        ///< the server repeated a recent page or ignored `page`
    max_pages_reached,      ///< a walk reached paging_options::max_pages with pages left
    circuit_open,           ///< the origin's circuit breaker is open: failed fast, nothing was sent
    // --- proxy (transport_options::proxy; appended to keep the values above stable) ---
    /// The proxy answered CONNECT with 407: credentials missing or refused (never retried).
    proxy_auth_required,
    /// The proxy answered CONNECT with another non-2xx status, or with something that is not
    /// HTTP. Nothing reached the origin, so it is retried as a failed connect is.
    proxy_failed,
};

/// The category of `tallyfy::error` values (name "tallyfy").
const boost::system::error_category& error_category() noexcept;

/// Makes `error` usable wherever a `boost::system::error_code` is expected.
inline boost::system::error_code make_error_code(error e) noexcept {
    return {static_cast<int>(e), error_category()};
}

/// Short stable name of an error value, e.g. "not_found" (used by the CLI's error lines).
const char* error_name(error e) noexcept;

} // namespace tallyfy

/// @cond
template <>
struct boost::system::is_error_code_enum<tallyfy::error> : std::true_type {};
/// @endcond
