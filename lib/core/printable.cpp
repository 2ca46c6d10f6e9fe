// SPDX-License-Identifier: BSL-1.0
// printable(): server text made safe for a terminal or a log line.
#include <tallyfy/api_error.hpp>

namespace tallyfy {

namespace {

// Length of the well-formed UTF-8 sequence at the start of `s`, or 0.
std::size_t utf8_length(std::string_view s) {
    const auto b = [&](std::size_t i) { return static_cast<unsigned char>(s[i]); };
    const auto cont = [&](std::size_t i) { return i < s.size() && (b(i) & 0xC0) == 0x80; };
    const unsigned char c = b(0);
    if (c < 0x80)
        return 1;
    if (c >= 0xC2 && c <= 0xDF)
        return cont(1) ? 2 : 0;
    if (c >= 0xE0 && c <= 0xEF) {
        if (!cont(1) || !cont(2))
            return 0;
        if ((c == 0xE0 && b(1) < 0xA0) || (c == 0xED && b(1) >= 0xA0))
            return 0; // overlong, or a UTF-16 surrogate
        return 3;
    }
    if (c >= 0xF0 && c <= 0xF4) {
        if (!cont(1) || !cont(2) || !cont(3))
            return 0;
        if ((c == 0xF0 && b(1) < 0x90) || (c == 0xF4 && b(1) >= 0x90))
            return 0;
        return 4;
    }
    return 0;
}

void append_hex(std::string& out, const char* prefix, unsigned value, int digits) {
    static constexpr char hex[] = "0123456789abcdef";
    out += prefix;
    for (int shift = (digits - 1) * 4; shift >= 0; shift -= 4)
        out += hex[(value >> shift) & 0xF];
}

} // namespace

std::string printable(std::string_view text, std::size_t max_bytes) {
    std::string out;
    out.reserve(std::min(text.size(), max_bytes) + 16);
    std::size_t i = 0;
    while (i < text.size()) {
        if (out.size() >= max_bytes)
            break;
        const auto c = static_cast<unsigned char>(text[i]);
        const std::size_t n = utf8_length(text.substr(i));
        if (n == 1 && c >= 0x20 && c != 0x7F) {
            out += text[i];
        } else if (n == 1) {
            switch (c) {
            case '\n':
                out += "\\n";
                break;
            case '\r':
                out += "\\r";
                break;
            case '\t':
                out += "\\t";
                break;
            default:
                append_hex(out, "\\x", c, 2);
            }
        } else if (n == 2 && c == 0xC2 && static_cast<unsigned char>(text[i + 1]) < 0xA0) {
            // A C1 control (U+0080..U+009F): CSI and OSC in some terminals.
            append_hex(out, "\\u00", static_cast<unsigned char>(text[i + 1]), 2);
        } else if (n > 1) {
            out.append(text.substr(i, n));
        } else {
            append_hex(out, "\\x", c, 2); // not UTF-8
            i += 1;
            continue;
        }
        i += n == 0 ? 1 : n;
    }
    if (i < text.size())
        out += "...[+" + std::to_string(text.size() - i) + " bytes]";
    return out;
}

} // namespace tallyfy
