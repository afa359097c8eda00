#!/usr/bin/env python3
"""End-to-end tests of the asyncguard binary on hostile inputs: broken or
oversized compile databases, plugin flags, invalid configs, unreadable and
vanished files, non-UTF-8 paths and sources, TUs that Clang rejects.

Every case checks the exit code (0 clean, 1 findings, 2 usage, 3 TU failed),
one clear message, no crash (no "Stack dump", no signal) and that the
findings of the TUs that could be analysed are still reported.

Usage: hostile_test.py ASYNCGUARD_BINARY
"""
import json, os, shutil, subprocess, sys, tempfile, textwrap, time, unittest

BINARY = None

PRELUDE = textwrap.dedent("""\
    #include <coroutine>
    #include <unistd.h>
    struct task { struct promise_type {
      task get_return_object() { return {}; }
      std::suspend_never initial_suspend() { return {}; }
      std::suspend_never final_suspend() noexcept { return {}; }
      void return_void() {} void unhandled_exception() {} }; };
    """)
# The finding of BAD is on line 8, column 12.
BAD = PRELUDE + "task f() { sleep(1); co_return; }\n"


class Project:
    """A temporary project directory; names and texts may be bytes."""

    def __init__(self):
        self.dir = tempfile.mkdtemp(prefix="ag-hostile-")

    def path(self, name):
        return os.path.join(os.fsencode(self.dir), os.fsencode(name))

    def write(self, name, text):
        path = self.path(name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as fh:
            fh.write(text if isinstance(text, bytes) else text.encode())
        return os.fsdecode(path)

    def database(self, entries, raw=None):
        self.write("build/compile_commands.json", raw if raw is not None else json.dumps(entries))

    def run(self, *args):
        r = subprocess.run([BINARY, *args], cwd=self.dir, capture_output=True, timeout=600)
        r.out = r.stdout.decode("utf-8", "replace")
        r.err = r.stderr.decode("utf-8", "replace")
        return r

    def cleanup(self):
        for root, dirs, files in os.walk(self.dir):
            for name in dirs + files:
                if not os.path.islink(os.path.join(root, name)):  # Linux cannot chmod a link
                    os.chmod(os.path.join(root, name), 0o755)
        shutil.rmtree(self.dir, ignore_errors=True)


class HostileTest(unittest.TestCase):
    def setUp(self):
        self.p = Project()

    def tearDown(self):
        self.p.cleanup()

    def assertNoCrash(self, r, *codes):
        self.assertGreaterEqual(r.returncode, 0, f"killed by signal {-r.returncode}: {r.err}")
        self.assertIn(r.returncode, codes, r.err)
        for sign in ("Stack dump", "Assertion", "terminate called", "AddressSanitizer",
                     "runtime error:"):
            self.assertNotIn(sign, r.err)

    def assertOneError(self, r, *needles):
        lines = [l for l in r.err.splitlines() if l.strip()]
        self.assertEqual(len(lines), 1, r.err)
        for n in needles:
            self.assertIn(n, lines[0])

    # -- compile databases ------------------------------------------------

    def test_database_entry_missing_fields_is_one_usage_error(self):
        self.p.write("a.cpp", BAD)
        for entry in ({"directory": self.p.dir, "command": "c++ a.cpp"},   # no file
                      {"directory": self.p.dir, "file": "a.cpp"},          # no command
                      {"file": "a.cpp", "arguments": ["c++", "a.cpp"]},    # no directory
                      {"directory": self.p.dir, "file": "a.cpp", "arguments": []},
                      "not an object"):
            with self.subTest(entry=entry):
                self.p.database([entry])
                r = self.p.run("check", "-p", "build")
                self.assertNoCrash(r, 2, 3)
                if r.returncode == 2:
                    self.assertOneError(r, "compile_commands.json")
                else:
                    self.assertIn("a.cpp", r.err)

    def test_database_with_relative_directory(self):
        self.p.write("src/a.cpp", BAD)
        self.p.database([{"directory": "src", "file": "a.cpp", "arguments": ["c++", "-c", "a.cpp"]}])
        r = self.p.run("check", "-p", "build")
        self.assertNoCrash(r, 1, 2, 3)
        if r.returncode == 1:
            self.assertIn("a.cpp:8:12: warning: 'sleep'", r.out)
        else:
            self.assertIn("a.cpp", r.err)

    def test_huge_command_line(self):
        src = self.p.write("a.cpp", BAD)
        args = ["clang++", "-std=c++20"] + [f"-DMACRO_{i}={i}" for i in range(100_000)] + ["-c", src]
        self.p.database([{"directory": self.p.dir, "file": src, "arguments": args}])
        r = self.p.run("check", "-p", "build")
        self.assertNoCrash(r, 1)
        self.assertIn("a.cpp:8:12: warning: 'sleep'", r.out)
        # The same as one "command" string.
        self.p.database([{"directory": self.p.dir, "file": src, "command": " ".join(args)}])
        r = self.p.run("check", "-p", "build")
        self.assertNoCrash(r, 1)
        self.assertIn("a.cpp:8:12: warning: 'sleep'", r.out)

    def test_plugin_flags_never_load_anything(self):
        src = self.p.write("a.cpp", BAD)
        missing = os.path.join(self.p.dir, "evil.so")  # loading it would be a Clang error
        args = ["clang++", "-std=c++20", f"-fplugin={missing}", f"-fpass-plugin={missing}",
                "-Xclang", "-load", "-Xclang", missing, "-Xclang", f"-load={missing}",
                "-Xclang", "-add-plugin", "-Xclang", "evil", "-Xclang", "-plugin-arg-evil",
                "-Xclang", "x", "-c", src]
        self.p.database([{"directory": self.p.dir, "file": src, "arguments": args}])
        r = self.p.run("check", "-p", "build")
        self.assertNoCrash(r, 1)
        self.assertIn("a.cpp:8:12: warning: 'sleep'", r.out)
        self.assertIn("loads code into the analyzer", r.err)
        self.assertNotIn("error", r.err)

    # -- configs ----------------------------------------------------------

    def test_invalid_config_names_line_and_column(self):
        self.p.write("a.cpp", BAD)
        self.p.write(".asyncguard.json", '{\n  "select": ["*"],\n    x\n}\n')
        r = self.p.run("check", "a.cpp")
        self.assertNoCrash(r, 2)
        self.assertOneError(r, ".asyncguard.json:3:5:")

    def test_config_with_pathological_globs_does_not_hang(self):
        self.p.write("a.cpp", BAD)
        self.p.write(".asyncguard.json", json.dumps({"ignore": ["*" * 60 + "x"]}))
        r = self.p.run("check", "a.cpp")
        self.assertNoCrash(r, 2)
        self.assertOneError(r, "'ignore' names no rule")

    # -- files that cannot be read ---------------------------------------

    def test_unreadable_file_is_a_tu_failure(self):
        if os.geteuid() == 0:
            self.skipTest("running as root: root reads a chmod 000 file anyway")
        self.p.write("good.cpp", BAD)
        locked = self.p.write("locked.cpp", BAD)
        os.chmod(locked, 0)
        r = self.p.run("check", "locked.cpp", "good.cpp")
        self.assertNoCrash(r, 3)
        self.assertIn("locked.cpp", r.err)
        self.assertIn("good.cpp:8:12: warning: 'sleep'", r.out)

    def test_file_vanished_between_selection_and_parse(self):
        good = self.p.write("good.cpp", BAD)
        gone = os.path.join(self.p.dir, "gone.cpp")
        self.p.database([{"directory": self.p.dir, "file": f, "arguments": ["c++", "-c", f]}
                         for f in (good, gone)])
        for fmt in ("text", "json", "sarif"):
            with self.subTest(fmt=fmt):
                r = self.p.run("check", "-p", "build", "--format", fmt)
                self.assertNoCrash(r, 3)
                self.assertIn("gone.cpp", r.err)
                if fmt == "text":
                    self.assertIn("good.cpp:8:12: warning: 'sleep'", r.out)
                elif fmt == "json":
                    doc = json.loads(r.stdout)
                    self.assertEqual(len(doc["findings"]), 1)
                    self.assertEqual([f["file"] for f in doc["failures"]], ["gone.cpp"])
                else:
                    doc = json.loads(r.stdout)
                    self.assertEqual(len(doc["runs"][0]["results"]), 1)
                    self.assertFalse(doc["runs"][0]["invocations"][0]["executionSuccessful"])

    # -- non-UTF-8 ---------------------------------------------------------

    def check_all_formats(self, *args, uri_part=None):
        text = self.p.run("check", *args)
        self.assertNoCrash(text, 1)
        self.assertIn(":8:12: warning: 'sleep'", text.out)
        js = self.p.run("check", "--format", "json", *args)
        self.assertNoCrash(js, 1)
        self.assertEqual(len(json.loads(js.stdout)["findings"]), 1)  # bytes: must be UTF-8
        sarif = self.p.run("check", "--format", "sarif", *args)
        self.assertNoCrash(sarif, 1)
        results = json.loads(sarif.stdout)["runs"][0]["results"]
        self.assertEqual(len(results), 1)
        if uri_part:
            uri = results[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            self.assertIn(uri_part, uri)
        gh = self.p.run("check", "--format", "github", *args)
        self.assertNoCrash(gh, 1)
        self.assertEqual(gh.stdout.count(b"\n"), 1, gh.out)

    def test_non_utf8_file_name(self):
        self.p.write(b"bad\xff.cpp", BAD)
        self.check_all_formats(os.fsdecode(b"bad\xff.cpp"), uri_part="bad%FF.cpp")

    def test_non_utf8_bytes_in_string_and_comment_on_a_finding_line(self):
        source = PRELUDE.encode() + (b'task f() { sleep(1); const char *s = "\xff\xfe\xc3("; '
                                     b'co_return; } // caf\xe9 \xed\xa0\x80\n')
        self.p.write("latin1.cpp", source)
        self.check_all_formats("latin1.cpp")

    # -- Clang failures ------------------------------------------------------

    def test_tu_clang_rejects_exits_3_and_others_still_reported(self):
        self.p.write("broken.cpp", "#error this TU is broken\n")
        self.p.write("binary.cpp", bytes(range(256)) * 64)
        self.p.write("good.cpp", BAD)
        r = self.p.run("check", "broken.cpp", "binary.cpp", "good.cpp")
        self.assertNoCrash(r, 3)
        self.assertIn("this TU is broken", r.err)
        self.assertIn("could not analyze 'broken.cpp'", r.err)
        self.assertIn("could not analyze 'binary.cpp'", r.err)
        self.assertIn("good.cpp:8:12: warning: 'sleep'", r.out)

    # -- crash isolation (issue 20, item 6) ----------------------------------
    # clang++-19 -fsyntax-only on an 8 MiB stack accepts about 65 000 terms of
    # `1+1+...`, 13 000 nested ternaries, 4 800 `else if`s and 600 nested
    # parentheses; beyond that it overflows its stack (measured on Debian's
    # clang 19.1).

    def test_deep_expressions_beyond_clangs_8mib_are_analysed(self):
        deep = {"sum": "int deep = " + "+".join(["1"] * 80_000) + ";",
                "ternary": "int a = 0, b = 1; int deep = " + "a?b:" * 100_000 + "a;"}
        for name, statement in deep.items():
            with self.subTest(name=name):
                # Inside the coroutine: the collector walks the whole tree too.
                self.p.write("deep.cpp", PRELUDE + "task f() { " + statement + " sleep(1); co_return; }\n")
                r = self.p.run("check", "--no-cache", "deep.cpp")
                self.assertNoCrash(r, 1)
                self.assertIn("deep.cpp:8:", r.out)

    def test_stack_overflow_fails_that_tu_and_keeps_the_others(self):
        deep = self.p.write("deep.cpp", "int x = " + "(" * 100_000 + "1" + ")" * 100_000 + ";\n")
        good = self.p.write("good.cpp", BAD)
        self.p.database([{"directory": self.p.dir, "file": f,
                          "arguments": ["c++", "-std=c++20", "-fbracket-depth=1000000", "-c", f]}
                         for f in (deep, good)])
        for jobs in ("1", "2"):
            with self.subTest(jobs=jobs):
                r = self.p.run("check", "-p", "build", "--no-cache", "-j", jobs, "--format", "json")
                self.assertNoCrash(r, 3)
                self.assertIn("deep.cpp: error: clang crashed while parsing this file", r.err)
                doc = json.loads(r.stdout)
                self.assertEqual([f["file"] for f in doc["failures"]], ["deep.cpp"])
                self.assertEqual(len(doc["findings"]), 1)

    # -- bounded inputs (issue 20, item 7) -----------------------------------

    def run_with_stdin(self, data, *args):
        """Runs with `data` on a stdin pipe whose write end stays open, so a
        read of stdin blocks (and the run times out) instead of seeing EOF."""
        read_end, write_end = os.pipe()
        try:
            os.write(write_end, data)
            r = subprocess.run([BINARY, *args], cwd=self.p.dir, stdin=read_end,
                               capture_output=True, timeout=60)
        finally:
            os.close(read_end)
            os.close(write_end)
        r.out, r.err = r.stdout.decode("utf-8", "replace"), r.stderr.decode("utf-8", "replace")
        return r

    def test_include_of_dev_stdin_is_refused_not_read(self):
        self.p.write("stdin.cpp", '#include "/dev/stdin"\nint main() {}\n')
        self.p.write("good.cpp", BAD)
        r = self.run_with_stdin(b"int injected;\n", "check", "--no-cache", "stdin.cpp", "good.cpp")
        self.assertNoCrash(r, 3)
        self.assertIn("cannot open file '/dev/stdin': not a regular file", r.err)
        self.assertIn("good.cpp:8:12: warning: 'sleep'", r.out)

    def test_fifo_source_and_fifo_include_do_not_hang(self):
        os.mkfifo(self.p.path("fifo.cpp"))
        os.mkfifo(self.p.path("fifo.h"))
        self.p.write("includes_fifo.cpp", '#include "fifo.h"\n')
        self.p.write("good.cpp", BAD)
        r = self.p.run("check", "--no-cache", "fifo.cpp", "includes_fifo.cpp", "good.cpp")
        self.assertNoCrash(r, 3)
        self.assertIn("fifo.cpp': not a regular file", r.err)
        self.assertIn("cannot open file", r.err)
        self.assertIn("good.cpp:8:12: warning: 'sleep'", r.out)

    def test_oversized_include_is_a_tu_error(self):
        with open(self.p.path("huge.h"), "wb") as fh:
            fh.truncate(300 << 20)  # sparse: no disk, over the 256 MiB limit
        self.p.write("big.cpp", '#include "huge.h"\n')
        self.p.write("good.cpp", BAD)
        r = self.p.run("check", "--no-cache", "big.cpp", "good.cpp")
        self.assertNoCrash(r, 3)
        self.assertIn("file too large", r.err)
        self.assertIn("good.cpp:8:12: warning: 'sleep'", r.out)

    def test_database_config_and_baseline_on_devices_are_one_error(self):
        self.p.write("good.cpp", BAD)
        os.makedirs(self.p.path("zero"))
        os.symlink("/dev/zero", self.p.path("zero/compile_commands.json"))
        os.symlink("/dev/zero", self.p.path("zero.json"))
        os.mkfifo(self.p.path("fifo.json"))
        cases = {"database": (["-p", "zero"], "cannot read compile database"),
                 "config": (["--config", "zero.json"], "cannot read config 'zero.json'"),
                 "config fifo": (["--config", "fifo.json"], "cannot read config 'fifo.json': it is a FIFO"),
                 "baseline": (["--baseline", "zero.json"], "cannot read baseline 'zero.json'")}
        for name, (args, message) in cases.items():
            with self.subTest(name=name):
                r = self.p.run("check", *args, "good.cpp")
                self.assertNoCrash(r, 2)
                errors = [l for l in r.err.splitlines() if "error" in l]
                self.assertEqual(len(errors), 1, r.err)
                self.assertIn(message, errors[0])

    def test_oversized_config_is_one_error(self):
        self.p.write("good.cpp", BAD)
        with open(self.p.path("big.json"), "wb") as fh:
            fh.truncate(64 << 20)
        r = self.p.run("check", "--config", "big.json", "good.cpp")
        self.assertNoCrash(r, 2)
        self.assertOneError(r, "cannot read config 'big.json'", "over the limit")

    # -- directory walks (issue 20, item 8) ----------------------------------

    def test_symlink_loops_under_a_checked_directory_end_and_count_once(self):
        self.p.write("src/a.cpp", BAD)
        self.p.write("src/sub/b.h", "")
        os.symlink("..", self.p.path("src/sub/up"))            # a loop to the parent
        os.symlink("../..", self.p.path("src/sub/up2"))        # a second, crossing loop
        os.symlink("a.cpp", self.p.path("src/alias.cpp"))      # a link to a file
        r = self.p.run("check", "--no-cache", "--format", "json", "src")
        self.assertNoCrash(r, 1)
        findings = json.loads(r.stdout)["findings"]
        self.assertEqual(len(findings), 1, findings)

    # -- honest exits (issue 20, item 11) -------------------------------------

    def test_report_write_error_is_exit_2_with_a_message(self):
        self.p.write("good.cpp", BAD)
        for fmt in ("text", "sarif"):
            for target in (["-o", "/dev/full"], []):
                with self.subTest(fmt=fmt, target=target):
                    with open("/dev/full", "wb") as full:
                        r = subprocess.run([BINARY, "check", "--no-cache", "--format", fmt, *target,
                                            "good.cpp"], cwd=self.p.dir, stdout=full,
                                           stderr=subprocess.PIPE, timeout=120)
                    err = r.stderr.decode()
                    self.assertEqual(r.returncode, 2, err)
                    self.assertIn("cannot write the report to", err)
                    self.assertIn("No space left on device", err)

    def test_cache_write_failure_is_one_warning_and_the_run_goes_on(self):
        import resource, signal
        for i in range(3):
            self.p.write(f"good{i}.cpp", BAD)

        def small_files_only():
            # Writes past 1 KiB fail with EFBIG, as on a full disk.
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
            resource.setrlimit(resource.RLIMIT_FSIZE, (1024, 1024))
        r = subprocess.run([BINARY, "check", "--cache-dir", "cache", "-j", "2",
                            "good0.cpp", "good1.cpp", "good2.cpp"], cwd=self.p.dir,
                           capture_output=True, timeout=120, preexec_fn=small_files_only)
        err = r.stderr.decode()
        self.assertEqual(r.returncode, 1, err)
        self.assertEqual(err.count("cannot write to the cache"), 1, err)
        self.assertNotIn("LLVM ERROR", err)
        self.assertEqual(r.stdout.decode().count("warning: 'sleep'"), 3)
        self.assertEqual([f for f in os.listdir(self.p.path("cache")) if b".tmp-" in f], [])

    # -- output escaping (issue 20, item 14) ----------------------------------

    def test_terminal_escapes_in_source_lines_are_printed_escaped(self):
        self.p.write("esc.cpp", PRELUDE + "task f() { /*\x1b]0;owned\x07\x1b[2J*/ sleep(1); co_return; }\n")
        r = self.p.run("check", "--no-cache", "esc.cpp")
        self.assertNoCrash(r, 1)
        self.assertNotIn("\x1b", r.out)
        self.assertNotIn("\x07", r.out)
        line, caret = r.out.splitlines()[1:3]
        self.assertIn("/*<U+001B>]0;owned<U+0007><U+001B>[2J*/ sleep(1);", line)
        self.assertEqual(caret.index("^"), line.index("sleep(1)"))

    def test_github_format_never_emits_attacker_workflow_commands(self):
        self.p.write("fail.cpp", "::error file=x::pwned\n  ::add-mask::secret\n#error 100%\x1b\n")
        self.p.write("msg%0A::error::x.cpp", BAD)
        r = self.p.run("check", "--no-cache", "--format", "github", "fail.cpp", "msg%0A::error::x.cpp")
        self.assertNoCrash(r, 3)
        for stream in (r.out, r.err):
            for line in stream.splitlines():
                self.assertNotIn("\x1b", line)
                if line.lstrip().startswith("::"):
                    self.assertIn(line.split(" ")[0], ("::warning", "::error"), line)
                    self.assertNotIn("pwned", line)
        self.assertIn("file=msg%250A%3A%3Aerror%3A%3Ax.cpp,", r.out)


LOCK_ACROSS = PRELUDE + textwrap.dedent("""\
    #include <mutex>
    std::mutex m;
    task g() { std::lock_guard<std::mutex> l(m); co_await std::suspend_always{}; }
    """)


def blocking_call(facts_doc):
    """The first blocking call in a facts document (cache entry or shard file)."""
    return next(b for f in facts_doc["facts"]["Functions"] for b in f["Blocking"])


class UntrustedDataTest(unittest.TestCase):
    """Issue 20, items 4, 10, 12 and 13: caches, shard facts, baselines and
    configs written by someone else are validated, never trusted."""

    def setUp(self):
        self.p = Project()

    def tearDown(self):
        self.p.cleanup()

    assertNoCrash = HostileTest.assertNoCrash

    def rules(self, r):
        return sorted(f["rule"] for f in json.loads(r.stdout)["findings"])

    def test_select_does_not_poison_the_cache_for_a_full_run(self):
        self.p.write("a.cpp", LOCK_ACROSS + "task f() { sleep(1); co_return; }\n")
        cache = os.path.join(self.p.dir, "cache")
        r = self.p.run("check", "a.cpp", "--cache-dir", cache, "--format", "json",
                       "--select", "blocking-sleep")
        self.assertNoCrash(r, 1)
        self.assertEqual(self.rules(r), ["blocking-sleep"])
        r = self.p.run("check", "a.cpp", "--cache-dir", cache, "--format", "json")
        self.assertNoCrash(r, 1)
        self.assertEqual(self.rules(r), ["blocking-sleep", "lock-across-suspend"])

    def test_tampered_cache_entries_are_misses(self):
        self.p.write("a.cpp", BAD)
        outside = os.path.normpath(self.p.dir) + "-victim.txt"
        with open(outside, "w") as fh:
            fh.write("keep me\n")
        self.addCleanup(os.remove, outside)
        cache = os.path.join(self.p.dir, "cache")
        r = self.p.run("check", "a.cpp", "--cache-dir", cache, "--format", "json")
        self.assertNoCrash(r, 1)
        [entry] = [os.path.join(cache, n) for n in os.listdir(cache)]
        with open(entry) as fh:
            good = json.load(fh)
        empty = dict(good, facts={})
        # An edit of a file outside the project that the entry claims the TU read.
        evil = json.loads(json.dumps(good))
        evil["facts"]["FileHashes"][os.path.abspath(outside)] = \
            "%016x" % 0  # any hash: the entry is refused before hashes matter
        blocking_call(evil)["Fix"]["Edits"] = [
            {"File": os.path.abspath(outside), "Offset": 0, "Length": 4, "Replacement": "pwnd"}]
        for tampered in ({}, empty, evil):
            with self.subTest(tampered=str(tampered)[:40]):
                self.p.write("a.cpp", BAD)
                with open(entry, "w") as fh:
                    json.dump(tampered, fh)
                r = self.p.run("check", "a.cpp", "--cache-dir", cache, "--fix")
                self.assertNoCrash(r, 0, 1)
                with open(outside) as fh:
                    self.assertEqual(fh.read(), "keep me\n")
                # A miss: the TU was analysed again, and its own fix applied.
                self.assertIn("fixed 'a.cpp'", r.err)

    def test_cache_misses_when_a_new_header_shadows_the_old_one(self):
        self.p.write("incB/h.h", "#define SLEEP_IT sleep(1);\n")
        os.makedirs(os.path.join(self.p.dir, "incA"))
        src = self.p.write("a.cpp", PRELUDE + '#include "h.h"\ntask f() { SLEEP_IT co_return; }\n')
        self.p.database([{"directory": self.p.dir, "file": src,
                          "arguments": ["c++", "-std=c++20", "-IincA", "-IincB", "-c", src]}])
        cache = os.path.join(self.p.dir, "cache")
        r = self.p.run("check", "-p", "build", "--cache-dir", cache)
        self.assertNoCrash(r, 1)
        self.p.write("incA/h.h", "#define SLEEP_IT\n")
        r = self.p.run("check", "-p", "build", "--cache-dir", cache)
        self.assertNoCrash(r, 0)

    def write_facts(self):
        self.p.write("a.cpp", BAD)
        r = self.p.run("check", "a.cpp", "--shard", "1/1", "--facts-out", "facts", "--no-cache")
        self.assertNoCrash(r, 0)
        [name] = os.listdir(os.path.join(self.p.dir, "facts"))
        path = os.path.join(self.p.dir, "facts", name)
        with open(path) as fh:
            return path, json.load(fh)

    def test_merge_refuses_malformed_facts_with_one_error(self):
        path, good = self.write_facts()
        r = self.p.run("merge", "facts")
        self.assertNoCrash(r, 1)
        renamed = json.loads(json.dumps(good))
        renamed["facts"]["Funktions"] = renamed["facts"].pop("Functions")
        huge = json.loads(json.dumps(good))
        blocking_call(huge)["Site"]["Range"]["Begin"]["Column"] = 4_000_000_000
        old = dict(good, version=2)
        cases = {"{}": ({}, "not an asyncguard facts file"),
                 "empty facts": (dict(good, facts={}), "does not match the facts schema"),
                 "renamed key": (renamed, "does not match the facts schema"),
                 "4-billion column": (huge, "position out of range"),
                 "old version": (old, "facts format version 2"),
                 "deep": (None, "nested deeper than 64")}
        for name, (doc, needle) in cases.items():
            with self.subTest(name=name):
                with open(path, "w") as fh:
                    fh.write("[" * 70000 + "]" * 70000 if doc is None else json.dumps(doc))
                r = self.p.run("merge", "facts")
                self.assertNoCrash(r, 2)
                self.assertEqual(len(r.err.strip().splitlines()), 1, r.err)
                self.assertIn(needle, r.err)

    def test_baseline_with_wrong_types_is_exit_2_not_an_abort(self):
        self.p.write("a.cpp", BAD)
        self.p.write("b.json", json.dumps({"tool": "asyncguard", "version": 1,
                                           "findings": [{"Fingerprint": 7}]}))
        r = self.p.run("check", "a.cpp", "--baseline", "b.json")
        self.assertNoCrash(r, 2)
        self.assertIn('"Fingerprint" is not a string', r.err)

    def test_deeply_nested_config_is_one_error(self):
        self.p.write("a.cpp", BAD)
        for key in ("fix_style", "blocking"):
            with self.subTest(key=key):
                self.p.write(".asyncguard.json", '{"%s": %s%s}' % (key, "[" * 70000, "]" * 70000))
                r = self.p.run("check", "a.cpp")
                self.assertNoCrash(r, 2)
                self.assertIn("nested deeper than 64", r.err)

    def test_thread_budget_above_the_limit_is_one_error(self):
        self.p.write("a.cpp", BAD)
        self.p.write(".asyncguard.json", '{"thread_budget": {"target_cores": 4294967297}}')
        r = self.p.run("check", "a.cpp")
        self.assertNoCrash(r, 2)
        self.assertIn("'thread_budget.target_cores' must be an integer from 1 to 1048576", r.err)


TRAP = "#!/bin/sh\ntouch \"$(dirname \"$0\")/../RAN-$(basename \"$0\")\"\necho gfx900\n"


class HostileDatabaseTest(unittest.TestCase):
    """Issue 20, items 1-3 and the strace check: a compile database (and
    config) from a pull request can neither run a program nor write a file."""

    def setUp(self):
        self.p = Project()
        os.makedirs(os.path.join(self.p.dir, ".git"))  # the project root
        for tool in ("amdgpu-arch", "nvptx-arch", "clang++", "clang-cl", "ld", "as"):
            path = self.p.write("tools/" + tool, TRAP)
            os.chmod(path, 0o755)
        self.src = self.p.write("a.cpp", BAD)
        self.outside = tempfile.mkdtemp(prefix="ag-victim-")
        self.addCleanup(shutil.rmtree, self.outside, True)

    def tearDown(self):
        self.p.cleanup()

    assertNoCrash = HostileTest.assertNoCrash

    def hostile_entries(self):
        """One entry per case of issue 20 items 1 and 2, all for a.cpp."""
        o = self.outside
        tools = os.path.join(self.p.dir, "tools")
        cxx = os.path.join(tools, "clang++")
        cases = [
            [cxx, "-x", "hip", "--offload-arch=native", "-B" + tools],
            [cxx, "--amdgpu-arch-tool=" + tools + "/amdgpu-arch", "-x", "cuda",
             "--cuda-gpu-arch=native", "--nvptx-arch-tool=" + tools + "/nvptx-arch"],
            [cxx, "-fopenmp", "--offload-arch=native"],
            [cxx, "-Xclang", "-dependency-file", "-Xclang", o + "/cron", "-Wp,-MT,* * * * * root id"],
            [cxx, "-Xclang", "-stats-file=" + o + "/stats"],
            [cxx, "-gen-cdb-fragment-path", o + "/cdb"],
            [os.path.join(tools, "clang-cl"), "/clang:-MJ" + o + "/mj.json"],
            [cxx, "-fmodules", "-fmodules-cache-path=" + o + "/modules"],
            [cxx, "-MD", "-MF", o + "/dep.d", "-Wp,-MD," + o + "/wp.d"],
        ]
        return [{"directory": self.p.dir, "file": self.src, "arguments": c + ["-c", self.src]}
                for c in cases]

    def assertNothingRanOrWritten(self):
        ran = [n for n in os.listdir(self.p.dir) if n.startswith("RAN-")]
        self.assertEqual(ran, [], "a program from the database ran")
        self.assertEqual(os.listdir(self.outside), [], "a file was written outside the project")

    def test_hostile_flags_run_nothing_and_write_nothing(self):
        for entry in self.hostile_entries():
            with self.subTest(args=" ".join(entry["arguments"][1:4])):
                self.p.database([entry])
                r = self.p.run("check", "-p", "build", "--no-cache")
                self.assertNoCrash(r, 1, 3)
                self.assertNothingRanOrWritten()
                self.assertIn("dropped compiler flags", r.err)

    def test_response_file_is_expanded_inside_the_project_only(self):
        # The finding exists only if the response file's define arrives.
        self.p.write("a.cpp", PRELUDE + "task f() { SLEEP_IT; co_return; }\n")
        self.p.write("flags.rsp", "-std=c++20 '-DSLEEP_IT=sleep(1)'\n")
        evil = os.path.join(self.outside, "evil.rsp")
        with open(evil, "w") as fh:
            fh.write("-DEVIL=1\n")
        self.p.database([{"directory": self.p.dir, "file": self.src,
                          "arguments": ["c++", "@flags.rsp", "@" + evil, "-c", self.src]}])
        r = self.p.run("check", "-p", "build", "--no-cache")
        self.assertNoCrash(r, 1)
        self.assertIn("a.cpp:8:12: warning: 'sleep'", r.out)
        self.assertIn("evil.rsp (response file outside the project)", r.err)

    def test_database_above_the_repository_root_is_not_used(self):
        # The project is a subfolder with its own .git; a database above it
        # (a world-writable parent) must not give the flags.
        repo = os.path.join(self.p.dir, "repo")
        os.makedirs(os.path.join(repo, ".git"))
        src = self.p.write("repo/b.cpp", BAD)
        self.p.write("compile_commands.json", json.dumps(
            [{"directory": self.p.dir, "file": src, "arguments": ["c++", "-DNOT_MINE", "-c", src]}]))
        r = subprocess.run([BINARY, "check", "b.cpp", "--no-cache"], cwd=repo, capture_output=True,
                           text=True, timeout=600)
        self.assertEqual(r.returncode, 1, r.stderr)
        self.assertIn("no compile_commands.json found", r.stderr)

    def test_database_owned_by_another_user_is_skipped_with_a_note(self):
        if os.geteuid() != 0:
            self.skipTest("needs root to give a file to another user")
        self.p.database([{"directory": self.p.dir, "file": self.src,
                          "arguments": ["c++", "-c", self.src]}])
        db = os.path.join(self.p.dir, "build", "compile_commands.json")
        os.chown(db, 12345, 12345)
        r = subprocess.run([BINARY, "check", "--no-cache"], cwd=os.path.dirname(db),
                           capture_output=True, text=True, timeout=600)
        self.assertEqual(r.returncode, 2, r.stderr)
        self.assertIn("owned by uid 12345, not by the current user", r.stderr)

    # -- the whole run under strace ---------------------------------------

    def strace(self, args, stdin=None, timeout=600):
        if not shutil.which("strace"):
            self.skipTest("strace is not installed (scripts/setup.sh installs it)")
        log = os.path.join(self.outside, "..", os.path.basename(self.outside) + ".strace")
        log = os.path.normpath(log)
        self.addCleanup(lambda: os.path.exists(log) and os.remove(log))
        r = subprocess.run(["strace", "-f", "-qq", "-e", "trace=execve,openat", "-o", log,
                            BINARY, *args], cwd=self.p.dir, input=stdin, capture_output=True,
                           timeout=timeout)
        with open(log, errors="replace") as fh:
            return r, fh.read().splitlines()

    def assertNoExecAndNoWrites(self, lines, allowed_dirs):
        execs = [l for l in lines if "execve(" in l and "= 0" in l]
        self.assertEqual(len(execs), 1, "\n".join(execs))  # the tool itself
        self.assertIn(BINARY, execs[0])
        writes = []
        for l in lines:
            if "openat(" not in l or not any(f in l for f in ("O_WRONLY", "O_RDWR", "O_CREAT")):
                continue
            path = l.split('"')[1] if '"' in l else l
            if not any(path.startswith(d) for d in allowed_dirs):
                writes.append(l)
        self.assertEqual(writes, [], "opened for writing:\n" + "\n".join(writes))

    def test_check_under_strace_execs_nothing_and_writes_only_output_and_cache(self):
        # Every hostile command at once (one per TU), and a config that
        # selects every rule, so each TU is parsed and each flag seen.
        entries = []
        for i, e in enumerate(self.hostile_entries()):
            src = self.p.write(f"t{i}.cpp", BAD)
            entries.append(dict(e, file=src, arguments=e["arguments"][:-1] + [src]))
        self.p.database(entries)
        self.p.write(".asyncguard.json", json.dumps({"select": ["*"]}))
        cache = os.path.join(self.p.dir, "cache")
        out = os.path.join(self.p.dir, "report.sarif")
        r, lines = self.strace(["check", "-p", "build", "--cache-dir", cache, "--format", "sarif",
                                "-o", out])
        self.assertIn(r.returncode, (1, 3), r.stderr.decode())
        self.assertNoExecAndNoWrites(lines, [cache, out])
        self.assertNothingRanOrWritten()

    def test_lsp_under_strace_execs_nothing_and_writes_nothing(self):
        self.p.database(self.hostile_entries())
        def frame(msg):
            body = json.dumps(msg).encode()
            return b"Content-Length: %d\r\n\r\n" % len(body) + body
        uri = "file://" + self.src
        with open(self.src) as fh:
            text = fh.read()
        messages = [
            {"jsonrpc": "2.0", "id": 1, "method": "initialize",
             "params": {"processId": None, "rootUri": "file://" + self.p.dir, "capabilities": {},
                        "initializationOptions": {"debounceMs": 0}}},
            {"jsonrpc": "2.0", "method": "initialized", "params": {}},
            {"jsonrpc": "2.0", "method": "textDocument/didOpen",
             "params": {"textDocument": {"uri": uri, "languageId": "cpp", "version": 1,
                                         "text": text}}},
        ]
        if not shutil.which("strace"):
            self.skipTest("strace is not installed (scripts/setup.sh installs it)")
        log = os.path.normpath(self.outside) + ".lsp.strace"
        self.addCleanup(lambda: os.path.exists(log) and os.remove(log))
        proc = subprocess.Popen(["strace", "-f", "-qq", "-e", "trace=execve,openat", "-o", log,
                                 BINARY, "lsp"], cwd=self.p.dir, stdin=subprocess.PIPE,
                                stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        proc.stdin.write(b"".join(frame(m) for m in messages))
        proc.stdin.flush()
        # Wait for the diagnostics of a.cpp: the background index and the
        # open file have both been analysed by then.
        seen = b""
        deadline = time.time() + 300
        while b"publishDiagnostics" not in seen and time.time() < deadline:
            chunk = proc.stdout.read1(65536)
            if not chunk:
                break
            seen += chunk
        proc.stdin.write(frame({"jsonrpc": "2.0", "id": 2, "method": "shutdown"}) +
                         frame({"jsonrpc": "2.0", "method": "exit"}))
        proc.stdin.close()
        proc.stdout.read()
        proc.wait(timeout=60)
        self.assertIn(b"publishDiagnostics", seen)
        with open(log, errors="replace") as fh:
            lines = fh.read().splitlines()
        self.assertNoExecAndNoWrites(lines, [])
        self.assertNothingRanOrWritten()


if __name__ == "__main__":
    BINARY = os.path.abspath(sys.argv.pop(1))
    unittest.main(verbosity=2)
