#!/usr/bin/env python3
"""End-to-end tests of the asyncguard binary: exit codes, error messages,
compile databases as GCC builds write them, output formats.

Usage: cli_test.py ASYNCGUARD_BINARY
"""
import json, os, shutil, subprocess, sys, tempfile, textwrap, unittest

BINARY = None
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))

PRELUDE = textwrap.dedent("""\
    #include <coroutine>
    #include <thread>
    #include <chrono>
    #include <unistd.h>
    struct task { struct promise_type {
      task get_return_object() { return {}; }
      std::suspend_never initial_suspend() { return {}; }
      std::suspend_never final_suspend() noexcept { return {}; }
      void return_void() {} void unhandled_exception() {} }; };
    """)


class Project:
    """A temporary project directory with files and an optional compile database."""

    def __init__(self):
        self.dir = tempfile.mkdtemp(prefix="ag-e2e-")

    def write(self, name, text):
        path = os.path.join(self.dir, name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w") as fh:
            fh.write(text)
        return path

    def database(self, entries):
        self.write("build/compile_commands.json", json.dumps(entries))

    def run(self, *args, cwd=None):
        return subprocess.run([BINARY, *args], cwd=cwd or self.dir, capture_output=True, text=True, timeout=300)

    def cleanup(self):
        shutil.rmtree(self.dir, ignore_errors=True)


class CliTest(unittest.TestCase):
    def setUp(self):
        self.p = Project()

    def tearDown(self):
        self.p.cleanup()

    def test_findings_exit_1_and_clean_exit_0(self):
        self.p.write("bad.cpp", PRELUDE + "task f() { sleep(1); co_return; }\n")
        self.p.write("good.cpp", PRELUDE + "void f() { sleep(1); }\n")
        bad = self.p.run("check", "bad.cpp")
        self.assertEqual(bad.returncode, 1, bad.stderr)
        self.assertIn("bad.cpp:10:12: warning: 'sleep'", bad.stdout)
        self.assertIn("[asyncguard-blocking-sleep]", bad.stdout)
        good = self.p.run("check", "good.cpp")
        self.assertEqual(good.returncode, 0, good.stderr)
        self.assertEqual(good.stdout, "")

    def test_missing_file_is_one_clear_error_exit_2(self):
        r = self.p.run("check", "nope.cpp")
        self.assertEqual(r.returncode, 2)
        self.assertEqual(r.stderr.strip().count("\n"), 0, r.stderr)
        self.assertIn("no such file or directory: 'nope.cpp'", r.stderr)

    def test_broken_compile_database_is_one_clear_error_exit_2(self):
        self.p.write("a.cpp", "int x;\n")
        self.p.write("build/compile_commands.json", '[{"directory": "/", "file": ')
        r = self.p.run("check", "-p", "build")
        self.assertEqual(r.returncode, 2)
        self.assertIn("compile_commands.json", r.stderr)
        self.assertNotIn("Assertion", r.stderr)

    def test_bad_config_and_unknown_rule_exit_2(self):
        self.p.write("a.cpp", PRELUDE)
        self.p.write(".asyncguard.json", '{"selct": ["*"]}')
        r = self.p.run("check", "a.cpp")
        self.assertEqual(r.returncode, 2)
        self.assertIn("unknown key 'selct'", r.stderr)
        os.remove(os.path.join(self.p.dir, ".asyncguard.json"))
        r = self.p.run("check", "--select", "blocking-slep", "a.cpp")
        self.assertEqual(r.returncode, 2)
        self.assertIn("blocking-slep", r.stderr)
        r = self.p.run("explain", "no-such-rule")
        self.assertEqual(r.returncode, 2)
        r = self.p.run("check", "--format", "xml", "a.cpp")
        self.assertEqual(r.returncode, 2)

    def test_parse_error_exits_3_with_clang_error_and_other_tus_still_reported(self):
        self.p.write("broken.cpp", PRELUDE + "task f() { undeclared_thing(); co_return; }\n")
        self.p.write("bad.cpp", PRELUDE + "task g() { sleep(1); co_return; }\n")
        r = self.p.run("check", "broken.cpp", "bad.cpp")
        self.assertEqual(r.returncode, 3, r.stderr)
        self.assertIn("use of undeclared identifier 'undeclared_thing'", r.stderr)
        self.assertIn("could not analyze 'broken.cpp'", r.stderr)
        self.assertIn("bad.cpp:10:12: warning", r.stdout)

    def test_gcc_database_flags_and_plugins_are_dropped_with_a_note(self):
        src = self.p.write("src/a.cpp", PRELUDE + "task f() { usleep(1); co_return; }\n")
        self.p.database([{
            "directory": self.p.dir,
            "command": f"/usr/bin/g++ -std=c++20 -fcoroutines -fconcepts-diagnostics-depth=2 "
                       f"-fplugin=/tmp/evil.so -Xclang -load -Xclang /tmp/evil.so -O2 -c {src} -o a.o",
            "file": src}])
        r = self.p.run("check", "-p", "build")
        self.assertEqual(r.returncode, 1, r.stderr)
        self.assertIn("-fconcepts-diagnostics-depth=2 (unknown to clang)", r.stderr)
        self.assertIn("-fplugin=/tmp/evil.so (loads code into the analyzer)", r.stderr)
        self.assertIn("-Xclang -load -Xclang /tmp/evil.so (loads code into the analyzer)", r.stderr)
        self.assertIn("blocking-sleep", r.stdout)

    def test_database_found_from_parents_of_first_path(self):
        src = self.p.write("src/a.cpp", PRELUDE + "task f() { MAYBE_SLEEP; co_return; }\n")
        self.p.write("compile_commands.json", json.dumps([{
            "directory": self.p.dir, "arguments": ["clang++", "-std=c++20", "-DMAYBE_SLEEP=sleep(1)", src],
            "file": src}]))
        r = self.p.run("check", "src/a.cpp")
        self.assertEqual(r.returncode, 1, r.stderr)
        self.assertIn("a.cpp:10:12: warning: 'sleep'", r.stdout)

    def test_asio_coroutines_parse_under_clang(self):
        src = self.p.write("a.cpp", textwrap.dedent("""\
            #include <asio.hpp>
            asio::awaitable<void> session(asio::ip::tcp::socket sock) {
              char buf[64];
              sock.read_some(asio::buffer(buf));
              co_await sock.async_read_some(asio::buffer(buf), asio::use_awaitable);
            }
            """))
        r = self.p.run("check", "a.cpp", "--", "-std=c++20")
        self.assertEqual(r.returncode, 1, r.stderr)
        self.assertIn("a.cpp:4:3: warning", r.stdout)
        self.assertIn("blocking-network", r.stdout)
        self.assertNotIn("a.cpp:5:", r.stdout)

    def test_select_ignore_output_file_and_exit_zero(self):
        self.p.write("a.cpp", PRELUDE + "#include <cstdlib>\ntask f() { sleep(1); std::system(\"ls\"); co_return; }\n")
        r = self.p.run("check", "--format", "json", "--select", "blocking-process,blocking-io", "a.cpp")
        rules = {f["rule"] for f in json.loads(r.stdout)["findings"]}
        self.assertEqual(rules, {"blocking-process"})
        r = self.p.run("check", "--format", "json", "--ignore", "asyncguard-blocking-process", "a.cpp")
        rules = {f["rule"] for f in json.loads(r.stdout)["findings"]}
        self.assertEqual(rules, {"blocking-sleep"})
        r = self.p.run("check", "--exit-zero", "--format", "sarif", "-o", "out.sarif", "a.cpp")
        self.assertEqual(r.returncode, 0)
        self.assertEqual(r.stdout, "")
        with open(os.path.join(self.p.dir, "out.sarif")) as fh:
            sarif = json.load(fh)
        self.assertEqual(len(sarif["runs"][0]["results"]), 2)
        self.assertNotIn(self.p.dir, json.dumps(sarif))

    def test_formats_carry_the_same_findings(self):
        self.p.write("a.cpp", PRELUDE + "void helper() { usleep(3); }\ntask f() { helper(); sleep(1); co_return; }\n")
        text = self.p.run("check", "a.cpp").stdout
        js = json.loads(self.p.run("check", "--format", "json", "a.cpp").stdout)
        sarif = json.loads(self.p.run("check", "--format", "sarif", "a.cpp").stdout)
        gh = self.p.run("check", "--format", "github", "a.cpp").stdout
        keys = sorted((f["line"], f["rule"]) for f in js["findings"])
        self.assertEqual(len(keys), 2)
        skeys = sorted((r["locations"][0]["physicalLocation"]["region"]["startLine"], r["ruleId"])
                       for r in sarif["runs"][0]["results"])
        self.assertEqual(keys, skeys)
        for line, rule in keys:
            self.assertIn(f"a.cpp:{line}:", text)
            self.assertIn(f"line={line},", gh)
        chained = [r for r in sarif["runs"][0]["results"] if "codeFlows" in r]
        self.assertEqual(len(chained), 1)
        self.assertIn("note: 'helper' calls 'usleep' here", text)

    def test_clang_tidy_invocation_shape(self):
        self.p.write("a.cpp", PRELUDE + "task f() { sleep(1); co_return; }\n")
        r = self.p.run("a.cpp", "--", "-std=c++20")
        self.assertEqual(r.returncode, 1, r.stderr)
        self.assertIn("blocking-sleep", r.stdout)

    def test_rules_and_explain(self):
        r = self.p.run("rules")
        self.assertEqual(r.returncode, 0)
        for rule in ["blocking-sleep", "blocking-io", "blocking-network", "blocking-process",
                     "blocking-wait", "nested-event-loop"]:
            self.assertIn(rule, r.stdout)
            e = self.p.run("explain", rule)
            self.assertEqual(e.returncode, 0)
            self.assertTrue(e.stdout.startswith(f"# {rule}"), e.stdout[:80])

    def test_runs_from_any_directory_and_finds_resource_headers(self):
        self.p.write("a.cpp", "#include <stddef.h>\n#include <stdarg.h>\n" + PRELUDE + "task f() { sleep(1); co_return; }\n")
        other = tempfile.mkdtemp()
        try:
            r = self.p.run("check", os.path.join(self.p.dir, "a.cpp"), cwd=other)
            self.assertEqual(r.returncode, 1, r.stderr)
        finally:
            shutil.rmtree(other)

    def test_parallel_jobs_give_identical_output(self):
        for i in range(4):
            self.p.write(f"f{i}.cpp", PRELUDE + f"task f{i}() {{ sleep({i}); co_return; }}\n")
        files = [f"f{i}.cpp" for i in range(4)]
        one = self.p.run("check", "-j", "1", *files)
        two = self.p.run("check", "-j", "2", *files)
        self.assertEqual(one.stdout, two.stdout)
        self.assertEqual(one.stdout.count("warning:"), 4)

    def test_warm_cache_is_used_and_a_changed_header_invalidates_it(self):
        self.p.write("helper.h", "#pragma once\ninline int helper() { return 1; }\n")
        self.p.write("a.cpp", '#include "helper.h"\n' + PRELUDE + "task f() { sleep(1); helper(); co_return; }\n")
        cache = os.path.join(self.p.dir, "cache")
        first = self.p.run("check", "--cache-dir", cache, "a.cpp")
        self.assertEqual(first.returncode, 1)
        entries = [os.path.join(cache, f) for f in os.listdir(cache)]
        self.assertEqual(len(entries), 1)
        # Mark the cached facts: a second run must report from them, unparsed.
        with open(entries[0]) as fh:
            facts = json.load(fh)
        for fn in facts["Functions"]:
            for call in fn["Blocking"]:
                call["Why"] = "CAME FROM THE CACHE"
        with open(entries[0], "w") as fh:
            json.dump(facts, fh)
        warm = self.p.run("check", "--cache-dir", cache, "a.cpp")
        self.assertIn("CAME FROM THE CACHE", warm.stdout)
        self.assertNotIn("CAME FROM THE CACHE", self.p.run("check", "--no-cache", "a.cpp").stdout)
        self.p.write("helper.h", "#pragma once\ninline int helper() { return 2; }\n")
        changed = self.p.run("check", "--cache-dir", cache, "a.cpp")
        self.assertEqual(changed.returncode, 1)
        self.assertNotIn("CAME FROM THE CACHE", changed.stdout)

    def test_invalid_config_names_line_and_column(self):
        self.p.write("a.cpp", PRELUDE)
        self.p.write(".asyncguard.json", '{\n  "select": ["*"],\n  "ignore": [,]\n}\n')
        r = self.p.run("check", "a.cpp")
        self.assertEqual(r.returncode, 2)
        self.assertIn(".asyncguard.json:3:14: not valid JSON", r.stderr)

    def test_summary_counts_by_rule_and_no_colour_on_a_pipe(self):
        self.p.write("a.cpp", PRELUDE + "#include <cstdlib>\ntask f() { sleep(1); usleep(2); std::system(\"ls\"); co_return; }\n")
        r = self.p.run("check", "a.cpp")
        self.assertRegex(r.stderr, r"3 findings \(blocking-process 1, blocking-sleep 2\) in 1 file, [0-9.]+ s")
        self.assertNotIn("\033[", r.stdout + r.stderr)

    def test_directory_path_analyzes_its_sources(self):
        self.p.write("src/a.cpp", PRELUDE + "task f() { sleep(1); co_return; }\n")
        self.p.write("src/sub/b.cc", PRELUDE + "task g() { sleep(1); co_return; }\n")
        r = self.p.run("check", "src")
        self.assertEqual(r.returncode, 1, r.stderr)
        self.assertEqual(r.stdout.count("warning:"), 2)


if __name__ == "__main__":
    BINARY = os.path.abspath(sys.argv.pop(1))
    unittest.main(verbosity=2)
