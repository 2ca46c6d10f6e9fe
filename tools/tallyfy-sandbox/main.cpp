// SPDX-License-Identifier: BSL-1.0
// tallyfy-sandbox: serves the Tallyfy API emulator until SIGINT/SIGTERM. The first line of
// stdout is one JSON object telling scripts where and how to reach it.
#include "sandbox_front.hpp"

#include <tallyfy/sandbox/server.hpp>

#include <boost/json/serialize.hpp>

#include <charconv>
#include <csignal>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <string_view>
#include <unistd.h>

namespace {

constexpr const char* usage = R"(usage: tallyfy-sandbox [options]
  --port N              listen on port N (default: an ephemeral port)
  --http                plain HTTP instead of HTTPS
  --ca-out FILE         write the CA certificate (PEM) to FILE (default: a file in $TMPDIR)
  --client-ca FILE      require a client certificate issued by a CA in FILE (PEM): mutual TLS
  --seed N              seed of the generated organisation data (default 1)
  --data FILE           load organisation data from a JSON file instead
  --token T             accept bearer token T (repeatable; default: one derived from the seed)
  --threads N           serving threads (default 1)
  --rate-limit N        429 past N requests per minute per token (0: off; "tallyfy" = 600)
  --rate-window S       the rate limit's window in seconds (default 60)
  --rate-limit-mode M   "fixed" windows as the API's Laravel throttle (default) or "sliding"
  --guest-invites-per-hour N
                        429 past N guests created per hour, as the API (default 30; 0: off)
  --comments-per-hour N 429 past N comments posted per hour, as the API (default 120; 0: off)
  --webhook URL         post process.launched, task.completed, process.completed to URL (http://)
  --recomplete MODE     completing a completed task: "ok" (200 unchanged, default) or "error" (422)
  --validation-shape S  422 bodies: "tallyfy" (default) or "laravel"
  --fault SPEC          inject faults, e.g. status_after,status=503,path=*/completed-tasks,count=1
                        (repeatable; see tallyfy::sandbox::parse_fault_rule)
  --fault-seed N        seed of random fault choices
  --no-record           do not keep a log of requests (for load tests)
)";

[[noreturn]] void fail(const std::string& message) {
    std::cerr << "tallyfy-sandbox: " << message << "\n" << usage;
    std::exit(2);
}

template <class Number>
Number number(std::string_view flag, std::string_view text) {
    Number value{};
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size())
        fail("bad number for " + std::string(flag) + ": " + std::string(text));
    return value;
}

} // namespace

int main(int argc, char** argv) {
    namespace sbx = tallyfy::sandbox;
    sbx::server_options options;
    std::string ca_out;
    std::vector<sbx::fault_rule> rules;

    for (int i = 1; i < argc; ++i) {
        std::string_view arg = argv[i];
        auto value = [&]() -> std::string_view {
            if (i + 1 >= argc)
                fail("missing value for " + std::string(arg));
            return argv[++i];
        };
        if (arg == "--help" || arg == "-h") {
            std::cout << usage;
            return 0;
        } else if (arg == "--port")
            options.port = number<std::uint16_t>(arg, value());
        else if (arg == "--http")
            options.https = false;
        else if (arg == "--ca-out")
            ca_out = value();
        else if (arg == "--client-ca") {
            std::string file(value());
            std::ifstream in(file);
            std::ostringstream pem;
            pem << in.rdbuf();
            if (!in || pem.str().empty())
                fail("cannot read the client CA file " + file);
            options.client_ca_pem = pem.str();
        } else if (arg == "--seed")
            options.api.seed = number<std::uint64_t>(arg, value());
        else if (arg == "--data")
            options.api.data_file = value();
        else if (arg == "--token")
            options.api.tokens.emplace_back(value());
        else if (arg == "--threads")
            options.threads = number<unsigned>(arg, value());
        else if (arg == "--rate-limit") {
            auto v = value();
            options.api.limit.per_minute = v == "tallyfy"
                                               ? sbx::rate_limit::tallyfy_default().per_minute
                                               : number<std::uint32_t>(arg, v);
        } else if (arg == "--rate-window") {
            auto seconds = number<std::uint32_t>(arg, value());
            if (seconds == 0)
                fail("--rate-window takes a number of seconds above 0");
            options.api.limit.window = std::chrono::seconds(seconds);
        } else if (arg == "--rate-limit-mode") {
            auto v = value();
            if (v == "fixed")
                options.api.limit.kind = sbx::rate_window_kind::fixed;
            else if (v == "sliding")
                options.api.limit.kind = sbx::rate_window_kind::sliding;
            else
                fail("--rate-limit-mode takes fixed or sliding");
        } else if (arg == "--guest-invites-per-hour")
            options.api.caps.guest_invites = number<std::uint32_t>(arg, value());
        else if (arg == "--comments-per-hour")
            options.api.caps.comments = number<std::uint32_t>(arg, value());
        else if (arg == "--webhook") {
            options.api.webhook_url = value();
            if (!options.api.webhook_url.starts_with("http://"))
                fail("--webhook takes an http:// URL (the sandbox posts plain HTTP)");
        } else if (arg == "--recomplete") {
            auto v = value();
            if (v == "ok")
                options.api.recomplete = sbx::recomplete_mode::ok_unchanged;
            else if (v == "error")
                options.api.recomplete = sbx::recomplete_mode::validation_error;
            else
                fail("--recomplete takes ok or error");
        } else if (arg == "--validation-shape") {
            auto v = value();
            if (v == "tallyfy")
                options.api.validation = sbx::validation_shape::tallyfy;
            else if (v == "laravel")
                options.api.validation = sbx::validation_shape::laravel;
            else
                fail("--validation-shape takes tallyfy or laravel");
        } else if (arg == "--fault") {
            try {
                rules.push_back(sbx::parse_fault_rule(value()));
            } catch (const std::exception& e) {
                fail(e.what());
            }
        } else if (arg == "--fault-seed")
            options.fault_seed = number<std::uint64_t>(arg, value());
        else if (arg == "--no-record")
            options.record_requests = false;
        else
            fail("unknown option " + std::string(arg));
    }

    const auto stop_signals = tallyfy::tools::block_stop_signals(); // before the server's threads

    try {
        sbx::server sandbox(options);
        for (auto& rule : rules)
            sandbox.faults().add(std::move(rule));
        std::cout << boost::json::serialize(
                         tallyfy::tools::sandbox_hello(sandbox, options.https, ca_out))
                  << std::endl;
        tallyfy::tools::wait_for_stop(stop_signals);
        sandbox.stop();
    } catch (const std::exception& e) {
        std::cerr << "tallyfy-sandbox: " << e.what() << "\n";
        return 1;
    }
    return 0;
}
