#!/usr/bin/env bash
# Fails listing every C++ file that differs from its clang-formatted form.
set -euo pipefail
clang_format=$1
cd "$2"
bad=0
while IFS= read -r -d '' f; do
    if ! "$clang_format" --dry-run --Werror "$f" >/dev/null 2>&1; then
        echo "not formatted: $f"
        bad=1
    fi
done < <(find include lib test bench examples tools \( -name '*.hpp' -o -name '*.cpp' \) -print0)
exit $bad
