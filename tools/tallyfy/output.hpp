// SPDX-License-Identifier: BSL-1.0
// What the tool writes: JSON documents and NDJSON lines on stdout (flushed per line, so a pipe
// sees each item as it arrives), one-line diagnostics on stderr. Never the token: error lines come
// from api_error::describe, which never contains it.
#pragma once

#include <tallyfy/api_error.hpp>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <string_view>

namespace tallyfy_cli {

/// One JSON value on one line of stdout, flushed.
void print_json_line(const boost::json::value& value);
/// The same for an object, without copying it into a value.
void print_json_line(const boost::json::object& object);

/// "tallyfy: <message>" on stderr.
void print_diagnostic(std::string_view message);

/// "tallyfy: <error name> (HTTP status) METHOD path: server message [code] request_id=..." on
/// stderr.
void print_error(const tallyfy::api_error& error);

} // namespace tallyfy_cli
