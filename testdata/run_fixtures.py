#!/usr/bin/env python3
"""Runs the annotated fixtures through the real asyncguard binary.

A fixture is a C++ file (testdata/rules/<rule-id>/<case>.cpp) or a folder of
files analysed as one project (testdata/transitive/<case>/). Optional first
lines: `// ARGS: <clang flags>`, `// FLAGS: <asyncguard check flags>` and
`// CONFIG: {json}`. A line that must be
reported ends in `// WARN: <rule-id>[, <rule-id>]`; `// OK: <why>` marks a
look-alike; every other line must be silent too.

Checks, per case: the (file, line, rule) set equals the markers; the exit
code is 1 with findings and 0 without (3 only where `// EXPECT-EXIT: 3`);
the text output equals <case>.expected (--update rewrites it); where
<case>.fixed.cpp exists, --fix on a copy gives exactly that file, it
compiles, and re-checking it reports none of the fixed findings.
"""
import argparse, difflib, json, os, re, shutil, subprocess, sys, tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
WARN = re.compile(r"//\s*WARN:\s*([a-z0-9,\- ]+)")
MARK_OK = re.compile(r"//\s*OK:")


def cases(selected):
    base = os.path.join(ROOT, "testdata")
    found = []
    for group in ("rules", "transitive"):
        top = os.path.join(base, group)
        if not os.path.isdir(top):
            continue
        for sub in sorted(os.listdir(top)):
            path = os.path.join(top, sub)
            if group == "transitive" and os.path.isdir(path):
                files = sorted(os.path.join(path, f) for f in os.listdir(path) if f.endswith(".cpp"))
                found.append((f"transitive/{sub}", files, path))
            elif group == "rules" and os.path.isdir(path):
                for f in sorted(os.listdir(path)):
                    if f.endswith(".cpp") and not f.endswith(".fixed.cpp"):
                        found.append((f"rules/{sub}/{f[:-4]}", [os.path.join(path, f)], os.path.join(path, f[:-4])))
    return [c for c in found if not selected or any(s in c[0] for s in selected)]


def header(files, key):
    values = []
    for f in files:
        with open(f, encoding="utf-8") as fh:
            for line in fh:
                if not line.startswith("//"):
                    break
                if line.startswith(f"// {key}:"):
                    values.append(line.split(":", 1)[1].strip())
    return values


def markers(files):
    expected = set()
    for f in files:
        rel = os.path.relpath(f, ROOT)
        with open(f, encoding="utf-8") as fh:
            for no, line in enumerate(fh, 1):
                m = WARN.search(line)
                if m:
                    for rule in m.group(1).split(","):
                        if rule.strip():
                            expected.add((rel, no, rule.strip()))
    return expected


def run(binary, files, fmt, config, extra_flags, fix=None, tool_flags=()):
    cmd = [binary, "check", "--format", fmt, "--quiet", "-j", "2", *tool_flags]
    if config:
        cmd += ["--config", config]
    if fix:
        cmd.append(fix)
    cmd += [os.path.relpath(f, ROOT) for f in files]
    cmd += ["--", "-std=c++20", "-isystem", os.path.join(ROOT, "testdata/include"),
            "-isystem", os.path.join(ROOT, "runtime/include")] + extra_flags
    return subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=300)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--binary", required=True)
    ap.add_argument("--update", action="store_true", help="rewrite .expected goldens")
    ap.add_argument("only", nargs="*", help="substrings of case names to run")
    args = ap.parse_args()
    binary = os.path.abspath(args.binary)
    failures = []
    all_cases = cases(args.only)
    for name, files, stem in all_cases:
        problems = []
        flags = " ".join(header(files, "ARGS")).split()
        tool_flags = " ".join(header(files, "FLAGS")).split()
        configs = header(files, "CONFIG")
        config_path = None
        tmp = tempfile.mkdtemp(prefix="agfix-")
        try:
            if configs:
                config_path = os.path.join(tmp, ".asyncguard.json")
                with open(config_path, "w") as fh:
                    fh.write(configs[0])
            expect_exit = (header(files, "EXPECT-EXIT") or [None])[0]
            res = run(binary, files, "json", config_path, flags, tool_flags=tool_flags)
            try:
                report = json.loads(res.stdout)
            except json.JSONDecodeError:
                problems.append(f"no JSON report (exit {res.returncode}): {res.stderr.strip()[:2000]}")
                report = None
            if report is not None:
                got = {(f["file"], f["line"], f["rule"]) for f in report["findings"]}
                want = markers(files)
                for item in sorted(want - got):
                    problems.append("missing  %s:%d [%s]" % item)
                for item in sorted(got - want):
                    problems.append("unexpected %s:%d [%s]" % item)
                code = 1 if got else 0
                if expect_exit:
                    code = int(expect_exit)
                if res.returncode != code:
                    problems.append(f"exit code {res.returncode}, expected {code}: {res.stderr.strip()[:2000]}")
            text = run(binary, files, "text", config_path, flags, tool_flags=tool_flags).stdout
            golden = stem + ".expected" if name.startswith("rules/") else os.path.join(stem, "expected.txt")
            if args.update:
                with open(golden, "w", encoding="utf-8") as fh:
                    fh.write(text)
            elif not os.path.exists(golden):
                problems.append(f"no golden {os.path.relpath(golden, ROOT)} (run with --update)")
            else:
                with open(golden, encoding="utf-8") as fh:
                    want_text = fh.read()
                if want_text != text:
                    diff = "".join(difflib.unified_diff(want_text.splitlines(True), text.splitlines(True), "expected", "actual"))
                    problems.append("text output differs from golden:\n" + diff)
            fixed = stem + ".fixed.cpp"
            if len(files) == 1 and os.path.exists(fixed):
                problems += check_fix(binary, files[0], fixed, config_path, flags, tmp)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
        status = "FAIL" if problems else "ok"
        print(f"[{status}] {name}")
        for p in problems:
            print("    " + p.replace("\n", "\n    "))
        if problems:
            failures.append(name)
    print(f"{len(all_cases) - len(failures)}/{len(all_cases)} fixture cases passed")
    return 1 if failures or not all_cases else 0


def check_fix(binary, source, fixed, config, flags, tmp):
    """--fix on a copy: equals <case>.fixed.cpp, compiles, and is clean for what it fixed."""
    problems = []
    copy_dir = os.path.join(tmp, "fix", os.path.relpath(os.path.dirname(source), ROOT))
    os.makedirs(copy_dir, exist_ok=True)
    copy = os.path.join(copy_dir, os.path.basename(source))
    shutil.copyfile(source, copy)
    cmd = [binary, "check", "--fix", "--quiet", copy]
    if config:
        cmd += ["--config", config]
    cmd += ["--", "-std=c++20", "-isystem", os.path.join(ROOT, "testdata/include"),
            "-isystem", os.path.join(ROOT, "runtime/include")] + flags
    # The copy is a project of its own, rooted at tmp/fix: --fix writes only
    # inside the project it runs in.
    subprocess.run(cmd, cwd=os.path.join(tmp, "fix"), capture_output=True, text=True, timeout=300)
    with open(copy, encoding="utf-8") as fh:
        got = fh.read()
    with open(fixed, encoding="utf-8") as fh:
        want = fh.read()
    if got != want:
        diff = "".join(difflib.unified_diff(want.splitlines(True), got.splitlines(True), "expected fixed", "actual fixed"))
        problems.append("--fix result differs:\n" + diff)
        return problems
    compile_cmd = ["clang++-19", "-std=c++20", "-fsyntax-only", "-isystem", os.path.join(ROOT, "testdata/include"),
                   "-I", os.path.join(ROOT, "runtime/include"), "-DASIO_HAS_CO_AWAIT", "-DASIO_HAS_STD_COROUTINE"] + flags + [copy]
    res = subprocess.run(compile_cmd, capture_output=True, text=True)
    if res.returncode != 0:
        problems.append("fixed file does not compile:\n" + res.stderr[:3000])
    res = subprocess.run(cmd[:2] + ["--format", "json", "--quiet"] + cmd[4:], cwd=ROOT, capture_output=True, text=True)
    try:
        remaining = json.loads(res.stdout)["findings"]
    except (json.JSONDecodeError, KeyError):
        problems.append("re-check of the fixed file gave no report: " + res.stderr[:1000])
        return problems
    fixable = [f for f in remaining if f.get("fix")]
    if fixable:
        problems.append("fixable findings remain after --fix: " + ", ".join(f"{f['line']}:{f['rule']}" for f in fixable))
    return problems


if __name__ == "__main__":
    sys.exit(main())
