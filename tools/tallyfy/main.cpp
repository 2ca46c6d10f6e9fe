// SPDX-License-Identifier: BSL-1.0
// tallyfy: the command-line tool over the SDK. The command framework (cli_app.hpp) finds the
// command and parses its options; this runs it in a session (the client, or an embedded sandbox
// with --sandbox; never without asking).
#include "cli_app.hpp"
#include "command.hpp"
#include "exit_codes.hpp"
#include "output.hpp"
#include "profile_store.hpp"
#include "session.hpp"

#include <cstdlib>
#include <string>
#include <vector>

using namespace tallyfy_cli;

namespace {

int run_in_session(const command& cmd, const parsed_args& args);

int run_command(const command& cmd, const parsed_args& args) {
    try {
        return run_in_session(cmd, args);
    } catch (const config_error& e) { // a malformed credentials file: no usage to show
        print_diagnostic(e.what());
        return exit_usage;
    }
}

int run_in_session(const command& cmd, const parsed_args& args) {
    if (cmd.run_standalone) {
        if (args.has("dry-run")) // they send nothing to an API: nothing to show
            throw usage_error(std::string(cmd.name) + " takes no --dry-run");
        return cmd.run_standalone(args);
    }
    // An option of the command named like a global one (`task wait --timeout`) is the
    // command's: it never sets the global meaning.
    parsed_args global = args;
    for (const auto& own : cmd.options)
        for (const auto& g : global_option_specs())
            if (own.name == g.name)
                global.erase(own.name);
    auto settings = resolve_settings(global, [](const char* n) { return std::getenv(n); });
    if (!settings.use_sandbox && settings.client.access_token.empty()) {
        print_diagnostic(no_credential_message(settings));
        return exit_unauthorized;
    }
    settings.needs_org = cmd.needs_org;
    session s(std::move(settings));
    return s.run([&] { return cmd.run(s, args); });
}

} // namespace

int main(int argc, char** argv) {
    std::vector<std::string> tokens(argv + 1, argv + argc);
    try {
        return dispatch(tokens, run_command);
    } catch (const std::exception& e) {
        print_diagnostic(e.what());
        return exit_failure;
    }
}
