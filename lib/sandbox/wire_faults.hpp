// SPDX-License-Identifier: BSL-1.0
// Pure helpers behind the sandbox's injected faults (kept apart from the server for unit tests).
#pragma once

#include <chrono>
#include <string>
#include <string_view>

namespace tallyfy::sandbox {

/// `target` without any `name=...` query parameter ("/x?a=1&page=2" -> "/x?a=1").
std::string strip_query_parameter(std::string_view target, std::string_view name);

/// The JSON error body of an injected 5xx, shaped like the API's generic errors.
std::string injected_error_body(unsigned status);

/// An IMF-fixdate (RFC 9110) `seconds` from now, for `Retry-After` as an HTTP-date.
std::string http_date_after(std::chrono::seconds seconds);

/// A body that starts like `valid_json` but is not valid JSON.
std::string malformed_json_body(std::string_view valid_json);

} // namespace tallyfy::sandbox
