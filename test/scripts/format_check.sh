#!/usr/bin/env bash
# Fails listing every C++ file that differs from its clang-formatted form. One clang-format
# process per 40 files, two at a time: a process per file spent most of its time starting up.
set -euo pipefail
clang_format=$1
cd "$2"
report=$(find include lib test bench examples tools \( -name '*.hpp' -o -name '*.cpp' \) -print0 |
    xargs -0 -n 40 -P 2 "$clang_format" --dry-run --Werror 2>&1 >/dev/null || true)
bad=$(grep -oE '^[^:]+\.(c|h)pp:[0-9]+:[0-9]+: error' <<<"$report" | cut -d: -f1 | sort -u || true)
if [[ -n $bad ]]; then
    sed 's/^/not formatted: /' <<<"$bad"
    exit 1
fi
# clang-format itself failing (not a formatting difference) must not pass silently.
if grep -q 'error' <<<"$report"; then
    echo "$report" | head -20
    exit 1
fi
