// SPDX-License-Identifier: BSL-1.0
// Timestamps of the emulated API: emitted as `YYYY-MM-DDTHH:MM:SS.000Z`, parsed from ISO-8601
// (`...Z`, `.000Z`, `+hh:mm`), `YYYY-MM-DD HH:MM:SS` (UTC) and bare `YYYY-MM-DD`.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace tallyfy::sandbox::detail {

/// Seconds since the Unix epoch, UTC.
using unix_seconds = std::int64_t;

/// Current wall-clock time.
unix_seconds now_seconds();
/// `YYYY-MM-DDTHH:MM:SS.000Z`.
std::string format_timestamp(unix_seconds t);
/// `YYYY-MM-DD`.
std::string format_date(unix_seconds t);
/// Parses the accepted input forms; nullopt when `s` is none of them or out of range.
std::optional<unix_seconds> parse_timestamp(std::string_view s);
/// Start of the UTC day containing `t`.
unix_seconds start_of_day(unix_seconds t);

} // namespace tallyfy::sandbox::detail
