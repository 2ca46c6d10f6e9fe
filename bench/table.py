#!/usr/bin/env python3
"""Turns `tallyfy-bench --json` output (stdin) into Markdown tables.

Default: the per-side detail table of bench/README.md (and the curl table where curl ran).
`--summary`: one row per scenario with every side's median req/s (min-max over the rounds) and CPU
seconds per 1,000 requests, the SDK's ratios to each baseline (medians of per-round ratios, with
their range) and allocations per request; a `ratelimit` line becomes its own row. The pager
rows of `list` (SDK and raw only) are left to the detail table.
"""
import json
import sys


def fmt_rate(side):
    lo, hi = side.get("req_per_s_range", [side["req_per_s"]] * 2)
    return f"{side['req_per_s']:,.0f} ({lo:,.0f}–{hi:,.0f}); {side['cpu_s_per_1k']:.3f}"


def fmt_ratio(r):
    if r is None:
        return ""
    q, c = r["req_per_s"], r["cpu"]
    qlo, qhi = r.get("req_per_s_range", [q, q])
    clo, chi = r.get("cpu_range", [c, c])
    return f"{q:.2f} ({qlo:.2f}–{qhi:.2f}), {c:.2f} ({clo:.2f}–{chi:.2f})"


def name_of(r):
    if r["scenario"] == "complete":
        return f"complete, C={r['concurrency']}"
    if r["scenario"] == "list":
        api = r.get("sdk_api", "")
        kb = r.get("page_bytes", 0) / 1000
        what = "page of 100 tasks" if api == "pager at page N" else f"list ({api})"
        return f"{what} ({kb:,.0f} KB), C={r['concurrency']}"
    name = r["scenario"]
    if "sdk_api" in r:
        name += " (" + r["sdk_api"] + ")"
    if "tls_session_resumption" in r:
        name += " (resumption)" if r["tls_session_resumption"] else " (full handshake)"
    return f"{name}, C={r['concurrency']}"


def summary(rows):
    rounds = max((r["sdk"].get("rounds", 0) for r in rows if "sdk" in r), default=0)
    print(f"Each cell: median req/s (pages/s for pages) over {rounds} alternating rounds "
          "(min–max); client CPU s per 1,000 requests. Ratios: SDK over the baseline, medians "
          "of per-round ratios (min–max), req/s then CPU.\n")
    print("| scenario | tallyfy-cpp SDK | raw Beast loop | libcurl multi + cJSON | Go net/http "
          "| SDK / raw | SDK / curl | SDK / Go | allocs/req SDK / raw / curl / Go |")
    print("|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        if r.get("sdk_api", "pager at page N") != "pager at page N":
            continue  # the pager rows have no curl or Go side: see the detail table
        if r["scenario"] == "ratelimit":
            print(f"| rate-limited batch: {r['items']} items, {r['limit']} per {r['window_s']} s, "
                  f"C={r['concurrency']} | {r['succeeded']} of {r['items']} done, {r['failed']} "
                  f"failed; {r['requests']} requests, {r['answered_429']} answered 429; "
                  f"{r['wall_s']:.1f} s for a least of {r['least_s']:.0f} s "
                  f"({r['wall_over_least']:.3f}×) | | | | | | | |")
            continue
        sides = [r.get(k) for k in ("sdk", "raw", "curl", "go")]
        cells = [fmt_rate(s) if s else "—" for s in sides]
        allocs = " / ".join(f"{s['allocs_per_req']:,.0f}" if s else "—" for s in sides)
        print(f"| {name_of(r)} | " + " | ".join(cells) + f" | {fmt_ratio(r.get('ratio'))} "
              f"| {fmt_ratio(r.get('ratio_curl'))} | {fmt_ratio(r.get('ratio_go'))} | {allocs} |")


def detail(rows):
    rows = [r for r in rows if "sdk" in r]
    print("| scenario | C | SDK req/s | raw req/s | req/s ratio | SDK CPU s/1k | raw CPU s/1k "
          "| CPU ratio | allocs/req SDK / raw | p50 µs SDK / raw | p99 µs SDK / raw "
          "| peak RSS KiB SDK / raw |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        s, w = r["sdk"], r["raw"]
        name = r["scenario"]
        if "sdk_api" in r:
            name += " (" + r["sdk_api"] + ")"
        if "tls_session_resumption" in r:
            name += " (resumption)" if r["tls_session_resumption"] else " (full handshake)"
        q = r["ratio"]
        print(f"| {name} | {r['concurrency']} | {s['req_per_s']:,.0f} | {w['req_per_s']:,.0f} "
              f"| {q['req_per_s']:.2f} | {s['cpu_s_per_1k']:.3f} | {w['cpu_s_per_1k']:.3f} "
              f"| {q['cpu']:.2f} | {s['allocs_per_req']:,.0f} / {w['allocs_per_req']:,.0f} "
              f"| {s['p50_us']:,.0f} / {w['p50_us']:,.0f} "
              f"| {s['p99_us']:,.0f} / {w['p99_us']:,.0f} "
              f"| {s['peak_rss_kb']:,.0f} / {w['peak_rss_kb']:,.0f} |")
    for key, label in (("curl", "curl"), ("go", "Go")):
        base_rows = [r for r in rows if key in r]
        if not base_rows:
            continue
        print(f"\n| scenario | C | SDK req/s | {label} req/s | req/s SDK / {label} | SDK CPU s/1k "
              f"| {label} CPU s/1k | CPU SDK / {label} | allocs/req SDK / {label} |")
        print("|---|---|---|---|---|---|---|---|---|")
        for r in base_rows:
            s, c = r["sdk"], r[key]
            q = r["ratio_" + key]
            name = r["scenario"] + (" (" + r["sdk_api"] + ")" if "sdk_api" in r else "")
            print(f"| {name} | {r['concurrency']} | {s['req_per_s']:,.0f} | {c['req_per_s']:,.0f} "
                  f"| {q['req_per_s']:.2f} | {s['cpu_s_per_1k']:.3f} "
                  f"| {c['cpu_s_per_1k']:.3f} | {q['cpu']:.2f} "
                  f"| {s['allocs_per_req']:,.0f} / {c['allocs_per_req']:,.0f} |")
    for r in rows:
        if "resumption_cpu_saving" in r:
            c = r["resumption_cpu_saving"]
            print(f"\nTLS session resumption cuts reconnect CPU by {c['sdk']*100:.0f} % (SDK), "
                  f"{c['raw']*100:.0f} % (raw).")


rows = [json.loads(line) for line in sys.stdin if line.startswith("{")]
if "--summary" in sys.argv[1:]:
    summary(rows)
else:
    detail(rows)
