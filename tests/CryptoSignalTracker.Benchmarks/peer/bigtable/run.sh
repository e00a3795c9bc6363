#!/usr/bin/env bash
# Runs BigtableWriteBenchmarks: our BigtableCandleStore vs Google's official Node client
# (@google-cloud/bigtable, installed into ./.peer, git-ignored), each writing 100,000 candles to a fresh
# table on the same Bigtable emulator. Starts a private emulator on a free port (unless
# BIGTABLE_EMULATOR_HOST is already set) and stops it by its process id when done.
#   bash tests/CryptoSignalTracker.Benchmarks/peer/bigtable/run.sh
# Needs: gcloud SDK (cbtemulator), node + npm, .NET SDK.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../../../.." && pwd)"
peer_version="7.2.0"

if [ ! -f "$here/.peer/node_modules/@google-cloud/bigtable/package.json" ]; then
  (cd "$here" && npm install --prefix .peer "@google-cloud/bigtable@$peer_version" --no-audit --no-fund --loglevel=error >/dev/null)
fi

emulator_pid=""
stop_emulator() { [ -n "$emulator_pid" ] && kill "$emulator_pid" 2>/dev/null && wait "$emulator_pid" 2>/dev/null || true; }
trap stop_emulator EXIT
if [ -z "${BIGTABLE_EMULATOR_HOST:-}" ]; then
  sdk="$(gcloud info --format='value(installation.sdk_root)')"
  port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')"
  "$sdk/platform/bigtable-emulator/cbtemulator" -host 127.0.0.1 -port "$port" >/dev/null 2>&1 &
  emulator_pid=$!
  export BIGTABLE_EMULATOR_HOST="127.0.0.1:$port"
  sleep 1
fi

echo "Bigtable emulator: $BIGTABLE_EMULATOR_HOST; node $(node --version); peer @google-cloud/bigtable@$peer_version"
dotnet run -c Release --project "$repo/tests/CryptoSignalTracker.Benchmarks" -- \
  --filter '*BigtableWriteBenchmarks*' --artifacts "$repo/BenchmarkDotNet.Artifacts/bigtable-write" "$@"
