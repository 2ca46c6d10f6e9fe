// SPDX-License-Identifier: BSL-1.0
// tallyfy-bench: the SDK against a hand-written Beast loop, side by side in one run.
//
//   tallyfy-bench [--base-url URL [--ca-file PEM] [--org ID] [--run ID] [--task ID] [--token T]]
//                 [--scenario complete|list|walk100k|cold|all] [--requests N]
//                 [--concurrency C[,C...]] [--rounds R] [--pages P] [--json] [--quick]
//                 [--cpu N] [--server-cpu N]
//
// Without --base-url it embeds the canned responder (bench/canned_responder.hpp) on its own
// thread; that thread's CPU time and allocations are excluded from the client's figures. Rounds
// alternate SDK and raw (A B A B ...) and every figure is the median over the rounds. The process
// exits 1 when one of the harness's correctness checks fails (never because of speed).
#include "go_client.hpp"
#include "rate_limit_scenario.hpp"
#include "scenarios.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/url/parse.hpp>

#include <sched.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

using namespace tallyfy::bench;

namespace {

void pin_to(int cpu) {
    if (cpu < 0)
        return;
    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET(cpu, &set);
    if (sched_setaffinity(0, sizeof set, &set) != 0)
        std::fprintf(stderr, "tallyfy-bench: cannot pin to CPU %d\n", cpu);
}

std::vector<std::size_t> parse_list(const std::string& s) {
    std::vector<std::size_t> out;
    std::stringstream in(s);
    for (std::string item; std::getline(in, item, ',');)
        out.push_back(std::stoul(item));
    return out;
}

[[noreturn]] void usage(int status) {
    std::fprintf(
        status ? stderr : stdout,
        "usage: tallyfy-bench [--base-url URL [--ca-file PEM] [--org ID] [--run ID] [--task ID]\n"
        "                     [--token T]] [--scenario complete|list|walk100k|cold|all]\n"
        "       tallyfy-bench --scenario ratelimit --help\n"
        "                     [--requests N] [--concurrency C[,C...]] [--rounds R] [--pages P]\n"
        "                     [--json] [--quick] [--cpu N] [--server-cpu N] [--only "
        "sdk|raw|curl|go]\n"
        "                     [--sdk-threading detect|single|multiple] [--go-client PATH]\n"
        "                     [--no-rss]\n");
    std::exit(status);
}

settings parse(int argc, char** argv) {
    settings s;
    bool rounds_given = false, pages_given = false;
    for (int i = 1; i < argc; ++i) {
        std::string a = argv[i];
        auto next = [&]() -> std::string {
            if (i + 1 >= argc)
                usage(2);
            return argv[++i];
        };
        if (a == "--base-url")
            s.base_url = next();
        else if (a == "--ca-file")
            s.ca_file = next();
        else if (a == "--org")
            s.org = next();
        else if (a == "--run")
            s.run = next();
        else if (a == "--task")
            s.task = next();
        else if (a == "--token")
            s.token = next();
        else if (a == "--scenario")
            s.scenario = next();
        else if (a == "--requests")
            s.requests = std::stoul(next());
        else if (a == "--concurrency")
            s.concurrency = parse_list(next());
        else if (a == "--rounds") {
            s.rounds = std::max<std::size_t>(1, std::stoul(next()));
            rounds_given = true;
        } else if (a == "--pages") {
            s.pages = std::max<std::size_t>(1, std::stoul(next()));
            pages_given = true;
        } else if (a == "--json")
            s.json = true;
        else if (a == "--quick")
            s.quick = true;
        else if (a == "--no-rss")
            s.no_rss = true;
        else if (a == "--cpu")
            s.cpu = std::stoi(next());
        else if (a == "--server-cpu")
            s.server_cpu = std::stoi(next());
        else if (a == "--only")
            s.only = next();
        else if (a == "--go-client")
            s.go_client = next();
        else if (a == "--sdk-threading") {
            const auto mode = next();
            if (mode == "detect")
                s.sdk_threading = tallyfy::executor_threading::detect;
            else if (mode == "single")
                s.sdk_threading = tallyfy::executor_threading::single;
            else if (mode == "multiple")
                s.sdk_threading = tallyfy::executor_threading::multiple;
            else
                usage(2);
        } else if (a == "--child-walk")
            s.child_walk = next();
        else if (a == "--help" || a == "-h")
            usage(0);
        else
            usage(2);
    }
    if (s.quick) {
        if (!rounds_given)
            s.rounds = 2;
        if (!pages_given)
            s.pages = 30;
    }
    static const char* known[] = {"complete", "list", "walk100k", "cold", "all"};
    if (std::find_if(std::begin(known), std::end(known),
                     [&](const char* k) { return s.scenario == k; }) == std::end(known))
        usage(2);
    return s;
}

} // namespace

int main(int argc, char** argv) {
    for (int i = 1; i + 1 < argc; ++i)
        if (std::string_view(argv[i]) == "--scenario" &&
            std::string_view(argv[i + 1]) == "ratelimit")
            return tallyfy::bench::rate_limit_scenario(argc, argv);
    environment e;
    e.s = parse(argc, argv);
    std::unique_ptr<tallyfy::bench::canned_responder> responder;
    std::string temp_ca;
    try {
        if (e.s.base_url.empty()) {
            int server_cpu = e.s.server_cpu;
            if (server_cpu < 0 && e.s.cpu >= 0) {
                const auto cpus = std::max(1L, sysconf(_SC_NPROCESSORS_ONLN));
                server_cpu = static_cast<int>((e.s.cpu + 1) % cpus);
            }
            responder = std::make_unique<tallyfy::bench::canned_responder>(
                tallyfy::bench::responder_options{
                    .total_pages = e.s.pages, .cpu = server_cpu, .on_thread = [] {
                        tallyfy::bench::exempt_this_thread();
                    }});
            e.responder = responder.get();
            e.base_url = responder->base_url();
            e.ca_pem = responder->ca_pem();
            e.org = responder->org_id();
            e.run = responder->run_id();
            e.task = responder->task_id();
            temp_ca = "/tmp/tallyfy-bench-" + std::to_string(getpid()) + "-ca.pem";
            std::ofstream(temp_ca, std::ios::binary) << e.ca_pem;
            e.ca_file = temp_ca;
        } else {
            e.base_url = e.s.base_url;
            e.ca_file = e.s.ca_file;
            if (!e.ca_file.empty()) {
                std::ifstream f(e.ca_file, std::ios::binary);
                if (!f)
                    throw std::runtime_error("cannot read " + e.ca_file);
                e.ca_pem.assign(std::istreambuf_iterator<char>(f), {});
            } else {
                e.system_roots = true;
            }
            e.org = e.s.org;
            e.run = e.s.run;
            e.task = e.s.task;
            if (e.org.empty() || e.run.empty())
                throw std::runtime_error("--base-url needs --org and --run");
        }
        pin_to(e.s.cpu);

        auto url = boost::urls::parse_uri(e.base_url);
        if (!url)
            throw std::runtime_error("bad base URL " + e.base_url);
        e.base_path = std::string(url->encoded_path());
        while (!e.base_path.empty() && e.base_path.back() == '/')
            e.base_path.pop_back();
        e.raw.host = std::string(url->host_address());
        e.raw.port =
            url->has_port() ? std::string(url->port()) : (url->scheme() == "http" ? "80" : "443");
        e.raw.host_header = url->has_port() ? e.raw.host + ":" + e.raw.port : e.raw.host;
        e.raw.authorization = "Bearer " + e.s.token;
#ifdef TALLYFY_BENCH_CURL
        e.curl.origin = std::string(url->scheme()) + "://" + e.raw.host_header;
        e.curl.ca_pem = e.ca_pem;
        e.curl.system_roots = e.system_roots;
        e.curl.authorization = e.raw.authorization;
#endif
        {
            asio::io_context ioc{1}; // run by this thread alone (see executor_threading)
            tcp::resolver resolver(ioc);
            e.endpoints = resolver.resolve(e.raw.host, e.raw.port);
        }

        if (!e.s.child_walk.empty())
            return child_walk(e);
        if ((e.s.only.empty() || e.s.only == "go") &&
            (e.s.scenario == "complete" || e.s.scenario == "list" || e.s.scenario == "all"))
            e.go_path = go_client_path(e);

        if (e.task.empty() &&
            (e.s.scenario == "complete" || e.s.scenario == "cold" || e.s.scenario == "all"))
            throw std::runtime_error("complete/cold against --base-url need --task");

        std::optional<rss_sampler> sampler;
        if (!e.s.no_rss)
            e.sampler = &sampler.emplace();
        if (!e.s.json)
            std::printf("tallyfy-bench: %s, %zu round(s) per figure (median), %s\n",
                        e.base_url.c_str(), e.s.rounds,
                        e.responder ? "embedded canned responder" : "external server");
        const bool all = e.s.scenario == "all";
        if (all || e.s.scenario == "complete")
            scenario_complete(e);
        if (all || e.s.scenario == "list")
            scenario_list(e);
        if (all || e.s.scenario == "walk100k")
            scenario_walk(e);
        if (all || e.s.scenario == "cold")
            scenario_cold(e);
        e.sampler = nullptr;
    } catch (const std::exception& ex) {
        e.failures.push_back(ex.what());
        std::fprintf(stderr, "tallyfy-bench: %s\n", ex.what());
    }
    if (!temp_ca.empty())
        std::remove(temp_ca.c_str());
    if (!e.failures.empty()) {
        std::fprintf(stderr, "tallyfy-bench: %zu check(s) failed\n", e.failures.size());
        return 1;
    }
    return 0;
}
