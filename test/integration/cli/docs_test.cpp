// SPDX-License-Identifier: BSL-1.0
// Help, README and the command table agree, through the real binary: every option of every
// command has a description (its spec's) and no help text holds an option line; the README's
// command tree lists exactly the commands `tallyfy help` lists; its exit-code table is the one
// `tallyfy --help` prints.
#include "cli_process.hpp"

#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

using tallyfy::test::run_cli;

namespace {

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> out;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);)
        out.push_back(line);
    return out;
}

bool starts_with(const std::string& s, const std::string& prefix) {
    return s.rfind(prefix, 0) == 0;
}

// The lines of the section headed `heading` ("Commands:"), up to the next empty line.
std::vector<std::string> section(const std::string& help, const std::string& heading) {
    std::vector<std::string> out;
    bool in = false;
    for (const auto& line : lines_of(help)) {
        if (in && line.empty())
            break;
        if (in)
            out.push_back(line);
        if (line == heading)
            in = true;
    }
    return out;
}

// The command words a group's help lists ("  run, process   description" -> "run").
std::vector<std::string> listed_commands(const std::string& help) {
    std::vector<std::string> out;
    for (const auto& line : section(help, "Commands:")) {
        if (!starts_with(line, "  ") || starts_with(line, "   "))
            continue; // a description continued on its own line
        std::istringstream words(line);
        std::string name;
        words >> name;
        if (!name.empty() && name.back() == ',')
            name.pop_back();
        out.push_back(name);
    }
    return out;
}

// Every command `tallyfy help` reaches ("task complete", "me", "help"), with its --help text.
// Read once per test process: about a hundred short runs of the binary.
const std::map<std::string, std::string>& command_helps() {
    static const std::map<std::string, std::string> helps = [] {
        std::map<std::string, std::string> out;
        std::vector<std::string> pending{""};
        while (!pending.empty()) {
            const std::string words = pending.back();
            pending.pop_back();
            std::vector<std::string> args;
            std::istringstream split(words);
            for (std::string w; split >> w;)
                args.push_back(w);
            args.push_back("--help");
            auto r = run_cli(TALLYFY_CLI_PATH, args);
            BOOST_TEST_REQUIRE(r.exit_code == 0, "tallyfy " << words << (words.empty() ? "" : " ")
                                                            << "--help: " << r.err);
            const auto subs = listed_commands(r.out);
            if (subs.empty())
                out[words] = r.out;
            for (const auto& sub : subs)
                pending.push_back(words.empty() ? sub : words + " " + sub);
        }
        return out;
    }();
    return helps;
}

std::string readme() {
    const auto path =
        std::filesystem::path(__FILE__).parent_path().parent_path().parent_path().parent_path() /
        "README.md";
    return tallyfy::test::slurp(path);
}

// The lines of the README's command tree: the ```text block after "The command tree".
std::vector<std::string> readme_tree_lines(const std::string& text) {
    const auto at = text.find("The command tree");
    if (at == std::string::npos)
        return {};
    const auto open = text.find("```text\n", at);
    if (open == std::string::npos)
        return {};
    const auto begin = open + 8;
    const auto close = text.find("```", begin);
    return lines_of(text.substr(begin, close - begin));
}

bool is_command_word(const std::string& w) {
    if (w.empty())
        return false;
    for (char ch : w)
        if (!((ch >= 'a' && ch <= 'z') || ch == '-'))
            return false;
    return true;
}

// "tallyfy task  complete, update" -> {"task complete", "task update"}; "tallyfy me" -> {"me"};
// "tallyfy search  Q" -> {"search"} (an argument, not a command word).
std::map<std::string, std::string> readme_commands(const std::vector<std::string>& tree) {
    std::map<std::string, std::string> out; // command -> its README line
    for (const auto& line : tree) {
        std::istringstream words(line);
        std::string tallyfy, group;
        words >> tallyfy >> group;
        if (tallyfy != "tallyfy" || group.empty())
            continue;
        bool any = false;
        for (std::string w; words >> w;) {
            if (!w.empty() && w.back() == ',')
                w.pop_back();
            if (is_command_word(w)) {
                out[group + " " + w] = line;
                any = true;
            }
        }
        if (!any)
            out[group] = line;
    }
    return out;
}

} // namespace

BOOST_AUTO_TEST_SUITE(docs)

BOOST_AUTO_TEST_CASE(every_option_is_described_and_no_help_text_lists_options) {
    const auto& helps = command_helps();
    BOOST_TEST(helps.size() >= 90u);
    for (const auto& [command, help] : helps) {
        const auto lines = lines_of(help);
        bool in_options = false;
        for (std::size_t i = 0; i < lines.size(); ++i) {
            const std::string& line = lines[i];
            if (line == "Options:") {
                in_options = true;
                continue;
            }
            if (line.empty())
                in_options = false;
            if (!starts_with(line, "  --"))
                continue;
            // An option line outside the generated list comes from a help text.
            BOOST_TEST(in_options, command << ": an option line in the help text: " << line);
            if (!in_options)
                continue;
            // "  --run RUN_ID      the task's run": the description after the name column, on
            // the line or (a long name) on the next one.
            auto gap = line.find("  ", 2);
            bool described =
                gap != std::string::npos && line.find_first_not_of(' ', gap) != std::string::npos;
            if (!described && i + 1 < lines.size())
                described = starts_with(lines[i + 1], "      ") &&
                            lines[i + 1].find_first_not_of(' ') != std::string::npos;
            BOOST_TEST(described, command << ": no description for " << line);
        }
    }
}

BOOST_AUTO_TEST_CASE(help_command_gives_the_command_help) {
    // `help WORDS` is `WORDS --help`, for a sample of each kind: a leaf, a group's leaf, an
    // alias, a built-in.
    for (const std::string words : {"me", "task complete", "run tasks", "help", "completion"}) {
        std::vector<std::string> args{"help"};
        std::istringstream split(words);
        for (std::string w; split >> w;)
            args.push_back(w);
        auto r = run_cli(TALLYFY_CLI_PATH, args);
        BOOST_TEST(r.exit_code == 0, words << ": " << r.err);
        BOOST_TEST(r.out == command_helps().at(words), words);
    }
}

BOOST_AUTO_TEST_CASE(readme_command_tree_is_the_command_table) {
    const auto text = readme();
    BOOST_TEST_REQUIRE(!text.empty());
    const auto tree = readme_tree_lines(text);
    BOOST_TEST_REQUIRE(tree.size() >= 10u, "README.md: no ```text block after 'The command tree'");
    const auto listed = readme_commands(tree);
    const auto& helps = command_helps();
    for (const auto& [command, help] : helps) {
        if (listed.count(command) != 0)
            continue;
        const std::string group = command.substr(0, command.find(' '));
        const std::string word = command.find(' ') == std::string::npos
                                     ? std::string()
                                     : command.substr(command.find(' ') + 1);
        std::string where = "add the line 'tallyfy " + command + "'";
        for (const auto& line : tree)
            if (!word.empty() && starts_with(line, "tallyfy " + group + " "))
                where = "add '" + word + "' to the line '" + line + "'";
        BOOST_ERROR("README.md's command tree lacks 'tallyfy " << command << "': " << where);
    }
    for (const auto& [command, line] : listed)
        BOOST_TEST(helps.count(command) == 1, "README.md's command tree lists 'tallyfy "
                                                  << command << "' (line '" << line
                                                  << "'), which `tallyfy help` does not");
}

BOOST_AUTO_TEST_CASE(readme_exit_codes_are_the_help_exit_codes) {
    // `tallyfy --help`: "Exit codes:" then "  N    meaning".
    std::map<int, std::string> in_help;
    for (const auto& line : section(run_cli(TALLYFY_CLI_PATH, {"--help"}).out, "Exit codes:")) {
        std::istringstream in(line);
        int code = -1;
        in >> code;
        std::string meaning;
        std::getline(in >> std::ws, meaning);
        in_help[code] = meaning;
    }
    BOOST_TEST_REQUIRE(in_help.size() >= 8u, "tallyfy --help lists no exit codes");
    BOOST_TEST_REQUIRE(in_help.count(130) == 1);
    // README.md: the table headed "| exit |", rows "| N | meaning |" (backticks are markup).
    std::map<int, std::string> in_readme;
    bool in_table = false;
    for (const auto& line : lines_of(readme())) {
        if (starts_with(line, "| exit |")) {
            in_table = true;
            continue;
        }
        if (!starts_with(line, "|"))
            in_table = false;
        if (!in_table || line.size() < 3 || line[2] < '0' || line[2] > '9')
            continue;
        const auto second = line.find('|', 1);
        const auto third = line.find('|', second + 1);
        std::string meaning = line.substr(second + 1, third - second - 1);
        std::string plain;
        for (char ch : meaning)
            if (ch != '`')
                plain += ch;
        plain = plain.substr(plain.find_first_not_of(' '));
        plain = plain.substr(0, plain.find_last_not_of(' ') + 1);
        in_readme[std::stoi(line.substr(2))] = plain;
    }
    for (const auto& [code, meaning] : in_help) {
        auto it = in_readme.find(code);
        BOOST_TEST((it != in_readme.end()),
                   "README.md's exit-code table lacks " << code << " (" << meaning << ")");
        if (it != in_readme.end())
            BOOST_TEST(it->second == meaning, "exit " << code << ": README.md says '" << it->second
                                                      << "', tallyfy --help '" << meaning << "'");
    }
    for (const auto& [code, meaning] : in_readme)
        BOOST_TEST(in_help.count(code) == 1, "README.md's exit-code table lists "
                                                 << code << ", which tallyfy --help does not");
}

BOOST_AUTO_TEST_SUITE_END()
