#!/usr/bin/env bash
# Builds the runtime benchmarks (Release) and runs asyncguard::rt, standalone
# Asio and Python asyncio side by side, then prints the markdown ratio table.
#
#   runtime/bench/run.sh            3 repetitions of every benchmark
#   REPS=5 runtime/bench/run.sh     more repetitions (median is reported)
#
# Environment: CXX, ASYNCGUARD_RT_BENCH_DIR (build dir, default
# $TMPDIR/asyncguard-rt-bench), JOBS (build parallelism, default 1), REPS.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
runtime_dir=$(cd "$here/.." && pwd)
build=${ASYNCGUARD_RT_BENCH_DIR:-${TMPDIR:-/tmp}/asyncguard-rt-bench}
reps=${REPS:-3}

cmake -S "$runtime_dir" -B "$build" -DCMAKE_BUILD_TYPE=Release -DASYNCGUARD_RT_BENCH=ON \
  -DASYNCGUARD_RT_TESTS=OFF -DASYNCGUARD_RT_EXAMPLES=OFF -DASYNCGUARD_RT_SANITIZE= >/dev/null
cmake --build "$build" -j "${JOBS:-1}" >/dev/null

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
for ((r = 1; r <= reps; r++)); do
  echo "repetition $r/$reps" >&2
  # Interleaved so that background load hits every side alike.
  "$build/bench/asyncguard_rt_bench" | tee -a "$out/rt.txt" >&2
  "$build/bench/asyncguard_rt_asio_bench" | tee -a "$out/asio.txt" >&2
  python3 "$here/asyncio_bench.py" | tee -a "$out/py.txt" >&2
done
echo
echo "machine: $(nproc) cores, $(uname -sr), load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "compiler: $(${CXX:-c++} --version | head -1); $(python3 --version)"
echo
python3 "$here/report.py" "$out/rt.txt" "$out/asio.txt" "$out/py.txt"
