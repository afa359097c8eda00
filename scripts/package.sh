#!/usr/bin/env bash
# Builds the Debian package (CPack) from build/: the analyzer, the runtime as a
# CMake package, the rule docs and the integrations. Prints the .deb's path.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
bash "$ROOT/scripts/setup.sh" >&2
bash "$ROOT/scripts/build.sh" >&2
(cd "$ROOT/build" && cpack -G DEB -B "$ROOT/build/package" >&2)
ls "$ROOT"/build/package/asyncguard_*.deb
