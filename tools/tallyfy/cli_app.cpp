// SPDX-License-Identifier: BSL-1.0
#include "cli_app.hpp"

#include "command_doc.hpp"
#include "completion.hpp"
#include "exit_codes.hpp"
#include "output.hpp"
#include "session.hpp"
#include "suggest.hpp"
#include "values.hpp"

#include <tallyfy/version.hpp>

#include <CLI/CLI.hpp>

#include <algorithm>
#include <cstdio>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <sstream>
#include <stdexcept>

namespace tallyfy_cli {

const std::vector<std::pair<std::string_view, std::string_view>>& official_aliases() {
    static const std::vector<std::pair<std::string_view, std::string_view>> aliases{
        {"process", "run"},        {"blueprint", "template"},
        {"checklist", "template"}, {"guest", "guests"},
        {"user", "users"},         {"org", "orgs"},
        {"tag", "tags"},           {"group", "groups"},
        {"folder", "folders"},     {"automation", "automations"},
        {"webhook", "webhooks"}};
    return aliases;
}

const std::vector<std::string_view>& builtin_commands() {
    static const std::vector<std::string_view> words{"help", "version", "completion"};
    return words;
}

namespace {

constexpr const char* globals_group = "Global options (before or after the command words)";
constexpr const char* globals_footer =
    "Global options (--token, --org, --sandbox, --verbose, ...): see 'tallyfy --help'.";

// "Does this. And that." -> "Does this." (on one line).
std::string first_sentence(const std::string& text) {
    std::string line = text;
    std::replace(line.begin(), line.end(), '\n', ' ');
    auto end = line.find(". ");
    return end == std::string::npos ? line : line.substr(0, end + 1);
}

// "Exit codes:" and a line per code, for the root help.
std::string exit_codes_help() {
    std::string out = "Exit codes:";
    for (const auto& [code, meaning] : exit_code_docs()) {
        std::string number = std::to_string(code);
        out += "\n  " + number + std::string(5 - number.size(), ' ') + std::string(meaning);
    }
    return out;
}

// The parsed tree: the App, and what each of its leaves runs.
struct cli_tree {
    CLI::App root{"tallyfy: the Tallyfy API from the command line.", "tallyfy"};
    std::map<const CLI::App*, const command*> leaves;
    std::set<const CLI::Option*> flags;
    std::map<const CLI::Option*, std::vector<std::string>> values; ///< of enumerated options
    CLI::App* help = nullptr;
    CLI::App* version = nullptr;
    CLI::App* completion = nullptr;
    std::vector<std::string> help_words; ///< of `help [command words]`
    std::shared_ptr<CLI::Formatter> format = std::make_shared<CLI::Formatter>();
};

void add_option(CLI::App& app, const option_spec& spec, cli_tree& tree, const char* group) {
    const std::string name = "--" + std::string(spec.name);
    const std::string text(spec.help);
    CLI::Option* o = nullptr;
    if (!spec.takes_value) {
        o = app.add_flag(name)->description(text)->disable_flag_override();
        tree.flags.insert(o);
    } else {
        o = app.add_option(name)->description(text);
        o->type_name(spec.value_name.empty() ? std::string("VALUE") : std::string(spec.value_name))
            ->allow_extra_args(false);
        if (spec.repeatable)
            o->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
        else
            o->multi_option_policy(CLI::MultiOptionPolicy::Throw);
        if (!spec.values.empty()) {
            o->check(CLI::IsMember(spec.values));
            tree.values[o] = spec.values;
        }
    }
    if (group != nullptr)
        o->group(group);
}

// The subcommand named `word` (or aliased so), if any.
template <class App>
App* find_sub(App& parent, const std::string& word) {
    for (App* sub : parent.get_subcommands({}))
        if (sub->check_name(word))
            return sub;
    return nullptr;
}

CLI::App* child(CLI::App& parent, const std::string& word) {
    if (CLI::App* found = find_sub(parent, word))
        return found;
    CLI::App* sub = parent.add_subcommand(word);
    sub->fallthrough();
    sub->group("Commands");
    return sub;
}

void add_command(cli_tree& tree, const command& c) {
    std::istringstream words{std::string(c.name)};
    std::vector<std::string> path;
    for (std::string w; words >> w;)
        path.push_back(w);
    CLI::App* at = &tree.root;
    for (std::size_t i = 0; i + 1 < path.size(); ++i) {
        at = child(*at, path[i]);
        at->require_subcommand(1);
    }
    CLI::App* leaf = child(*at, path.back());
    const command_doc doc = document(c);
    // The first sentence describes it in the lists; the whole summary heads its own help.
    leaf->description(first_sentence(doc.summary));
    std::string footer = doc.summary == first_sentence(doc.summary) ? "" : doc.summary;
    if (!doc.notes.empty())
        footer += (footer.empty() ? "" : "\n") + doc.notes;
    leaf->footer(footer + (footer.empty() ? "" : "\n\n") + globals_footer);
    for (std::size_t i = 0; i < c.max_positionals; ++i) {
        std::string name =
            i < doc.positionals.size() ? doc.positionals[i] : "ARG" + std::to_string(i + 1);
        leaf->add_option(name)->required(i < c.min_positionals);
    }
    for (const auto& spec : c.options) {
        // Described where it is declared, or the help would show a bare flag.
        if (spec.help.empty() || (spec.takes_value && spec.value_name.empty()))
            throw std::logic_error(
                std::string(c.name) + " --" + std::string(spec.name) +
                (spec.help.empty() ? " has no description" : " has no value name") +
                " in its option_spec");
        add_option(*leaf, spec, tree, nullptr);
    }
    tree.leaves[leaf] = &c;
}

std::unique_ptr<cli_tree> build() {
    auto tree = std::make_unique<cli_tree>();
    CLI::App& root = tree->root;
    tree->format->label("Usage", "usage");
    tree->format->label("SUBCOMMAND", "COMMAND");
    tree->format->label("SUBCOMMANDS", "COMMANDS");
    tree->format->label("Subcommands", "Commands");
    tree->format->label("Positionals", "Arguments");
    tree->format->column_width(32);
    root.formatter(tree->format);
    root.require_subcommand(1);
    root.set_version_flag("--version", std::string("tallyfy ") + TALLYFY_VERSION_STRING,
                          "print the version and exit");
    root.footer("Run 'tallyfy help <command words>' (or '<command words> --help') for a "
                "command's options.\nProxy: HTTPS_PROXY (or https_proxy, ALL_PROXY) = "
                "http://[user:password@]host:port sends the calls through that proxy; NO_PROXY "
                "lists the hosts reached directly (curl's rules).\nOutput: where a command's help "
                "says JSON (one object) or NDJSON (a list), that is its shape; --output (or "
                "TALLYFY_OUTPUT) picks the format, table by default on a terminal.\n\n" +
                exit_codes_help());
    for (const auto& spec : global_option_specs())
        add_option(root, spec, *tree, globals_group);
    for (const auto& c : all_commands())
        add_command(*tree, c);
    // The groups' descriptions: their command words.
    for (CLI::App* group : root.get_subcommands({})) {
        if (tree->leaves.count(group) != 0)
            continue;
        std::string words;
        for (CLI::App* sub : group->get_subcommands({}))
            words += (words.empty() ? "" : ", ") + sub->get_name();
        group->description(words);
        group->footer(globals_footer);
    }
    for (const auto& [alias, word] : official_aliases())
        if (CLI::App* group = find_sub(root, std::string(word)))
            group->alias(std::string(alias));

    tree->help = root.add_subcommand("help", "the help of a command: help [command words]");
    tree->help->add_option("WORDS", tree->help_words, "command words");
    tree->version = root.add_subcommand("version", "print the version");
    tree->completion =
        root.add_subcommand("completion", "print a shell completion script (bash, zsh, fish)");
    tree->completion->add_option("SHELL", "bash, zsh or fish")
        ->required()
        ->check(CLI::IsMember(completion_shells()));
    for (CLI::App* builtin : {tree->help, tree->version, tree->completion}) {
        builtin->group("Commands");
        builtin->footer(""); // not the root's (a subcommand inherits it)
    }
    tree->completion->footer(
        "bash: source <(tallyfy completion bash)   zsh: source <(tallyfy completion zsh)\n"
        "fish: tallyfy completion fish | source");
    return tree;
}

CLI::App* deepest(CLI::App& root) {
    CLI::App* at = &root;
    while (!at->get_subcommands().empty())
        at = at->get_subcommands().front();
    return at;
}

std::string words_of(const CLI::App* app) {
    std::string out;
    for (; app != nullptr; app = app->get_parent())
        out = app->get_name() + (out.empty() ? "" : " ") + out;
    return out;
}

void add_results(const CLI::App& app, const cli_tree& tree, parsed_args& out) {
    for (const CLI::Option* o : app.get_options()) {
        if (o->count() == 0 || o->get_positional() || o == app.get_help_ptr())
            continue;
        const std::string name = o->get_single_name();
        if (tree.flags.count(o) != 0)
            out.add(name, "");
        else
            for (const auto& value : o->results())
                out.add(name, value);
    }
    for (const CLI::Option* o : app.get_options())
        if (o->get_positional())
            for (const auto& value : o->results())
                out.positionals.push_back(value);
}

std::vector<std::string> option_names(const CLI::App& app) {
    std::vector<std::string> out;
    for (const CLI::Option* o : app.get_options())
        if (!o->get_positional())
            for (const auto& n : o->get_lnames())
                out.push_back("--" + n);
    return out;
}

const CLI::Option* find_option(const CLI::App& app, const std::string& name) {
    for (const CLI::Option* o : app.get_options())
        if (!o->get_positional() && o->check_lname(name))
            return o;
    return nullptr;
}

// Walks the tokens as the parser would, and names the first mistyped command word or flag with
// the nearest known one. Nothing when the mistake is of another kind.
std::optional<std::string> suggestion(const cli_tree& tree,
                                      const std::vector<std::string>& tokens) {
    const CLI::App* at = &tree.root;
    for (std::size_t i = 0; i < tokens.size(); ++i) {
        const std::string& token = tokens[i];
        if (token == "--")
            return std::nullopt;
        if (token.rfind("--", 0) == 0 && token.size() > 2) {
            const std::string name = token.substr(2, token.find('=') - 2);
            const CLI::Option* o = find_option(*at, name);
            if (o == nullptr)
                o = find_option(tree.root, name);
            if (o == nullptr) {
                auto candidates = option_names(*at);
                if (at != &tree.root)
                    for (auto& n : option_names(tree.root))
                        candidates.push_back(std::move(n));
                auto near = nearest("--" + name, candidates);
                return "unknown option --" + name +
                       (near ? "; did you mean " + *near + "?" : std::string());
            }
            if (tree.flags.count(o) != 0)
                continue;
            const auto eq = token.find('=');
            if (eq == std::string::npos && i + 1 == tokens.size())
                return std::nullopt;
            const std::string value = eq == std::string::npos ? tokens[++i] : token.substr(eq + 1);
            auto accepted = tree.values.find(o);
            if (accepted == tree.values.end() ||
                std::find(accepted->second.begin(), accepted->second.end(), value) !=
                    accepted->second.end())
                continue;
            auto near = nearest(value, accepted->second);
            return "bad value '" + value + "' for --" + name + " (one of " +
                   join_names(accepted->second) + ")" +
                   (near ? "; did you mean '" + *near + "'?" : std::string());
        }
        if (token.rfind("-", 0) == 0)
            continue;
        auto subs = at->get_subcommands({});
        if (subs.empty())
            continue; // a positional of the command
        if (const CLI::App* sub = find_sub(*at, token)) {
            at = sub;
            continue;
        }
        std::vector<std::string> candidates;
        for (const CLI::App* sub : subs) {
            candidates.push_back(sub->get_name());
            for (const auto& alias : sub->get_aliases())
                candidates.push_back(alias);
        }
        auto near = nearest(token, candidates);
        const std::string prefix = at == &tree.root ? std::string() : words_of(at).substr(8) + " ";
        return "unknown command '" + prefix + token + "'" +
               (near ? "; did you mean '" + prefix + *near + "'?"
                     : std::string(" (run 'tallyfy help' for the list)"));
    }
    return std::nullopt;
}

void print_usage_hint(const cli_tree& tree, const CLI::App& app) {
    const std::string words = words_of(&app);
    std::string usage = tree.format->make_usage(&app, words);
    std::fputs(usage.c_str(), stderr);
    auto subs = app.get_subcommands({});
    if (!subs.empty() && app.get_parent() != nullptr) {
        std::string list;
        for (const CLI::App* sub : subs)
            list += (list.empty() ? "" : ", ") + sub->get_name();
        std::fprintf(stderr, "commands: %s\n", list.c_str());
    }
    std::fprintf(stderr, "Run '%s --help' for details.\n", words.c_str());
}

} // namespace

int dispatch(const std::vector<std::string>& tokens, const command_runner& run) {
    auto tree = build();
    CLI::App& root = tree->root;
    std::vector<std::string> reversed(tokens.rbegin(), tokens.rend());
    try {
        root.parse(reversed);
    } catch (const CLI::CallForHelp&) {
        // The help of what was named, unless a word of the name is mistyped.
        if (auto mistake = suggestion(*tree, tokens)) {
            print_diagnostic(*mistake);
            print_usage_hint(*tree, *deepest(root));
            return exit_usage;
        }
        std::fputs(root.help().c_str(), stdout);
        return exit_ok;
    } catch (const CLI::CallForAllHelp&) {
        std::fputs(root.help("", CLI::AppFormatMode::All).c_str(), stdout);
        return exit_ok;
    } catch (const CLI::CallForVersion& e) {
        std::printf("%s\n", e.what());
        return exit_ok;
    } catch (const CLI::ParseError& e) {
        const CLI::App& at = *deepest(root);
        std::string reason = e.what();
        if (reason == "A subcommand is required")
            reason = "a command word is missing";
        print_diagnostic(suggestion(*tree, tokens).value_or(reason));
        print_usage_hint(*tree, at);
        return exit_usage;
    }
    CLI::App* leaf = deepest(root);
    if (leaf == tree->version) {
        std::printf("tallyfy %s\n", TALLYFY_VERSION_STRING);
        return exit_ok;
    }
    if (leaf == tree->help) {
        std::vector<std::string> words = tree->help_words;
        words.push_back("--help");
        return dispatch(words, run);
    }
    if (leaf == tree->completion) {
        std::string script = completion_script(leaf->get_option("SHELL")->results().front());
        std::fputs(script.c_str(), stdout);
        return exit_ok;
    }
    auto found = tree->leaves.find(leaf);
    if (found == tree->leaves.end()) { // not reached: groups require a command word
        print_usage_hint(*tree, *leaf);
        return exit_usage;
    }
    parsed_args args;
    add_results(root, *tree, args);
    add_results(*leaf, *tree, args);
    try {
        return run(*found->second, args);
    } catch (const usage_error& e) {
        print_diagnostic(e.what());
        print_usage_hint(*tree, *leaf);
        return exit_usage;
    }
}

} // namespace tallyfy_cli
