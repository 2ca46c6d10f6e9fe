// SPDX-License-Identifier: BSL-1.0
// What the tool writes: results on stdout in the format of --output (json, ndjson, table, csv;
// see output_sink.hpp), flushed per line so that a pipe sees each item as it arrives, and one-line
// diagnostics on stderr, all through the one output sink. A command returning one object prints
// one object (print_json_line), a list command a list (list_writer), whatever their number.
// Never the token (errors are redacted by the SDK), never raw server text on a terminal (tables
// and diagnostics go through printable()), never anything but strict JSON in the JSON formats.
#pragma once

#include "output_sink.hpp"

#include <tallyfy/api_error.hpp>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tallyfy_cli {

/// A command's single result in the --output format: ndjson, one line; json, an indented object;
/// table, a two-column table (a field and its value per row, no header); csv, a header and one
/// row. --fields picks the fields (dotted paths; in json/ndjson an object keyed by the paths);
/// without it every top-level field. Strict JSON whatever the server sent: a number beyond the
/// range of a double (`1e400`, which Boost.JSON keeps as infinity and would print as `Infinity`)
/// is written as 1e999 / -1e999, which every JSON parser reads back as "too large".
void print_json_line(const boost::json::value& value);
/// The same for an object, without copying it into a value.
void print_json_line(const boost::json::object& object);
/// The text print_json_line writes for `value` with `settings` (pure; what it writes).
std::string format_single(const boost::json::value& value, const output_settings& settings);

/// A list command's output: a list whatever the number of items. ndjson: a line per item; json:
/// an array (also of 0 or 1 items), its items written as they come, each a line behind (every
/// write ends a line); csv: a header (the --fields, else the first item's default columns) then
/// a row per item, RFC 4180 quoting, nested values as compact JSON; table: a header and rows,
/// kept until finish() so that the columns fit (the default columns of any item), or, `live`
/// (an endless stream), each row written as it comes in columns sized by the first. Not
/// thread-safe: one per command, on its thread. The destructor finishes the list (an error
/// midway leaves what was received, as a whole list).
class list_writer {
public:
    list_writer()
        : list_writer(false) {}
    explicit list_writer(bool live);
    /// With explicit settings (tests); writes `sink` (default: output_sink::instance()).
    list_writer(output_settings settings, std::function<void(std::string_view)> sink,
                bool live = false);
    list_writer(const list_writer&) = delete;
    list_writer& operator=(const list_writer&) = delete;
    ~list_writer();

    void item(const boost::json::value& value);
    void item(const boost::json::object& object);
    /// The columns of table and csv when --fields gives none, instead of those guessed from the
    /// items: for lists whose items differ in shape (a batch's results), so that csv, which
    /// takes its header from the first item, loses no column. Call before the first item.
    void default_columns(std::vector<std::string> columns) { fixed_columns_ = std::move(columns); }
    /// Ends the list (json's "]", a table's rows); later calls do nothing.
    void finish();
    std::size_t count() const { return count_; }

private:
    void start_columns(const std::vector<const boost::json::object*>& seen);
    std::vector<std::string> cells(const boost::json::value& value) const;

    output_settings settings_;
    std::function<void(std::string_view)> write_;
    bool live_;
    bool finished_ = false;
    std::size_t count_ = 0;
    std::vector<std::string> columns_;
    std::vector<std::string> fixed_columns_; ///< default_columns(), when given
    std::vector<std::size_t> widths_;        ///< a live table's
    std::vector<boost::json::value> kept_;   ///< a table's items until finish()
    std::optional<std::string> json_held_;   ///< json: the last item, written with what follows
};

/// Boost.JSON's serialization with non-finite numbers made strict JSON (see print_json_line).
std::string strict_json(std::string serialized);
/// `value` indented by two spaces per level (strict JSON), ending with a newline.
std::string pretty_json(const boost::json::value& value);
/// pretty_json(value) to `path` (created or truncated with mode 0600: exports hold form values),
/// or stdout when there is none (a document: not in the --output format). Throws std::runtime_error
/// naming the path when it cannot write.
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
