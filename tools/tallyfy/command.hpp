// SPDX-License-Identifier: BSL-1.0
// A command of the tool: its words, options, help, and what runs it. Each command group lives in
// its own file and contributes its commands to the table in commands.cpp.
#pragma once

#include "args.hpp"
#include "session.hpp"

#include <tallyfy/requests.hpp>

#include <boost/asio/awaitable.hpp>

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace tallyfy_cli {

struct command {
    std::string_view name; ///< "task complete"
    /// The names of its positional arguments, space-separated ("TASK_ID TEXT"); the options
    /// and the usage line come from `options` (see cli_app.hpp).
    std::string_view arguments;
    /// What it does: a summary (its first sentence is its description in the lists), then,
    /// after an empty line, notes. Never an option's description (that is its spec's `help`,
    /// required) nor the accepted values of an enumerated option (the spec's `values`).
    std::string_view help;
    std::vector<option_spec> options;
    std::size_t min_positionals = 0;
    std::size_t max_positionals = 0;
    /// Commands that talk to the API run in a session...
    boost::asio::awaitable<int> (*run)(session&, const parsed_args&) = nullptr;
    /// ...others (demo, sandbox) run on their own.
    int (*run_standalone)(const parsed_args&) = nullptr;
    /// False for the commands that are not under an organisation (me, orgs list): no warning
    /// when none is configured.
    bool needs_org = true;
};

std::vector<command> task_commands();
std::vector<command> run_commands();
std::vector<command> template_commands();
std::vector<command> file_commands();
std::vector<command> guest_commands();
std::vector<command> user_commands();
std::vector<command> organization_commands();
std::vector<command> automation_commands();
std::vector<command> list_commands();
std::vector<command> batch_commands();
std::vector<command> demo_commands();
std::vector<command> sandbox_commands();
std::vector<command> webhook_commands();
/// `task wait`, `run wait` (wait_commands.cpp).
std::vector<command> wait_commands();
/// `auth login|status|logout`: stored credentials (auth_commands.cpp, profile_store.hpp).
std::vector<command> auth_commands();
/// `run comment|problem|resolve` or `template ...` (subject_comment_commands.cpp), appended by
/// run_commands and template_commands.
std::vector<command> subject_comment_commands(tallyfy::comment_subject subject);

using command_run = boost::asio::awaitable<int> (*)(session&, const parsed_args&);

/// An option taking a value, described (`repeatable`: given any number of times).
inline option_spec value_option(std::string_view name, std::string_view value_name,
                                std::string_view help, bool repeatable = false) {
    return {.name = name,
            .takes_value = true,
            .repeatable = repeatable,
            .help = help,
            .value_name = value_name};
}
/// A flag, described.
inline option_spec flag_option(std::string_view name, std::string_view help) {
    return {.name = name, .help = help};
}
/// An option taking one of `values` (the help and the completion list them; the parser refuses
/// anything else).
inline option_spec enum_option(std::string_view name, std::string_view value_name,
                               std::string_view help, std::vector<std::string> values) {
    return {.name = name,
            .takes_value = true,
            .values = std::move(values),
            .help = help,
            .value_name = value_name};
}
/// The paging options of a list command: --limit, --per-page, --max-pages.
std::vector<option_spec> paging_option_specs();
/// `options`, then the paging options.
std::vector<option_spec> with_paging(std::vector<option_spec> options);
/// `options`, then the seed's deadline filters of task lists: --deadline-start|end|on|before|after.
std::vector<option_spec> with_deadline_filters(std::vector<option_spec> options);

/// A command of exactly one positional argument (an id, an email, a title).
command with_positional(std::string_view name, std::string_view arguments, std::string_view help,
                        std::vector<option_spec> options, command_run run);
/// A list command, with the paging options (--limit, --per-page, --max-pages).
command paged_list(std::string_view name, std::string_view help, command_run run);

/// Every command, in help order.
const std::vector<command>& all_commands();

} // namespace tallyfy_cli
