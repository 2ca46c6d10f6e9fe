// SPDX-License-Identifier: BSL-1.0
#include "scenarios.hpp"

#include "child_process.hpp"
#include "go_client.hpp"
#include "operations.hpp"
#include "report.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <functional>
#include <sstream>
#include <stdexcept>
#include <string>

namespace tallyfy::bench {

#ifdef TALLYFY_BENCH_CURL
namespace {

/// The libcurl side of a scenario: `warm` untimed requests, then `n` timed ones, `c` at once.
metrics measure_curl(environment& e, std::size_t warm, std::size_t n, std::size_t c,
                     const std::function<curl_request(std::size_t)>& request,
                     const std::function<std::size_t(std::size_t, const std::string&)>& check,
                     std::size_t* bytes = nullptr) {
    curl_multi_loop loop(e.curl, c);
    std::vector<double> warm_latency(warm);
    loop.run(warm, request, check, warm_latency);
    std::vector<double> latency(n);
    if (e.sampler)
        e.sampler->reset();
    const auto a0 = allocations();
    const double c0 = e.client_cpu();
    const auto t0 = clock_type::now();
    const auto got = loop.run(n, request, check, latency);
    const auto t1 = clock_type::now();
    const double c1 = e.client_cpu();
    const auto a1 = allocations();
    if (bytes)
        *bytes = got.bytes;
    return metrics_of(e, n, t1 - t0, c1 - c0, a1 - a0, latency, got.items, got.bytes);
}

} // namespace
#endif

void scenario_complete(environment& e) {
    const std::size_t n = e.s.requests.value_or(e.s.quick ? 200 : 20000);
    std::vector<std::size_t> cs = e.s.concurrency;
    if (cs.empty())
        cs = e.s.quick ? std::vector<std::size_t>{1, 8} : std::vector<std::size_t>{1, 8, 32, 128};
    const std::string target = org_path(e) + "/runs/" + e.run + "/completed-tasks";
    for (std::size_t c : cs) {
        const std::size_t warm = std::max<std::size_t>(4 * c, e.s.quick ? 16 : 200);
        std::vector<metrics> sdk, raw, curl, go;
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
#ifdef TALLYFY_BENCH_CURL
            if (e.curl_side()) { // C: libcurl multi + cJSON
                const std::string body = R"({"task_id":")" + e.task + R"("})";
                curl.push_back(measure_curl(
                    e, warm, n, c,
                    [&](std::size_t) {
                        return curl_request{true, target, body};
                    },
                    [&](std::size_t, const std::string& text) {
                        return curl_check_completion(text, e.task);
                    }));
            }
#endif
            if (e.go_side()) // D: Go net/http + encoding/json, a child process
                go.push_back(measure_go(e, "complete", warm, n, c));
        }
        print(e, make_row("complete", c, std::move(sdk), std::move(raw), std::move(curl),
                          std::move(go)));
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
        std::vector<metrics> sdk, raw, curl, go;
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
#ifdef TALLYFY_BENCH_CURL
            if (e.curl_side()) {
                curl.push_back(measure_curl(
                    e, warm, n, c,
                    [&](std::size_t i) {
                        return curl_request{false, prefix + std::to_string(page_of(i, pages)), {}};
                    },
                    [&](std::size_t, const std::string& text) {
                        const auto got = curl_check_page(text);
                        if (got != e.per_page)
                            throw std::runtime_error("curl list: unexpected page size");
                        return got;
                    }));
            }
#endif
            if (e.go_side())
                go.push_back(measure_go(e, "list", warm, n, c));
        }
        row r = make_row("list", c, std::move(sdk), std::move(raw), std::move(curl), std::move(go),
                         true);
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
        row r = make_row("list", 1, std::move(sdk), std::move(raw), {}, {}, true);
        r.extra["sdk_api"] = prefetch ? "pager+prefetch" : "pager";
        r.extra["page_bytes"] = bytes_per_page;
        print(e, r);
    }
}

/// Runs one side of walk100k in a child process (peak RSS is per process): returns its figures.
metrics walk_child(environment& e, const std::string& side) {
    std::vector<std::string> args{self_path(),
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
    return from_json(json::parse(run_child(args, "walk100k " + side + " child")));
}

void scenario_walk(environment& e) {
    std::vector<metrics> sdk, raw;
    for (std::size_t round = 0; round < e.s.rounds; ++round) {
        if (e.sdk())
            sdk.push_back(walk_child(e, "sdk"));
        if (e.raw_side())
            raw.push_back(walk_child(e, "raw"));
    }
    row r = make_row("walk100k", 1, std::move(sdk), std::move(raw), {}, {}, true);
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
        row r = make_row("cold", 1, std::move(sdk), std::move(raw));
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

} // namespace tallyfy::bench
