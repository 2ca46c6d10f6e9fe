// SPDX-License-Identifier: BSL-1.0
// tallyfy-sandbox: serves the Tallyfy API emulator until SIGINT/SIGTERM. The first line of
// stdout is one JSON object telling scripts where and how to reach it.
#include "sandbox_front.hpp"
#include "sandbox_options.hpp"

#include <tallyfy/sandbox/server.hpp>

#include <boost/json/serialize.hpp>

#include <iostream>
#include <stdexcept>
#include <string>

namespace {

std::string usage() {
    return "usage: tallyfy-sandbox [options]\n" +
           tallyfy::tools::usage_lines(tallyfy::tools::sandbox_options());
}

} // namespace

int main(int argc, char** argv) {
    namespace sbx = tallyfy::sandbox;
    namespace tools = tallyfy::tools;
    tools::sandbox_settings settings;
    try {
        const bool help =
            tools::parse_command_line(argc, argv, tools::sandbox_options(),
                                      [&](const tools::front_option& o, std::string_view value) {
                                          tools::apply_sandbox_option(settings, o.name, value);
                                      });
        if (help) {
            std::cout << usage();
            return 0;
        }
    } catch (const std::exception& e) {
        std::cerr << "tallyfy-sandbox: " << e.what() << "\n" << usage();
        return 2;
    }

    const auto stop_signals = tools::block_stop_signals(); // before the server's threads

    try {
        sbx::server sandbox(settings.server);
        for (auto& rule : settings.faults)
            sandbox.faults().add(std::move(rule));
        std::cout << boost::json::serialize(
                         tools::sandbox_hello(sandbox, settings.server.https, settings.ca_out))
                  << std::endl;
        tools::wait_for_stop(stop_signals);
        sandbox.stop();
    } catch (const std::exception& e) {
        std::cerr << "tallyfy-sandbox: " << e.what() << "\n";
        return 1;
    }
    return 0;
}
