// SPDX-License-Identifier: BSL-1.0
#include "batch_csv.hpp"

namespace tallyfy_cli {

namespace {

// A cursor over the text that counts lines.
struct csv_cursor {
    std::string_view text;
    std::size_t pos = 0;
    std::size_t line = 1;

    bool at_end() const { return pos >= text.size(); }
    char peek() const { return text[pos]; }
    // At a line break (LF or CRLF): consumes it.
    bool take_newline() {
        if (!at_end() && peek() == '\n') {
            ++pos, ++line;
            return true;
        }
        if (pos + 1 < text.size() && peek() == '\r' && text[pos + 1] == '\n') {
            pos += 2, ++line;
            return true;
        }
        return false;
    }
    bool at_record_end() const {
        return at_end() || peek() == '\n' ||
               (peek() == '\r' && pos + 1 < text.size() && text[pos + 1] == '\n');
    }
    // After a problem: the rest of the physical line is dropped.
    void skip_line() {
        while (!at_end() && !take_newline())
            ++pos;
    }
};

// One quoted field, the cursor on its opening quote; false when the quote is never closed.
bool read_quoted(csv_cursor& c, std::string& cell) {
    ++c.pos;
    while (!c.at_end()) {
        const char ch = c.peek();
        if (ch == '"') {
            if (c.pos + 1 < c.text.size() && c.text[c.pos + 1] == '"') {
                cell += '"';
                c.pos += 2;
                continue;
            }
            ++c.pos;
            return true;
        }
        if (ch == '\n')
            ++c.line;
        cell += ch;
        ++c.pos;
    }
    return false;
}

csv_record read_record(csv_cursor& c) {
    csv_record r;
    r.line = c.line;
    for (;;) {
        std::string cell;
        if (!c.at_end() && c.peek() == '"') {
            if (!read_quoted(c, cell)) // the rows after it cannot be told apart
                throw csv_unclosed_quote("a quoted field opened on line " + std::to_string(r.line) +
                                         " is never closed: the rows after it cannot be told "
                                         "apart, so nothing was sent");
            if (!c.at_record_end() && c.peek() != ',') {
                r.problem =
                    "text after the closing quote of field " + std::to_string(r.cells.size() + 1);
                r.cells.push_back(std::move(cell));
                c.skip_line();
                return r;
            }
        } else {
            while (!c.at_record_end() && c.peek() != ',') {
                if (c.peek() == '"') {
                    r.problem = "a quote inside unquoted field " +
                                std::to_string(r.cells.size() + 1) +
                                " (quote the whole field and double the quote)";
                    r.cells.push_back(std::move(cell));
                    c.skip_line();
                    return r;
                }
                cell += c.peek();
                ++c.pos;
            }
        }
        r.cells.push_back(std::move(cell));
        if (!c.at_end() && c.peek() == ',') {
            ++c.pos;
            continue;
        }
        c.take_newline();
        return r;
    }
}

} // namespace

std::vector<csv_record> parse_csv(std::string_view text) {
    if (text.substr(0, 3) == "\xEF\xBB\xBF")
        text.remove_prefix(3);
    csv_cursor c{.text = text};
    std::vector<csv_record> records;
    while (!c.at_end()) {
        if (c.take_newline()) // an empty line is not a record
            continue;
        records.push_back(read_record(c));
    }
    return records;
}

} // namespace tallyfy_cli
