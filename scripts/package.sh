#!/usr/bin/env bash
# Builds the Debian package (CPack) from build/: the analyzer, the runtime as a
# CMake package, the rule docs and the integrations. Builds only what is
# installed (not the tests). Prints the .deb's path.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
bash "$ROOT/scripts/setup.sh" >&2
# CMAKE_SKIP_INSTALL_ALL_DEPENDENCY: CPack's install step would otherwise
# build every target first, tests included.
cmake -S "$ROOT" -B "$ROOT/build" -G Ninja -DCMAKE_BUILD_TYPE=Release \
  -DCMAKE_SKIP_INSTALL_ALL_DEPENDENCY=ON >/dev/null
cmake --build "$ROOT/build" -j "${JOBS:-2}" --target asyncguard asyncguard_rt >&2
rm -rf "$ROOT/build/package"
(cd "$ROOT/build" && cpack -G DEB -B "$ROOT/build/package" >&2)
ls "$ROOT"/build/package/asyncguard_*.deb
