#!/usr/bin/env bash
# The soak of issue 11 (docs/operations.md, "The soak"): live `cst run` (embedded backend, default settings) against a
# fake Bybit speaking the real protocol, fed the 30 days of real candles in data/sample looped to N days with the prices
# continued, at accelerated time, with faults on a seeded schedule (SIGKILL + restart, socket drops, duplicated frames,
# one symbol minutes behind, a malformed frame on every connection). It checks that every stored candle equals its
# source, that the signals and exits equal `cst backtest`'s on the same candles line for line, and that nothing was
# dead-lettered; it prints minutes/s, cold start against history age, state size per collection and corrections.
#
#   bash scripts/soak.sh                        # a simulated week (what CI runs in the normal test suite)
#   bash scripts/soak.sh --days 45 --timeout-minutes 40
#   --seed N             fault schedule (default 11)       --days-per-kill D   one SIGKILL per D simulated days (default 3)
#   --lease TIMESPAN     LogicEngine lease (default 00:00:05; production 00:00:30: restarts wait for it)
#   --report FILE        also write the report there (default soak-report.txt)
#   --no-build           use the Release build already there
# Exit code: 0 when every check passed, 1 otherwise (the report says which).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

days=7 seed=11 per_kill=3 lease=00:00:05 timeout=8 report=soak-report.txt build=1
while (($#)); do
  case "$1" in
    --days | --seed | --days-per-kill | --lease | --timeout-minutes | --report)
      [[ -n "${2:-}" ]] || { echo "soak: $1 needs a value" >&2; exit 2; }
      case "$1" in
        --days) days=$2 ;; --seed) seed=$2 ;; --days-per-kill) per_kill=$2 ;; --lease) lease=$2 ;;
        --timeout-minutes) timeout=$2 ;; --report) report=$2 ;;
      esac
      shift 2
      ;;
    --no-build) build=0; shift ;;
    *) echo "soak: unknown option '$1'; usage: scripts/soak.sh [--days N] [--seed N] [--days-per-kill D] [--lease TIMESPAN] [--timeout-minutes M] [--report FILE] [--no-build]" >&2; exit 2 ;;
  esac
done

project=$root/tests/CryptoSignalTracker.Cli.Tests/CryptoSignalTracker.Cli.Tests.csproj
if ((build)); then
  echo "soak: building (Release)"
  dotnet build "$project" -c Release --nologo -v quiet
fi

report=$(cd "$(dirname "$report")" && pwd)/$(basename "$report")
rm -f "$report"
echo "soak: $days simulated days, seed $seed, one kill per $per_kill days (load: $(cut -d' ' -f1-3 /proc/loadavg))"
status=0
CST_SOAK_DAYS=$days CST_SOAK_SEED=$seed CST_SOAK_DAYS_PER_KILL=$per_kill CST_SOAK_LEASE=$lease \
  CST_SOAK_TIMEOUT_MINUTES=$timeout CST_SOAK_REPORT=$report \
  dotnet test "$project" -c Release --no-build --nologo --filter "FullyQualifiedName~Soak.SoakTests" >"$report.log" 2>&1 || status=1
if [[ -f "$report" ]]; then
  cat "$report"
else
  tail -n 40 "$report.log"
fi

exit "$status"
