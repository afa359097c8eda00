#!/usr/bin/env python3
"""Turns the RESULT lines of rt_bench, asio_bench and asyncio_bench.py into
the markdown ratio table of docs/benchmarks-runtime.md.

usage: report.py RT.txt ASIO.txt PY.txt  (each may hold several repetitions;
the median of the repetitions is used)"""
import statistics
import sys

ASIO_TWIN = {"offload_rtt_nospin": "offload_rtt_pool2"}  # rt row -> Asio row

TARGETS = {  # name: (description, comparison, bound) on rt/Asio; bound None = no target
    "post_self": ("post, self-repost on the loop thread", ">=", 1.0),
    "post_cross": ("post from another thread", ">=", 1.0),
    "offload_rtt_default": ("offload round trip, median (default pool vs asio::thread_pool(64))", "<=", 0.8),
    "offload_rtt_pool2": ("offload round trip, median (2-thread pools)", "<=", 0.8),
    "offload_rtt_nospin": ("offload round trip, median, rt polling off (vs 2-thread pool)", "<=", None),
    "timers_1e6": ("1e6 timers scheduled and fired", ">=", 1.0),
    "tcp_echo": ("loopback TCP echo, 16 conns x 1 KiB ping-pong", ">=", 0.9),
}


def load(path):
    runs = {}
    with open(path) as f:
        for line in f:
            p = line.split()
            if len(p) == 5 and p[0] == "RESULT":
                runs.setdefault(p[1], []).append((float(p[2]), p[3], p[4]))
    return runs


def med(entries):
    return statistics.median(v for v, _, _ in entries) if entries else None


def fmt(v):
    if v is None:
        return "n/a"
    if v >= 1e5:
        return f"{v / 1e6:.2f} M"
    return f"{v:.3g}"


def main():
    rt, asio, py = (load(p) for p in sys.argv[1:4])
    print("| benchmark | unit | asyncguard::rt | Asio | asyncio | rt/Asio | target | met | rt/asyncio |")
    print("|---|---|---|---|---|---|---|---|---|")
    missed = 0
    for name, (desc, cmp, bound) in TARGETS.items():
        twin = ASIO_TWIN.get(name, name)
        r, a, y = med(rt.get(name, [])), med(asio.get(twin, [])), med(py.get(name, []))
        unit = (rt.get(name) or asio.get(name) or [(0, "?", "")])[0][1]
        ratio = r / a if r is not None and a else None
        met = "n/a"
        if bound is None:
            met = "info"
        elif ratio is not None:
            ok = ratio >= bound if cmp == ">=" else ratio <= bound
            met = "yes" if ok else "**no**"
            missed += 0 if ok else 1
        ry = f"{r / y:.2f}" if r is not None and y else "n/a"
        print(f"| {desc} | {unit} | {fmt(r)} | {fmt(a)} | {fmt(y)} | "
              f"{'n/a' if ratio is None else f'{ratio:.2f}'} | "
              f"{'-' if bound is None else f'{cmp} {bound}'} | {met} | {ry} |")
    print()
    print(f"repetitions: rt {max((len(v) for v in rt.values()), default=0)}, "
          f"Asio {max((len(v) for v in asio.values()), default=0)}, "
          f"asyncio {max((len(v) for v in py.values()), default=0)} (median shown); "
          f"targets missed: {missed}")


if __name__ == "__main__":
    main()
