// SPDX-License-Identifier: BSL-1.0
// The harness's configuration and environment (what each side talks to), and the driver that
// runs C workers over N requests of an operation and measures them.
#pragma once

#include "canned_responder.hpp"
#ifdef TALLYFY_BENCH_CURL
#include "curl_client.hpp"
#endif
#include "measurement.hpp"
#include "raw_client.hpp"

#include <tallyfy/client.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>

#include <chrono>
#include <exception>
#include <optional>
#include <string>
#include <vector>

namespace tallyfy::bench {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using clock_type = std::chrono::steady_clock;

struct settings {
    std::string base_url, ca_file, org, run, task, token = "bench-token";
    std::string scenario = "all";
    std::optional<std::size_t> requests;
    std::vector<std::size_t> concurrency;
    std::size_t rounds = 3;
    std::size_t pages = 1000;
    bool json = false;
    bool quick = false;
    /// No RSS sampler thread (peak RSS from VmHWM only): instruction counts (callgrind) then do
    /// not depend on how long the run took.
    bool no_rss = false;
    int cpu = -1;
    int server_cpu = -1;
    std::string only;      ///< "sdk", "raw", "curl" or "go": run one side (for profiling)
    std::string go_client; ///< the Go baseline's program (default: beside tallyfy-bench)
    /// The SDK transport's threading mode (both sides run on one thread either way): `multiple`
    /// measures what the per-connection strands and Beast's timers cost.
    tallyfy::executor_threading sdk_threading = tallyfy::executor_threading::detect;
    std::string child_walk; ///< internal: "sdk" or "raw" (walk100k runs each side in a child)
};

struct environment {
    settings s;
    std::string base_url, ca_pem, ca_file, org, run, task;
    std::string base_path; ///< "/api"
    bool system_roots = false;
    bool sdk() const { return s.only.empty() || s.only == "sdk"; }
    bool raw_side() const { return s.only.empty() || s.only == "raw"; }
#ifdef TALLYFY_BENCH_CURL
    /// The libcurl-multi + cJSON baseline runs in complete and list (built with libcurl).
    bool curl_side() const {
        return s.only.empty() || s.only == "curl";
    }
    curl_config curl;
#else
    bool curl_side() const {
        return false;
    }
#endif
    /// The Go net/http baseline (bench/go), run as a child process in complete and list; empty
    /// when its program is not built.
    std::string go_path;
    bool go_side() const {
        return !go_path.empty() && (s.only.empty() || s.only == "go");
    }
    tallyfy::bench::canned_responder* responder = nullptr;
    rss_sampler* sampler = nullptr;
    tallyfy::bench::raw_config raw;
    tcp::resolver::results_type endpoints;
    std::size_t per_page = 100;
    std::vector<std::string> failures;

    /// CPU time of the client: the process minus the embedded responder and the sampler.
    double client_cpu() const {
        double cpu = process_cpu_seconds();
        if (responder)
            cpu -= responder->cpu_seconds();
        if (sampler)
            cpu -= sampler->cpu_seconds();
        return cpu;
    }
    std::uint64_t served() const {
        return responder ? responder->requests_served() : 0;
    }
    void check(bool ok, const std::string& what) {
        if (!ok) {
            failures.push_back(what);
            std::fprintf(stderr, "tallyfy-bench: CHECK FAILED: %s\n", what.c_str());
        }
    }
};

inline tallyfy::client_options sdk_options(const environment& e, std::size_t max_connections,
                                           bool resumption = true) {
    tallyfy::client_options o;
    o.base_url = e.base_url;
    o.access_token = e.s.token;
    o.org_id = e.org;
    o.transport.tls.use_system_roots = e.system_roots;
    o.transport.tls.extra_ca_pem = e.ca_pem;
    o.transport.tls.session_resumption = resumption;
    o.transport.pool.max_connections = max_connections;
    o.transport.threading = e.s.sdk_threading;
    return o;
}

inline asio::ssl::context raw_tls(const environment& e, bool resumption = true) {
    auto ctx = tallyfy::bench::make_raw_tls_context(e.ca_pem, resumption);
    if (e.system_roots)
        ctx.set_default_verify_paths();
    return ctx;
}

struct phase {
    std::size_t total = 0;
    std::size_t workers = 1;
    std::size_t next = 0;
    std::size_t done = 0;
    std::size_t items = 0;
    std::size_t bytes = 0;
    std::vector<double> latency_us;
    std::exception_ptr error;
};

template <class Op>
asio::awaitable<void> worker(Op& op, std::size_t w, phase& ph) {
    for (;;) {
        const std::size_t i = ph.next++;
        if (i >= ph.total)
            co_return;
        const auto t0 = clock_type::now();
        ph.items += co_await op(w, i, ph);
        ph.latency_us[i] =
            std::chrono::duration<double, std::micro>(clock_type::now() - t0).count();
    }
}

template <class Op>
void run_phase(asio::io_context& ioc, phase& ph, Op& op) {
    if (ph.total == 0)
        return;
    for (std::size_t w = 0; w < ph.workers; ++w) {
        asio::co_spawn(ioc, worker(op, w, ph), [&ioc, &ph](std::exception_ptr e) {
            if (e && !ph.error)
                ph.error = e;
            if (++ph.done == ph.workers)
                ioc.stop();
        });
    }
    ioc.run();
    ioc.restart();
    if (ph.error)
        std::rethrow_exception(ph.error);
}

/// The metrics of `n` timed requests, from what was measured around them.
inline metrics metrics_of(const environment& e, std::size_t n, clock_type::duration elapsed,
                          double cpu_seconds, std::uint64_t allocations,
                          std::vector<double>& latency_us, std::size_t items, std::size_t bytes) {
    const double secs = std::chrono::duration<double>(elapsed).count();
    metrics r;
    r.req_per_s = static_cast<double>(n) / secs;
    r.cpu_s_per_1k = cpu_seconds / static_cast<double>(n) * 1000;
    r.allocs_per_req = static_cast<double>(allocations) / static_cast<double>(n);
    std::sort(latency_us.begin(), latency_us.end());
    r.p50_us = latency_us[n / 2];
    r.p99_us = latency_us[std::min(n - 1, n * 99 / 100)];
    r.peak_rss_kb = static_cast<double>(e.sampler ? e.sampler->peak_kb() : max_rss_kb());
    r.items_per_s = static_cast<double>(items) / secs;
    r.mb_per_s = static_cast<double>(bytes) / secs / 1e6;
    return r;
}

/// Warm-up (untimed: connections opened, caches filled), then N timed requests.
template <class Op>
metrics measure(environment& e, asio::io_context& ioc, Op& op, std::size_t warm, std::size_t n,
                std::size_t c, std::size_t* bytes = nullptr) {
    phase w{.total = warm, .workers = std::min(c, std::max<std::size_t>(warm, 1))};
    w.latency_us.assign(warm, 0);
    run_phase(ioc, w, op);
    phase m{.total = n, .workers = c};
    m.latency_us.assign(n, 0);
    if (e.sampler)
        e.sampler->reset();
    const auto a0 = tallyfy::bench::allocations();
    const double c0 = e.client_cpu();
    const auto t0 = clock_type::now();
    run_phase(ioc, m, op);
    const auto t1 = clock_type::now();
    const double c1 = e.client_cpu();
    const auto a1 = tallyfy::bench::allocations();
    if (bytes)
        *bytes = m.bytes;
    return metrics_of(e, n, t1 - t0, c1 - c0, a1 - a0, m.latency_us, m.items, m.bytes);
}

} // namespace tallyfy::bench
