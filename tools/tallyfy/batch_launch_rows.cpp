// SPDX-License-Identifier: BSL-1.0
#include "batch_launch_rows.hpp"

#include "args.hpp"

#include <tallyfy/api_error.hpp>
#include <tallyfy/form_values.hpp>

#include <charconv>
#include <cstdint>
#include <cstdio>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <stdexcept>

namespace tallyfy_cli {

namespace {

std::string trimmed(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
        s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t'))
        s.remove_suffix(1);
    return std::string(s);
}

std::optional<launch_column::role> reserved_role(std::string_view header) {
    if (header == "name")
        return launch_column::role::name;
    if (header == "summary")
        return launch_column::role::summary;
    if (header == "owner")
        return launch_column::role::owner;
    return std::nullopt;
}

std::string column_name(std::size_t index, std::string_view header) {
    return "column " + std::to_string(index + 1) + " ('" + tallyfy::printable(header, 120) + "')";
}

// Replaces each {row} and {HEADER} of `text`; an unknown placeholder calls `unknown`.
std::string expand(const std::string& text, std::size_t row, const csv_record& header,
                   const std::vector<std::string>* cells,
                   const std::function<void(const std::string&)>& unknown) {
    std::string out;
    std::size_t i = 0;
    while (i < text.size()) {
        const auto open = text.find('{', i);
        const auto close = open == std::string::npos ? open : text.find('}', open);
        if (close == std::string::npos) {
            out += text.substr(i);
            break;
        }
        out += text.substr(i, open - i);
        const std::string inner = text.substr(open + 1, close - open - 1);
        if (inner == "row") {
            out += std::to_string(row);
        } else {
            std::size_t c = 0;
            while (c < header.cells.size() && trimmed(header.cells[c]) != inner)
                ++c;
            if (c == header.cells.size())
                unknown(inner);
            else if (cells != nullptr && c < cells->size())
                out += (*cells)[c];
        }
        i = close + 1;
    }
    return out;
}

// FNV-1a, 64 bits, with a separator after each part: a digest of a row's contents for its
// journal key (not a security measure).
void digest(std::uint64_t& h, std::string_view bytes) {
    for (unsigned char c : bytes) {
        h ^= c;
        h *= 0x100000001b3ULL;
    }
    h ^= 0x1f;
    h *= 0x100000001b3ULL;
}

// Not the row's position: a row deleted or inserted above must not make the rows below new
// ones (they would be launched again). Identical rows are told apart by number_row_keys.
std::string row_key(const std::string& checklist_id, const csv_record& header,
                    const std::vector<std::string>& cells) {
    std::uint64_t h = 0xcbf29ce484222325ULL;
    digest(h, checklist_id);
    for (const auto& name : header.cells) // the same cells under other headers are another row
        digest(h, name);
    digest(h, "\n");
    for (const auto& cell : cells)
        digest(h, cell);
    char hex[17];
    std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(h));
    return hex;
}

} // namespace

std::vector<launch_column> resolve_columns(const csv_record& header,
                                           const std::vector<tallyfy::form_field>& fields) {
    if (!header.problem.empty())
        throw usage_error("the header row (line " + std::to_string(header.line) +
                          ") is malformed: " + header.problem);
    std::vector<launch_column> columns;
    std::set<std::string> seen; // field ids and reserved names
    for (std::size_t i = 0; i < header.cells.size(); ++i) {
        launch_column column{.header = trimmed(header.cells[i])};
        const std::string name = column_name(i, column.header);
        if (column.header.empty())
            throw usage_error(name + " has no header");
        const tallyfy::form_field* field = nullptr;
        std::string no_field;
        try {
            field = &tallyfy::find_field(fields, column.header);
        } catch (const std::invalid_argument& e) {
            no_field = e.what();
        }
        if (auto role = reserved_role(column.header)) {
            if (field != nullptr)
                throw usage_error(name + " is both the run's " + column.header +
                                  " and the kick-off field '" +
                                  tallyfy::printable(field->label, 120) +
                                  "': head the column with the field's id (" +
                                  tallyfy::printable(field->id, 80) + ") to mean the field");
            column.what = *role;
        } else if (field != nullptr) {
            column.field = field;
        } else {
            throw usage_error(name + ": " + no_field);
        }
        const std::string identity = field != nullptr ? "field " + field->id : column.header;
        if (!seen.insert(identity).second)
            throw usage_error(name + " repeats an earlier column");
        columns.push_back(std::move(column));
    }
    return columns;
}

void check_name_template(const std::string& name_template, const csv_record& header) {
    expand(name_template, 0, header, nullptr, [](const std::string& unknown) {
        throw usage_error("--name: no column '" + tallyfy::printable(unknown, 120) + "' for {" +
                          tallyfy::printable(unknown, 120) +
                          "} (placeholders: {row} and a column's header)");
    });
}

launch_row make_launch_row(const csv_record& record, std::size_t number,
                           const std::vector<launch_column>& columns, const csv_record& header,
                           const launch_row_options& options) {
    launch_row row{.number = number, .line = record.line};
    row.key = row_key(options.checklist_id, header, record.cells);
    auto refuse = [&row](const char* error, std::string why) {
        row.error = error;
        row.problem = std::move(why);
        return row;
    };
    if (!record.problem.empty())
        return refuse("malformed_row", record.problem);
    if (record.cells.size() != columns.size())
        return refuse("malformed_row", std::to_string(record.cells.size()) +
                                           " fields, the header has " +
                                           std::to_string(columns.size()));
    tallyfy::launch_run_request& request = row.request;
    request.checklist_id = options.checklist_id;
    std::string name;
    for (std::size_t i = 0; i < columns.size(); ++i) {
        const launch_column& column = columns[i];
        const std::string& cell = record.cells[i];
        if (cell.empty())
            continue; // nothing sent: the run's default, or the field left empty
        switch (column.what) {
        case launch_column::role::name:
            name = cell;
            break;
        case launch_column::role::summary:
            request.summary = cell;
            break;
        case launch_column::role::owner: {
            std::int64_t id = 0;
            auto [end, ec] = std::from_chars(cell.data(), cell.data() + cell.size(), id);
            if (ec != std::errc() || end != cell.data() + cell.size() || id <= 0)
                return refuse("invalid_value", column_name(i, column.header) +
                                                   ": expected a user id, got '" +
                                                   tallyfy::printable(cell, 120) + "'");
            request.owner_id = id;
            break;
        }
        case launch_column::role::field:
            try {
                request.prerun[column.field->id] =
                    tallyfy::field_value_from_text(*column.field, cell);
            } catch (const std::invalid_argument& e) {
                return refuse("invalid_value", column_name(i, column.header) + ": " + e.what());
            }
            break;
        }
    }
    if (name.empty() && !options.name_template.empty())
        name =
            expand(options.name_template, number, header, &record.cells, [](const std::string&) {});
    if (name.empty() && options.name_required)
        return refuse("no_name", "no run name: with --journal each row needs one (a 'name' "
                                 "column or --name), to find its run after an interruption");
    std::size_t characters = 0; // UTF-8: every byte that does not continue a character
    for (unsigned char c : name)
        characters += (c & 0xC0) != 0x80 ? 1 : 0;
    if (characters > 550)
        return refuse("invalid_value", "the run name is longer than 550 characters");
    request.name = name;
    return row;
}

void number_row_keys(std::vector<launch_row>& rows) {
    std::map<std::string, std::size_t> seen;
    for (auto& row : rows)
        row.key += "#" + std::to_string(++seen[row.key]);
}

} // namespace tallyfy_cli
