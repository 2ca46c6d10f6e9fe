#!/usr/bin/env bash
# SPDX-License-Identifier: BSL-1.0
# Installs the built package into a scratch prefix, then builds and runs the consumer (which
# completes a task on an embedded sandbox) two ways: a CMake project that only knows
# find_package(tallyfy CONFIG REQUIRED COMPONENTS sandbox), and a plain compiler command line
# from pkg-config. Also checks that an unknown component is refused and that the licence, the
# changelog and the pkg-config files are installed.
set -euo pipefail
build_dir=$1
consumer_src=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cmake --install "$build_dir" --prefix "$work/prefix" >/dev/null
libdir=$(find "$work/prefix" -name tallyfy.pc -printf '%h\n' | head -n 1)
for f in share/doc/tallyfy/LICENSE share/doc/tallyfy/CHANGELOG.md include/tallyfy/tallyfy.hpp \
    include/tallyfy/sandbox.hpp include/tallyfy/version.hpp; do
    [[ -f "$work/prefix/$f" ]] || { echo "not installed: $f" >&2; exit 1; }
done
[[ -f "$libdir/tallyfy-sandbox.pc" ]] || { echo "not installed: tallyfy-sandbox.pc" >&2; exit 1; }

echo "== find_package"
cmake -S "$consumer_src" -B "$work/build" -G Ninja -DCMAKE_PREFIX_PATH="$work/prefix" \
    -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$work/build"
"$work/build/consumer"

echo "== find_package with an unknown component fails"
mkdir -p "$work/bad"
cat > "$work/bad/CMakeLists.txt" <<'CMAKE'
cmake_minimum_required(VERSION 3.25)
project(bad LANGUAGES CXX)
find_package(tallyfy CONFIG REQUIRED COMPONENTS no_such_component)
CMAKE
if cmake -S "$work/bad" -B "$work/bad/build" -DCMAKE_PREFIX_PATH="$work/prefix" >"$work/bad.log" 2>&1; then
    echo "find_package accepted an unknown component" >&2
    exit 1
fi

echo "== pkg-config"
export PKG_CONFIG_PATH="$libdir"
[[ $(pkg-config --modversion tallyfy) == $(sed -nE 's/^#define TALLYFY_VERSION_STRING "(.*)"$/\1/p' \
    "$work/prefix/include/tallyfy/version.hpp") ]]
# shellcheck disable=SC2046 # word splitting of the flags is the point
g++ -O1 -o "$work/pc-consumer" "$consumer_src/main.cpp" $(pkg-config --cflags --libs tallyfy-sandbox)
"$work/pc-consumer"
