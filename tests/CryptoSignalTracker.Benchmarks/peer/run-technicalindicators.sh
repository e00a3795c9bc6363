#!/usr/bin/env bash
# Times our RSI(14) batch and the npm package technicalindicators' RSI(14) on the same 1,000,000 closes
# in one run, and prints both figures and the ratio (target: ours at least 50x faster).
#   bash tests/CryptoSignalTracker.Benchmarks/peer/run-technicalindicators.sh            # both
#   bash tests/CryptoSignalTracker.Benchmarks/peer/run-technicalindicators.sh --peer-only
# technicalindicators is installed into peer/.peer/ (git-ignored); needs node and npm.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../../.." && pwd)"
peer_dir="$here/.peer"
peer_version="3.1.0"
candles=1000000

if [ ! -f "$peer_dir/node_modules/technicalindicators/package.json" ]; then
  mkdir -p "$peer_dir"
  (cd "$peer_dir" && npm install --no-audit --no-fund --no-save --silent "technicalindicators@$peer_version" >/dev/null)
fi

echo "peer: technicalindicators RSI(14) over $candles closes (node $(node --version))"
peer_json="$(NODE_PATH="$peer_dir/node_modules" node "$here/technicalindicators-rsi.js" "$candles")"
echo "$peer_json"
[ "${1:-}" = "--peer-only" ] && exit 0

echo "ours: IndicatorBatchBenchmarks.RsiBatch (BenchmarkDotNet, --job short)"
artifacts="$repo/BenchmarkDotNet.Artifacts/peer-run"
rm -rf "$artifacts"
dotnet run -c Release --project "$repo/tests/CryptoSignalTracker.Benchmarks" -- \
  --filter '*IndicatorBatchBenchmarks.RsiBatch*' --job short --buildTimeout 900 --exporters json --artifacts "$artifacts" >"$artifacts.log" 2>&1 \
  || { tail -30 "$artifacts.log"; exit 1; }
ours_json="$(find "$artifacts/results" -name '*IndicatorBatchBenchmarks-report-full*.json' | head -n 1)"
[ -n "$ours_json" ] || { echo "no BenchmarkDotNet JSON report under $artifacts/results" >&2; exit 1; }

PEER_JSON="$peer_json" OURS_JSON="$ours_json" BDN_LOG="$artifacts.log" node -e '
  const fs = require("fs");
  const peer = JSON.parse(process.env.PEER_JSON);
  const report = JSON.parse(fs.readFileSync(process.env.OURS_JSON, "utf8"));
  const b = report.Benchmarks.find(x => x.Method === "RsiBatch");
  if (!b || !b.Statistics) {
    console.error("BenchmarkDotNet produced no RsiBatch result; see " + process.env.BDN_LOG);
    process.exit(1);
  }
  const ours = b.Statistics.Mean; // ns per candle (OperationsPerInvoke = candles)
  const bytes = b.Memory ? b.Memory.BytesAllocatedPerOperation : "n/a";
  console.log(`ours RSI batch: ${ours.toFixed(3)} ns/candle, allocated ${bytes} B/candle`);
  console.log(`peer RSI:       ${peer.nsPerCandle.median.toFixed(3)} ns/candle (median of ${peer.runs}; min ${peer.nsPerCandle.min.toFixed(3)})`);
  console.log(`ratio:          ${(peer.nsPerCandle.median / ours).toFixed(1)}x (target >= 50x)`);
'
