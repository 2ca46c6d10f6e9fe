// SPDX-License-Identifier: BSL-1.0
// tallyfy: the command-line tool over the SDK. Finds the command, parses its options, and runs
// it in a session (the client, or an embedded sandbox with --sandbox; never without asking).
#include "args.hpp"
#include "command.hpp"
#include "exit_codes.hpp"
#include "output.hpp"
#include "session.hpp"

#include <tallyfy/version.hpp>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

using namespace tallyfy_cli;

namespace {

void print_usage(std::FILE* out) {
    std::fputs("usage: tallyfy [global options] <command> [arguments]\n\ncommands:\n", out);
    for (const auto& c : all_commands())
        std::fprintf(out, "  %-15s %.*s\n", std::string(c.name).c_str(),
                     static_cast<int>(c.usage.size()), c.usage.data());
    std::fprintf(out, "\n%s\nRun 'tallyfy <command> --help' for a command's options.\n",
                 global_options_help);
}

void print_command_help(const command& c) {
    std::printf("usage: tallyfy %.*s %.*s\n\n%.*s\n\n%s", static_cast<int>(c.name.size()),
                c.name.data(), static_cast<int>(c.usage.size()), c.usage.data(),
                static_cast<int>(c.help.size()), c.help.data(), global_options_help);
}

const command* find_command(std::string_view name) {
    for (const auto& c : all_commands())
        if (c.name == name)
            return &c;
    return nullptr;
}

bool is_group(std::string_view word) {
    for (const auto& c : all_commands())
        if (c.name.size() > word.size() && c.name.substr(0, word.size()) == word &&
            c.name[word.size()] == ' ')
            return true;
    return false;
}

bool wants_help(const std::vector<std::string>& tokens) {
    for (const auto& t : tokens)
        if (t == "--help" || t == "-h")
            return true;
    return false;
}

int dispatch(const std::vector<std::string>& tokens) {
    if (!tokens.empty() && (tokens[0] == "--version" || tokens[0] == "version")) {
        std::printf("tallyfy %s\n", TALLYFY_VERSION_STRING);
        return exit_ok;
    }
    const auto& globals = global_option_specs();
    auto first = split_command_words(tokens, globals, 1);
    if (first.words.empty()) {
        if (wants_help(tokens)) {
            print_usage(stdout);
            return exit_ok;
        }
        print_usage(stderr);
        return exit_usage;
    }
    // The official CLI's words for the same groups.
    std::string name = first.words[0] == "process"      ? "run"
                       : first.words[0] == "blueprint"  ? "template"
                       : first.words[0] == "checklist"  ? "template"
                       : first.words[0] == "guest"      ? "guests"
                       : first.words[0] == "user"       ? "users"
                       : first.words[0] == "org"        ? "orgs"
                       : first.words[0] == "tag"        ? "tags"
                       : first.words[0] == "group"      ? "groups"
                       : first.words[0] == "folder"     ? "folders"
                       : first.words[0] == "automation" ? "automations"
                       : first.words[0] == "webhook"    ? "webhooks"
                                                        : first.words[0];
    std::vector<std::string> rest = std::move(first.rest);
    if (!find_command(name) && is_group(name)) {
        auto second = split_command_words(rest, globals, 1);
        if (second.words.empty()) {
            std::FILE* out = wants_help(tokens) ? stdout : stderr;
            std::fprintf(out, "usage:\n");
            for (const auto& c : all_commands())
                if (c.name.substr(0, name.size() + 1) == name + " ")
                    std::fprintf(out, "  tallyfy %-15s %.*s\n", std::string(c.name).c_str(),
                                 static_cast<int>(c.usage.size()), c.usage.data());
            return wants_help(tokens) ? exit_ok : exit_usage;
        }
        name += " " + second.words[0];
        rest = std::move(second.rest);
    }
    const command* cmd = find_command(name);
    if (!cmd) {
        print_diagnostic("unknown command '" + name + "' (run 'tallyfy --help' for the list)");
        return exit_usage;
    }
    try {
        std::vector<option_spec> specs = globals;
        specs.insert(specs.end(), cmd->options.begin(), cmd->options.end());
        parsed_args args = parse_args(rest, specs);
        if (args.has("help")) {
            print_command_help(*cmd);
            return exit_ok;
        }
        if (args.positionals.size() < cmd->min_positionals ||
            args.positionals.size() > cmd->max_positionals)
            throw usage_error(args.positionals.size() < cmd->min_positionals
                                  ? "missing arguments"
                                  : "unexpected argument '" +
                                        args.positionals[cmd->max_positionals] + "'");
        if (cmd->run_standalone)
            return cmd->run_standalone(args);
        auto settings = resolve_settings(args, [](const char* n) { return std::getenv(n); });
        if (!settings.use_sandbox && settings.client.access_token.empty()) {
            print_diagnostic("no API token: set TALLYFY_ACCESS_TOKEN (or TALLYFY_API_TOKEN), or "
                             "pass --token; --sandbox runs against a local emulator instead");
            return exit_unauthorized;
        }
        settings.needs_org = cmd->needs_org;
        session s(std::move(settings));
        return s.run([&] { return cmd->run(s, args); });
    } catch (const usage_error& e) {
        print_diagnostic(e.what());
        std::fprintf(stderr, "usage: tallyfy %s %.*s\nRun 'tallyfy %s --help' for details.\n",
                     name.c_str(), static_cast<int>(cmd->usage.size()), cmd->usage.data(),
                     name.c_str());
        return exit_usage;
    }
}

} // namespace

int main(int argc, char** argv) {
    std::vector<std::string> tokens(argv + 1, argv + argc);
    try {
        return dispatch(tokens);
    } catch (const std::exception& e) {
        print_diagnostic(e.what());
        return exit_failure;
    }
}
