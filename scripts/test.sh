#!/usr/bin/env bash
# The project's test command (README "Run the tests"): builds the solution and runs every test project.
# Services the tests need (the Pub/Sub, Bigtable and Firestore emulators) are started by
# scripts/emulators.sh when present, and stopped by their own process ids when this script exits.
set -euo pipefail
cd "$(dirname "$0")/.."

# What the tests need besides the repository (the .NET SDK, Java, the emulators, Node.js + npm): one line per missing
# prerequisite, saying how to get it, before anything is built.
bash scripts/prerequisites.sh

config=${CONFIGURATION:-Release}
dotnet build CryptoSignalTracker.sln -c "$config" --nologo -v quiet

if [[ -x scripts/emulators.sh ]]; then
  # shellcheck source=/dev/null
  source scripts/emulators.sh
  emulators_start
  trap emulators_stop EXIT
fi

log=$(mktemp)
status=0
dotnet test CryptoSignalTracker.sln -c "$config" --no-build --nologo "$@" 2>&1 | tee "$log" || status=$?

# One plain closing line over all test projects: "tests: N passed, N failed, N skipped".
awk '/(Passed|Failed)!/ {
       for (i = 1; i <= NF; i++) {
         if ($i == "Failed:") f += $(i+1); if ($i == "Passed:") p += $(i+1); if ($i == "Skipped:") s += $(i+1)
       } }
     END { printf "tests: %d passed, %d failed, %d skipped\n", p, f, s }' FS='[ ,]+' "$log"
rm -f "$log"
exit "$status"
