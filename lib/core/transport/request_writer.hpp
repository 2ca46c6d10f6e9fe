// SPDX-License-Identifier: BSL-1.0
// Serialising a request into one contiguous buffer: one TLS record and one send per request for
// small bodies, and no allocation once the connection's buffer has grown.
#pragma once

#include <tallyfy/http.hpp>

#include <string>
#include <string_view>

namespace tallyfy::detail {

/// Whether `request` can be put on the wire: an origin-form target without spaces or control
/// line breaks, header names that are tokens, header values without CR, LF or NUL.
bool is_sendable(const http_request& request) noexcept;

/// Replaces `out` with the HTTP/1.1 bytes of `request` (head and body). Host and User-Agent come
/// from the transport; caller headers named Host, Content-Length or Transfer-Encoding are
/// dropped (the transport frames the body itself). A non-empty body without a Content-Type is
/// sent as JSON. Call only when `is_sendable(request)`.
void serialize_request(std::string& out, const http_request& request, std::string_view host,
                       std::string_view user_agent);

} // namespace tallyfy::detail
