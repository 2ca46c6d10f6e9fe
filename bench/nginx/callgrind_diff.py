#!/usr/bin/env python3
"""Per-request cost of each function from two callgrind runs that differ only in their number of
requests: (cost in the N2 run - cost in the N1 run) / (N2 - N1), exclusive instructions, largest
first. Give a third and fourth file (another side's N1 and N2) to put the two sides side by side.

    callgrind_diff.py N1 N2 A_N1.out A_N2.out [B_N1.out B_N2.out] [--top K]
"""
import subprocess
import sys


def costs(path):
    command = ["callgrind_annotate", "--threshold=100", "--inclusive=no", "--auto=no", path]
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    table = {}
    started = False
    for line in out.splitlines():
        if "file:function" in line:
            started = True
            continue
        if not started or not line.strip() or line.startswith("-"):
            continue
        parts = line.split(None, 1)
        if len(parts) < 2:
            continue
        if not parts[0].replace(",", "").isdigit():
            continue
        ir = int(parts[0].replace(",", ""))
        name = parts[1]
        if name.startswith("("):  # "(12.3%)  name"
            name = name.split(")", 1)[1].strip()
        name = name.split(" [")[0]
        table[name] = table.get(name, 0) + ir
    return table


def per_request(n1, n2, f1, f2):
    a, b = costs(f1), costs(f2)
    return {k: (b.get(k, 0) - a.get(k, 0)) / (n2 - n1) for k in set(a) | set(b)}


args = [x for x in sys.argv[1:] if not x.startswith("--")]
top = 40
if "--top" in sys.argv:
    top = int(sys.argv[sys.argv.index("--top") + 1])
    args.remove(str(top))
n1, n2 = int(args[0]), int(args[1])
a = per_request(n1, n2, args[2], args[3])
b = per_request(n1, n2, args[4], args[5]) if len(args) >= 6 else {}
keys = sorted(set(a) | set(b), key=lambda k: -abs(a.get(k, 0) - b.get(k, 0)) if b else -a.get(k, 0))
print(f"total per request: A {sum(a.values()):,.0f}" + (f", B {sum(b.values()):,.0f}" if b else ""))
for k in keys[:top]:
    line = f"{a.get(k, 0):10,.0f}"
    if b:
        line += f" {b.get(k, 0):10,.0f} {a.get(k, 0) - b.get(k, 0):+10,.0f}"
    print(line + "  " + k[:150])
