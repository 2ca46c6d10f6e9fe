#!/usr/bin/env bash
# SPDX-License-Identifier: BSL-1.0
# Consumes the SDK from its source directory, as a project vendoring it does: FetchContent with
# SOURCE_DIR (FetchContent_MakeAvailable is add_subdirectory underneath), built as shared
# libraries. Checks that only the libraries are built (no tests, tools or examples of ours), that
# the shared libraries carry their SOVERSION, and that the consumer links them and completes a
# task on an embedded sandbox.
set -euo pipefail
source_dir=$1
consumer_src=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cat > "$work/CMakeLists.txt" <<CMAKE
cmake_minimum_required(VERSION 3.25)
project(vendoring_consumer LANGUAGES CXX)
include(FetchContent)
FetchContent_Declare(tallyfy SOURCE_DIR "$source_dir")
FetchContent_MakeAvailable(tallyfy)
add_executable(consumer "$consumer_src/main.cpp")
target_link_libraries(consumer PRIVATE tallyfy::tallyfy tallyfy::sandbox)
CMAKE
# -O1 and unity batches: the CI pays for this build, the result is the same library.
cmake -S "$work" -B "$work/build" -G Ninja -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_CXX_FLAGS_RELEASE="-O1 -DNDEBUG" -DBUILD_SHARED_LIBS=ON -DTALLYFY_UNITY_BUILD=ON \
    >"$work/configure.log" || { cat "$work/configure.log"; exit 1; }
for t in tallyfy_cli client_tests; do
    if ninja -C "$work/build" -t targets all | grep -q "^$t:"; then
        echo "a vendored build defines our $t target" >&2
        exit 1
    fi
done
cmake --build "$work/build"
version=$(sed -nE 's/^#define TALLYFY_VERSION_STRING "([0-9]+\.[0-9]+)\..*"$/\1/p' \
    "$source_dir/include/tallyfy/version.hpp")
soname=$(readelf -d "$(find "$work/build" -name 'libtallyfy.so.*' -type f | head -n 1)" |
    sed -nE 's/.*SONAME.*\[(.*)\]/\1/p')
[[ $soname == "libtallyfy.so.$version" ]] || { echo "SONAME '$soname', want libtallyfy.so.$version" >&2; exit 1; }
readelf -d "$work/build/consumer" | grep -q "NEEDED.*libtallyfy.so.$version" ||
    { echo "the consumer does not link the shared libtallyfy" >&2; exit 1; }
"$work/build/consumer"
