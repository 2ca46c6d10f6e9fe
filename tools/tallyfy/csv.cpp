// SPDX-License-Identifier: BSL-1.0
#include "csv.hpp"

namespace tallyfy_cli {

std::string csv_field(std::string_view text) {
    if (text.find_first_of(",\"\r\n") == std::string_view::npos)
        return std::string(text);
    std::string out = "\"";
    for (char c : text) {
        if (c == '"')
            out += '"';
        out += c;
    }
    return out + '"';
}

std::string csv_row(const std::vector<std::string>& fields) {
    std::string line;
    for (std::size_t i = 0; i < fields.size(); ++i) {
        if (i > 0)
            line += ',';
        line += csv_field(fields[i]);
    }
    return line + '\n';
}

} // namespace tallyfy_cli
