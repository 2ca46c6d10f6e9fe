// SPDX-License-Identifier: BSL-1.0
#include "command_doc.hpp"

#include <cctype>
#include <sstream>

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

std::string trimmed(std::string_view s) {
    while (!s.empty() && s.front() == ' ')
        s.remove_prefix(1);
    while (!s.empty() && s.back() == ' ')
        s.remove_suffix(1);
    return std::string(s);
}

void append(std::string& to, std::string_view text, const char* separator) {
    if (!to.empty())
        to += separator;
    to += text;
}

// "--tag ID, --folder ID   text": the options named before the first run of two spaces, each
// with the word after it as its value's name.
void read_option_line(std::string_view line, command_doc& doc, std::vector<std::string>& current) {
    current.clear();
    std::string_view head = line.substr(2);
    std::string_view text;
    if (auto gap = head.find("  "); gap != std::string_view::npos) {
        text = head.substr(gap);
        head = head.substr(0, gap);
    }
    std::istringstream words{std::string(head)};
    std::vector<std::string> tokens;
    for (std::string w; words >> w;)
        tokens.push_back(w);
    for (std::size_t i = 0; i < tokens.size(); ++i) {
        std::string name = tokens[i];
        if (name.rfind("--", 0) != 0)
            continue;
        if (!name.empty() && name.back() == ',')
            name.pop_back();
        name = name.substr(2);
        std::string value;
        if (i + 1 < tokens.size() && tokens[i + 1].rfind("--", 0) != 0) {
            value = tokens[i + 1];
            if (!value.empty() && value.back() == ',')
                value.pop_back();
        }
        doc.options[name].value_name = value;
        current.push_back(name);
    }
    for (const auto& name : current)
        append(doc.options[name].text, trimmed(text), " ");
}

} // namespace

command_doc document(const command& c) {
    command_doc doc;
    std::istringstream usage{std::string(c.arguments)};
    for (std::string w; usage >> w && is_positional_name(w);)
        doc.positionals.push_back(w);

    std::istringstream help{std::string(c.help)};
    std::vector<std::string> current; // the options the last option line named
    bool in_summary = true;
    for (std::string line; std::getline(help, line);) {
        if (line.rfind("  --", 0) == 0) {
            in_summary = false;
            read_option_line(line, doc, current);
        } else if (!current.empty() && line.rfind("    ", 0) == 0) {
            for (const auto& name : current)
                append(doc.options[name].text, trimmed(line), " ");
        } else {
            current.clear();
            if (in_summary)
                append(doc.summary, line, "\n");
            else
                append(doc.notes, line, "\n");
        }
    }
    return doc;
}

} // namespace tallyfy_cli
