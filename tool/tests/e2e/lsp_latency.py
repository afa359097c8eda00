#!/usr/bin/env python3
"""Latency of `asyncguard lsp`: time from didChange to the publishDiagnostics
of that version, against `clang++-19 -fsyntax-only` on the same file.

Usage: lsp_latency.py ASYNCGUARD BUILD_DIR FILE [--runs N]
(BUILD_DIR holds compile_commands.json with FILE's command.)
"""
import argparse, json, os, shlex, statistics, subprocess, sys, time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import lsp_test  # noqa: E402  (the protocol client)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("binary")
    ap.add_argument("build_dir")
    ap.add_argument("file")
    ap.add_argument("--runs", type=int, default=10)
    a = ap.parse_args()
    lsp_test.BINARY = os.path.abspath(a.binary)
    path = os.path.realpath(a.file)
    text = open(path).read()

    c = lsp_test.Client(os.path.dirname(path), capabilities={"window": {"workDoneProgress": True}},
                        init_options={"debounceMs": 0,
                                      "compilationDatabasePath": os.path.realpath(a.build_dir)})
    c.open(path, text)
    first = c.diagnostics(path)
    # Measure edits, not the background index of the database.
    c.wait(lambda m: m.get("method") == "$/progress" and m["params"]["value"]["kind"] == "end",
           timeout=600)
    lsp = []
    for v in range(2, a.runs + 2):
        start = time.monotonic()
        c.notify("textDocument/didChange", {"textDocument": {"uri": lsp_test.uri(path), "version": v},
                                            "contentChanges": [{"text": text + "// edit %d\n" % v}]})
        c.wait(lambda m: m.get("method") == "textDocument/publishDiagnostics"
               and m["params"]["version"] == v)
        lsp.append(time.monotonic() - start)
    c.shutdown()

    entry = next(e for e in json.load(open(os.path.join(a.build_dir, "compile_commands.json")))
                 if os.path.realpath(os.path.join(e["directory"], e["file"])) == path)
    args = entry.get("arguments") or shlex.split(entry["command"])
    flags = [x for x in args[1:] if x not in ("-c", entry["file"], path)]
    if "-o" in flags:
        i = flags.index("-o")
        del flags[i:i + 2]
    clang = []
    for _ in range(a.runs):
        start = time.monotonic()
        subprocess.run(["clang++-19", "-fsyntax-only", *flags, path], cwd=entry["directory"], check=True)
        clang.append(time.monotonic() - start)

    ms = lambda xs: "%.0f ms" % (1000 * statistics.median(xs))
    print("file: %s (%d findings)" % (os.path.relpath(path), len(first["diagnostics"])))
    print("didChange -> publishDiagnostics, median of %d: %s (min %.0f, max %.0f)"
          % (a.runs, ms(lsp), 1000 * min(lsp), 1000 * max(lsp)))
    print("clang++-19 -fsyntax-only, median of %d: %s" % (a.runs, ms(clang)))


if __name__ == "__main__":
    main()
