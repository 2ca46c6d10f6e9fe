// SPDX-License-Identifier: BSL-1.0
// tallyfy: the command-line tool over the SDK. The command framework (cli_app.hpp) finds the
// command and parses its options; this runs it in a session (the client, or an embedded sandbox
// with --sandbox; never without asking).
#include "cli_app.hpp"
#include "command.hpp"
#include "exit_codes.hpp"
#include "output.hpp"
#include "output_sink.hpp"
#include "profile_store.hpp"
#include "session.hpp"

#include <sys/ioctl.h>
#include <unistd.h>

#include <cstdlib>
#include <string>
#include <vector>

using namespace tallyfy_cli;

namespace {

// --output, --fields and the terminal's width, for the output sink.
void configure_output(const parsed_args& global) {
    const bool terminal = ::isatty(STDOUT_FILENO) == 1;
    struct winsize size {};
    const std::size_t width =
        terminal && ::ioctl(STDOUT_FILENO, TIOCGWINSZ, &size) == 0 ? size.ws_col : 0;
    output_sink::instance().configure(resolve_output_settings(
        global.get("output"), global.get("fields"), [](const char* n) { return std::getenv(n); },
        terminal, width));
}

int run_in_session(const command& cmd, const parsed_args& args);

int run_command(const command& cmd, const parsed_args& args) {
    configure_output(args);
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
