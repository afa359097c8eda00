#!/usr/bin/env bash
# README command 2 (and CI): set up, build, and run every test: analyzer
# units, fixtures, end-to-end (demo, SARIF validator), runtime tests, and the
# runtime under ThreadSanitizer and AddressSanitizer.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
start=$(date +%s)
bash "$ROOT/scripts/setup.sh"
bash "$ROOT/scripts/build.sh"
echo "== ctest"
ctest --test-dir "$ROOT/build" -j 2 --output-on-failure --timeout 900
if [[ -x $ROOT/runtime/tests/sanitize.sh ]] || [[ -f $ROOT/runtime/tests/sanitize.sh ]]; then
  echo "== runtime under sanitizers"
  bash "$ROOT/runtime/tests/sanitize.sh"
fi
echo "== fuzzers (short)"; bash "$ROOT/tool/fuzz/run.sh" 10
echo "== all tests passed in $(( $(date +%s) - start ))s"
