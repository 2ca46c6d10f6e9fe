#!/usr/bin/env bash
# SPDX-License-Identifier: BSL-1.0
# Builds the Debian package with CPack, installs it with apt-get, checks what dpkg says it holds,
# then builds and runs the consumer against /usr (find_package without a prefix, and
# pkg-config), and removes the package again. Needs root (apt-get): skipped (77) otherwise.
set -euo pipefail
build_dir=$1
consumer_src=$2
if [[ $(id -u) -ne 0 ]]; then
    echo "skipped: installing a .deb needs root"
    exit 77
fi
if dpkg-query -W -f='${Status}' libtallyfy-dev 2>/dev/null | grep -q 'install ok installed'; then
    echo "libtallyfy-dev is already installed here: not touching it" >&2
    exit 1
fi
work=$(mktemp -d)
cleanup() {
    DEBIAN_FRONTEND=noninteractive apt-get remove -y libtallyfy-dev >/dev/null 2>&1 || true
    rm -rf "$work"
}
trap cleanup EXIT
(cd "$work" && cpack -G DEB --config "$build_dir/CPackConfig.cmake" >/dev/null)
deb=$(ls "$work"/libtallyfy-dev_*.deb)
DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "$deb" >/dev/null
listing=$(dpkg -L libtallyfy-dev)
for f in '/usr/include/tallyfy/tallyfy\.hpp' '/usr/include/tallyfy/sandbox\.hpp' \
    '/usr/lib/.*libtallyfy\.a' '/usr/lib/.*libtallyfy_sandbox\.a' \
    '/usr/lib/.*cmake/tallyfy/tallyfy-config\.cmake' '/usr/lib/.*pkgconfig/tallyfy\.pc' \
    '/usr/share/doc/tallyfy/LICENSE' '/usr/bin/tallyfy'; do
    grep -qxE "$f" <<<"$listing" || { echo "dpkg -L libtallyfy-dev lacks $f" >&2; exit 1; }
done
echo "dpkg -L: headers, libraries, CMake and pkg-config files, licence and tools are there"

cmake -S "$consumer_src" -B "$work/build" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$work/build" >/dev/null
"$work/build/consumer"
# shellcheck disable=SC2046 # word splitting of the flags is the point
g++ -O1 -o "$work/pc-consumer" "$consumer_src/main.cpp" $(pkg-config --cflags --libs tallyfy-sandbox)
"$work/pc-consumer"
