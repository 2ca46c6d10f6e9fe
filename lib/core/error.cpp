// SPDX-License-Identifier: BSL-1.0
#include <tallyfy/error.hpp>

#include <string>

namespace tallyfy {

const char* error_name(error e) noexcept {
    switch (e) {
    case error::unauthorized:
        return "unauthorized";
    case error::forbidden:
        return "forbidden";
    case error::not_found:
        return "not_found";
    case error::conflict:
        return "conflict";
    case error::validation_failed:
        return "validation_failed";
    case error::payload_too_large:
        return "payload_too_large";
    case error::rate_limited:
        return "rate_limited";
    case error::server_error:
        return "server_error";
    case error::http_error:
        return "http_error";
    case error::resolve_failed:
        return "resolve_failed";
    case error::connection_failed:
        return "connection_failed";
    case error::connection_reset:
        return "connection_reset";
    case error::tls_failed:
        return "tls_failed";
    case error::connect_timeout:
        return "connect_timeout";
    case error::tls_handshake_timeout:
        return "tls_handshake_timeout";
    case error::attempt_timeout:
        return "attempt_timeout";
    case error::stall_timeout:
        return "stall_timeout";
    case error::pool_wait_timeout:
        return "pool_wait_timeout";
    case error::deadline_exceeded:
        return "deadline_exceeded";
    case error::header_too_large:
        return "header_too_large";
    case error::body_too_large:
        return "body_too_large";
    case error::insecure_url:
        return "insecure_url";
    case error::cancelled:
        return "cancelled";
    case error::bad_response:
        return "bad_response";
    case error::outcome_unknown:
        return "outcome_unknown";
    case error::invalid_argument:
        return "invalid_argument";
    case error::retry_budget_exhausted:
        return "retry_budget_exhausted";
    case error::pagination_loop:
        return "pagination_loop";
    case error::max_pages_reached:
        return "max_pages_reached";
    case error::circuit_open:
        return "circuit_open";
    case error::proxy_auth_required:
        return "proxy_auth_required";
    case error::proxy_failed:
        return "proxy_failed";
    }
    return "unknown_error";
}

namespace {

class tallyfy_category final : public boost::system::error_category {
public:
    const char* name() const noexcept override { return "tallyfy"; }
    std::string message(int value) const override {
        switch (static_cast<error>(value)) {
        case error::unauthorized:
            return "unauthorized: the access token is missing, invalid or expired";
        case error::forbidden:
            return "forbidden: the API refused the request for this user";
        case error::not_found:
            return "not found";
        case error::conflict:
            return "conflict";
        case error::validation_failed:
            return "validation failed";
        case error::payload_too_large:
            return "request body too large";
        case error::rate_limited:
            return "rate limited by the API";
        case error::server_error:
            return "server error";
        case error::http_error:
            return "unexpected HTTP status";
        case error::resolve_failed:
            return "host name could not be resolved";
        case error::connection_failed:
            return "connection failed";
        case error::connection_reset:
            return "connection reset while the request was in flight";
        case error::tls_failed:
            return "TLS handshake or certificate verification failed";
        case error::connect_timeout:
            return "connect timed out";
        case error::tls_handshake_timeout:
            return "TLS handshake timed out";
        case error::attempt_timeout:
            return "request attempt timed out";
        case error::stall_timeout:
            return "no data received within the stall timeout";
        case error::pool_wait_timeout:
            return "connection pool exhausted: no connection became free in time";
        case error::deadline_exceeded:
            return "the call's deadline passed";
        case error::header_too_large:
            return "response header too large";
        case error::body_too_large:
            return "response body too large";
        case error::insecure_url:
            return "plain http is only allowed to loopback hosts unless explicitly permitted";
        case error::cancelled:
            return "operation cancelled";
        case error::bad_response:
            return "malformed response";
        case error::outcome_unknown:
            return "request sent but its outcome is unknown";
        case error::invalid_argument:
            return "invalid argument";
        case error::retry_budget_exhausted:
            return "retry budget exhausted: too many recent failures";
        case error::pagination_loop:
            return "pagination stopped: the server repeated a page";
        case error::max_pages_reached:
            return "pagination stopped at the page limit (paging_options::max_pages)";
        case error::circuit_open:
            return "the circuit breaker is open after repeated failures: nothing was sent";
        case error::proxy_auth_required:
            return "the proxy requires authentication (407): credentials missing or refused";
        case error::proxy_failed:
            return "the proxy refused or failed to open a tunnel to the API";
        }
        return "unknown tallyfy error";
    }
};

} // namespace

const boost::system::error_category& error_category() noexcept {
    static const tallyfy_category category;
    return category;
}

} // namespace tallyfy
