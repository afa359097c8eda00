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

    def test_findings_left_after_fix_are_reported_at_their_new_lines(self):
        self.p.write("a.cpp", PRELUDE + textwrap.dedent("""\
            #include <mutex>
            std::mutex m;
            task f() {
              std::this_thread::sleep_for(std::chrono::milliseconds(1));
              std::lock_guard<std::mutex> g(m);
              co_await std::suspend_always{};
            }
            """))
        r = self.p.run("check", "a.cpp", "--no-cache", "--fix")
        self.assertEqual(r.returncode, 1, r.stderr)
        with open(os.path.join(self.p.dir, "a.cpp")) as fh:
            fixed = fh.read().splitlines()
        line = next(i for i, text in enumerate(fixed, 1) if "std::lock_guard" in text)
        self.assertIn("co_await asyncguard::rt::sleep_for", "\n".join(fixed), "the sleep was fixed")
        self.assertIn(f"a.cpp:{line}:3: warning: 'std::lock_guard' holds 'm'", r.stdout)
        self.assertIn(f"{line:5} |   std::lock_guard<std::mutex> g(m);", r.stdout)

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
        for fn in facts["facts"]["Functions"]:  # a versioned document (core/FactsJson.h)
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


def git_init(path):
    subprocess.run(["git", "init", "-q", path], check=True, capture_output=True)


VALIDATOR = os.path.join(ROOT, "build", "tools", "node_modules", "@microsoft", "sarif-multitool-linux", "Sarif.Multitool")


class UsageTest(unittest.TestCase):
    """Help, rule listing and mistyped commands and flags (issue 14, item 7)."""

    def setUp(self):
        self.p = Project()
        self.p.write("a.cpp", PRELUDE + "task f() { sleep(1); co_return; }\n")

    def tearDown(self):
        self.p.cleanup()

    def test_mistyped_command_and_flags_get_did_you_mean(self):
        for args, expected in ((["chek", "a.cpp"], "unknown command 'chek'; did you mean 'check'?"),
                               (["check", "--formt", "json", "a.cpp"],
                                "unknown option '--formt' for 'check'; did you mean '--format'?"),
                               (["check", "--baselin=b.json", "a.cpp"], "did you mean '--baseline'?"),
                               (["a.cpp", "--exit-zer"], "did you mean '--exit-zero'?"),
                               (["rules", "--fromat", "json"], "did you mean '--format'?"),
                               (["lsp", "--stdoi"], "did you mean '--stdio'?"),
                               (["help", "chek"], "did you mean 'check'?")):
            r = self.p.run(*args)
            self.assertEqual(r.returncode, 2, (args, r.stdout, r.stderr))
            self.assertIn(expected, r.stderr, args)
            self.assertEqual(r.stderr.strip().count("\n"), 0, r.stderr)
        # Nothing near: still one clear error, pointing at the help.
        r = self.p.run("check", "--zzzzzzzz", "a.cpp")
        self.assertEqual(r.returncode, 2)
        self.assertIn("unknown option '--zzzzzzzz' for 'check' (see 'asyncguard help check')", r.stderr)
        r = self.p.run("rules", "extra")
        self.assertEqual(r.returncode, 2)
        self.assertIn("unexpected argument 'extra' for 'rules'", r.stderr)
        # A file that happens to look like a command is still checked.
        self.p.write("chek", "")
        self.assertNotIn("did you mean", self.p.run("chek").stderr)

    def test_help_command_and_check_help_list_exit_codes_and_compiler_flags(self):
        r = self.p.run("help")
        self.assertEqual(r.returncode, 0, r.stderr)
        for command in ("check", "merge", "lsp", "rules", "explain", "help"):
            self.assertIn(command, r.stdout)
        via_help = self.p.run("help", "check")
        via_flag = self.p.run("check", "--help")
        self.assertEqual(via_help.returncode, 0, via_help.stderr)
        self.assertEqual(via_help.stdout, via_flag.stdout)
        for text in ("Exit codes:", "0  no findings", "1  findings reported", "2  usage or config error",
                     "3  a file could not be analysed", "--exit-zero",
                     "asyncguard check a.cpp -- -std=c++20"):
            self.assertIn(text, via_help.stdout)

    def test_rules_as_json_match_the_text_listing(self):
        r = self.p.run("rules", "--format", "json")
        self.assertEqual(r.returncode, 0, r.stderr)
        rules = json.loads(r.stdout)
        text_ids = [line.split()[0] for line in self.p.run("rules").stdout.splitlines()]
        self.assertEqual([x["id"] for x in rules], text_ids)
        for x in rules:
            self.assertIn(x["level"], ("note", "warning", "error"))
            self.assertTrue(x["summary"])
            self.assertTrue(x["help_uri"].endswith("rules/docs/%s.md" % x["id"]), x)


class PathsTest(unittest.TestCase):
    """Every format names files relative to the repository root, from any
    working directory; SARIF names a file outside the root by an absolute
    file URI (issue 14, item 7)."""

    def setUp(self):
        self.tmp = os.path.realpath(tempfile.mkdtemp(prefix="ag-paths-"))
        self.repo = os.path.join(self.tmp, "repo")
        self.outside = os.path.join(self.tmp, "vendor")
        os.makedirs(os.path.join(self.repo, "src"))
        os.makedirs(self.outside)
        git_init(self.repo)
        with open(os.path.join(self.outside, "ext.hpp"), "w") as fh:
            fh.write("#pragma once\n#include <unistd.h>\ninline void ext_wait() { ::usleep(1); }\n")
        with open(os.path.join(self.repo, "src", "a.cpp"), "w") as fh:
            fh.write('#include "ext.hpp"\n' + PRELUDE + "task f() { sleep(1); ext_wait(); co_return; }\n")
        self.flags = ["--", "-std=c++20", "-I" + self.outside]

    def tearDown(self):
        shutil.rmtree(self.tmp, ignore_errors=True)

    def run_in(self, cwd, path, *args):
        return subprocess.run([BINARY, "check", "--no-cache", *args, path, *self.flags], cwd=cwd,
                              capture_output=True, text=True, timeout=300)

    def test_text_json_github_paths_do_not_depend_on_the_working_directory(self):
        places = ((self.repo, "src/a.cpp"), (os.path.join(self.repo, "src"), "a.cpp"),
                  (self.tmp, os.path.join(self.repo, "src", "a.cpp")))
        outputs = {}
        for fmt in ("text", "json", "github"):
            outputs[fmt] = set()
            for cwd, path in places:
                r = self.run_in(cwd, path, "--format", fmt)
                self.assertEqual(r.returncode, 1, r.stderr)
                outputs[fmt].add(r.stdout)
            self.assertEqual(len(outputs[fmt]), 1, "%s output differs by working directory: %s" % (fmt, outputs[fmt]))
        text = outputs["text"].pop()
        self.assertIn("src/a.cpp:11:12: warning: 'sleep'", text)
        self.assertNotIn("\na.cpp:", "\n" + text)
        gh = outputs["github"].pop()
        self.assertIn("file=src/a.cpp,line=11,", gh)
        js = json.loads(outputs["json"].pop())
        self.assertEqual({f["file"] for f in js["findings"]}, {"src/a.cpp"})
        self.assertEqual(js["source_root"], self.repo)
        # From a subdirectory the text output says how paths are anchored.
        r = self.run_in(os.path.join(self.repo, "src"), "a.cpp")
        self.assertIn("paths are relative to '%s'" % self.repo, r.stderr)

    def test_sarif_names_a_header_outside_the_root_by_absolute_uri_and_validates(self):
        out = os.path.join(self.tmp, "out.sarif")
        r = self.run_in(os.path.join(self.repo, "src"), "a.cpp", "--format", "sarif", "-o", out)
        self.assertEqual(r.returncode, 1, r.stderr)
        with open(out) as fh:
            sarif = json.load(fh)
        locations = []
        for result in sarif["runs"][0]["results"]:
            for loc in result["locations"] + result.get("relatedLocations", []):
                locations.append(loc["physicalLocation"]["artifactLocation"])
        inside = [l for l in locations if l.get("uriBaseId") == "%SRCROOT%"]
        outside = [l for l in locations if "uriBaseId" not in l]
        self.assertTrue(inside and outside, locations)
        for l in inside:
            self.assertFalse(l["uri"].startswith("/") or l["uri"].startswith("file:"), l)
            self.assertEqual(l["uri"], "src/a.cpp")
        self.assertEqual({l["uri"] for l in outside}, {"file://" + os.path.join(self.outside, "ext.hpp")})
        self.assertTrue(os.path.exists(VALIDATOR), "run scripts/setup.sh: validator missing")
        report = os.path.join(self.tmp, "validation.sarif")
        schema = os.path.join(os.path.dirname(VALIDATOR), "sarif-2.1.0.json")
        v = subprocess.run([VALIDATOR, "validate", out, "--rule-kind", "Sarif;Ghas", "--json-schema", schema,
                            "-o", report], capture_output=True, text=True, timeout=300,
                           env={**os.environ, "DOTNET_SYSTEM_GLOBALIZATION_INVARIANT": "1"})
        self.assertEqual(v.returncode, 0, v.stdout + v.stderr)
        with open(report) as fh:
            results = json.load(fh)["runs"][0]["results"]
        problems = [(x.get("level", "warning"), x["ruleId"], x["message"]) for x in results
                    if x.get("level", "warning") in ("error", "warning")]
        self.assertEqual(problems, [])


class PreCommitChangedTest(unittest.TestCase):
    """`check --changed`, as the pre-commit hook runs it (issue 14, item 5)."""

    def setUp(self):
        self.p = Project()
        git_init(self.p.dir)
        self.p.write("include/slow.h", "#pragma once\n#define SLOW_CALL() sleep(1)\n")
        self.p.write("src/a.cpp", '#include "slow.h"\n' + PRELUDE + "task a() { SLOW_CALL(); co_return; }\n")
        self.p.write("src/b.cpp", PRELUDE + "task b() { usleep(1); co_return; }\n")

    def tearDown(self):
        self.p.cleanup()

    def database(self, files):
        self.p.database([{"directory": self.p.dir, "file": os.path.join(self.p.dir, f),
                          "arguments": ["clang++", "-std=c++20", "-Iinclude", "-c", f]} for f in files])

    def test_new_file_not_in_the_database_is_analysed_with_a_neighbours_flags(self):
        self.database(["src/a.cpp", "src/b.cpp"])
        # Added after CMake ran: only its neighbours' -Iinclude lets it parse.
        self.p.write("src/new_handler.cpp", '#include "slow.h"\n' + PRELUDE +
                     "task fresh() { SLOW_CALL(); co_return; }\n")
        r = self.p.run("check", "--changed", "-p", "build", "--no-cache", "src/new_handler.cpp")
        self.assertEqual(r.returncode, 1, r.stdout + r.stderr)
        self.assertIn("src/new_handler.cpp:11:16: warning:", r.stdout)
        self.assertNotIn("src/a.cpp:", r.stdout)
        self.assertIn("new_handler.cpp' is not in compile_commands.json; analysed with the flags of", r.stderr)
        # A plain check of the file borrows the same flags.
        r = self.p.run("check", "-p", "build", "--no-cache", "src/new_handler.cpp")
        self.assertEqual(r.returncode, 1, r.stdout + r.stderr)

    def test_baseline_under_changed_speaks_only_for_the_changed_files(self):
        self.database(["src/a.cpp", "src/b.cpp"])
        base = os.path.join(self.p.dir, "baseline.json")
        r = self.p.run("check", "-p", "build", "--no-cache", "--write-baseline", base)
        self.assertEqual(r.returncode, 1, r.stderr)
        with open(base) as fh:
            self.assertEqual({e["File"] for e in json.load(fh)["findings"]}, {"src/a.cpp", "src/b.cpp"})
        # Only b.cpp is staged; a.cpp's baselined finding still exists.
        r = self.p.run("check", "--changed", "-p", "build", "--no-cache", "--baseline", base, "src/b.cpp")
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertNotIn("no longer occur", r.stderr)
        # b.cpp is fixed: its entry is gone, and only its entry is named.
        self.p.write("src/b.cpp", PRELUDE + "task b() { co_return; }\n")
        r = self.p.run("check", "--changed", "-p", "build", "--no-cache", "--baseline", base, "src/b.cpp")
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertIn("1 baselined finding(s) no longer occur", r.stderr)
        self.assertIn("src/b.cpp: [blocking-sleep]", r.stderr)
        self.assertNotIn("src/a.cpp: [", r.stderr)
        # Rewriting the baseline under --changed keeps a.cpp's entry.
        r = self.p.run("check", "--changed", "-p", "build", "--no-cache", "--write-baseline", base, "src/b.cpp")
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        with open(base) as fh:
            self.assertEqual({e["File"] for e in json.load(fh)["findings"]}, {"src/a.cpp"})
        # A file that is not a baseline is not overwritten.
        self.p.write("notes.json", "my notes\n")
        r = self.p.run("check", "-p", "build", "--no-cache", "--write-baseline", "notes.json")
        self.assertEqual(r.returncode, 2, r.stderr)
        self.assertIn("not overwriting it", r.stderr)


if __name__ == "__main__":
    BINARY = os.path.abspath(sys.argv.pop(1))
    unittest.main(verbosity=2)
