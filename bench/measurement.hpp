// SPDX-License-Identifier: BSL-1.0
// What the harness measures of a side: CPU time (process, thread), peak resident set (sampled),
// the metrics of one round and their medians over rounds.
#pragma once

#include "alloc_counter.hpp"

#include <boost/json/value.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fcntl.h>
#include <fstream>
#include <pthread.h>
#include <string>
#include <sys/resource.h>
#include <thread>
#include <unistd.h>
#include <vector>

namespace tallyfy::bench {

namespace json = boost::json;

inline double thread_cpu_seconds(pthread_t thread) {
    clockid_t id;
    if (pthread_getcpuclockid(thread, &id) != 0)
        return 0;
    timespec ts{};
    clock_gettime(id, &ts);
    return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

inline double process_cpu_seconds() {
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    auto tv = [](const timeval& t) {
        return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) * 1e-6;
    };
    return tv(u.ru_utime) + tv(u.ru_stime);
}

/// Peak resident set of this process image: VmHWM (ru_maxrss survives execve, so a child
/// started by fork+exec would report its parent's peak).
inline long max_rss_kb() {
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

inline json::object to_json(const metrics& m, bool items) {
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

inline metrics from_json(const json::value& v) {
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

inline double median(std::vector<double> v) {
    if (v.empty())
        return 0;
    std::sort(v.begin(), v.end());
    const auto n = v.size();
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

inline metrics median(const std::vector<metrics>& rounds) {
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

} // namespace tallyfy::bench
