// SPDX-License-Identifier: BSL-1.0
// Text tables for a terminal: cells escaped (printable: server text cannot move the cursor),
// measured in display columns (UTF-8 code points; East Asian wide characters count two,
// combining marks none), cut with an ellipsis at a code point boundary, columns shrunk to fit a
// width. Pure functions, no I/O.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace tallyfy_cli {

/// The columns `text` (valid UTF-8) takes on a terminal.
std::size_t display_width(std::string_view text);

/// `text` (valid UTF-8) cut to at most `width` columns, ending with "…" when cut; never splits a
/// code point.
std::string fit_width(std::string_view text, std::size_t width);

/// A table's column widths: each column's widest cell (header included), then, when the total
/// (two spaces between columns) exceeds `max_width` (0: no limit), the widest columns narrowed
/// to a common cap so that it fits (no column under 3 unless it was narrower; a table that
/// cannot fit even so is left wider).
std::vector<std::size_t> column_widths(const std::vector<std::vector<std::string>>& rows,
                                       std::size_t max_width);

/// One line of the table (no trailing spaces, ending with '\n'): each cell escaped with
/// printable(), cut to its column and padded, two spaces apart.
std::string table_row(const std::vector<std::string>& cells,
                      const std::vector<std::size_t>& widths);

/// The cells as printable() shows them (what table_row measures): the escaping applied once.
std::vector<std::string> escaped_cells(const std::vector<std::string>& cells);

/// `rows` (the header first, if any) as a table fitted to `max_width` (0: no limit).
std::string render_table(const std::vector<std::vector<std::string>>& rows, std::size_t max_width);

} // namespace tallyfy_cli
