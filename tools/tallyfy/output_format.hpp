// SPDX-License-Identifier: BSL-1.0
// The formats of --output (json, ndjson, table, csv) and --fields: the names the parser accepts,
// dotted field paths into a result, a value as the text of a cell, and the default columns of a
// list. Pure functions, no I/O.
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tallyfy_cli {

enum class output_format { json, ndjson, table, csv };

/// "json", "ndjson", "table", "csv": the values of --output (and of TALLYFY_OUTPUT), in order.
const std::vector<std::string>& output_format_names();
/// The format named `name` exactly, or nothing.
std::optional<output_format> parse_output_format(std::string_view name);

/// "id, run.name" -> {"id", "run.name"} (spaces around names dropped). Throws usage_error for an
/// empty list or an empty name ("a,,b").
std::vector<std::string> parse_field_list(std::string_view text);

/// The member at a dotted path ("run.name"; a number indexes an array: "tags.0"), or nullptr when
/// any step is missing. A key that itself holds a dot is found whole first ("a.b" before a -> b).
const boost::json::value* field_at(const boost::json::value& value, std::string_view path);
/// The same from an object.
const boost::json::value* field_at(const boost::json::object& object, std::string_view path);

/// A cell's text: a string as it is, a number or boolean as JSON, null or missing as "", an
/// object or array as compact (strict) JSON. Not escaped: the table escapes what it shows.
std::string cell_text(const boost::json::value* value);

/// `value` cut to `fields`: an object whose keys are the paths as given, in order, each holding
/// the member found (null when missing). A value that is not an object is the "value" field.
boost::json::object project(const boost::json::value& value,
                            const std::vector<std::string>& fields);

/// The columns of a list shown without --fields: of id, line, title (else name, else full_name),
/// email, run_id, task_id, ok, status, deadline, error, those present in any of `items` (first
/// seen order of that list); when fewer than two are, the scalar members of the first item (at
/// most eight).
std::vector<std::string> default_columns(const std::vector<const boost::json::object*>& items);

} // namespace tallyfy_cli
