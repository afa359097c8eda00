#!/usr/bin/env bash
# README command 1: set up, build, and run asyncguard on the bundled demo
# service (testdata/demo), printing its findings.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
bash "$ROOT/scripts/setup.sh"
bash "$ROOT/scripts/build.sh" >/dev/null
# The demo's compile database, as a real project has one.
cmake -S "$ROOT/testdata/demo" -B "$ROOT/build/demo" -G Ninja \
  -DCMAKE_CXX_COMPILER=clang++-19 -DCMAKE_EXPORT_COMPILE_COMMANDS=ON >/dev/null
cd "$ROOT"
set +e
"$ROOT/build/bin/asyncguard" check -p build/demo "$@"
code=$?
set -e
echo "asyncguard exited with $code (1 = findings, as planted in testdata/demo)"
[[ $code == 1 ]] || exit "$code"
