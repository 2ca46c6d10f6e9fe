// SPDX-License-Identifier: BSL-1.0
// list_writer: a list command's items in the --output format (see output.hpp).
#include "csv.hpp"
#include "output.hpp"
#include "table.hpp"

#include <boost/json/serialize.hpp>

namespace json = boost::json;

namespace tallyfy_cli {

namespace {

constexpr std::size_t live_min_width = 12; // a live table's columns, before fitting

// `value` pretty-printed as an element of an array: indented two more spaces, no final newline.
std::string array_element(const json::value& value) {
    std::string text = pretty_json(value);
    text.pop_back();
    std::string out = "  ";
    for (char c : text) {
        out += c;
        if (c == '\n')
            out += "  ";
    }
    return out;
}

// `value` as an object: itself, or {"value": value} built in `scratch`.
const json::object& object_of(const json::value& value, json::object& scratch) {
    if (const json::object* o = value.if_object())
        return *o;
    scratch["value"] = value;
    return scratch;
}

} // namespace

list_writer::list_writer(bool live)
    : list_writer(
          output_sink::instance().settings(),
          [](std::string_view text) { output_sink::instance().write_out(text); }, live) {}

list_writer::list_writer(output_settings settings, std::function<void(std::string_view)> sink,
                         bool live)
    : settings_(std::move(settings))
    , write_(std::move(sink))
    , live_(live) {}

list_writer::~list_writer() {
    try {
        finish();
    } catch (...) { // nowhere to report it: stdout is what failed
    }
}

std::vector<std::string> list_writer::cells(const json::value& value) const {
    json::object scratch;
    const json::object& from = object_of(value, scratch);
    std::vector<std::string> out;
    out.reserve(columns_.size());
    for (const auto& c : columns_)
        out.push_back(cell_text(field_at(from, c)));
    return out;
}

void list_writer::start_columns(const std::vector<const json::object*>& seen) {
    columns_ = !settings_.fields.empty() ? settings_.fields
               : fixed_columns_.empty()  ? tallyfy_cli::default_columns(seen)
                                         : fixed_columns_;
    if (columns_.empty())
        columns_ = {"value"};
}

void list_writer::item(const json::object& object) {
    if (finished_ || settings_.format != output_format::ndjson || !settings_.fields.empty())
        return item(json::value(object));
    ++count_; // the common case of a pipe, without a copy
    write_(strict_json(json::serialize(object)) + '\n');
}

void list_writer::item(const json::value& value) {
    if (finished_)
        return;
    ++count_;
    const bool picked = !settings_.fields.empty();
    switch (settings_.format) {
    case output_format::ndjson:
        write_(strict_json(json::serialize(picked ? json::value(project(value, settings_.fields))
                                                  : value)) +
               '\n');
        return;
    case output_format::json: {
        std::string text =
            array_element(picked ? json::value(project(value, settings_.fields)) : value);
        if (json_held_)
            write_(*json_held_ + ",\n");
        else
            write_("[\n");
        json_held_ = std::move(text);
        return;
    }
    case output_format::csv: {
        if (count_ == 1) {
            json::object scratch;
            start_columns({&object_of(value, scratch)});
            write_(csv_row(columns_));
        }
        auto row = cells(value);
        if (settings_.stdout_terminal)
            for (auto& c : row)
                c = tallyfy::printable(c, 64 * 1024);
        write_(csv_row(row));
        return;
    }
    case output_format::table:
        break;
    }
    if (!live_) {
        kept_.push_back(value.is_object() ? value : json::value(json::object{{"value", value}}));
        return;
    }
    if (count_ == 1) {
        json::object scratch;
        start_columns({&object_of(value, scratch)});
        auto row = cells(value);
        std::vector<std::vector<std::string>> measure{
            escaped_cells(columns_), escaped_cells(row),
            std::vector<std::string>(columns_.size(), std::string(live_min_width, ' '))};
        widths_ = column_widths(measure, settings_.width);
        write_(table_row(columns_, widths_) + table_row(row, widths_));
        return;
    }
    write_(table_row(cells(value), widths_));
}

void list_writer::finish() {
    if (finished_)
        return;
    finished_ = true;
    switch (settings_.format) {
    case output_format::ndjson:
        return;
    case output_format::json:
        write_(json_held_ ? *json_held_ + "\n]\n" : std::string("[]\n"));
        return;
    case output_format::csv:
        if (count_ == 0 && !settings_.fields.empty()) // the header says which list is empty
            write_(csv_row(settings_.fields));
        return;
    case output_format::table:
        break;
    }
    if (live_) {
        if (count_ == 0 && !settings_.fields.empty())
            write_(table_row(settings_.fields, column_widths({settings_.fields}, settings_.width)));
        return;
    }
    std::vector<const json::object*> seen;
    for (const auto& v : kept_)
        seen.push_back(&v.get_object());
    if (kept_.empty() && settings_.fields.empty())
        return;
    start_columns(seen);
    std::vector<std::vector<std::string>> rows{columns_};
    for (const auto& v : kept_)
        rows.push_back(cells(v));
    kept_.clear();
    write_(render_table(rows, settings_.width));
}

} // namespace tallyfy_cli
