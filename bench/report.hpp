// SPDX-License-Identifier: BSL-1.0
// One result row (a scenario at one concurrency, both sides' medians) as text or a JSON line.
#pragma once

#include "harness.hpp"

#include <boost/json/serialize.hpp>

#include <cstdio>
#include <optional>
#include <string>

namespace tallyfy::bench {

struct row {
    std::string scenario;
    std::size_t concurrency = 1;
    metrics sdk, raw;
    bool items = false;
    json::object extra;
    std::optional<metrics> curl; ///< the libcurl-multi + cJSON baseline, where it ran
};

inline double ratio(double a, double b) {
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
        if (r.curl) {
            o["curl"] = to_json(*r.curl, r.items);
            o["ratio_curl"] = {{"req_per_s", ratio(r.sdk.req_per_s, r.curl->req_per_s)},
                               {"cpu", ratio(r.sdk.cpu_s_per_1k, r.curl->cpu_s_per_1k)}};
        }
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
        if (r.curl)
            line("curl", *r.curl);
        std::printf("  ratio sdk/raw: req/s %.3f, cpu %.3f, allocs %.2f\n",
                    ratio(r.sdk.req_per_s, r.raw.req_per_s),
                    ratio(r.sdk.cpu_s_per_1k, r.raw.cpu_s_per_1k),
                    ratio(r.sdk.allocs_per_req, r.raw.allocs_per_req));
        if (r.curl)
            std::printf("  ratio sdk/curl: req/s %.3f, cpu %.3f, allocs %.2f\n",
                        ratio(r.sdk.req_per_s, r.curl->req_per_s),
                        ratio(r.sdk.cpu_s_per_1k, r.curl->cpu_s_per_1k),
                        ratio(r.sdk.allocs_per_req, r.curl->allocs_per_req));
    }
    std::fflush(stdout);
}

} // namespace tallyfy::bench
