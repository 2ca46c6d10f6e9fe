// SPDX-License-Identifier: BSL-1.0
#include "output.hpp"

#include <boost/json/serialize.hpp>

#include <cstdio>
#include <string>

namespace tallyfy_cli {

namespace {

void print_line(std::string line) {
    line += '\n';
    std::fwrite(line.data(), 1, line.size(), stdout);
    std::fflush(stdout);
}

} // namespace

std::string strict_json(std::string text) {
    // Only the serializer's own tokens are rewritten: the scan skips strings.
    if (text.find("Infinity") == std::string::npos && text.find("NaN") == std::string::npos)
        return text;
    std::string out;
    out.reserve(text.size());
    bool in_string = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (in_string) {
            out += c;
            if (c == '\\' && i + 1 < text.size())
                out += text[++i];
            else if (c == '"')
                in_string = false;
        } else if (c == '"') {
            in_string = true;
            out += c;
        } else if (text.compare(i, 8, "Infinity") == 0) {
            out += "1e999";
            i += 7;
        } else if (text.compare(i, 3, "NaN") == 0) {
            out += "null";
            i += 2;
        } else {
            out += c;
        }
    }
    return out;
}

void print_json_line(const boost::json::value& value) {
    print_line(strict_json(boost::json::serialize(value)));
}

void print_json_line(const boost::json::object& object) {
    print_line(strict_json(boost::json::serialize(object)));
}

void print_diagnostic(std::string_view message) {
    const std::string line = tallyfy::printable(message, 4096);
    std::fprintf(stderr, "tallyfy: %.*s\n", static_cast<int>(line.size()), line.data());
    std::fflush(stderr);
}

void print_error(const tallyfy::api_error& error) {
    print_diagnostic(tallyfy::api_error::describe(error.details()));
}

} // namespace tallyfy_cli
