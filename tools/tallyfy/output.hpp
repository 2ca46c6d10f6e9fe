// SPDX-License-Identifier: BSL-1.0
// What the tool writes: JSON documents and NDJSON lines on stdout (flushed per line, so a pipe
// sees each item as it arrives), one-line diagnostics on stderr. Never the token (errors are
// redacted by the SDK), never raw server text on a terminal (diagnostics go through printable()),
// never anything but strict JSON on stdout.
#pragma once

#include <tallyfy/api_error.hpp>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace tallyfy_cli {

/// One JSON value on one line of stdout, flushed. Strict JSON whatever the server sent: a number
/// beyond the range of a double (`1e400`, which Boost.JSON keeps as infinity and would print as
/// `Infinity`) is written as 1e999 / -1e999, which every JSON parser reads back as "too large".
void print_json_line(const boost::json::value& value);
/// The same for an object, without copying it into a value.
void print_json_line(const boost::json::object& object);

/// Boost.JSON's serialization with non-finite numbers made strict JSON (see print_json_line).
std::string strict_json(std::string serialized);
/// `value` indented by two spaces per level (strict JSON), ending with a newline.
std::string pretty_json(const boost::json::value& value);
/// pretty_json(value) to `path` (created or truncated with mode 0600: exports hold form values),
/// or stdout when there is none. Throws std::runtime_error naming the path when it cannot write.
void write_pretty(const boost::json::value& value, const std::optional<std::string>& path);
/// `bytes` as they are to `path` (created or truncated with mode 0600), or stdout when there is
/// none. Throws std::runtime_error naming the path when it cannot write.
void write_bytes(std::string_view bytes, const std::optional<std::string>& path);

/// "tallyfy: <message>" on stderr, printable (control characters escaped) and cut at 4 KiB.
void print_diagnostic(std::string_view message);

/// "tallyfy: <error name> (HTTP status) METHOD path: server message [code] request_id=..." on
/// stderr.
void print_error(const tallyfy::api_error& error);

} // namespace tallyfy_cli
