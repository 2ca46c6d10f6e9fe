// SPDX-License-Identifier: BSL-1.0
// CSV as RFC 4180 writes it, for `batch launch`: fields separated by commas, records by CRLF or
// LF, a field in double quotes may hold commas, line breaks and doubled quotes (""). A UTF-8 BOM
// before the first record is ignored; empty lines are not records. A malformed record (a quote
// inside an unquoted field, text after a closing quote) is returned with its problem and does not
// stop the reading: the next record starts on the next line. A quote never closed swallows the
// rest of the file, so no later row could be trusted: parse_csv throws csv_unclosed_quote.
#pragma once

#include <cstddef>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace tallyfy_cli {

struct csv_record {
    std::size_t line = 0; ///< 1-based line of the file where the record starts
    std::vector<std::string> cells;
    std::string problem; ///< empty unless malformed (then `cells` is what was read)
};

/// A quoted field that is never closed: the whole input is refused.
struct csv_unclosed_quote : std::runtime_error {
    using std::runtime_error::runtime_error;
};

std::vector<csv_record> parse_csv(std::string_view text);

} // namespace tallyfy_cli
