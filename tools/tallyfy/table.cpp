// SPDX-License-Identifier: BSL-1.0
#include "table.hpp"

#include <tallyfy/api_error.hpp>

#include <algorithm>
#include <utility>

namespace tallyfy_cli {

namespace {

constexpr std::size_t max_cell_bytes = 64 * 1024; // what printable() keeps of one cell

// The code point at the start of valid UTF-8 `text`, and its length in bytes.
std::pair<char32_t, std::size_t> decode(std::string_view text) {
    const auto b = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
    const unsigned char c = b(0);
    const auto more = [&](std::size_t n, char32_t first) -> std::pair<char32_t, std::size_t> {
        if (text.size() < n)
            return {0xFFFD, 1};
        char32_t cp = first;
        for (std::size_t i = 1; i < n; ++i)
            cp = (cp << 6) | (b(i) & 0x3F);
        return {cp, n};
    };
    if (c < 0x80)
        return {c, 1};
    if (c >= 0xF0)
        return more(4, c & 0x07);
    if (c >= 0xE0)
        return more(3, c & 0x0F);
    if (c >= 0xC0)
        return more(2, c & 0x1F);
    return {0xFFFD, 1}; // a stray continuation byte
}

std::size_t code_point_width(char32_t cp) {
    if ((cp >= 0x0300 && cp <= 0x036F) || (cp >= 0x200B && cp <= 0x200F) ||
        (cp >= 0xFE00 && cp <= 0xFE0F) || (cp >= 0x20D0 && cp <= 0x20FF))
        return 0; // combining marks, zero-width spaces and joiners, variation selectors
    if ((cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF) ||
        (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) ||
        (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
        (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x1F300 && cp <= 0x1F64F) ||
        (cp >= 0x1F900 && cp <= 0x1F9FF) || (cp >= 0x20000 && cp <= 0x3FFFD))
        return 2; // East Asian wide and fullwidth, emoji
    return 1;
}

} // namespace

std::size_t display_width(std::string_view text) {
    std::size_t width = 0;
    while (!text.empty()) {
        auto [cp, n] = decode(text);
        width += code_point_width(cp);
        text.remove_prefix(n);
    }
    return width;
}

std::string fit_width(std::string_view text, std::size_t width) {
    if (display_width(text) <= width)
        return std::string(text);
    if (width == 0)
        return {};
    std::string out;
    std::size_t used = 0;
    while (!text.empty()) {
        auto [cp, n] = decode(text);
        const std::size_t w = code_point_width(cp);
        if (used + w > width - 1) // room for the ellipsis
            break;
        out.append(text.substr(0, n));
        used += w;
        text.remove_prefix(n);
    }
    return out + "\u2026";
}

std::vector<std::size_t> column_widths(const std::vector<std::vector<std::string>>& rows,
                                       std::size_t max_width) {
    std::vector<std::size_t> widths;
    for (const auto& row : rows) {
        if (widths.size() < row.size())
            widths.resize(row.size(), 0);
        for (std::size_t i = 0; i < row.size(); ++i)
            widths[i] = std::max(widths[i], display_width(row[i]));
    }
    if (max_width == 0 || widths.empty())
        return widths;
    const std::size_t gaps = 2 * (widths.size() - 1);
    const auto total = [&](std::size_t cap) {
        std::size_t sum = gaps;
        for (auto w : widths)
            sum += std::min(w, cap);
        return sum;
    };
    const std::size_t widest = *std::max_element(widths.begin(), widths.end());
    if (total(widest) <= max_width)
        return widths;
    // The largest cap that fits (at least 3: room for a character or two and the ellipsis).
    std::size_t low = 3, high = widest;
    while (low < high) {
        const std::size_t mid = (low + high + 1) / 2;
        if (total(mid) <= max_width)
            low = mid;
        else
            high = mid - 1;
    }
    std::size_t spare = max_width > total(low) ? max_width - total(low) : 0;
    for (auto& w : widths) {
        if (w <= low)
            continue;
        const std::size_t extra = std::min(spare, w - low);
        w = low + extra; // what the cap leaves unused goes to the first wide columns
        spare -= extra;
    }
    return widths;
}

std::vector<std::string> escaped_cells(const std::vector<std::string>& cells) {
    std::vector<std::string> out;
    out.reserve(cells.size());
    for (const auto& c : cells)
        out.push_back(tallyfy::printable(c, max_cell_bytes));
    return out;
}

std::string table_row(const std::vector<std::string>& cells,
                      const std::vector<std::size_t>& widths) {
    std::string line;
    for (std::size_t i = 0; i < cells.size() && i < widths.size(); ++i) {
        std::string cell = fit_width(tallyfy::printable(cells[i], max_cell_bytes), widths[i]);
        if (i > 0)
            line += "  ";
        const std::size_t pad = widths[i] - std::min(widths[i], display_width(cell));
        line += cell;
        if (i + 1 < cells.size())
            line.append(pad, ' ');
    }
    while (!line.empty() && line.back() == ' ')
        line.pop_back();
    return line + '\n';
}

std::string render_table(const std::vector<std::vector<std::string>>& rows, std::size_t max_width) {
    std::vector<std::vector<std::string>> shown;
    shown.reserve(rows.size());
    for (const auto& row : rows)
        shown.push_back(escaped_cells(row));
    const auto widths = column_widths(shown, max_width);
    std::string out;
    for (const auto& row : rows)
        out += table_row(row, widths);
    return out;
}

} // namespace tallyfy_cli
