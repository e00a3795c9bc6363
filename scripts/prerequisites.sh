#!/usr/bin/env bash
# What `scripts/test.sh` needs besides the repository, checked before anything is built:
#   the .NET SDK named in global.json, Java (the Pub/Sub and Firestore emulators run on it), the Google Cloud
#   emulators (Pub/Sub, Bigtable, Firestore; the data-plane tests run against them), Node.js + npm (Google's
#   Node.js Pub/Sub client is the interop peer), Chromium (the dashboard's browser tests drive it with Playwright;
#   Playwright's own browser download is not used).
# Without arguments it prints one line per missing prerequisite saying how to get it and exits 1 (0 when all is
# there). With --install it installs the missing ones with apt-get (Debian/Ubuntu with Google's apt repository;
# what CI does), then checks again. The .NET SDK is never installed by this script: see the line it prints.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

install=false
case "${1:-}" in
  "") ;;
  --install) install=true ;;
  *) echo "usage: scripts/prerequisites.sh [--install]" >&2; exit 2 ;;
esac

sdk_version=$(sed -n 's/.*"version": *"\([0-9][0-9.]*\)".*/\1/p' "$root/global.json" | head -n 1)
sdk_major=${sdk_version%%.*}

# Where the gcloud SDK's emulator components live: what `gcloud info` says, as scripts/emulators.sh asks it.
gcloud_root() {
  local sdk=""
  if command -v gcloud >/dev/null 2>&1; then
    sdk=$(gcloud info --format='value(installation.sdk_root)' 2>/dev/null || true)
  fi
  echo "${sdk:-/usr/lib/google-cloud-sdk}"
}

# Each check prints "apt-package<TAB>what is missing and how to get it" for what is missing.
missing() {
  local lines=()
  if ! command -v dotnet >/dev/null 2>&1; then
    lines+=($'-\t'"dotnet: the .NET $sdk_version SDK is not installed; get it from https://dot.net/download (or: apt-get install dotnet-sdk-$sdk_major.0)")
  elif ! dotnet --list-sdks 2>/dev/null | grep -q "^$sdk_major\."; then
    lines+=($'-\t'"dotnet: no .NET $sdk_major SDK (global.json asks for $sdk_version; found: $(dotnet --list-sdks 2>/dev/null | cut -d' ' -f1 | paste -sd, -)); get it from https://dot.net/download")
  fi
  command -v java >/dev/null 2>&1 \
    || lines+=($'default-jre-headless\t'"java: not installed; the Pub/Sub and Firestore emulators run on it (apt-get install default-jre-headless)")
  command -v gcloud >/dev/null 2>&1 \
    || lines+=($'google-cloud-cli\t'"gcloud: not installed; scripts/emulators.sh asks it where the emulators are (apt-get install google-cloud-cli, from Google's apt repository https://cloud.google.com/sdk/docs/install#deb)")
  local sdk
  sdk=$(gcloud_root)
  [[ -x "$sdk/platform/pubsub-emulator/bin/cloud-pubsub-emulator" ]] \
    || lines+=($'google-cloud-cli-pubsub-emulator\t'"Pub/Sub emulator: not at $sdk/platform/pubsub-emulator (apt-get install google-cloud-cli-pubsub-emulator)")
  [[ -x "$sdk/platform/bigtable-emulator/cbtemulator" ]] \
    || lines+=($'google-cloud-cli-bigtable-emulator\t'"Bigtable emulator: not at $sdk/platform/bigtable-emulator (apt-get install google-cloud-cli-bigtable-emulator)")
  [[ -x "$sdk/platform/cloud-firestore-emulator/cloud_firestore_emulator" ]] \
    || lines+=($'google-cloud-cli-firestore-emulator\t'"Firestore emulator: not at $sdk/platform/cloud-firestore-emulator (apt-get install google-cloud-cli-firestore-emulator)")
  command -v node >/dev/null 2>&1 \
    || lines+=($'nodejs\t'"node: not installed; Google's Node.js Pub/Sub client is the interop peer (apt-get install nodejs npm)")
  command -v npm >/dev/null 2>&1 \
    || lines+=($'npm\t'"npm: not installed; it installs the Node.js Pub/Sub peer (apt-get install npm)")
  command -v chromium >/dev/null 2>&1 \
    || lines+=($'chromium\t'"chromium: not installed; the dashboard's browser tests drive it through Playwright (apt-get install chromium)")
  ((${#lines[@]})) && printf '%s\n' "${lines[@]}"
  return 0
}

found=$(missing)
if [[ -n "$found" && $install == true ]]; then
  packages=$(cut -f1 <<<"$found" | grep -v '^-$' | paste -sd' ' - || true)
  if [[ -n "$packages" ]]; then
    echo "prerequisites: installing $packages" >&2
    # shellcheck disable=SC2086
    apt-get update && apt-get install -y --no-install-recommends $packages
  fi
  found=$(missing)
fi

if [[ -n "$found" ]]; then
  cut -f2- <<<"$found" | sed 's/^/missing: /' >&2
  echo "prerequisites: $(wc -l <<<"$found") missing (scripts/prerequisites.sh --install installs them on Debian/Ubuntu)" >&2
  exit 1
fi
