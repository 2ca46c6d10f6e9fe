// SPDX-License-Identifier: BSL-1.0
// sandbox: serves the embedded sandbox until SIGINT/SIGTERM; the first stdout line tells scripts
// how to reach it (as tallyfy-sandbox does, whose options it shares: sandbox_options.hpp).
#include "command.hpp"
#include "sandbox_front.hpp"
#include "sandbox_options.hpp"

#include <tallyfy/sandbox/server.hpp>

#include <boost/json/serialize.hpp>

#include <iostream>
#include <stdexcept>

namespace json = boost::json;

namespace tallyfy_cli {

namespace {

// The sandbox options this command takes (declared once, in tools/common).
const std::vector<tallyfy::tools::front_option>& sandbox_command_options() {
    static const auto options =
        tallyfy::tools::sandbox_options({"port", "http", "ca-out", "webhook"});
    return options;
}

int run_sandbox(const parsed_args& args) {
    tallyfy::tools::sandbox_settings settings;
    for (const auto& o : sandbox_command_options()) {
        try {
            if (o.value_name.empty()) {
                if (args.has(o.name))
                    tallyfy::tools::apply_sandbox_option(settings, o.name, {});
            } else {
                for (const auto& value : args.all(o.name))
                    tallyfy::tools::apply_sandbox_option(settings, o.name, value);
            }
        } catch (const std::invalid_argument& e) {
            throw usage_error(e.what());
        }
    }
    const auto stop = tallyfy::tools::block_stop_signals(); // before the server's threads
    tallyfy::sandbox::server sandbox(settings.server);
    std::cout << json::serialize(
                     tallyfy::tools::sandbox_hello(sandbox, settings.server.https, settings.ca_out))
              << std::endl;
    tallyfy::tools::wait_for_stop(stop);
    sandbox.stop();
    return 0;
}

std::vector<option_spec> sandbox_option_specs() {
    std::vector<option_spec> specs;
    for (const auto& o : sandbox_command_options())
        specs.push_back({.name = o.name,
                         .takes_value = !o.value_name.empty(),
                         .repeatable = o.repeatable,
                         .values = {},
                         .help = o.help,
                         .value_name = o.value_name});
    return specs;
}

} // namespace

std::vector<command> sandbox_commands() {
    return {
        {.name = "sandbox",
         .arguments = "",
         .help =
             R"(Serves the sandbox (an emulator of the API, HTTPS on loopback) until interrupted.
The first stdout line is JSON: base_url, org_id, token, ca_file, checklists. Point the tool at it
with --base-url, --token, --org and --ca-file (or the TALLYFY_* variables).

With --webhook, events are posted with X-Tallyfy-orgID, as Tallyfy does: see webhooks listen.
For fault injection, rate limits, hourly caps and seeds use the tallyfy-sandbox executable.)",
         .options = sandbox_option_specs(),
         .run_standalone = run_sandbox},
    };
}

} // namespace tallyfy_cli
