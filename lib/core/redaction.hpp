// SPDX-License-Identifier: BSL-1.0
// The access token never leaves the library inside an error, even when the server echoes it.
#pragma once

#include <tallyfy/api_error.hpp>

#include <string>
#include <string_view>

namespace tallyfy::detail {

/// Replaces every occurrence of `token` in the text of `details` (server message and code, field
/// errors, body, request id, detail, cause) by "[redacted]". Done once, where an error becomes
/// public. Tokens shorter than 8 characters are left alone: they would match ordinary text.
void redact_token(error_details& details, std::string_view token);

/// Replaces every occurrence of `token` in `text` by "[redacted]" (same length rule as above).
void redact_token_in(std::string& text, std::string_view token);

} // namespace tallyfy::detail
