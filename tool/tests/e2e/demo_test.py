#!/usr/bin/env python3
"""End to end on the bundled demo service (testdata/demo) with its real
compile database: the planted findings in every format, SARIF through
Microsoft's validator, --fix on a copy that then builds and passes its own
test, clang-apply-replacements agreeing with --fix, sharded runs merging to
the single run's bytes, a warm cache giving the same output, baselines.

Usage: demo_test.py ASYNCGUARD_BINARY
"""
import filecmp, json, os, re, shutil, subprocess, sys, tempfile, unittest

BINARY = None
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
DEMO = os.path.join(ROOT, "testdata", "demo")
VALIDATOR = os.path.join(ROOT, "build", "tools", "node_modules", "@microsoft", "sarif-multitool-linux", "Sarif.Multitool")
MARK = re.compile(r"//\s*asyncguard:\s*([a-z\-]+)")


def sh(cmd, **kw):
    kw.setdefault("capture_output", True)
    kw.setdefault("text", True)
    return subprocess.run(cmd, timeout=900, **kw)


def configure(src, build, extra=()):
    r = sh(["cmake", "-S", src, "-B", build, "-G", "Ninja", "-DCMAKE_CXX_COMPILER=clang++-19",
            "-DCMAKE_EXPORT_COMPILE_COMMANDS=ON", *extra])
    assert r.returncode == 0, r.stdout + r.stderr


def planted(root):
    found = set()
    for dirpath, _, files in os.walk(root):
        for f in files:
            if f.endswith((".cpp", ".hpp")):
                path = os.path.join(dirpath, f)
                with open(path) as fh:
                    for no, line in enumerate(fh, 1):
                        m = MARK.search(line)
                        if m:
                            found.add((os.path.relpath(path, root), no, m.group(1)))
    return found


class DemoTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="ag-demo-")
        cls.build = os.path.join(cls.tmp, "build")
        configure(DEMO, cls.build)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def check(self, *args, cwd=ROOT, build=None):
        return sh([BINARY, "check", "-p", build or self.build, "--quiet", *args], cwd=cwd)

    def test_reports_exactly_the_planted_findings_in_every_format(self):
        r = self.check("--format", "json", "--no-cache")
        self.assertEqual(r.returncode, 1, r.stderr)
        got = {(os.path.relpath(os.path.join(ROOT, f["file"]), DEMO), f["line"], f["rule"])
               for f in json.loads(r.stdout)["findings"]}
        self.assertEqual(got, planted(DEMO))
        text = self.check("--no-cache").stdout
        for file, line, rule in got:
            self.assertIn(f"testdata/demo/{file}:{line}:", text)
        self.assertEqual(text.count(": warning: "), len(got))
        self.assertIn("note: 'inventory::read_price_overrides' calls", text)

    def test_sarif_passes_microsofts_validator(self):
        out = os.path.join(self.tmp, "demo.sarif")
        r = self.check("--format", "sarif", "-o", out, "--exit-zero")
        self.assertEqual(r.returncode, 0, r.stderr)
        with open(out) as fh:
            text = fh.read()
        # No machine paths: no string in the log is (or names) the checkout's
        # absolute path. A substring test is not enough: with the checkout at
        # /src, "testdata/demo/src/..." contains "/src".
        def strings(node):
            if isinstance(node, dict):
                for v in node.values():
                    yield from strings(v)
            elif isinstance(node, list):
                for v in node:
                    yield from strings(v)
            elif isinstance(node, str):
                yield node
        for value in strings(json.loads(text)):
            self.assertFalse(value.startswith(ROOT + "/") or ("file://" + ROOT) in value or
                             (" " + ROOT + "/") in value, f"machine path in SARIF: {value[:200]}")
        self.assertNotIn("primaryLocationLineHash", text)
        self.assertTrue(os.path.exists(VALIDATOR), "run scripts/setup.sh: validator missing")
        report = os.path.join(self.tmp, "validation.sarif")
        # The schema the validator package ships, named explicitly so that
        # the file is checked against SARIF 2.1.0's JSON schema too.
        schema = os.path.join(os.path.dirname(VALIDATOR), "sarif-2.1.0.json")
        self.assertTrue(os.path.exists(schema))
        v = sh([VALIDATOR, "validate", out, "--rule-kind", "Sarif;Ghas", "--json-schema", schema, "-o", report],
               env={**os.environ, "DOTNET_SYSTEM_GLOBALIZATION_INVARIANT": "1"})
        self.assertEqual(v.returncode, 0, v.stdout + v.stderr)
        with open(report) as fh:
            results = json.load(fh)["runs"][0]["results"]
        problems = [(x.get("level", "warning"), x["ruleId"], x["message"]) for x in results
                    if x.get("level", "warning") in ("error", "warning")]
        self.assertEqual(problems, [])
        results_with_chain = [x for x in json.loads(text)["runs"][0]["results"] if "codeFlows" in x]
        self.assertEqual(len(results_with_chain), 1)

    def test_warm_cache_and_sharded_merge_give_identical_output(self):
        cache = os.path.join(self.tmp, "cache")
        cold = self.check("--format", "sarif", "--cache-dir", cache)
        warm = self.check("--format", "sarif", "--cache-dir", cache)
        self.assertEqual(cold.stdout, warm.stdout)
        self.assertTrue(os.listdir(cache))
        facts = [os.path.join(self.tmp, f"shard{k}") for k in (1, 2, 3)]
        for k, d in enumerate(facts, 1):
            r = self.check("--shard", f"{k}/3", "--facts-out", d, "--no-cache")
            self.assertEqual(r.returncode, 0, r.stderr)
        merged = sh([BINARY, "merge", *facts, "--format", "sarif", "--quiet"], cwd=ROOT)
        self.assertEqual(merged.returncode, 1, merged.stderr)
        self.assertEqual(merged.stdout, cold.stdout)

    def test_baseline_reports_only_new_findings(self):
        baseline = os.path.join(self.tmp, "baseline.json")
        r = self.check("--write-baseline", baseline)
        self.assertEqual(r.returncode, 1)
        r = self.check("--baseline", baseline)
        self.assertEqual(r.returncode, 0, r.stdout)
        self.assertEqual(r.stdout, "")
        with open(baseline) as fh:
            doc = json.load(fh)
        doc["findings"].append({"Fingerprint": "0000:1", "Rule": "blocking-io", "File": "x.cpp", "Message": "gone"})
        with open(baseline, "w") as fh:
            json.dump(doc, fh)
        r = sh([BINARY, "check", "-p", self.build, "--baseline", baseline], cwd=ROOT)
        self.assertEqual(r.returncode, 0)
        self.assertIn("1 baselined finding(s) no longer occur", r.stderr)
        doc["findings"] = doc["findings"][1:]
        with open(baseline, "w") as fh:
            json.dump(doc, fh)
        r = self.check("--baseline", baseline, "--format", "json")
        self.assertEqual(r.returncode, 1)
        self.assertEqual(len(json.loads(r.stdout)["findings"]), 1)

    def test_fix_on_a_copy_builds_passes_its_test_and_rechecks_clean(self):
        copy = os.path.join(self.tmp, "fixed")
        shutil.copytree(DEMO, copy)
        build = os.path.join(self.tmp, "fixed-build")
        configure(copy, build, ["-DASYNCGUARD_RUNTIME_DIR=" + os.path.join(ROOT, "runtime")])
        yaml_copy = os.path.join(self.tmp, "yaml")
        shutil.copytree(copy, yaml_copy)
        fixes = os.path.join(self.tmp, "fixes.yaml")
        r = self.check("--format", "fixes-yaml", "-o", fixes, "--no-cache", build=build, cwd=copy)
        diff = self.check("--diff", "--no-cache", build=build, cwd=copy)
        self.assertEqual(diff.returncode, 1)
        self.assertIn("+++ b/src/supplier.cpp", diff.stdout)
        r = self.check("--fix", "--no-cache", build=build, cwd=copy)
        fixed_sources = [f for f in ("src/supplier.cpp", "src/service.cpp")
                         if not filecmp.cmp(os.path.join(copy, f), os.path.join(DEMO, f), shallow=False)]
        self.assertEqual(len(fixed_sources), 2, r.stderr)
        with open(os.path.join(copy, "src/supplier.cpp")) as fh:
            self.assertIn("co_await asyncguard::rt::sleep_for(backoff);", fh.read())
        b = sh(["cmake", "--build", build, "-j2"])
        self.assertEqual(b.returncode, 0, b.stdout[-4000:] + b.stderr[-4000:])
        t = sh(["ctest", "--test-dir", build, "--output-on-failure"])
        self.assertEqual(t.returncode, 0, t.stdout[-4000:])
        again = self.check("--format", "json", "--no-cache", build=build, cwd=copy)
        remaining = json.loads(again.stdout)["findings"]
        self.assertEqual([f for f in remaining if f["fix"]], [])
        # clang-apply-replacements on the exported YAML makes the same files.
        # The YAML names the copy's files; rewrite them to the second copy.
        with open(fixes) as fh:
            text = fh.read().replace(copy + "/", yaml_copy + "/")
        with open(fixes, "w") as fh:
            fh.write(text)
        fixes_dir = os.path.join(self.tmp, "fixes-dir")
        os.makedirs(fixes_dir)
        shutil.move(fixes, os.path.join(fixes_dir, "demo.yaml"))
        a = sh(["clang-apply-replacements-19", fixes_dir])
        self.assertEqual(a.returncode, 0, a.stderr)
        for f in ("src/supplier.cpp", "src/service.cpp"):
            with open(os.path.join(copy, f)) as x, open(os.path.join(yaml_copy, f)) as y:
                self.assertEqual(x.read(), y.read(), f)


if __name__ == "__main__":
    BINARY = os.path.abspath(sys.argv.pop(1))
    unittest.main(verbosity=2)
