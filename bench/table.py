#!/usr/bin/env python3
"""Turns `tallyfy-bench --json` output (stdin) into the Markdown table of bench/README.md."""
import json
import sys

rows = [json.loads(line) for line in sys.stdin if line.startswith("{")]
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
    print(f"| {name} | {r['concurrency']} | {s['req_per_s']:,.0f} | {w['req_per_s']:,.0f} "
          f"| {r['ratio']['req_per_s']:.2f} | {s['cpu_s_per_1k']:.3f} | {w['cpu_s_per_1k']:.3f} "
          f"| {r['ratio']['cpu']:.2f} | {s['allocs_per_req']:,.0f} / {w['allocs_per_req']:,.0f} "
          f"| {s['p50_us']:,.0f} / {w['p50_us']:,.0f} | {s['p99_us']:,.0f} / {w['p99_us']:,.0f} "
          f"| {s['peak_rss_kb']:,.0f} / {w['peak_rss_kb']:,.0f} |")
curl_rows = [r for r in rows if "curl" in r]
if curl_rows:
    print("\n| scenario | C | SDK req/s | curl req/s | req/s SDK / curl | SDK CPU s/1k "
          "| curl CPU s/1k | CPU SDK / curl | allocs/req SDK / curl |")
    print("|---|---|---|---|---|---|---|---|---|")
    for r in curl_rows:
        s, c = r["sdk"], r["curl"]
        name = r["scenario"] + (" (" + r["sdk_api"] + ")" if "sdk_api" in r else "")
        print(f"| {name} | {r['concurrency']} | {s['req_per_s']:,.0f} | {c['req_per_s']:,.0f} "
              f"| {r['ratio_curl']['req_per_s']:.2f} | {s['cpu_s_per_1k']:.3f} "
              f"| {c['cpu_s_per_1k']:.3f} | {r['ratio_curl']['cpu']:.2f} "
              f"| {s['allocs_per_req']:,.0f} / {c['allocs_per_req']:,.0f} |")
for r in rows:
    if "resumption_cpu_saving" in r:
        c = r["resumption_cpu_saving"]
        print(f"\nTLS session resumption cuts reconnect CPU by {c['sdk']*100:.0f} % (SDK), "
              f"{c['raw']*100:.0f} % (raw).")
    if "tasks_per_s" in r["sdk"] and r["scenario"] == "list":
        pass
