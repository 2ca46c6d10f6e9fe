// SPDX-License-Identifier: BSL-1.0
// sandbox: serves the embedded sandbox until SIGINT/SIGTERM; the first stdout line tells scripts
// how to reach it (as tallyfy-sandbox does).
#include "command.hpp"
#include "values.hpp"

#include <tallyfy/sandbox/server.hpp>

#include <boost/json/serialize.hpp>

#include <csignal>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <pthread.h>
#include <unistd.h>

namespace json = boost::json;

namespace tallyfy_cli {

namespace {

int run_sandbox(const parsed_args& args) {
    // Block the stop signals before the server's threads start so only sigwait() sees them.
    sigset_t stop;
    sigemptyset(&stop);
    sigaddset(&stop, SIGINT);
    sigaddset(&stop, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop, nullptr);

    tallyfy::sandbox::server_options options;
    options.https = !args.has("http");
    options.port = static_cast<std::uint16_t>(int_option(args, "port", 0, 65535).value_or(0));
    options.api.webhook_url = args.get("webhook").value_or("");
    if (!options.api.webhook_url.empty() && !options.api.webhook_url.starts_with("http://"))
        throw usage_error("--webhook: an http:// URL (the sandbox posts plain HTTP)");
    tallyfy::sandbox::server sandbox(options);
    json::object hello{
        {"base_url", sandbox.base_url()}, {"org_id", sandbox.org_id()}, {"token", sandbox.token()}};
    if (options.https) {
        std::string ca_out = args.get("ca-out").value_or("");
        if (ca_out.empty()) {
            const char* tmp = std::getenv("TMPDIR");
            ca_out = std::string(tmp ? tmp : "/tmp") + "/tallyfy-sandbox-" +
                     std::to_string(::getpid()) + "-ca.pem";
        }
        std::ofstream(ca_out) << sandbox.ca_pem();
        hello["ca_file"] = ca_out;
    }
    hello["checklists"] = sandbox.checklists();
    std::cout << json::serialize(hello) << std::endl;
    int signal = 0;
    sigwait(&stop, &signal);
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
  --port N        listen on port N (default: an ephemeral port)
  --http          plain HTTP instead of HTTPS
  --ca-out FILE   write the CA certificate to FILE (default: a file in $TMPDIR)
  --webhook URL   post process.launched, task.completed and process.completed events to URL
                  (http://, with X-Tallyfy-orgID), as Tallyfy does: see webhooks listen
For fault injection, rate limits, hourly caps and seeds use the tallyfy-sandbox executable.)",
         .options = {{"port", true}, {"http"}, {"ca-out", true}, {"webhook", true}},
         .run_standalone = run_sandbox},
    };
}

} // namespace tallyfy_cli
