// SPDX-License-Identifier: BSL-1.0
#include "core/outcome.hpp"

#include <tallyfy/api_error.hpp>

namespace tallyfy {

api_error::api_error(error_details details)
    : boost::system::system_error(details.code, describe(details))
    , details_(std::move(details)) {}

std::optional<tallyfy::error> api_error::error_value() const noexcept {
    if (details_.code.category() != error_category())
        return std::nullopt;
    return static_cast<tallyfy::error>(details_.code.value());
}

std::string api_error::describe(const error_details& d) {
    // Every piece that may come from the server (or the system) is made printable and bounded.
    std::string out;
    if (d.code.category() == error_category())
        out = error_name(static_cast<error>(d.code.value()));
    else
        out = printable(d.code.message(), 256);
    if (d.http_status)
        out += " (HTTP " + std::to_string(d.http_status) + ")";
    if (!d.method.empty())
        out += " " + printable(d.method, 16) + " " + printable(d.path, 512);
    if (!d.server_message.empty())
        out += ": " + printable(d.server_message);
    if (!d.server_code.empty())
        out += " [" + printable(d.server_code, 128) + "]";
    if (!d.detail.empty())
        out += ": " + printable(d.detail);
    if (!d.cause.empty())
        out += " (" + printable(d.cause, 512) + ")";
    if (!d.request_id.empty())
        out += " request_id=" + printable(d.request_id, 128);
    if (d.attempts.size() > 1)
        out += " after " + std::to_string(d.attempts.size()) + " attempts";
    return out;
}

std::optional<api_error> api_error::from(const std::exception_ptr& failure) {
    if (!failure)
        return std::nullopt;
    try {
        std::rethrow_exception(failure);
    } catch (const api_error& e) {
        return e;
    } catch (...) {
        return std::nullopt;
    }
}

void throw_exception_from_error(const error_details& details, const boost::source_location&) {
    throw api_error(details);
}

namespace detail {

error_details make_details(error code, std::string detail) {
    error_details d;
    d.code = code;
    d.detail = std::move(detail);
    return d;
}

} // namespace detail
} // namespace tallyfy
