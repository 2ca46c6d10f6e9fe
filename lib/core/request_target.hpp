// SPDX-License-Identifier: BSL-1.0
// Builds origin-form targets from trusted literals and untrusted ids/query values, so an id can
// never change the request's path or headers.
#pragma once

#include <tallyfy/inline_string.hpp>

#include <stdexcept>
#include <string>
#include <string_view>

namespace tallyfy::detail {

/// An argument refused before any I/O; mapped to error::invalid_argument.
class invalid_argument_error : public std::invalid_argument {
public:
    using std::invalid_argument::invalid_argument;
};

/// The text of a request's inline field; one given longer than the field holds is refused.
template <std::size_t N>
std::string_view checked_text(const inline_string<N>& value, std::string_view what) {
    if (value.too_long())
        throw invalid_argument_error(std::string(what) + " is longer than " + std::to_string(N) +
                                     " bytes");
    return value.view();
}

class request_target {
public:
    /// `base_path` is the path of the base URL, e.g. "/api" (may be empty).
    explicit request_target(std::string_view base_path);

    /// Appends trusted text verbatim ("/organizations/").
    request_target& literal(std::string_view text);
    /// Appends one path segment from an untrusted id: empty, ".", "..", control characters or
    /// more than 256 bytes throw invalid_argument_error; everything but unreserved characters is
    /// percent-encoded (so "a/b" stays one segment).
    request_target& id(std::string_view value, std::string_view what);
    /// The same for an id field of a request; one given longer than the field holds is refused.
    template <std::size_t N>
    request_target& id(const inline_string<N>& value, std::string_view what) {
        if (value.too_long())
            throw invalid_argument_error(std::string(what) + " is longer than " +
                                         std::to_string(N) + " bytes");
        return id(value.view(), what);
    }
    /// Appends an email as one path segment, checked as an id. '@' is kept as it is (RFC 3986
    /// allows it in a segment, and the API is known to route it so); the rest as id() encodes it.
    request_target& email(std::string_view value, std::string_view what);
    template <std::size_t N>
    request_target& email(const inline_string<N>& value, std::string_view what) {
        return email(checked_text(value, what), what);
    }
    /// Appends `key=value` (both percent-encoded) to the query.
    request_target& query(std::string_view key, std::string_view value);

    const std::string& str() const noexcept { return target_; }
    /// Moves the target out; the builder is left empty.
    std::string release() noexcept { return std::move(target_); }
    /// The path without the query.
    std::string_view path() const noexcept;

private:
    std::string target_;
    std::size_t path_end_ = std::string::npos;
};

/// Percent-encodes everything except RFC 3986 unreserved characters.
void append_encoded(std::string& out, std::string_view text);

/// Throws invalid_argument_error when `value` has CR, LF or NUL (header injection).
void check_header_value(std::string_view value, std::string_view what);

} // namespace tallyfy::detail
