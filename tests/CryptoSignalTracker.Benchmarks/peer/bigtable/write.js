#!/usr/bin/env node
// Peer for BigtableWriteBenchmarks: Google's official Node.js client (@google-cloud/bigtable, installed
// into ./.peer) writes the prepared candle rows to the emulator named by BIGTABLE_EMULATOR_HOST, in the
// same batches as our store (10,000 rows per MutateRows, 2 in flight), and prints its CPU use.
//
//   node write.js <project> <instance> <table> <rows.csv>
// rows.csv: key,open,high,low,close,volume,trades,buy_volume,sell_volume (values already decimal text).
'use strict';
const path = require('path');
const fs = require('fs');

const FAMILY = 'market';
const ROWS_PER_BATCH = 10000;
const IN_FLIGHT = 2;
const COLUMNS = ['open', 'high', 'low', 'close', 'volume', 'trades', 'buy_volume', 'sell_volume'];

async function main() {
  const [project, instance, tableId, file] = process.argv.slice(2);
  if (!file) throw new Error('usage: write.js <project> <instance> <table> <rows.csv>');
  if (!process.env.BIGTABLE_EMULATOR_HOST) throw new Error('BIGTABLE_EMULATOR_HOST is not set');
  const { Bigtable } = require(path.join(__dirname, '.peer', 'node_modules', '@google-cloud', 'bigtable'));
  const table = new Bigtable({ projectId: project }).instance(instance).table(tableId);

  const lines = fs.readFileSync(file, 'utf8').trim().split('\n');
  const startCpu = process.cpuUsage();
  const start = process.hrtime.bigint();
  const entries = lines.map((line) => {
    const f = line.split(',');
    const cells = {};
    COLUMNS.forEach((c, i) => { cells[c] = f[i + 1]; });
    return { key: f[0], data: { [FAMILY]: cells } };
  });
  const batches = [];
  for (let i = 0; i < entries.length; i += ROWS_PER_BATCH) batches.push(entries.slice(i, i + ROWS_PER_BATCH));
  let next = 0;
  const worker = async () => { while (next < batches.length) { const b = batches[next++]; await table.insert(b); } };
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const write = process.cpuUsage(startCpu);
  const total = process.cpuUsage();
  process.stdout.write(JSON.stringify({
    rows: entries.length,
    seconds,
    rowsPerSecond: entries.length / seconds,
    writeCpuSeconds: (write.user + write.system) / 1e6,
    totalCpuSeconds: (total.user + total.system) / 1e6,
  }));
}

main().catch((err) => {
  process.stderr.write(`write.js: ${err.stack || err}\n`);
  process.exit(1);
});
