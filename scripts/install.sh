#!/usr/bin/env bash
# Installs `cst` from this checkout as a .NET tool, so you type `cst backtest ...` instead of
# `dotnet run --project tools/Cst -c Release -- backtest ...` (which checks the build on every call).
#
#   bash scripts/install.sh                   # global tool: ~/.dotnet/tools/cst
#   bash scripts/install.sh --tool-path DIR   # DIR/cst, nothing global
#   --no-build                                # pack the Release build already there (after scripts/test.sh)
#
# Run it again after `git pull` to update. Each install is packed with its own version (0.4.0-local.TIMESTAMP) so
# NuGet's package cache never hands back an older build of the same version. Uninstall: dotnet tool uninstall -g
# cryptosignaltracker.cst (or delete DIR).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

where=(--global)
build=()
while (($#)); do
  case "$1" in
    --tool-path)
      [[ -n "${2:-}" ]] || { echo "install: --tool-path needs a directory" >&2; exit 2; }
      mkdir -p "$2"
      where=(--tool-path "$(cd "$2" && pwd)")
      shift 2
      ;;
    --no-build) build=(--no-build); shift ;;
    *) echo "install: unknown option '$1'; usage: scripts/install.sh [--tool-path DIR] [--no-build]" >&2; exit 2 ;;
  esac
done

command -v dotnet >/dev/null 2>&1 || { echo "install: dotnet is not installed; get the .NET 10 SDK from https://dot.net/download" >&2; exit 1; }

base=$(sed -n 's:.*<Version>\(.*\)</Version>.*:\1:p' "$root/tools/Cst/Cst.csproj" | head -n 1)
version="$base-local.$(date -u +%Y%m%d%H%M%S)"
feed=$root/.artifacts/cst
rm -rf "$feed"
mkdir -p "$feed"

echo "install: packing cst $version (a Release build; the first one takes a few minutes)"
dotnet pack "$root/tools/Cst/Cst.csproj" -c Release -o "$feed" -p:Version="$version" --nologo -v quiet "${build[@]}"

# Replace whatever cst is installed there (update refuses to move between prerelease builds of one base version).
dotnet tool uninstall "${where[@]}" cryptosignaltracker.cst >/dev/null 2>&1 || true
dotnet tool install "${where[@]}" cryptosignaltracker.cst --version "$version" --add-source "$feed" --ignore-failed-sources >/dev/null

if [[ ${where[0]} == --global ]]; then
  bin=$HOME/.dotnet/tools
else
  bin=${where[1]}
fi
echo "install: cst $version is $bin/cst"
case ":$PATH:" in
  *":$bin:"*) ;;
  *) echo "install: $bin is not on your PATH; add it: export PATH=\"\$PATH:$bin\"" ;;
esac
