// SPDX-License-Identifier: BSL-1.0
#include "sandbox_front.hpp"

#include <pthread.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <stdexcept>

namespace tallyfy::tools {

sigset_t block_stop_signals() {
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGINT);
    sigaddset(&signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);
    return signals;
}

int wait_for_stop(const sigset_t& signals) {
    int signal = 0;
    sigwait(&signals, &signal);
    return signal;
}

std::string default_ca_file(const std::string& program) {
    const char* tmp = std::getenv("TMPDIR");
    return std::string(tmp && *tmp ? tmp : "/tmp") + "/" + program + "-" +
           std::to_string(::getpid()) + "-ca.pem";
}

boost::json::object sandbox_hello(const tallyfy::sandbox::server& sandbox, bool https,
                                  std::string ca_out) {
    boost::json::object hello{
        {"base_url", sandbox.base_url()}, {"org_id", sandbox.org_id()}, {"token", sandbox.token()}};
    if (https) {
        if (ca_out.empty())
            ca_out = default_ca_file("tallyfy-sandbox");
        std::ofstream file(ca_out, std::ios::binary | std::ios::trunc);
        file << sandbox.ca_pem();
        if (!file)
            throw std::runtime_error("cannot write the CA certificate to " + ca_out);
        hello["ca_file"] = ca_out;
    }
    hello["checklists"] = sandbox.checklists();
    return hello;
}

} // namespace tallyfy::tools
