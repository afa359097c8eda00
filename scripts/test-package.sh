#!/usr/bin/env bash
# Builds the .deb here and installs it in a fresh Debian 12 root with the shared
# fresh-root tool (../shared/tools/fresh-root-run.sh), where
# scripts/package-smoke.sh builds the demo against the installed runtime and
# checks it with the installed analyzer. Needs root and mmdebstrap (the tool
# installs it from apt); about 5 minutes.
# The .deb reaches the root through /dev/shm, the one host folder the tool
# mounts into it (with /dev).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
deb=$(bash "$ROOT/scripts/package.sh" | tail -1)
drop=$(mktemp -d /dev/shm/asyncguard-deb.XXXXXX)
trap 'rm -rf "$drop"' EXIT
cp "$deb" "$drop/"
cd "$ROOT"
tool=${FRESH_ROOT_TOOL:-$ROOT/../shared/tools/fresh-root-run.sh}
[[ -f $tool ]] || { echo "test-package: the fresh-root tool is not at $tool (set FRESH_ROOT_TOOL)"; exit 2; }
bash "$tool" "bash scripts/package-smoke.sh $drop/$(basename "$deb")"
