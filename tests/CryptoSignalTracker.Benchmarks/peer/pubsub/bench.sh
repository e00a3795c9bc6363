#!/usr/bin/env bash
# Pub/Sub publish benchmark: our PubSubPublisher (.NET) vs Google's official Node.js client, each in its own
# process, publishing the same messages to the same private Pub/Sub emulator. Per run it reports messages/s,
# CPU seconds inside the publish window (each process measures itself), and whole-process CPU seconds
# (user+sys from /usr/bin/time, start-up and JIT included).
#   tests/CryptoSignalTracker.Benchmarks/peer/pubsub/bench.sh [messages=100000] [payloadBytes=200] [rounds=2]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../../.." && pwd)
messages=${1:-100000}
bytes=${2:-200}
rounds=${3:-2}

bash "$root/tests/interop/pubsub/install-peer.sh"
tool=$root/tests/interop/pubsub/bench-dotnet
dotnet build "$tool/PubSubPublishBench.csproj" -c Release --nologo -v quiet -o "$root/.emulators/bench-dotnet" >/dev/null

# shellcheck source=/dev/null
source "$root/scripts/emulators.sh"
emulators_start pubsub
trap emulators_stop EXIT

measure() { # measure NAME CMD... : runs CMD under /usr/bin/time, prints its JSON line plus process CPU seconds
  local name=$1 timing
  shift
  timing=$(mktemp)
  local json
  json=$(/usr/bin/time -f '%U %S %M' -o "$timing" "$@")
  read -r user sys maxrss <"$timing"
  rm -f "$timing"
  python3 -c 'import json,sys; d=json.loads(sys.argv[1]); u,s,m=map(float,sys.argv[2:5]); d["processCpuSeconds"]=round(u+s,2); d["maxRssMb"]=round(m/1024); print(json.dumps(d))' \
    "$json" "$user" "$sys" "$maxrss"
}

echo "Pub/Sub publish: $messages messages x $bytes bytes, $rounds round(s) each, alternating; emulator $PUBSUB_EMULATOR_HOST; $(nproc) cores"
for ((r = 1; r <= rounds; r++)); do
  measure dotnet dotnet "$root/.emulators/bench-dotnet/PubSubPublishBench.dll" "$CST_GCP_PROJECT" "bench-dotnet-$r" "$messages" "$bytes"
  measure node node "$here/node-publish.cjs" "$CST_GCP_PROJECT" "bench-node-$r" "$messages" "$bytes"
done
