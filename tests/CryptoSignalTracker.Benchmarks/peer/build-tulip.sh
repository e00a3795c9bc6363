#!/usr/bin/env bash
# Builds Tulip Indicators' C library (the amalgamation shipped in the npm package tulind, which wraps it for Node)
# into peer/.peer/tulip/libindicators.so for AtrPeerBenchmarks, which calls its ti_atr in the same run as our ATR.
#   bash tests/CryptoSignalTracker.Benchmarks/peer/build-tulip.sh
# tulind is installed with npm into peer/.peer/tulip/ (git-ignored), its install scripts skipped (they would build
# the Node addon, not needed here); the C file is compiled as node-gyp builds it in Release (-O3), for this machine's
# baseline x86-64 (no -march=native, as the npm package is built).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
dir="$here/.peer/tulip"
version="0.8.20"
src="$dir/node_modules/tulind/external/tiamalgamation.c"

if [ ! -f "$src" ]; then
  mkdir -p "$dir"
  (cd "$dir" && npm install --no-audit --no-fund --no-save --silent --ignore-scripts "tulind@$version" >/dev/null)
fi

gcc -O3 -fPIC -shared -o "$dir/libindicators.so" "$src" -lm
echo "built $dir/libindicators.so (Tulip Indicators $(sed -n 's/^#define TI_VERSION "\(.*\)"/\1/p' "$dir/node_modules/tulind/external/indicators.h") from tulind@$version, gcc $(gcc -dumpversion) -O3)"
