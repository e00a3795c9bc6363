#!/usr/bin/env bash
# Issue 13, part 4: times the research commands as whole processes and prints one table (docs/benchmarks.md,
# "Research commands"). Builds tools/Cst in Release from this checkout and, with --peer REF, from REF too (in a
# temporary git worktree, removed at the end), then runs both builds alternately on the same data:
#   cst backtest    9 symbols x 1 year of synthetic 1-minute candles (4.73 M), caches valid (one untimed run first)
#   cst optimize    the 5 real 30-day Bybit files, the default 324-combination grid
#   cst walkforward the same files and grid, --in-sample 14d --out-of-sample 7d --step 7d
# Each run goes through /usr/bin/time (user + system CPU, wall, peak RSS); the 1-minute load average is read before
# each run. With a peer, every output (--json, --out, the printed tables) is compared byte for byte and a difference
# fails the script. Targets (issue 13): backtest <= 1.5 s wall and <= 300 MB; optimize <= 5 s wall on 2 cores;
# walkforward <= 60 s. A figure only says "met" on a machine whose load stayed below its core count.
#
#   scripts/bench-research.sh [--peer REF] [--runs N] [--year DIR] [--real DIR] [--skip-walkforward]
#
# --year DIR  where the synthetic year lives (generated there by the benchmarks project when absent; 268 MB of CSV
#             plus 227 MB of caches). Default: $TMPDIR/cst-year.
# --real DIR  folder with bybit_linear_{ADA,BTC,DOGE,ETH,SOL}USDT_1m_2025-05-30_2025-06-29.csv. Default: the first of
#             ../shared/data/candles and data/sample that has all five.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

peer=""
runs=3
year="${TMPDIR:-/tmp}/cst-year"
real=""
walkforward=1
while [[ $# -gt 0 ]]; do
  case "$1" in
    --peer) peer=${2:?--peer needs a git ref}; shift 2 ;;
    --runs) runs=${2:?--runs needs a number}; shift 2 ;;
    --year) year=${2:?--year needs a directory}; shift 2 ;;
    --real) real=${2:?--real needs a directory}; shift 2 ;;
    --skip-walkforward) walkforward=0; shift ;;
    -h|--help) sed -n '2,20p' "$0"; exit 0 ;;
    *) echo "bench-research: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
done
[[ "$runs" =~ ^[1-9][0-9]*$ ]] || { echo "bench-research: --runs '$runs' must be a positive whole number" >&2; exit 2; }
[[ -x /usr/bin/time ]] || { echo "bench-research: /usr/bin/time is missing (apt-get install time)" >&2; exit 2; }

symbols=(ADA BTC DOGE ETH SOL)
has_real() { for s in "${symbols[@]}"; do [[ -f "$1/bybit_linear_${s}USDT_1m_2025-05-30_2025-06-29.csv" ]] || return 1; done; }
if [[ -z "$real" ]]; then
  for candidate in "$root/../shared/data/candles" "$root/data/sample"; do
    if has_real "$candidate"; then real=$candidate; break; fi
  done
fi
if [[ -z "$real" ]] || ! has_real "$real"; then
  echo "bench-research: no folder with the 5 real files bybit_linear_{ADA,BTC,DOGE,ETH,SOL}USDT_1m_2025-05-30_2025-06-29.csv; pass --real DIR" >&2
  exit 2
fi
real_files=()
for s in "${symbols[@]}"; do real_files+=("$real/bybit_linear_${s}USDT_1m_2025-05-30_2025-06-29.csv"); done

work=$(mktemp -d "${TMPDIR:-/tmp}/bench-research.XXXXXX")
peer_tree=""
cleanup() {
  if [[ -n "$peer_tree" && -d "$peer_tree" ]]; then git -C "$root" worktree remove --force "$peer_tree" >/dev/null 2>&1 || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM # so that an interrupted run still removes the peer worktree

this_rev=$(git rev-parse --short HEAD)
echo "building tools/Cst (Release) of this checkout ($this_rev$(git diff --quiet HEAD -- . || echo ', with uncommitted changes'))" >&2
dotnet build "$root/tools/Cst/Cst.csproj" -c Release --nologo -v quiet >"$work/build-this.log" 2>&1 || { cat "$work/build-this.log" >&2; exit 1; }
declare -A cst=([this]="$root/tools/Cst/bin/Release/net10.0/cst")
builds=(this)
if [[ -n "$peer" ]]; then
  peer_tree="$work/peer"
  git -C "$root" worktree add --detach "$peer_tree" "$peer" >/dev/null 2>&1 || { echo "bench-research: cannot check out --peer '$peer'" >&2; exit 2; }
  echo "building tools/Cst (Release) of the peer $peer ($(git -C "$peer_tree" rev-parse --short HEAD))" >&2
  dotnet build "$peer_tree/tools/Cst/Cst.csproj" -c Release --nologo -v quiet >"$work/build-peer.log" 2>&1 || { cat "$work/build-peer.log" >&2; exit 1; }
  cst[peer]="$peer_tree/tools/Cst/bin/Release/net10.0/cst"
  builds=(peer this)
fi

if ! compgen -G "$year/bybit_linear_*USDT_1m_2025-01-01_2026-01-01.csv" >/dev/null || [[ $(compgen -G "$year/bybit_linear_*USDT_1m_2025-01-01_2026-01-01.csv" | wc -l) -ne 9 ]]; then
  echo "generating the synthetic year (9 files) in $year" >&2
  dotnet build "$root/tests/CryptoSignalTracker.Benchmarks" -c Release --nologo -v quiet >"$work/build-bench.log" 2>&1 || { cat "$work/build-bench.log" >&2; exit 1; }
  mkdir -p "$year"
  dotnet "$root/tests/CryptoSignalTracker.Benchmarks/bin/Release/net10.0/CryptoSignalTracker.Benchmarks.dll" generate-year "$year" >&2
fi
year_files=("$year"/bybit_linear_*USDT_1m_2025-01-01_2026-01-01.csv)
echo "warming the year's candle caches (untimed)" >&2
"${cst[this]}" backtest --candles "${year_files[@]}" >/dev/null

rows=()
# one timed run: build, command name, output stem, then the cst arguments
timed() {
  local build=$1 name=$2 stem=$3; shift 3
  local load; load=$(cut -d' ' -f1 /proc/loadavg)
  /usr/bin/time -f '%U %S %e %M' -o "$work/time" "${cst[$build]}" "$@" >"$stem.stdout" 2>"$stem.stderr" \
    || { echo "bench-research: $build $name failed:" >&2; cat "$stem.stderr" >&2; exit 1; }
  local user sys wall rss; read -r user sys wall rss <"$work/time"
  rows+=("$(awk -v n="$name" -v b="$build" -v u="$user" -v s="$sys" -v w="$wall" -v r="$rss" -v l="$load" \
    'BEGIN { printf "| %s | %s | %.2f + %.2f = %.2f s | %.2f s | %.0f MiB | %s |", n, b, u, s, u + s, w, r / 1024, l }')")
}

for ((run = 1; run <= runs; run++)); do
  for build in "${builds[@]}"; do
    out="$work/$build.$run"
    timed "$build" "backtest (year, caches valid)" "$out.backtest" backtest --candles "${year_files[@]}" --json "$out.backtest.json"
    timed "$build" "optimize (5 real files, 324)" "$out.optimize" optimize --candles "${real_files[@]}" --out "$out.optimize.csv"
  done
done
if [[ $walkforward -eq 1 ]]; then
  for build in "${builds[@]}"; do
    out="$work/$build.1"
    timed "$build" "walkforward (14d/7d, 324)" "$out.walkforward" walkforward --candles "${real_files[@]}" --in-sample 14d --out-of-sample 7d --step 7d --json "$out.walkforward.json"
  done
fi

same="no peer to compare with"
if [[ -n "$peer" ]]; then
  for f in "$work"/peer.*.{backtest.json,backtest.stdout,optimize.csv,optimize.stdout,walkforward.json,walkforward.stdout}; do
    [[ -e "$f" ]] || continue
    other=${f/\/peer./\/this.}
    cmp -s "$f" "$other" || { echo "bench-research: OUTPUT DIFFERS: $(basename "$f") vs $(basename "$other")" >&2; exit 1; }
  done
  same="every output byte-identical between the builds"
fi

echo
echo "cst research commands, $(nproc) cores, $(date -u '+%Y-%m-%d %H:%M UTC'); $same"
echo "this = $this_rev${peer:+, peer = $peer ($(git -C "$peer_tree" rev-parse --short HEAD))}; load = 1-minute load average before the run"
echo
echo "| command (data) | build | CPU user + sys | wall | peak RSS | load |"
echo "| --- | --- | --- | --- | --- | --- |"
printf '%s\n' "${rows[@]}"
echo
echo "targets: backtest <= 1.5 s wall and <= 300 MB; optimize <= 5 s wall on 2 cores; walkforward <= 60 s wall."
echo "uptime at the end: $(uptime)"
