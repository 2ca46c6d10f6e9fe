// SPDX-License-Identifier: BSL-1.0
// sandbox: serves the embedded sandbox until SIGINT/SIGTERM; the first stdout line tells scripts
// how to reach it (as tallyfy-sandbox does).
#include "command.hpp"
#include "sandbox_front.hpp"
#include "values.hpp"

#include <tallyfy/sandbox/server.hpp>

#include <boost/json/serialize.hpp>

#include <iostream>

namespace json = boost::json;

namespace tallyfy_cli {

namespace {

int run_sandbox(const parsed_args& args) {
    const auto stop = tallyfy::tools::block_stop_signals(); // before the server's threads
    tallyfy::sandbox::server_options options;
    options.https = !args.has("http");
    options.port = static_cast<std::uint16_t>(int_option(args, "port", 0, 65535).value_or(0));
    options.api.webhook_url = args.get("webhook").value_or("");
    if (!options.api.webhook_url.empty() && !options.api.webhook_url.starts_with("http://"))
        throw usage_error("--webhook: an http:// URL (the sandbox posts plain HTTP)");
    tallyfy::sandbox::server sandbox(options);
    std::cout << json::serialize(tallyfy::tools::sandbox_hello(sandbox, options.https,
                                                               args.get("ca-out").value_or("")))
              << std::endl;
    tallyfy::tools::wait_for_stop(stop);
    sandbox.stop();
    return 0;
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

For fault injection, rate limits, hourly caps and seeds use the tallyfy-sandbox executable.)",
         .options =
             {value_option("port", "N", "listen on port N (default: an ephemeral port)"),
              flag_option("http", "plain HTTP instead of HTTPS"),
              value_option("ca-out", "FILE",
                           "write the CA certificate to FILE (default: a file in $TMPDIR)"),
              value_option(
                  "webhook", "URL",
                  "post process.launched, task.completed and process.completed events to URL "
                  "(http://, with X-Tallyfy-orgID), as Tallyfy does: see webhooks listen")},
         .run_standalone = run_sandbox},
    };
}

} // namespace tallyfy_cli
