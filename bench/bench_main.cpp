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
#include "alloc_counter.hpp"
#include "canned_responder.hpp"
#include "rate_limit_scenario.hpp"
#include "raw_client.hpp"

#include <tallyfy/client.hpp>
#include <tallyfy/pager.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>
#include <boost/url/parse.hpp>

#include <openssl/ssl.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <optional>
#include <pthread.h>
#include <sched.h>
#include <sstream>
#include <stdexcept>
#include <string>
#include <sys/resource.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>
#include <vector>

namespace asio = boost::asio;
namespace json = boost::json;
using tcp = asio::ip::tcp;
using clock_type = std::chrono::steady_clock;
using tallyfy::bench::raw_connection;

namespace {

// ---------------------------------------------------------------------------------------------
// Measurement helpers

double thread_cpu_seconds(pthread_t thread) {
    clockid_t id;
    if (pthread_getcpuclockid(thread, &id) != 0)
        return 0;
    timespec ts{};
    clock_gettime(id, &ts);
    return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

double process_cpu_seconds() {
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    auto tv = [](const timeval& t) {
        return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) * 1e-6;
    };
    return tv(u.ru_utime) + tv(u.ru_stime);
}

/// Peak resident set of this process image: VmHWM (ru_maxrss survives execve, so a child
/// started by fork+exec would report its parent's peak).
long max_rss_kb() {
    std::ifstream status("/proc/self/status");
    for (std::string line; std::getline(status, line);) {
        if (line.rfind("VmHWM:", 0) == 0)
            return std::strtol(line.c_str() + 6, nullptr, 10);
    }
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return u.ru_maxrss;
}

/// Samples the resident set every 5 ms (getrusage's ru_maxrss only ever grows, so it cannot tell
/// one round from the next).
class rss_sampler {
public:
    rss_sampler() {
        thread_ = std::thread([this] {
            tallyfy::bench::exempt_this_thread();
            while (!stop_.load()) {
                long v = current_kb();
                long p = peak_.load();
                while (v > p && !peak_.compare_exchange_weak(p, v)) {
                }
                std::this_thread::sleep_for(std::chrono::milliseconds(5));
            }
        });
        native_ = thread_.native_handle();
    }
    ~rss_sampler() {
        stop_ = true;
        thread_.join();
    }
    static long current_kb() {
        int fd = ::open("/proc/self/statm", O_RDONLY);
        if (fd < 0)
            return 0;
        char buf[128];
        auto n = ::read(fd, buf, sizeof buf - 1);
        ::close(fd);
        if (n <= 0)
            return 0;
        buf[n] = 0;
        long size = 0, resident = 0;
        std::sscanf(buf, "%ld %ld", &size, &resident);
        return resident * (sysconf(_SC_PAGESIZE) / 1024);
    }
    void reset() { peak_ = current_kb(); }
    long peak_kb() const { return std::max(peak_.load(), current_kb()); }
    double cpu_seconds() const { return thread_cpu_seconds(native_); }

private:
    std::atomic<long> peak_{0};
    std::atomic<bool> stop_{false};
    std::thread thread_;
    pthread_t native_{};
};

struct metrics {
    double req_per_s = 0;
    double cpu_s_per_1k = 0;
    double allocs_per_req = 0;
    double p50_us = 0;
    double p99_us = 0;
    double peak_rss_kb = 0;
    double items_per_s = 0; ///< tasks/s (list, walk)
    double mb_per_s = 0;    ///< response bodies (list, walk)
};

json::object to_json(const metrics& m, bool items) {
    json::object o{{"req_per_s", m.req_per_s},
                   {"cpu_s_per_1k", m.cpu_s_per_1k},
                   {"allocs_per_req", m.allocs_per_req},
                   {"p50_us", m.p50_us},
                   {"p99_us", m.p99_us},
                   {"peak_rss_kb", m.peak_rss_kb}};
    if (items) {
        o["tasks_per_s"] = m.items_per_s;
        o["mb_per_s"] = m.mb_per_s;
    }
    return o;
}

metrics from_json(const json::value& v) {
    metrics m;
    const auto& o = v.as_object();
    auto num = [&](const char* k) { return o.contains(k) ? o.at(k).to_number<double>() : 0.0; };
    m.req_per_s = num("req_per_s");
    m.cpu_s_per_1k = num("cpu_s_per_1k");
    m.allocs_per_req = num("allocs_per_req");
    m.p50_us = num("p50_us");
    m.p99_us = num("p99_us");
    m.peak_rss_kb = num("peak_rss_kb");
    m.items_per_s = num("tasks_per_s");
    m.mb_per_s = num("mb_per_s");
    return m;
}

double median(std::vector<double> v) {
    if (v.empty())
        return 0;
    std::sort(v.begin(), v.end());
    const auto n = v.size();
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

metrics median(const std::vector<metrics>& rounds) {
    metrics m;
    auto field = [&](double metrics::*f) {
        std::vector<double> v;
        for (const auto& r : rounds)
            v.push_back(r.*f);
        m.*f = median(std::move(v));
    };
    field(&metrics::req_per_s);
    field(&metrics::cpu_s_per_1k);
    field(&metrics::allocs_per_req);
    field(&metrics::p50_us);
    field(&metrics::p99_us);
    field(&metrics::peak_rss_kb);
    field(&metrics::items_per_s);
    field(&metrics::mb_per_s);
    return m;
}

// ---------------------------------------------------------------------------------------------
// Configuration

struct settings {
    std::string base_url, ca_file, org, run, task, token = "bench-token";
    std::string scenario = "all";
    std::optional<std::size_t> requests;
    std::vector<std::size_t> concurrency;
    std::size_t rounds = 3;
    std::size_t pages = 1000;
    bool json = false;
    bool quick = false;
    int cpu = -1;
    int server_cpu = -1;
    std::string only; ///< "sdk" or "raw": run one side (for profiling)
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
    std::uint64_t served() const { return responder ? responder->requests_served() : 0; }
    void check(bool ok, const std::string& what) {
        if (!ok) {
            failures.push_back(what);
            std::fprintf(stderr, "tallyfy-bench: CHECK FAILED: %s\n", what.c_str());
        }
    }
};

tallyfy::client_options sdk_options(const environment& e, std::size_t max_connections,
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

asio::ssl::context raw_tls(const environment& e, bool resumption = true) {
    auto ctx = tallyfy::bench::make_raw_tls_context(e.ca_pem, resumption);
    if (e.system_roots)
        ctx.set_default_verify_paths();
    return ctx;
}

// ---------------------------------------------------------------------------------------------
// Driving C workers over N requests

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
    const double secs = std::chrono::duration<double>(t1 - t0).count();
    metrics r;
    r.req_per_s = static_cast<double>(n) / secs;
    r.cpu_s_per_1k = (c1 - c0) / static_cast<double>(n) * 1000;
    r.allocs_per_req = static_cast<double>(a1 - a0) / static_cast<double>(n);
    std::sort(m.latency_us.begin(), m.latency_us.end());
    r.p50_us = m.latency_us[n / 2];
    r.p99_us = m.latency_us[std::min(n - 1, n * 99 / 100)];
    r.peak_rss_kb = static_cast<double>(e.sampler ? e.sampler->peak_kb() : max_rss_kb());
    r.items_per_s = static_cast<double>(m.items) / secs;
    r.mb_per_s = static_cast<double>(m.bytes) / secs / 1e6;
    if (bytes)
        *bytes = m.bytes;
    return r;
}

// ---------------------------------------------------------------------------------------------
// The operations, SDK and raw. Each returns how many items it got (1 per completion).

struct sdk_complete_op {
    tallyfy::client& api;
    const environment& e;
    bool close = false; ///< cold: ask the server to close each connection
    asio::awaitable<std::size_t> operator()(std::size_t, std::size_t, phase&) {
        tallyfy::complete_task_request r{.task_id = e.task, .run_id = e.run};
        if (close)
            r.options.headers.push_back({"X-Bench-Close", "1"});
        tallyfy::task t = co_await api.complete_task(std::move(r));
        if (t.id != e.task || !t.is_completed())
            throw std::runtime_error("sdk complete_task: unexpected task in the response");
        co_return 1;
    }
};

struct raw_complete_op {
    std::vector<std::unique_ptr<raw_connection>>& conns;
    const environment& e;
    std::string target;
    asio::awaitable<std::size_t> operator()(std::size_t w, std::size_t, phase&) {
        auto& c = *conns[w];
        if (!c.is_open())
            co_await c.connect(e.endpoints, e.raw);
        co_await c.complete(e.raw, target, e.task);
        co_return 1;
    }
};

/// Cold: a new connection per request, resuming the previous TLS session when asked.
struct raw_cold_op {
    asio::any_io_executor ex;
    asio::ssl::context& tls;
    const environment& e;
    std::string target;
    bool resumption;
    SSL_SESSION* session = nullptr;
    std::size_t reused = 0;
    ~raw_cold_op() {
        if (session)
            SSL_SESSION_free(session);
    }
    asio::awaitable<std::size_t> operator()(std::size_t, std::size_t, phase&) {
        raw_connection c(ex, tls);
        co_await c.connect(e.endpoints, e.raw, resumption ? session : nullptr);
        if (c.session_reused())
            ++reused;
        co_await c.complete(e.raw, target, e.task, true);
        if (resumption) {
            if (session)
                SSL_SESSION_free(session);
            session = c.get1_session();
        }
        co_return 1;
    }
};

std::size_t page_of(std::size_t index, std::size_t pages) {
    return index % pages + 1;
}

/// One typed page N of a run's tasks, fetched the way a user reads pages concurrently: a pager
/// starting at N, without prefetch, read once.
struct sdk_list_op {
    tallyfy::client& api;
    const environment& e;
    std::size_t pages;
    std::size_t bytes_per_page = 0; ///< for MB/s (the SDK does not expose the body size)
    asio::awaitable<std::size_t> operator()(std::size_t, std::size_t i, phase& ph) {
        const std::size_t page = page_of(i, pages);
        tallyfy::run_tasks_filter filter;
        filter.paging.per_page = static_cast<std::int64_t>(e.per_page);
        filter.paging.prefetch = false;
        filter.paging.start_page = static_cast<std::int64_t>(page);
        auto pager = api.list_run_tasks(e.run, std::move(filter));
        auto decoded = co_await pager.next_page();
        if (!decoded || !decoded->pagination ||
            decoded->pagination->current_page != std::int64_t(page) ||
            decoded->items.size() != e.per_page || decoded->items.front().id.empty())
            throw std::runtime_error("sdk list: unexpected page " + std::to_string(page));
        ph.bytes += bytes_per_page;
        co_return decoded->items.size();
    }
};

/// The SDK's own pagination: pager<task>::next_page() of client.list_run_tasks.
struct sdk_pager_op {
    tallyfy::pager<tallyfy::task>& pager;
    const environment& e;
    std::size_t bytes_per_page = 0;
    asio::awaitable<std::size_t> operator()(std::size_t, std::size_t, phase& ph) {
        auto page = co_await pager.next_page();
        if (!page || page->items.size() != e.per_page || page->items.front().id.empty())
            throw std::runtime_error("sdk pager: unexpected page");
        ph.bytes += bytes_per_page;
        co_return page->items.size();
    }
};

tallyfy::pager<tallyfy::task> run_tasks_pager(tallyfy::client& api, const environment& e,
                                              bool prefetch) {
    tallyfy::run_tasks_filter filter;
    filter.paging.per_page = static_cast<std::int64_t>(e.per_page);
    filter.paging.prefetch = prefetch;
    return api.list_run_tasks(e.run, std::move(filter));
}

struct raw_list_op {
    std::vector<std::unique_ptr<raw_connection>>& conns;
    const environment& e;
    std::size_t pages;
    std::string target_prefix; ///< ".../tasks?per_page=100&page="
    asio::awaitable<std::size_t> operator()(std::size_t w, std::size_t i, phase& ph) {
        auto& c = *conns[w];
        if (!c.is_open())
            co_await c.connect(e.endpoints, e.raw);
        std::size_t bytes = 0;
        std::string target = target_prefix + std::to_string(page_of(i, pages));
        const std::size_t n = co_await c.get_page(e.raw, target, bytes);
        if (n != e.per_page)
            throw std::runtime_error("raw list: unexpected page size");
        ph.bytes += bytes;
        co_return n;
    }
};

std::string org_path(const environment& e) {
    return e.base_path + "/organizations/" + e.org;
}

std::vector<std::unique_ptr<raw_connection>> raw_pool(asio::io_context& ioc,
                                                      asio::ssl::context& tls, std::size_t c) {
    std::vector<std::unique_ptr<raw_connection>> conns;
    for (std::size_t i = 0; i < c; ++i)
        conns.push_back(std::make_unique<raw_connection>(ioc.get_executor(), tls));
    return conns;
}

// ---------------------------------------------------------------------------------------------
// Output

struct row {
    std::string scenario;
    std::size_t concurrency = 1;
    metrics sdk, raw;
    bool items = false;
    json::object extra;
};

double ratio(double a, double b) {
    return b > 0 ? a / b : 0;
}

void print(const environment& e, const row& r) {
    if (e.s.json) {
        json::object o{{"scenario", r.scenario},
                       {"concurrency", r.concurrency},
                       {"sdk", to_json(r.sdk, r.items)},
                       {"raw", to_json(r.raw, r.items)},
                       {"ratio",
                        {{"req_per_s", ratio(r.sdk.req_per_s, r.raw.req_per_s)},
                         {"cpu", ratio(r.sdk.cpu_s_per_1k, r.raw.cpu_s_per_1k)}}}};
        for (const auto& kv : r.extra)
            o[kv.key()] = kv.value();
        std::printf("%s\n", json::serialize(o).c_str());
    } else {
        auto line = [&](const char* side, const metrics& m) {
            std::printf("  %-4s %10.0f req/s %8.4f cpu s/1k %7.1f allocs/req  p50 %8.0f us  p99 "
                        "%8.0f us  rss %7.0f KiB",
                        side, m.req_per_s, m.cpu_s_per_1k, m.allocs_per_req, m.p50_us, m.p99_us,
                        m.peak_rss_kb);
            if (r.items)
                std::printf("  %9.0f tasks/s %7.1f MB/s", m.items_per_s, m.mb_per_s);
            std::printf("\n");
        };
        std::printf("%s C=%zu%s%s\n", r.scenario.c_str(), r.concurrency,
                    r.extra.empty() ? "" : "  ",
                    r.extra.empty() ? "" : json::serialize(r.extra).c_str());
        line("sdk", r.sdk);
        line("raw", r.raw);
        std::printf("  ratio sdk/raw: req/s %.3f, cpu %.3f, allocs %.2f\n",
                    ratio(r.sdk.req_per_s, r.raw.req_per_s),
                    ratio(r.sdk.cpu_s_per_1k, r.raw.cpu_s_per_1k),
                    ratio(r.sdk.allocs_per_req, r.raw.allocs_per_req));
    }
    std::fflush(stdout);
}

// ---------------------------------------------------------------------------------------------
// Scenarios

void scenario_complete(environment& e) {
    const std::size_t n = e.s.requests.value_or(e.s.quick ? 200 : 20000);
    std::vector<std::size_t> cs = e.s.concurrency;
    if (cs.empty())
        cs = e.s.quick ? std::vector<std::size_t>{1, 8} : std::vector<std::size_t>{1, 8, 32, 128};
    const std::string target = org_path(e) + "/runs/" + e.run + "/completed-tasks";
    for (std::size_t c : cs) {
        const std::size_t warm = std::max<std::size_t>(4 * c, e.s.quick ? 16 : 200);
        std::vector<metrics> sdk, raw;
        for (std::size_t round = 0; round < e.s.rounds; ++round) {
            if (e.sdk()) {               // A: the SDK
                asio::io_context ioc{1}; // run by this thread alone (see executor_threading)
                tallyfy::client api(ioc.get_executor(), sdk_options(e, c));
                sdk_complete_op op{api, e};
                const auto before = e.served();
                sdk.push_back(measure(e, ioc, op, warm, n, c));
                const auto st = api.stats();
                e.check(st.created <= c, "complete C=" + std::to_string(c) + ": SDK opened " +
                                             std::to_string(st.created) + " connections");
                if (e.responder)
                    e.check(e.served() - before == warm + n,
                            "complete: responder saw a different number of SDK requests");
            }
            if (e.raw_side()) {          // B: the raw loop
                asio::io_context ioc{1}; // run by this thread alone (see executor_threading)
                auto tls = raw_tls(e);
                auto conns = raw_pool(ioc, tls, c);
                raw_complete_op op{conns, e, target};
                const auto before = e.served();
                raw.push_back(measure(e, ioc, op, warm, n, c));
                if (e.responder)
                    e.check(e.served() - before == warm + n,
                            "complete: responder saw a different number of raw requests");
            }
        }
        print(
            e,
            row{.scenario = "complete", .concurrency = c, .sdk = median(sdk), .raw = median(raw)});
    }
}

void scenario_list(environment& e) {
    const std::size_t pages = e.s.pages;
    const std::size_t n = e.s.requests.value_or(e.s.quick ? 30 : 2000);
    std::vector<std::size_t> cs = e.s.concurrency;
    if (cs.empty())
        cs = e.s.quick ? std::vector<std::size_t>{1, 4} : std::vector<std::size_t>{1, 8};
    const std::string prefix =
        org_path(e) + "/runs/" + e.run + "/tasks?per_page=" + std::to_string(e.per_page) + "&page=";
    std::size_t bytes_per_page = 0;
    for (std::size_t c : cs) {
        const std::size_t warm = std::max<std::size_t>(2 * c, e.s.quick ? 4 : 50);
        std::vector<metrics> sdk, raw;
        for (std::size_t round = 0; round < e.s.rounds; ++round) {
            if (e.raw_side()) {          // B first: the raw side measures the body size.
                asio::io_context ioc{1}; // run by this thread alone (see executor_threading)
                auto tls = raw_tls(e);
                auto conns = raw_pool(ioc, tls, c);
                raw_list_op op{conns, e, pages, prefix};
                std::size_t bytes = 0;
                raw.push_back(measure(e, ioc, op, warm, n, c, &bytes));
                bytes_per_page = bytes / n;
            }
            if (e.sdk()) {
                asio::io_context ioc{1}; // run by this thread alone (see executor_threading)
                tallyfy::client api(ioc.get_executor(), sdk_options(e, c));
                sdk_list_op op{api, e, pages, bytes_per_page};
                const auto before = e.served();
                sdk.push_back(measure(e, ioc, op, warm, n, c));
                if (e.responder)
                    e.check(e.served() - before == warm + n,
                            "list: responder saw a different number of SDK requests");
            }
        }
        row r{.scenario = "list",
              .concurrency = c,
              .sdk = median(sdk),
              .raw = median(raw),
              .items = true};
        r.extra["sdk_api"] = "pager at page N";
        r.extra["page_bytes"] = bytes_per_page;
        print(e, r);
    }
    // The SDK's pager (one walk, pages in order) against the raw loop walking the same pages one
    // at a time: without and with the pager's prefetch of page N+1.
    const std::size_t warm = 2;
    const std::size_t walk = std::min(n, pages - std::min(pages, warm));
    if (walk == 0)
        return;
    for (bool prefetch : {false, true}) {
        std::vector<metrics> sdk, raw;
        for (std::size_t round = 0; round < e.s.rounds; ++round) {
            if (e.raw_side()) {
                asio::io_context ioc{1}; // run by this thread alone (see executor_threading)
                auto tls = raw_tls(e);
                auto conns = raw_pool(ioc, tls, 1);
                raw_list_op op{conns, e, pages, prefix};
                std::size_t bytes = 0;
                raw.push_back(measure(e, ioc, op, warm, walk, 1, &bytes));
                bytes_per_page = bytes / walk;
            }
            if (e.sdk()) {
                asio::io_context ioc{1}; // run by this thread alone (see executor_threading)
                tallyfy::client api(ioc.get_executor(), sdk_options(e, 2));
                auto pager = run_tasks_pager(api, e, prefetch);
                sdk_pager_op op{pager, e, bytes_per_page};
                sdk.push_back(measure(e, ioc, op, warm, walk, 1));
                e.check(pager.position().pages_fetched >= warm + walk,
                        "list: the pager fetched fewer pages than it delivered");
            }
        }
        row r{.scenario = "list",
              .concurrency = 1,
              .sdk = median(sdk),
              .raw = median(raw),
              .items = true};
        r.extra["sdk_api"] = prefetch ? "pager+prefetch" : "pager";
        r.extra["page_bytes"] = bytes_per_page;
        print(e, r);
    }
}

/// Runs one side of walk100k in a child process (peak RSS is per process): returns its figures.
metrics walk_child(environment& e, const std::string& side) {
    char self[4096];
    auto len = readlink("/proc/self/exe", self, sizeof self - 1);
    if (len <= 0)
        throw std::runtime_error("cannot find /proc/self/exe");
    self[len] = 0;
    std::vector<std::string> args{self,
                                  "--child-walk",
                                  side,
                                  "--base-url",
                                  e.base_url,
                                  "--org",
                                  e.org,
                                  "--run",
                                  e.run,
                                  "--pages",
                                  std::to_string(e.s.pages),
                                  "--token",
                                  e.s.token};
    if (!e.ca_file.empty()) {
        args.push_back("--ca-file");
        args.push_back(e.ca_file);
    }
    if (e.s.cpu >= 0) {
        args.push_back("--cpu");
        args.push_back(std::to_string(e.s.cpu));
    }
    int out[2];
    if (pipe(out) != 0)
        throw std::runtime_error("pipe failed");
    std::vector<char*> argv;
    for (auto& a : args)
        argv.push_back(a.data());
    argv.push_back(nullptr);
    pid_t pid = fork();
    if (pid == 0) {
        dup2(out[1], 1);
        close(out[0]);
        close(out[1]);
        execv(self, argv.data());
        _exit(127);
    }
    close(out[1]);
    std::string text;
    char buf[4096];
    for (ssize_t k; (k = read(out[0], buf, sizeof buf)) > 0;)
        text.append(buf, static_cast<std::size_t>(k));
    close(out[0]);
    int status = 0;
    waitpid(pid, &status, 0);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
        throw std::runtime_error("walk100k " + side + " child failed: " + text);
    return from_json(json::parse(text));
}

void scenario_walk(environment& e) {
    std::vector<metrics> sdk, raw;
    for (std::size_t round = 0; round < e.s.rounds; ++round) {
        if (e.sdk())
            sdk.push_back(walk_child(e, "sdk"));
        if (e.raw_side())
            raw.push_back(walk_child(e, "raw"));
    }
    row r{.scenario = "walk100k",
          .concurrency = 1,
          .sdk = median(sdk),
          .raw = median(raw),
          .items = true};
    const double page_bytes = ratio(r.raw.mb_per_s * 1e6, r.raw.req_per_s);
    r.sdk.mb_per_s = r.sdk.req_per_s * page_bytes / 1e6;
    r.extra["pages"] = e.s.pages;
    r.extra["tasks"] = e.s.pages * e.per_page;
    r.extra["sdk_under_64mib"] = r.sdk.peak_rss_kb < 64 * 1024;
    print(e, r);
}

int child_walk(environment& e) {
    // One side, sequentially over pages 1..P; peak RSS is this process's ru_maxrss.
    asio::io_context ioc{1}; // run by this thread alone (see executor_threading)
    const std::size_t pages = e.s.pages;
    metrics m;
    if (e.s.child_walk == "sdk") {
        // The SDK's pager as a user walks a list: prefetch on (the default), two connections.
        tallyfy::client api(ioc.get_executor(), sdk_options(e, 2));
        auto pager = run_tasks_pager(api, e, true);
        sdk_pager_op op{pager, e}; // MB/s: filled in by the parent from the raw side
        m = measure(e, ioc, op, 0, pages, 1);
        // The walk must end by itself after the last page.
        std::optional<tallyfy::page<tallyfy::task>> after;
        std::exception_ptr failure;
        asio::co_spawn(
            ioc, [&]() -> asio::awaitable<void> { after = co_await pager.next_page(); },
            [&](std::exception_ptr x) {
                if (x)
                    failure = x;
                ioc.stop();
            });
        ioc.run();
        if (failure)
            std::rethrow_exception(failure);
        if (after) {
            std::fprintf(stderr, "walk: the pager did not stop after %zu pages\n", pages);
            return 1;
        }
    } else {
        auto tls = raw_tls(e);
        auto conns = raw_pool(ioc, tls, 1);
        raw_list_op op{conns, e, pages,
                       org_path(e) + "/runs/" + e.run +
                           "/tasks?per_page=" + std::to_string(e.per_page) + "&page="};
        m = measure(e, ioc, op, 0, pages, 1);
    }
    m.peak_rss_kb = static_cast<double>(max_rss_kb());
    std::printf("%s\n", json::serialize(to_json(m, true)).c_str());
    return 0;
}

void scenario_cold(environment& e) {
    const std::size_t n = e.s.requests.value_or(e.s.quick ? 20 : 1000);
    const std::size_t warm = 2;
    const std::string target = org_path(e) + "/runs/" + e.run + "/completed-tasks";
    metrics full_sdk, full_raw;
    for (bool resumption : {false, true}) {
        std::vector<metrics> sdk, raw;
        for (std::size_t round = 0; round < e.s.rounds; ++round) {
            if (e.sdk()) {
                asio::io_context ioc{1}; // run by this thread alone (see executor_threading)
                tallyfy::client api(ioc.get_executor(), sdk_options(e, 1, resumption));
                sdk_complete_op op{api, e, true};
                sdk.push_back(measure(e, ioc, op, warm, n, 1));
                const auto st = api.stats();
                const std::string tag = resumption ? "cold (resumption)" : "cold (full)";
                e.check(st.handshakes >= warm + n,
                        tag + ": SDK reused a connection the server closed");
                if (resumption)
                    e.check(st.resumed_handshakes + 1 >= st.handshakes,
                            tag + ": SDK resumed only " + std::to_string(st.resumed_handshakes) +
                                " of " + std::to_string(st.handshakes) + " handshakes");
                else
                    e.check(st.resumed_handshakes == 0, tag + ": SDK resumed with resumption off");
            }
            if (e.raw_side()) {
                asio::io_context ioc{1}; // run by this thread alone (see executor_threading)
                auto tls = raw_tls(e, resumption);
                raw_cold_op op{ioc.get_executor(), tls, e, target, resumption};
                raw.push_back(measure(e, ioc, op, warm, n, 1));
                if (resumption)
                    e.check(op.reused + 1 >= warm + n, "cold: the raw loop did not resume");
            }
        }
        row r{.scenario = "cold", .concurrency = 1, .sdk = median(sdk), .raw = median(raw)};
        r.extra["tls_session_resumption"] = resumption;
        if (!resumption) {
            full_sdk = r.sdk;
            full_raw = r.raw;
        } else {
            r.extra["resumption_cpu_saving"] = {
                {"sdk", 1 - ratio(r.sdk.cpu_s_per_1k, full_sdk.cpu_s_per_1k)},
                {"raw", 1 - ratio(r.raw.cpu_s_per_1k, full_raw.cpu_s_per_1k)}};
        }
        print(e, r);
    }
}

// ---------------------------------------------------------------------------------------------

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
        "                     [--json] [--quick] [--cpu N] [--server-cpu N] [--only sdk|raw]\n"
        "                     [--sdk-threading detect|single|multiple]\n");
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
        else if (a == "--cpu")
            s.cpu = std::stoi(next());
        else if (a == "--server-cpu")
            s.server_cpu = std::stoi(next());
        else if (a == "--only")
            s.only = next();
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
        {
            asio::io_context ioc{1}; // run by this thread alone (see executor_threading)
            tcp::resolver resolver(ioc);
            e.endpoints = resolver.resolve(e.raw.host, e.raw.port);
        }

        if (!e.s.child_walk.empty())
            return child_walk(e);

        if (e.task.empty() &&
            (e.s.scenario == "complete" || e.s.scenario == "cold" || e.s.scenario == "all"))
            throw std::runtime_error("complete/cold against --base-url need --task");

        rss_sampler sampler;
        e.sampler = &sampler;
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
