#!/usr/bin/env python3
"""Measures asyncguard against its anchors in one run, on the same files:
clang++-19 -fsyntax-only (the parse alone) and clang-tidy-19 with
misc-coroutine-hostile-raii (the closest existing check).

Cases: the demo project (testdata/demo, its real compile database), one large
TU that includes standalone Asio, and a generated project of N TUs that each
include the standard library and Asio. For each: wall and CPU time (median of
--repeat runs), peak RSS; for the generated project also the warm-cache
re-run and -j2 against -j1. Prints a markdown table for docs/benchmarks.md.

Usage: bench/analyzer_bench.py [--binary build/bin/asyncguard] [--tus 50] [--repeat 3]
"""
import argparse, json, os, resource, shutil, statistics, subprocess, sys, tempfile, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def measure(cmd, cwd=None, env=None):
    """(wall seconds, cpu seconds, peak RSS MiB of the largest child) of one run."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    r = subprocess.run(cmd, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if r.returncode not in (0, 1):
        sys.exit(f"failed ({r.returncode}): {' '.join(cmd)}\n{r.stderr[-2000:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, after.ru_maxrss / 1024


def median_of(repeat, fn):
    runs = [fn() for _ in range(repeat)]
    return tuple(statistics.median(x[i] for x in runs) for i in range(3))


def per_file(tool, entries, extra):
    """Runs `tool` once per TU with the TU's flags, sequentially."""
    def run():
        wall = cpu = rss = 0.0
        for e in entries:
            w, c, m = measure([tool, *extra(e)], cwd=e["directory"])
            wall, cpu, rss = wall + w, cpu + c, max(rss, m)
        return wall, cpu, rss
    return run


def syntax_only_args(e):
    args = e.get("arguments") or e["command"].split()
    out = []
    skip = False
    for a in args[1:]:
        if skip:
            skip = False
            continue
        if a in ("-o", "-c"):
            skip = a == "-o"
            continue
        out.append(a)
    return ["-fsyntax-only", "-w", "-DASIO_HAS_CO_AWAIT", "-DASIO_HAS_STD_COROUTINE"] + out


def generate(dir, count):
    os.makedirs(os.path.join(dir, "src"))
    entries = []
    for i in range(count):
        path = os.path.join(dir, "src", f"session{i}.cpp")
        with open(path, "w") as fh:
            fh.write(f"""#include <asio.hpp>
#include <chrono>
#include <fstream>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace app{i} {{
std::string load(const std::string &p) {{ std::ifstream in(p); return std::string(std::istreambuf_iterator<char>(in), {{}}); }}
std::mutex mu;
asio::awaitable<void> session(asio::ip::tcp::socket sock) {{
  char buf[1024];
  std::map<std::string, int> seen;
  for (;;) {{
    std::size_t n = co_await sock.async_read_some(asio::buffer(buf), asio::use_awaitable);
    seen[std::string(buf, n)]++;
    if (n == 0) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    auto cfg = load("/etc/app{i}.conf");
    std::lock_guard lock(mu);
    co_await asio::async_write(sock, asio::buffer(buf, n), asio::use_awaitable);
  }}
}}
}}
""")
        entries.append({"directory": dir, "file": path,
                        "arguments": ["clang++-19", "-std=c++20", "-c", path, "-o", f"session{i}.o"]})
    with open(os.path.join(dir, "compile_commands.json"), "w") as fh:
        json.dump(entries, fh)
    return entries


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--binary", default=os.path.join(ROOT, "build/bin/asyncguard"))
    ap.add_argument("--tus", type=int, default=50)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    ag = os.path.abspath(args.binary)
    tmp = tempfile.mkdtemp(prefix="ag-bench-")
    rows = []
    try:
        # Demo: its real compile database.
        demo_build = os.path.join(tmp, "demo")
        subprocess.run(["cmake", "-S", os.path.join(ROOT, "testdata/demo"), "-B", demo_build, "-G", "Ninja",
                        "-DCMAKE_CXX_COMPILER=clang++-19"], check=True, capture_output=True)
        with open(os.path.join(demo_build, "compile_commands.json")) as fh:
            demo = json.load(fh)
        rows.append(("demo (%d TUs), clang++-19 -fsyntax-only" % len(demo),
                     median_of(args.repeat, per_file("clang++-19", demo, syntax_only_args))))
        rows.append(("demo, asyncguard check -j1 --no-cache",
                     median_of(args.repeat, lambda: measure([ag, "check", "-p", demo_build, "-j1", "--no-cache", "--quiet"], cwd=ROOT))))

        # The generated project (its first TU is also the "large TU with Asio" case).
        gen = os.path.join(tmp, "gen")
        entries = generate(gen, args.tus)
        one = entries[:1]
        rows.append(("1 TU with Asio, clang++-19 -fsyntax-only", median_of(args.repeat, per_file("clang++-19", one, syntax_only_args))))
        rows.append(("1 TU with Asio, asyncguard -j1 --no-cache",
                     median_of(args.repeat, lambda: measure([ag, "check", one[0]["file"], "-p", gen, "-j1", "--no-cache", "--quiet"], cwd=gen))))
        parse = per_file("clang++-19", entries, syntax_only_args)()
        rows.append((f"{args.tus} TUs, clang++-19 -fsyntax-only (sequential)", parse))
        cold1 = measure([ag, "check", "-p", gen, "-j1", "--no-cache", "--quiet"], cwd=gen)
        rows.append((f"{args.tus} TUs, asyncguard -j1 cold", cold1))
        cold2 = measure([ag, "check", "-p", gen, "-j2", "--no-cache", "--quiet"], cwd=gen)
        rows.append((f"{args.tus} TUs, asyncguard -j2 cold", cold2))
        cache = os.path.join(tmp, "cache")
        measure([ag, "check", "-p", gen, "-j2", "--cache-dir", cache, "--quiet"], cwd=gen)
        warm = measure([ag, "check", "-p", gen, "-j1", "--cache-dir", cache, "--quiet"], cwd=gen)
        rows.append((f"{args.tus} TUs, asyncguard warm re-run", warm))
        tidy = per_file("clang-tidy-19", entries, lambda e: ["-checks=-*,misc-coroutine-hostile-raii", "-p", gen, "--quiet", e["file"]])()
        rows.append((f"{args.tus} TUs, clang-tidy-19 misc-coroutine-hostile-raii (sequential)", tidy))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    print("| case | wall s | CPU s | peak RSS MiB |")
    print("|---|---:|---:|---:|")
    for name, (wall, cpu, rss) in rows:
        print(f"| {name} | {wall:.2f} | {cpu:.2f} | {rss:.0f} |")
    print()
    print(f"- cold -j1 / parse alone: wall {cold1[0] / parse[0]:.2f}x, CPU {cold1[1] / parse[1]:.2f}x")
    print(f"- warm / cold -j1: {warm[0] / cold1[0] * 100:.1f}% of the wall time")
    print(f"- -j1 / -j2 wall: {cold1[0] / cold2[0]:.2f}x faster with 2 workers")
    print(f"- peak RSS asyncguard -j1 / clang++ parse: {cold1[2] / parse[2]:.2f}x")
    print(f"- clang-tidy / asyncguard -j1 wall: {tidy[0] / cold1[0]:.2f}x")


if __name__ == "__main__":
    main()
