#!/usr/bin/env bash
# Builds the libFuzzer targets into build-fuzz/ and runs each for SECONDS
# (default 10) on a copy of its seed corpus; fails on any crash, leak, UB or
# timeout. Usage: tool/fuzz/run.sh [SECONDS]
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
SECONDS_EACH=${1:-10}
BUILD=$ROOT/build-fuzz
TARGETS=(ConfigFuzzer CompileDbFuzzer NolintFuzzer ReporterFuzzer FactsFuzzer BaselineFuzzer
         CacheEntryFuzzer LspFramingFuzzer)
# Inputs up to 1 MiB: enough for ~70 000 nested brackets, the depth that
# overflowed nlohmann's recursive parser (issue 20).
MAX_LEN=1048576
cmake -S "$ROOT" -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_CXX_COMPILER=clang++-19 -DASYNCGUARD_FUZZ=ON \
  -DASYNCGUARD_BUILD_TESTS=OFF -DASYNCGUARD_BUILD_RUNTIME=OFF >/dev/null
ninja -C "$BUILD" -j2 "${TARGETS[@]}"
WORK=$(mktemp -d)
mkdir -p "$BUILD/fuzz"
trap 'rm -rf "$WORK"' EXIT
for T in "${TARGETS[@]}"; do
  mkdir -p "$WORK/$T"
  cp "$ROOT/tool/fuzz/corpus/$T/"* "$WORK/$T/"
  echo "-- $T (${SECONDS_EACH}s)"
  if ! (cd "$WORK" && "$BUILD/fuzz/$T" -max_total_time="$SECONDS_EACH" -timeout=5 \
        -rss_limit_mb=2048 -max_len="$MAX_LEN" -close_fd_mask=2 -print_final_stats=1 -artifact_prefix="$BUILD/fuzz/"  "$WORK/$T" >"$WORK/$T.log" 2>&1); then
    tail -n 60 "$WORK/$T.log"
    echo "fuzz target $T failed (reproducer in the log above; see docs/fuzzing.md)" >&2
    exit 1
  fi
  grep -E '^#[0-9]+.*DONE|stat::number_of_executed_units' "$WORK/$T.log" | tail -n 2
done
