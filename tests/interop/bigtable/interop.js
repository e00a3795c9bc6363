#!/usr/bin/env node
// Interop check with Google's official Node.js Bigtable client (@google-cloud/bigtable, installed into
// ./.peer by `npm install --prefix .peer`; see README "Storage"). Talks to the emulator named by
// BIGTABLE_EMULATOR_HOST, exactly as the client does for any user.
//
//   node interop.js read  <project> <instance> <table> <symbol>          -> JSON rows on stdout
//   node interop.js write <project> <instance> <table> <rows.json>       -> writes the rows
//
// A row is {"key": "BTCUSDT#1748623140", "cells": {"open": "104217.5", ...}} in family "market".
'use strict';
const path = require('path');
const fs = require('fs');

const FAMILY = 'market';

function client(project, instance, table) {
  if (!process.env.BIGTABLE_EMULATOR_HOST) {
    throw new Error('BIGTABLE_EMULATOR_HOST is not set; this script only talks to an emulator');
  }
  const { Bigtable } = require(path.join(__dirname, '.peer', 'node_modules', '@google-cloud', 'bigtable'));
  return new Bigtable({ projectId: project }).instance(instance).table(table);
}

async function read(project, instance, table, symbol) {
  const t = client(project, instance, table);
  // The symbol's key prefix, latest cell of each column only (GC is lazy).
  const [rows] = await t.getRows({
    prefix: symbol + '#',
    filter: [{ family: FAMILY }, { column: { cellLimit: 1 } }],
  });
  const out = rows.map((row) => {
    const cells = {};
    for (const [qualifier, versions] of Object.entries(row.data[FAMILY] || {})) {
      cells[qualifier] = versions[0].value;
    }
    return { key: row.id, cells };
  });
  process.stdout.write(JSON.stringify(out));
}

async function write(project, instance, table, file) {
  const rows = JSON.parse(fs.readFileSync(file, 'utf8'));
  const entries = rows.map((r) => ({ key: r.key, data: { [FAMILY]: r.cells } }));
  await client(project, instance, table).insert(entries);
  process.stdout.write(JSON.stringify({ written: entries.length }));
}

async function main() {
  const [mode, ...args] = process.argv.slice(2);
  if (mode === 'read' && args.length === 4) return read(...args);
  if (mode === 'write' && args.length === 4) return write(...args);
  throw new Error('usage: interop.js read <project> <instance> <table> <symbol> | write <project> <instance> <table> <rows.json>');
}

main().catch((err) => {
  process.stderr.write(`interop.js: ${err.stack || err}\n`);
  process.exit(1);
});
