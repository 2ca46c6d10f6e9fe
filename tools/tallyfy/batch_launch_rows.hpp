// SPDX-License-Identifier: BSL-1.0
// The rows of `batch launch`: the CSV's header row resolved against the template's kick-off
// fields (a column the template cannot take is refused before anything is sent), then each data
// row made into a launch request with its values typed by kind, or into the reason it cannot be
// sent (a malformed row, a value its field refuses).
//
// Columns: `name`, `summary` and `owner` (a user id) are the run's; any other header names a
// kick-off field by id, alias or label (tallyfy::find_field). An empty cell sends nothing.
#pragma once

#include "batch_csv.hpp"

#include <tallyfy/models.hpp>
#include <tallyfy/requests.hpp>

#include <cstddef>
#include <string>
#include <vector>

namespace tallyfy_cli {

struct launch_column {
    enum class role { field, name, summary, owner };
    role what = role::field;
    std::string header;                         ///< as written, trimmed
    const tallyfy::form_field* field = nullptr; ///< role::field
};

/// The meaning of each header cell. Throws usage_error naming the column for a malformed header,
/// an empty or repeated column, a header no kick-off field matches or two match, and a reserved
/// header that is also a kick-off field's label (write the field's id to mean the field).
std::vector<launch_column> resolve_columns(const csv_record& header,
                                           const std::vector<tallyfy::form_field>& fields);

/// Checks `--name`'s placeholders: `{row}` (the row's number) and `{HEADER}` (that column's
/// cell); throws usage_error for any other.
void check_name_template(const std::string& name_template, const csv_record& header);

struct launch_row {
    std::size_t number = 0; ///< 1-based among the data rows
    std::size_t line = 0;   ///< the file's line where it starts
    std::string error;      ///< set when it cannot be sent: malformed_row, invalid_value, no_name
    std::string problem;    ///< why
    tallyfy::launch_run_request request;
    /// The journal's key: a digest of the template, the header and the cells, and which of the
    /// identical rows this is ("<hex>#2", set by number_row_keys). Not the row's position: rows
    /// deleted or inserted above it between two runs of a journal leave it the same row, while a
    /// row edited is a new row.
    std::string key;
};

struct launch_row_options {
    std::string checklist_id;
    std::string name_template;  ///< --name; empty: the `name` column or the API's default
    bool name_required = false; ///< with --journal: a row without a name is not sent
};

launch_row make_launch_row(const csv_record& record, std::size_t number,
                           const std::vector<launch_column>& columns, const csv_record& header,
                           const launch_row_options& options);

/// Completes the keys of `rows` (all the rows, in order): the n-th of identical rows gets "#n".
void number_row_keys(std::vector<launch_row>& rows);

} // namespace tallyfy_cli
