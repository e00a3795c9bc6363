#!/usr/bin/env bash
# Runs ColdStartBenchmarks (LogicEngine cold start after a simulated year: from a snapshot vs the full replay) on the
# embedded backend and on the emulators. Always starts a private Bigtable emulator on a free port (a year of candles is
# ~4.7 million rows, kept out of a shared emulator) and stops it by its process id when done. FIRESTORE_EMULATOR_HOST must point at a running Firestore emulator (state and snapshots are small).
#   bash tests/CryptoSignalTracker.Benchmarks/ColdStart/run.sh
# CST_COLDSTART_BACKENDS=emulators (or embedded) measures one backend only; CST_COLDSTART_SYMBOLS=N (1-9, default 9)
# stores and decides the first N symbols only (the emulator set-up of 9 symbols, 4.7 million rows, did not finish in 14 min).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../../.." && pwd)"
: "${FIRESTORE_EMULATOR_HOST:?set FIRESTORE_EMULATOR_HOST (a running Firestore emulator)}"

emulator_pid=""
stop_emulator() { [ -n "$emulator_pid" ] && kill "$emulator_pid" 2>/dev/null && wait "$emulator_pid" 2>/dev/null || true; }
trap stop_emulator EXIT
sdk="${CST_GCLOUD_SDK_ROOT:-$(gcloud info --format='value(installation.sdk_root)')}"
port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')"
"$sdk/platform/bigtable-emulator/cbtemulator" -host 127.0.0.1 -port "$port" >/dev/null 2>&1 &
emulator_pid=$!
export BIGTABLE_EMULATOR_HOST="127.0.0.1:$port"
sleep 1

echo "private Bigtable emulator: $BIGTABLE_EMULATOR_HOST; Firestore emulator: $FIRESTORE_EMULATOR_HOST; load: $(uptime)"
dotnet run -c Release --project "$repo/tests/CryptoSignalTracker.Benchmarks" -- \
  --filter '*ColdStartBenchmarks*' --artifacts "$repo/BenchmarkDotNet.Artifacts/cold-start" "$@"
echo "load after: $(uptime)"
