#!/usr/bin/env bash
# Installs Google's official Node.js Pub/Sub client (the peer for interop tests and the benchmark) into
# tests/interop/pubsub/.peer (gitignored). Idempotent: does nothing when the pinned version is already there.
# (6.x needs @google-cloud/pubsub-api, which the registry mirror here does not serve; 5.3.1 is the newest that installs.)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
version=5.3.1
installed=$here/.peer/node_modules/@google-cloud/pubsub/package.json
if [[ -f "$installed" ]] && grep -q "\"version\": \"$version\"" "$installed"; then
  exit 0
fi
command -v npm >/dev/null 2>&1 || { echo "install-peer: npm is not installed (node 20 + npm are needed for the Pub/Sub interop peer)" >&2; exit 1; }
mkdir -p "$here/.peer"
npm install --prefix "$here/.peer" --no-audit --no-fund --loglevel=error "@google-cloud/pubsub@$version"
