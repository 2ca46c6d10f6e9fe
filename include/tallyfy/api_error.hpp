// SPDX-License-Identifier: BSL-1.0
// The exception every failed operation reports: what failed, why, and what the server said.
#pragma once

#include <tallyfy/error.hpp>
#include <tallyfy/http.hpp>
#include <tallyfy/requests.hpp>

#include <boost/system/system_error.hpp>

#include <exception>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tallyfy {

/// Details of a failure, as the server sent them: the text fields are raw (use describe() or
/// printable() before showing them to a person), except that the client's access token is
/// replaced by "[redacted]" wherever it appears, also in text the server echoed back.
struct error_details {
    boost::system::error_code code; ///< a `tallyfy::error` (or an Asio error for rare cases)
    unsigned http_status = 0;       ///< 0 when no HTTP response
    std::string server_message;     ///< `message`, or nested `error.message`
    std::string server_code;        ///< `code`, e.g. "RESOURCE_NOT_FOUND"
    /// 422 field errors: field path -> messages.
    std::map<std::string, std::vector<std::string>> field_errors;
    std::string request_id;                          ///< `X-Request-Id`
    std::string method;                              ///< "GET", "POST", ...
    std::string path;                                ///< request path (no query, no host)
    std::string body;                                ///< raw response body, capped at 8 KiB
    std::optional<std::chrono::seconds> retry_after; ///< server's Retry-After (429, 502-504)
    std::vector<attempt_record> attempts;            ///< every attempt of the call, in order
    std::string detail; ///< client-side explanation (e.g. the JSON path of a bad_response)
    /// For transport errors, the underlying cause the system gave: "certificate verify failed:
    /// self-signed certificate", "Connection refused", "Host not found (authoritative)", ...
    std::string cause;
    /// With outcome_unknown: true when the client gave up waiting (timeout, cancellation) so the
    /// server may still be working on the request; false when the server answered or closed.
    bool may_still_be_processing = false;
};

/// `text` made safe to show a person on one line: control characters (C0, DEL, C1) and bytes
/// that are not UTF-8 are escaped (`\n`, `\x1b`, `\u009b`), so server text can neither move the
/// cursor, retitle or clear a terminal, nor start a line of its own; cut after `max_bytes` at a
/// character boundary and marked "...[+N bytes]".
std::string printable(std::string_view text, std::size_t max_bytes = 1024);

/// Thrown by `co_await client.op(...)` (the default token); other tokens get its error_code and,
/// through with_details, its details.
class api_error : public boost::system::system_error {
public:
    /// The exception for a failure; what() is describe(details).
    explicit api_error(error_details details);

    /// Every detail of the failure.
    const error_details& details() const noexcept { return details_; }
    /// The `tallyfy::error` value, when the code is in the tallyfy category.
    std::optional<tallyfy::error> error_value() const noexcept;
    /// The response's status; 0 when there was none.
    unsigned http_status() const noexcept { return details_.http_status; }
    /// The response's `X-Request-Id`, for the API's support; empty when none.
    const std::string& request_id() const noexcept { return details_.request_id; }

    /// One printable line (see printable(); at most about 4 KiB): name, status, method and path,
    /// server message and code, detail, cause, request id, attempts. Also what() returns.
    static std::string describe(const error_details& details);

    /// The api_error inside an exception_ptr (as delivered to callbacks and `as_tuple`), or
    /// nullopt when it holds something else or nothing.
    static std::optional<api_error> from(const std::exception_ptr& failure);

private:
    error_details details_;
};

} // namespace tallyfy
