// SPDX-License-Identifier: BSL-1.0
// What a client lets its user see of its exchanges: hooks per attempt and per call, and a logger
// sink with levels. Everything shown is redacted by allow-lists (a header or query parameter not
// on the list is shown as "[redacted]"), bodies are off unless asked for, and the token never
// appears.
#pragma once

#include <tallyfy/http.hpp>

#include <boost/system/error_code.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace tallyfy {

/// How much the logger sink receives. Each level includes the ones before it.
enum class log_level {
    off,   ///< nothing
    error, ///< calls that failed
    warn,  ///< and retries
    info,  ///< and one line per exchange (method, redacted URL, status, duration, bytes)
    debug, ///< and the redacted headers of each exchange
    trace, ///< and the bodies, when `observer_options::log_bodies` is set (cut at 4 KiB)
};

/// "error", "warn", ...
std::string_view to_string(log_level level) noexcept;

/// One attempt, about to be sent. The views are valid during the hook only.
struct request_event {
    std::uint64_t call_id = 0; ///< the same for every attempt of one call; unique per client
    unsigned attempt = 1;      ///< 1 = first, 2 = first retry, ...
    std::string_view method;   ///< "GET", "POST", ...
    std::string_view server;   ///< host[:port] of the base URL
    /// Origin-form target with query values not on `allowed_query` (and bare query items not on
    /// it) replaced by "[redacted]", and the client's tokens cut out.
    std::string_view target;
    /// The request's headers, values not on `allowed_headers` replaced by "[redacted]"
    /// (Authorization always is). Filled only when a hook or the debug level needs them.
    const std::vector<http_header>* headers = nullptr;
    std::size_t body_bytes = 0; ///< bytes of the request body
};

/// One attempt's result. The views are valid during the hook only.
struct response_event {
    std::uint64_t call_id = 0;          ///< as in the request_event of this attempt
    unsigned attempt = 1;               ///< as in the request_event of this attempt
    std::string_view method;            ///< as in the request_event
    std::string_view server;            ///< as in the request_event
    std::string_view target;            ///< as in the request_event (redacted)
    unsigned status = 0;                ///< HTTP status; 0 when no response arrived
    boost::system::error_code error;    ///< the transport's error when no response arrived
    std::chrono::microseconds duration; ///< from the send to the end of the response
    bool reused_connection = false;     ///< sent on a pooled keep-alive connection
    std::size_t bytes_sent = 0;         ///< bytes of the request body
    std::size_t bytes_received = 0;     ///< bytes of the response body
    /// Response headers, redacted as the request's. Filled as for request_event.
    const std::vector<http_header>* headers = nullptr;
    /// Why the send failed below HTTP (escaped, bounded, token redacted); empty otherwise.
    std::string_view cause;
};

/// A call's end, after its last attempt (or a failure before any: deadline, budget, pacing).
struct call_event {
    std::uint64_t call_id = 0;          ///< as in its attempts' events
    std::string_view method;            ///< as in its attempts' events
    std::string_view server;            ///< as in its attempts' events
    std::string_view target;            ///< as in its attempts' events (redacted)
    unsigned attempts = 0;              ///< attempts sent (0: failed before sending)
    unsigned status = 0;                ///< the last response's status (0: none)
    boost::system::error_code error;    ///< the call's error; empty on success
    std::chrono::microseconds duration; ///< from the call's start, backoff included
};

/// The headers shown by default: none that carries a credential or personal data.
std::vector<std::string> default_allowed_headers();
/// The query parameters whose values are shown by default (paging, includes, filters by kind).
std::vector<std::string> default_allowed_query();

/// What a client reports of its exchanges (`client_options::observe`). Every hook is optional,
/// is called on the thread running the call, must not throw and must not block (it runs on the
/// call's path: slow hooks slow every call). Hooks of concurrent calls may run at the same time
/// when several threads run the client's executor.
///
/// A span per call and one per attempt (OpenTelemetry's HTTP client conventions) is a few
/// lines of user code: start the call's span at its first request_event (`call_id`), an attempt
/// span at each request_event, end that at the response_event and the call's at call_event. See
/// `examples/trace_spans.cpp`.
struct observer_options {
    std::function<void(const request_event&)> on_request;   ///< before each attempt
    std::function<void(const response_event&)> on_response; ///< after each attempt
    std::function<void(const call_event&)> on_call_end;     ///< once per call, at its end
    /// A logger sink: receives one line (no newline) per record of `level` or more important.
    std::function<void(log_level, std::string_view line)> log;
    log_level level = log_level::info; ///< what `log` receives
    /// Header names (case-insensitive) whose values may be shown. Authorization,
    /// Proxy-Authorization and Cookie are never shown, whatever this list says.
    std::vector<std::string> allowed_headers = default_allowed_headers();
    /// Query parameter names whose values may be shown; others show "[redacted]".
    std::vector<std::string> allowed_query = default_allowed_query();
    /// At trace level, log request and response bodies (cut at 4 KiB, escaped, the token
    /// redacted). Off by default: bodies hold names, emails and form data.
    bool log_bodies = false;

    /// Whether any of the above is set (a client without observers does no work for them).
    bool active() const noexcept {
        return on_request || on_response || on_call_end || (log && level != log_level::off);
    }
};

} // namespace tallyfy
