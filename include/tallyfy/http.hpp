// SPDX-License-Identifier: BSL-1.0
// Plain HTTP message types shared by the transport and the client (no Beast in public headers).
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tallyfy {

/// An HTTP request method.
enum class http_method {
    get,    ///< GET
    post,   ///< POST
    put,    ///< PUT
    patch,  ///< PATCH
    delete_ ///< DELETE
};

/// "GET", "POST", ...
std::string_view to_string(http_method method) noexcept;

/// One header field of a request or a response.
struct http_header {
    std::string name;  ///< the field name (matched case-insensitively)
    std::string value; ///< the value (in a request, CR, LF and NUL are refused)
};

/// Timeouts of one HTTP attempt, all on steady_clock. Each expiry has its own error code.
struct timeouts {
    std::chrono::milliseconds connect{10'000};       ///< TCP connect -> error::connect_timeout
    std::chrono::milliseconds tls_handshake{10'000}; ///< -> error::tls_handshake_timeout
    std::chrono::milliseconds attempt{60'000};       ///< write + read -> error::attempt_timeout
    std::chrono::milliseconds stall{30'000};         ///< no byte received -> error::stall_timeout
    std::chrono::milliseconds pool_wait{30'000}; ///< waiting for a connection -> pool_wait_timeout
};

/// One request to send. Header values are checked: CR, LF or NUL make the send fail with
/// `error::invalid_argument` before any I/O.
struct http_request {
    http_method method = http_method::get; ///< the request method
    /// Origin-form target, already percent-encoded: "/api/organizations/abc/runs?page=2".
    std::string target;
    /// Extra headers (Authorization, Accept, X-Tallyfy-Client, ...). Host, Content-Length and
    /// Content-Type (JSON, when `body` is not empty) are set by the transport.
    std::vector<http_header> headers;
    std::string body; ///< the request body; empty: none (no Content-Type)
    /// Whether sending the request twice is harmless. Decides whether a stale keep-alive
    /// connection that failed after the request was written may be retried transparently.
    bool idempotent = false;
    /// Per-call override of the transport's timeouts.
    std::optional<timeouts> timeouts_override;
};

/// What happened on the wire during one send; filled even when the send fails, so retry
/// decisions can tell "never sent" from "sent, outcome unknown".
struct attempt_info {
    bool request_written = false;   ///< at least one byte of the request reached the socket
    bool response_started = false;  ///< at least one byte of the response arrived
    bool reused_connection = false; ///< sent on a kept-alive connection from the pool
    unsigned stale_retries = 0;     ///< transparent retries after a stale keep-alive connection
    /// When the send failed below HTTP: the underlying cause as the system reported it (the
    /// resolver's message, the socket's errno text, the TLS alert or certificate verification
    /// error), for people to read. Empty otherwise.
    std::string cause;
};

/// A response as received (any status: the transport does not judge it).
struct http_response {
    unsigned status = 0;              ///< the status code, e.g. 200
    std::vector<http_header> headers; ///< the header fields, in the order received
    std::string body;                 ///< at most transport_options::max_body_bytes
    attempt_info info;                ///< what happened on the wire

    /// Value of the first header named `name` (case-insensitive), or nullopt.
    std::optional<std::string_view> header(std::string_view name) const noexcept;
};

} // namespace tallyfy
