// SPDX-License-Identifier: BSL-1.0
// One result row (a scenario at one concurrency: each side's medians and ranges over the rounds,
// the SDK's ratios to each baseline as medians of per-round ratios) as text or a JSON line.
#pragma once

#include "harness.hpp"

#include <boost/json/serialize.hpp>

#include <cstdio>
#include <optional>
#include <string>
#include <utility>

namespace tallyfy::bench {

struct row {
    std::string scenario;
    std::size_t concurrency = 1;
    metrics sdk, raw; ///< medians over the rounds
    bool items = false;
    json::object extra;
    std::optional<metrics> curl; ///< the libcurl-multi + cJSON baseline, where it ran
    std::optional<metrics> go;   ///< the Go net/http baseline, where it ran
    /// Each round's figures, where kept: round i of every side ran in the same alternation cycle
    /// (SDK, raw, curl, Go, SDK, ...), so a ratio is taken per round, then its median.
    std::vector<metrics> sdk_rounds, raw_rounds, curl_rounds, go_rounds;
};

inline double ratio(double a, double b) {
    return b > 0 ? a / b : 0;
}

/// A row from every side's rounds (an empty vector: the side did not run).
inline row make_row(std::string scenario, std::size_t c, std::vector<metrics> sdk,
                    std::vector<metrics> raw, std::vector<metrics> curl = {},
                    std::vector<metrics> go = {}, bool items = false) {
    row r{.scenario = std::move(scenario),
          .concurrency = c,
          .sdk = median(sdk),
          .raw = median(raw),
          .items = items};
    if (!curl.empty())
        r.curl = median(curl);
    if (!go.empty())
        r.go = median(go);
    r.sdk_rounds = std::move(sdk);
    r.raw_rounds = std::move(raw);
    r.curl_rounds = std::move(curl);
    r.go_rounds = std::move(go);
    return r;
}

inline std::pair<double, double> range_of(const std::vector<metrics>& rounds, double metrics::*f) {
    if (rounds.empty())
        return {0, 0};
    auto [lo, hi] =
        std::minmax_element(rounds.begin(), rounds.end(),
                            [f](const metrics& a, const metrics& b) { return a.*f < b.*f; });
    return {(*lo).*f, (*hi).*f};
}

/// SDK over a baseline: the median (and range) of the per-round ratios when both sides kept
/// their rounds, else the ratio of the medians.
struct side_ratio {
    double req = 0, cpu = 0;
    std::pair<double, double> req_range{0, 0}, cpu_range{0, 0};
};

inline side_ratio ratio_of(const metrics& a, const metrics& b, const std::vector<metrics>& ar,
                           const std::vector<metrics>& br) {
    side_ratio out;
    out.req = ratio(a.req_per_s, b.req_per_s);
    out.cpu = ratio(a.cpu_s_per_1k, b.cpu_s_per_1k);
    out.req_range = {out.req, out.req};
    out.cpu_range = {out.cpu, out.cpu};
    if (ar.empty() || ar.size() != br.size())
        return out;
    std::vector<double> req, cpu;
    for (std::size_t i = 0; i < ar.size(); ++i) {
        req.push_back(ratio(ar[i].req_per_s, br[i].req_per_s));
        cpu.push_back(ratio(ar[i].cpu_s_per_1k, br[i].cpu_s_per_1k));
    }
    out.req = median(req);
    out.cpu = median(cpu);
    out.req_range = {*std::min_element(req.begin(), req.end()),
                     *std::max_element(req.begin(), req.end())};
    out.cpu_range = {*std::min_element(cpu.begin(), cpu.end()),
                     *std::max_element(cpu.begin(), cpu.end())};
    return out;
}

inline json::object to_json(const side_ratio& r) {
    return {{"req_per_s", r.req},
            {"cpu", r.cpu},
            {"req_per_s_range", {r.req_range.first, r.req_range.second}},
            {"cpu_range", {r.cpu_range.first, r.cpu_range.second}}};
}

inline json::object side_json(const metrics& m, const std::vector<metrics>& rounds, bool items) {
    json::object o = to_json(m, items);
    if (!rounds.empty()) {
        const auto req = range_of(rounds, &metrics::req_per_s);
        const auto cpu = range_of(rounds, &metrics::cpu_s_per_1k);
        o["req_per_s_range"] = {req.first, req.second};
        o["cpu_s_per_1k_range"] = {cpu.first, cpu.second};
        o["rounds"] = rounds.size();
    }
    return o;
}

inline void print(const environment& e, const row& r) {
    const side_ratio vs_raw = ratio_of(r.sdk, r.raw, r.sdk_rounds, r.raw_rounds);
    std::optional<side_ratio> vs_curl, vs_go;
    if (r.curl)
        vs_curl = ratio_of(r.sdk, *r.curl, r.sdk_rounds, r.curl_rounds);
    if (r.go)
        vs_go = ratio_of(r.sdk, *r.go, r.sdk_rounds, r.go_rounds);
    if (e.s.json) {
        json::object o{{"scenario", r.scenario},
                       {"concurrency", r.concurrency},
                       {"sdk", side_json(r.sdk, r.sdk_rounds, r.items)},
                       {"raw", side_json(r.raw, r.raw_rounds, r.items)},
                       {"ratio", to_json(vs_raw)}};
        if (r.curl) {
            o["curl"] = side_json(*r.curl, r.curl_rounds, r.items);
            o["ratio_curl"] = to_json(*vs_curl);
        }
        if (r.go) {
            o["go"] = side_json(*r.go, r.go_rounds, r.items);
            o["ratio_go"] = to_json(*vs_go);
        }
        for (const auto& kv : r.extra)
            o[kv.key()] = kv.value();
        std::printf("%s\n", json::serialize(o).c_str());
    } else {
        auto line = [&](const char* side, const metrics& m, const std::vector<metrics>& rounds) {
            std::printf("  %-4s %10.0f req/s %8.4f cpu s/1k %7.1f allocs/req  p50 %8.0f us  p99 "
                        "%8.0f us  rss %7.0f KiB",
                        side, m.req_per_s, m.cpu_s_per_1k, m.allocs_per_req, m.p50_us, m.p99_us,
                        m.peak_rss_kb);
            if (r.items)
                std::printf("  %9.0f tasks/s %7.1f MB/s", m.items_per_s, m.mb_per_s);
            if (rounds.size() > 1) {
                const auto req = range_of(rounds, &metrics::req_per_s);
                std::printf("  (req/s %.0f-%.0f)", req.first, req.second);
            }
            std::printf("\n");
        };
        std::printf("%s C=%zu%s%s\n", r.scenario.c_str(), r.concurrency,
                    r.extra.empty() ? "" : "  ",
                    r.extra.empty() ? "" : json::serialize(r.extra).c_str());
        line("sdk", r.sdk, r.sdk_rounds);
        line("raw", r.raw, r.raw_rounds);
        if (r.curl)
            line("curl", *r.curl, r.curl_rounds);
        if (r.go)
            line("go", *r.go, r.go_rounds);
        auto ratio_line = [&](const char* name, const side_ratio& q, const metrics& base) {
            std::printf("  ratio sdk/%s: req/s %.3f (%.3f-%.3f), cpu %.3f (%.3f-%.3f), allocs "
                        "%.2f\n",
                        name, q.req, q.req_range.first, q.req_range.second, q.cpu,
                        q.cpu_range.first, q.cpu_range.second,
                        ratio(r.sdk.allocs_per_req, base.allocs_per_req));
        };
        ratio_line("raw", vs_raw, r.raw);
        if (r.curl)
            ratio_line("curl", *vs_curl, *r.curl);
        if (r.go)
            ratio_line("go", *vs_go, *r.go);
    }
    std::fflush(stdout);
}

} // namespace tallyfy::bench
