// SPDX-License-Identifier: BSL-1.0
#include "command_doc.hpp"

#include <cctype>
#include <sstream>
#include <stdexcept>

namespace tallyfy_cli {

namespace {

bool is_positional_name(std::string_view word) {
    if (word.empty() || std::isupper(static_cast<unsigned char>(word[0])) == 0)
        return false;
    for (char ch : word)
        if (std::isupper(static_cast<unsigned char>(ch)) == 0 &&
            std::isdigit(static_cast<unsigned char>(ch)) == 0 && ch != '_')
            return false;
    return true;
}

} // namespace

command_doc document(const command& c) {
    command_doc doc;
    std::istringstream usage{std::string(c.arguments)};
    for (std::string w; usage >> w && is_positional_name(w);)
        doc.positionals.push_back(w);

    const std::string_view help = c.help;
    const auto gap = help.find("\n\n");
    doc.summary = std::string(help.substr(0, gap));
    if (gap != std::string_view::npos)
        doc.notes = std::string(help.substr(gap + 2));

    std::istringstream lines{std::string(help)};
    for (std::string line; std::getline(lines, line);)
        if (line.rfind("  --", 0) == 0)
            throw std::logic_error(std::string(c.name) + ": the help text describes an option (" +
                                   line.substr(2, line.find(' ', 2) - 2) +
                                   "); put it in the option's spec");
    return doc;
}

} // namespace tallyfy_cli
