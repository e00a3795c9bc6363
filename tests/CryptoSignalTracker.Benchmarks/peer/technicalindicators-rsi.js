// Times the npm package `technicalindicators` RSI(14) on the same 1,000,000 closes as our
// IndicatorBatchBenchmarks.RsiBatch: the walk below is Indicators/RandomWalk.cs line for line
// (32-bit LCG s = s*1664525 + 1013904223 mod 2^32, seed 20250530, start 30000, steps uniform in ±10).
// Prints one JSON line: {"peer":..., "candles":..., "nsPerCandle":{"min":...,"median":...}, ...}.
'use strict';

const { RSI } = require('technicalindicators');

const length = Number(process.argv[2] || 1000000);
const runs = Number(process.argv[3] || 5);
const seed = 20250530;
const startPrice = 30000;
const maxStep = 20;
const twoToThe32 = 4294967296;
const period = 14;

function closes(n) {
  let state = seed >>> 0;
  let price = startPrice;
  const out = new Array(n);
  for (let i = 0; i < n; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    price += (state / twoToThe32 - 0.5) * maxStep;
    out[i] = price;
  }
  return out;
}

const values = closes(length);
RSI.calculate({ values: values.slice(0, 10000), period }); // let V8 optimise before timing
const times = [];
let result = [];
for (let r = 0; r < runs; r++) {
  const start = process.hrtime.bigint();
  result = RSI.calculate({ values, period });
  times.push(Number(process.hrtime.bigint() - start) / length);
}
times.sort((a, b) => a - b);
console.log(JSON.stringify({
  peer: 'technicalindicators ' + require('technicalindicators/package.json').version,
  node: process.version,
  candles: length,
  runs,
  nsPerCandle: { min: times[0], median: times[Math.floor(times.length / 2)] },
  lastClose: values[length - 1],
  lastRsi: result[result.length - 1],
}));
