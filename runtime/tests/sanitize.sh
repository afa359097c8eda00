#!/usr/bin/env bash
# Builds the runtime standalone under ThreadSanitizer and under
# AddressSanitizer+UndefinedBehaviorSanitizer, runs all its tests (including
# the example's self-test) and exits non-zero on any failure.
#
#   runtime/tests/sanitize.sh          short mode (default): stress sizes x0.02
#   runtime/tests/sanitize.sh --full   stress sizes x0.25
#
# Environment: CXX (compiler, default c++), ASYNCGUARD_RT_SANITIZE_DIR (build
# root, default runtime/build-sanitize: per checkout, so that another clone's
# CMake cache is never reused), ASYNCGUARD_RT_STRESS_SCALE
# (overrides the mode's scale), JOBS (build parallelism, default 2).
set -euo pipefail

runtime_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build_root=${ASYNCGUARD_RT_SANITIZE_DIR:-$runtime_dir/build-sanitize}
jobs=${JOBS:-2}
scale=0.02
if [[ "${1:-}" == "--full" ]]; then
  scale=0.25
elif [[ -n "${1:-}" ]]; then
  echo "usage: $0 [--full]" >&2
  exit 2
fi
export ASYNCGUARD_RT_STRESS_SCALE=${ASYNCGUARD_RT_STRESS_SCALE:-$scale}
export TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1 ${TSAN_OPTIONS:-}"
export ASAN_OPTIONS="detect_leaks=1:halt_on_error=1:detect_stack_use_after_return=0:${ASAN_OPTIONS:-}"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1:${UBSAN_OPTIONS:-}"

status=0
for san in thread address; do
  dir="$build_root/$san"
  echo "== asyncguard_rt: $san sanitizer (stress scale $ASYNCGUARD_RT_STRESS_SCALE) in $dir"
  start=$SECONDS
  # -O1 keeps compile times (and the whole script) short on 2 cores.
  cmake -S "$runtime_dir" -B "$dir" -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS_DEBUG="-O1 -g" \
    -DASYNCGUARD_RT_SANITIZE="$san" -DASYNCGUARD_RT_BENCH=OFF >/dev/null
  cmake --build "$dir" -j "$jobs"
  if ! ctest --test-dir "$dir" --output-on-failure -j "$jobs" --timeout 300; then
    echo "== asyncguard_rt: $san sanitizer FAILED" >&2
    status=1
  fi
  echo "== asyncguard_rt: $san sanitizer done in $((SECONDS - start)) s"
done
exit $status
