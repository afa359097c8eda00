#!/usr/bin/env bash
# Compares asyncguard's structural rules (lock-across-suspend,
# oversized-thread-pool, thread-per-task) with clang-tidy-19's
# misc-coroutine-hostile-raii on the same fixtures, counting per case the
# marked lines each tool reports (hits), the marked lines it misses, and the
# lines it reports that are not marked (false positives). The check runs with
# its default options and with every std lock type configured.
#
#   scripts/compare_clang_tidy.sh [ASYNCGUARD_BINARY]   (default: build/bin/asyncguard)
#
# Prints a markdown table (docs/structural-rules-vs-clang-tidy.md holds its output).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BINARY=$(realpath "${1:-$ROOT/build/bin/asyncguard}")
TIDY=${CLANG_TIDY:-clang-tidy-19}
cd "$ROOT"
python3 - "$BINARY" "$TIDY" <<'PY'
import json, os, re, subprocess, sys
binary, tidy = sys.argv[1], sys.argv[2]
rules = ["lock-across-suspend", "oversized-thread-pool", "thread-per-task"]
all_locks = ("{CheckOptions: {misc-coroutine-hostile-raii.RAIITypesList: "
             "'std::lock_guard;std::unique_lock;std::scoped_lock;std::shared_lock'}}")
warn = re.compile(r"//\s*WARN:\s*([a-z0-9,\- ]+)")

def header(path, key):
    out = []
    with open(path) as fh:
        for line in fh:
            if not line.startswith("//"):
                break
            if line.startswith(f"// {key}:"):
                out.append(line.split(":", 1)[1].strip())
    return out

def flags(path):
    return ["-std=c++20", "-isystem", "testdata/include", "-isystem", "runtime/include"] + \
        " ".join(header(path, "ARGS")).split()

def marked(path, rule):
    lines = set()
    with open(path) as fh:
        for no, line in enumerate(fh, 1):
            m = warn.search(line)
            if m and rule in [r.strip() for r in m.group(1).split(",")]:
                lines.add(no)
    return lines

def asyncguard(path, rule):
    cmd = [binary, "check", "--format", "json", "--quiet"]
    config = header(path, "CONFIG")
    tmp = None
    if config:
        tmp = f"/tmp/ag-compare-{os.getpid()}.json"
        with open(tmp, "w") as fh:
            fh.write(config[0])
        cmd += ["--config", tmp]
    res = subprocess.run(cmd + [path, "--"] + flags(path), capture_output=True, text=True)
    if tmp:
        os.unlink(tmp)
    return {f["line"] for f in json.loads(res.stdout)["findings"] if f["rule"] == rule}

def clang_tidy(path, config):
    cmd = [tidy, "--quiet", "-checks=-*,misc-coroutine-hostile-raii"]
    if config:
        cmd.append("-config=" + config)
    res = subprocess.run(cmd + [path, "--"] + flags(path), capture_output=True, text=True)
    base = os.path.basename(path)
    return {int(m.group(1)) for m in re.finditer(
        re.escape(base) + r":(\d+):\d+: warning: .*\[misc-coroutine-hostile-raii\]", res.stdout)}

def cell(got, want):
    return f"{len(got & want)} / {len(want - got)} / {len(got - want)}"

print("| rule | case | marked | asyncguard | clang-tidy (default) | clang-tidy (all lock types) |")
print("|---|---|---:|---|---|---|")
totals = {k: [0, 0, 0] for k in ("ag", "td", "ta")}
for rule in rules:
    folder = f"testdata/rules/{rule}"
    for name in sorted(f for f in os.listdir(folder) if f.endswith(".cpp") and not f.endswith(".fixed.cpp")):
        path = f"{folder}/{name}"
        want = marked(path, rule)
        results = {"ag": asyncguard(path, rule), "td": clang_tidy(path, None), "ta": clang_tidy(path, all_locks)}
        for k, got in results.items():
            totals[k][0] += len(got & want); totals[k][1] += len(want - got); totals[k][2] += len(got - want)
        print(f"| {rule} | {name[:-4]} | {len(want)} | " + " | ".join(cell(results[k], want) for k in ("ag", "td", "ta")) + " |")
fmt = lambda t: f"**{t[0]} / {t[1]} / {t[2]}**"
print(f"| **total** | | | {fmt(totals['ag'])} | {fmt(totals['td'])} | {fmt(totals['ta'])} |")
print()
print("Cells: hits / misses / false positives (reported lines not marked `// WARN: <rule>`).")
PY
