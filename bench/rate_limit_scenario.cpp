// SPDX-License-Identifier: BSL-1.0
// `tallyfy-bench --scenario ratelimit`: a batch far over the API's rate limit, against the
// sandbox's fixed window (Laravel's throttle, as the real API). Measures what the pacer promises:
// every item done, about one 429 per window, and a wall time close to the least the limit allows.
//
// The least: N items at L per window W need ceil(N / L) windows; the batch's first window opens
// with its first request, so the last window opens (ceil(N / L) - 1) x W later, and the batch
// cannot end before that. The figure is wall time / that minimum.
#include "rate_limit_scenario.hpp"

#include <sandbox/api/api_emulator.hpp>

#include <tallyfy/client.hpp>
#include <tallyfy/sandbox/server.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>
#include <boost/json/serialize.hpp>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <stdexcept>
#include <string>
#include <unistd.h>

namespace asio = boost::asio;
namespace json = boost::json;
namespace sbx = tallyfy::sandbox;

namespace tallyfy::bench {

namespace {

struct rate_settings {
    std::uint32_t limit = 240;
    std::uint32_t window_s = 60;
    std::size_t items = 0; ///< 0: 2.5 x limit
    std::size_t concurrency = 16;
    bool json = false;
};

[[noreturn]] void usage(int status) {
    std::fprintf(status ? stderr : stdout,
                 "usage: tallyfy-bench --scenario ratelimit [--limit L] [--window S] "
                 "[--items N] [--concurrency C] [--json]\n"
                 "  a batch of N (default 2.5 L) completions against the sandbox limited to L\n"
                 "  requests per S-second fixed window (defaults 240 per 60 s)\n");
    std::exit(status);
}

rate_settings parse(int argc, char** argv) {
    rate_settings s;
    for (int i = 1; i < argc; ++i) {
        std::string a = argv[i];
        auto next = [&]() -> std::string {
            if (i + 1 >= argc)
                usage(2);
            return argv[++i];
        };
        if (a == "--scenario")
            next();
        else if (a == "--limit")
            s.limit = static_cast<std::uint32_t>(std::stoul(next()));
        else if (a == "--window")
            s.window_s = static_cast<std::uint32_t>(std::stoul(next()));
        else if (a == "--items")
            s.items = std::stoul(next());
        else if (a == "--concurrency")
            s.concurrency = std::stoul(next());
        else if (a == "--json")
            s.json = true;
        else if (a == "--help" || a == "-h")
            usage(0);
        else
            usage(2);
    }
    if (s.limit == 0 || s.window_s == 0 || s.concurrency == 0)
        usage(2);
    if (s.items == 0)
        s.items = static_cast<std::size_t>(s.limit) * 5 / 2;
    return s;
}

// The seeded organisation with one checklist of `steps` steps: one launch makes every task the
// batch completes, so the setup costs a few requests whatever N is.
std::string data_file_with_checklist(std::size_t steps) {
    sbx::api_emulator seeded(sbx::api_options{});
    json::object data = seeded.export_data();
    auto& checklists = data.at("checklists").as_array();
    json::object big = checklists.at(0).as_object();
    const json::object step = big.at("steps").as_array().at(0).as_object();
    json::array many;
    for (std::size_t i = 0; i < steps; ++i) {
        json::object s = step;
        char id[33];
        std::snprintf(id, sizeof id, "%032zx", i + 1);
        s["id"] = id;
        s["title"] = "Step " + std::to_string(i + 1);
        s["alias"] = "step-" + std::to_string(i + 1);
        s["position"] = i + 1;
        s["form_fields"] = json::array();
        many.push_back(std::move(s));
    }
    big["id"] = "b1600000000000000000000000000001";
    big["title"] = "Bench many steps";
    big["prerun"] = json::array();
    big["steps"] = std::move(many);
    checklists.push_back(std::move(big));
    std::string path = "/tmp/tallyfy-bench-ratelimit-" + std::to_string(getpid()) + ".json";
    std::ofstream(path) << json::serialize(data);
    return path;
}

tallyfy::client_options options_for(const sbx::server& s, std::string token) {
    tallyfy::client_options o;
    o.base_url = s.base_url();
    o.access_token = std::move(token);
    o.org_id = s.org_id();
    o.transport.tls.extra_ca_pem = s.ca_pem();
    return o;
}

template <class T>
T wait(asio::io_context& io, asio::awaitable<T> op) {
    auto f = asio::co_spawn(io, std::move(op), asio::use_future);
    io.restart();
    io.run();
    return f.get();
}

} // namespace

int rate_limit_scenario(int argc, char** argv) {
    const rate_settings s = parse(argc, argv);
    const std::string setup_token = "bench-setup-token-0001";
    const std::string batch_token = "bench-batch-token-0001";
    const std::string data = data_file_with_checklist(s.items);

    sbx::server_options so;
    so.api.data_file = data;
    so.api.tokens = {setup_token, batch_token}; // each token has its own window
    so.api.limit = {s.limit, std::chrono::seconds(s.window_s), sbx::rate_window_kind::fixed};
    sbx::server sandbox(so);
    ::unlink(data.c_str());

    asio::io_context io{1};
    // Setup: launch one run of the big checklist, list its tasks.
    std::vector<tallyfy::complete_task_request> items;
    {
        tallyfy::client setup(io.get_executor(), options_for(sandbox, setup_token));
        auto run = wait(io, setup.launch_run({.checklist_id = "b1600000000000000000000000000001",
                                              .name = "ratelimit bench"}));
        auto pager = setup.list_run_tasks(run.id);
        auto tasks = wait(io, pager.collect(0));
        for (const auto& t : tasks) {
            tallyfy::complete_task_request r{.task_id = t.id, .run_id = run.id};
            items.push_back(std::move(r));
        }
    }
    if (items.size() != s.items)
        throw std::runtime_error("setup made " + std::to_string(items.size()) + " tasks");

    auto options = options_for(sandbox, batch_token);
    options.transport.pool.max_connections = s.concurrency;
    tallyfy::client api(io.get_executor(), options);
    const auto start = std::chrono::steady_clock::now();
    auto summary =
        wait(io, api.complete_tasks(std::move(items), {.concurrency = s.concurrency}, {}));
    const double wall =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

    std::size_t too_many = 0, sent = 0;
    for (const auto& r : sandbox.recorder().requests()) {
        if (r.target.find("/completed-tasks") == std::string::npos)
            continue;
        ++sent;
        too_many += r.status == 429 ? 1 : 0;
    }
    const auto windows = (s.items + s.limit - 1) / s.limit;
    const double least = static_cast<double>((windows - 1) * s.window_s);
    const double ratio = least > 0 ? wall / least : 0;
    if (s.json) {
        json::object o{{"scenario", "ratelimit"},
                       {"limit", s.limit},
                       {"window_s", s.window_s},
                       {"items", s.items},
                       {"concurrency", s.concurrency},
                       {"succeeded", summary.succeeded},
                       {"failed", summary.failed + summary.not_attempted},
                       {"requests", sent},
                       {"answered_429", too_many},
                       {"windows", windows},
                       {"wall_s", wall},
                       {"least_s", least},
                       {"wall_over_least", ratio}};
        std::printf("%s\n", json::serialize(o).c_str());
    } else {
        std::printf("ratelimit: %zu items at %u per %u s, C=%zu: %zu succeeded, %zu failed; "
                    "%zu requests, %zu answered 429 over %zu windows; %.1f s, least %.0f s "
                    "(%.3fx)\n",
                    s.items, s.limit, s.window_s, s.concurrency, summary.succeeded,
                    summary.failed + summary.not_attempted, sent, too_many,
                    static_cast<std::size_t>(windows), wall, least, ratio);
    }
    return summary.succeeded == s.items ? 0 : 1;
}

} // namespace tallyfy::bench
