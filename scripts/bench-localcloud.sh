#!/usr/bin/env bash
# Latency and scale of the live pipeline on the local cloud (issue 11; docs/ingest.md "Measured" and docs/deploy.md
# "Scale"): the Ingestor, Aggregator and LogicEngine as their own processes on the Pub/Sub, Bigtable and Firestore
# emulators, fed by the fake Bybit.
#   (a) localcloud-latency: exchange minute close -> ENTRY published, this build (production defaults) beside the
#       build before the per-symbol minute close (--peer-commit, default 3cadfdd: global exchange clock, 2 s
#       CloseGrace, closes on the next 5 s flush), runs alternating, real BTCUSDT+SOLUSDT candles.
#   (b) localcloud-scale: the same pipeline on N synthetic symbols (default 300) in real time: close -> ENTRY,
#       each function's CPU per minute, Firestore reads/writes/deletes per minute.
# Uses the emulators named by PUBSUB/BIGTABLE/FIRESTORE_EMULATOR_HOST, else starts its own (scripts/emulators.sh) and
# stops them at the end. About 12 minutes (a: 4 runs of ~1.5 min; b: ~6 min, mostly real time), plus the builds.
#
#   bash scripts/bench-localcloud.sh [--no-build] [--peer-commit REV] [--latency-runs N] [--symbols N]
#                                    [--scale-minutes N] [--report FILE]
# Exit code: 0 when both measurements had samples and every candle arrived, 1 otherwise, 2 for bad options.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

build=1 peer_commit=3cadfdd runs=2 symbols=300 scale_minutes=8 report=bench-localcloud-report.txt
while (($#)); do
  case "$1" in
    --peer-commit | --latency-runs | --symbols | --scale-minutes | --report)
      [[ -n "${2:-}" ]] || { echo "bench-localcloud: $1 needs a value" >&2; exit 2; }
      case "$1" in
        --peer-commit) peer_commit=$2 ;; --latency-runs) runs=$2 ;; --symbols) symbols=$2 ;;
        --scale-minutes) scale_minutes=$2 ;; --report) report=$2 ;;
      esac
      shift 2
      ;;
    --no-build) build=0; shift ;;
    *) echo "bench-localcloud: unknown option '$1'; usage: scripts/bench-localcloud.sh [--no-build] [--peer-commit REV] [--latency-runs N] [--symbols N] [--scale-minutes N] [--report FILE]" >&2; exit 2 ;;
  esac
done

functions=(Ingestor Aggregator LogicEngine)
peer=${TMPDIR:-/tmp}/cst-bench-peer-$(git -C "$root" rev-parse --short "$peer_commit")
if [[ ! -f $peer/CryptoSignalTracker.sln ]]; then
  echo "bench-localcloud: checking out the peer build $peer_commit in $peer"
  git -C "$root" worktree add --detach "$peer" "$peer_commit" >/dev/null
fi

if ((build)); then
  echo "bench-localcloud: building (Release): this checkout and the peer's functions"
  dotnet build "$root/tests/CryptoSignalTracker.Benchmarks/CryptoSignalTracker.Benchmarks.csproj" -c Release --nologo -v quiet
  for f in "${functions[@]}"; do
    dotnet build "$root/functions/$f/$f.csproj" -c Release --nologo -v quiet
    dotnet build "$peer/functions/$f/$f.csproj" -c Release --nologo -v quiet
  done
fi

if [[ -z "${PUBSUB_EMULATOR_HOST:-}" || -z "${BIGTABLE_EMULATOR_HOST:-}" || -z "${FIRESTORE_EMULATOR_HOST:-}" ]]; then
  # shellcheck source=scripts/emulators.sh
  source "$root/scripts/emulators.sh"
  emulators_start
  trap emulators_stop EXIT
fi

bench=$root/tests/CryptoSignalTracker.Benchmarks/bin/Release/net10.0/CryptoSignalTracker.Benchmarks.dll
status=0
{
  echo "bench-localcloud at $(git -C "$root" rev-parse --short HEAD), peer $peer_commit; $(date -u '+%Y-%m-%d %H:%M:%S') UTC; $(nproc) cores; load average $(cut -d' ' -f1-3 /proc/loadavg)"
  echo
  dotnet "$bench" localcloud-latency --runs "$runs" --peer-root "$peer" || status=1
  echo
  dotnet "$bench" localcloud-scale --symbols "$symbols" --minutes "$scale_minutes" || status=1
  echo
  echo "bench-localcloud: done $(date -u '+%H:%M:%S') UTC, exit $status"
  exit "$status"
} 2>&1 | tee "$report"
exit "${PIPESTATUS[0]}"
