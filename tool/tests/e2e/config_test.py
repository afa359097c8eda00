#!/usr/bin/env python3
"""End-to-end tests of config discovery and suppressions through the real
binary: per-file config (argument order and working directory do not
matter), inherit_parent, exclude, the header filter, `asyncguard config`,
NOLINT with the bare rule id, unmatched NOLINTBEGIN, unused suppressions,
unknown config names and configs owned by another user.

Usage: config_test.py ASYNCGUARD_BINARY
"""
import json, os, subprocess, sys, unittest

import cli_test
from cli_test import PRELUDE, Project


def findings(result):
    """(file name, line, rule) of each reported finding of a JSON run."""
    doc = json.loads(result.stdout)
    out = set()
    for f in doc["findings"] if isinstance(doc, dict) else doc:
        if f.get("suppressed") or f.get("suppression"):
            continue
        out.add((os.path.basename(f["file"]), f["line"], f["rule"]))
    return out


class ConfigTest(unittest.TestCase):
    def setUp(self):
        self.p = Project()
        # A repository: discovery stops at its root.
        os.makedirs(os.path.join(self.p.dir, ".git"))

    def tearDown(self):
        self.p.cleanup()

    def check(self, *args, cwd=None):
        return self.p.run("check", "--no-cache", "--format", "json", *args, cwd=cwd)

    def test_each_file_uses_its_own_config_whatever_the_order_and_working_directory(self):
        self.p.write("app/a.cpp", PRELUDE + "task f() { sleep(1); co_return; }\n")
        self.p.write("lib/b.cpp", PRELUDE + "task g() { sleep(1); co_return; }\n")
        self.p.write("lib/.asyncguard.json", '{"ignore": ["blocking-sleep"]}')
        expected = {("a.cpp", 10, "blocking-sleep")}
        runs = [
            self.check("app/a.cpp", "lib/b.cpp"),
            self.check("lib/b.cpp", "app/a.cpp"),
            self.check("../app/a.cpp", "b.cpp", cwd=os.path.join(self.p.dir, "lib")),
            self.check(os.path.join(self.p.dir, "lib/b.cpp"), os.path.join(self.p.dir, "app/a.cpp"),
                       cwd="/"),
        ]
        for r in runs:
            self.assertEqual(r.returncode, 1, r.stderr)
            self.assertEqual(findings(r), expected, r.args)

    def test_config_above_the_repository_root_is_not_used(self):
        outer = Project()
        try:
            outer.write(".asyncguard.json", '{"ignore": ["blocking-sleep"]}')
            os.makedirs(os.path.join(outer.dir, "repo/.git"))
            outer.write("repo/a.cpp", PRELUDE + "task f() { sleep(1); co_return; }\n")
            r = outer.run("check", "--no-cache", "a.cpp", cwd=os.path.join(outer.dir, "repo"))
            self.assertEqual(r.returncode, 1, r.stdout + r.stderr)
        finally:
            outer.cleanup()

    def test_child_config_inherits_its_parent_only_when_it_says_so(self):
        self.p.write(".asyncguard.json",
                     '{"blocking": [{"name": "app::fetch", "rule": "blocking-network"}]}')
        code = PRELUDE + "namespace app { int fetch(); }\ntask f() { app::fetch(); sleep(1); co_return; }\n"
        self.p.write("svc/a.cpp", code)
        self.p.write("svc/.asyncguard.json", '{"inherit_parent": true, "ignore": ["blocking-sleep"]}')
        r = self.check("svc/a.cpp")
        self.assertEqual(findings(r), {("a.cpp", 11, "blocking-network")}, r.stderr)
        self.p.write("svc/.asyncguard.json", '{"ignore": ["blocking-sleep"]}')
        r = self.check("svc/a.cpp")
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)

    def test_exclude_globs_are_relative_to_the_config_folder(self):
        self.p.write("third_party/z/z.cpp", PRELUDE + "task z() { sleep(1); co_return; }\n")
        self.p.write("src/a.cpp", PRELUDE + "task f() { sleep(1); co_return; }\n")
        self.p.write(".asyncguard.json", '{"exclude": ["third_party/**"]}')
        r = self.check("third_party/z/z.cpp", "src/a.cpp")
        self.assertEqual(findings(r), {("a.cpp", 10, "blocking-sleep")}, r.stderr)

    def test_header_filter_hides_vendored_headers_unless_asked(self):
        header = "inline task {name}() {{ sleep(1); co_return; }}\n"
        self.p.write("vendor/lib.h", PRELUDE + header.format(name="vendored"))
        self.p.write("include/own.h", "#pragma once\n" + header.format(name="own"))
        self.p.write("src/a.cpp", '#include "../vendor/lib.h"\n#include "../include/own.h"\n')
        r = self.check("src/a.cpp")
        self.assertEqual(findings(r), {("own.h", 2, "blocking-sleep")}, r.stderr)
        r = self.check("--header-filter", ".*", "src/a.cpp")
        self.assertEqual(findings(r), {("own.h", 2, "blocking-sleep"), ("lib.h", 10, "blocking-sleep")})
        self.p.write(".asyncguard.json", '{"header_filter": "/vendor/"}')
        r = self.check("src/a.cpp")
        self.assertEqual(findings(r), {("lib.h", 10, "blocking-sleep")}, r.stderr)
        r = self.check("--header-filter", "(", "src/a.cpp")
        self.assertEqual(r.returncode, 2)
        self.assertIn("not a valid regular expression", r.stderr)

    def test_config_subcommand_prints_the_effective_config_and_its_sources(self):
        self.p.write(".asyncguard.json", '{"non_blocking": ["a::f"], "thread_budget": {"factor": 2}}')
        self.p.write("lib/.asyncguard.json", '// comment\n{"inherit_parent": true, "non_blocking": ["b::g"]}')
        self.p.write("lib/x.cpp", "")
        r = self.p.run("config", "lib/x.cpp", cwd=self.p.dir)
        self.assertEqual(r.returncode, 0, r.stderr)
        doc = json.loads(r.stdout)
        root, lib = (os.path.join(os.path.realpath(self.p.dir), f) for f in (".asyncguard.json", "lib/.asyncguard.json"))
        self.assertEqual([os.path.realpath(f) for f in doc["config_files"]], [root, lib])
        keys = doc["config"]
        self.assertEqual(keys["non_blocking"]["value"], ["a::f", "b::g"])
        self.assertEqual([os.path.realpath(f) for f in keys["non_blocking"]["from"]], [root, lib])
        self.assertEqual(keys["thread_budget"]["value"]["factor"], 2)
        self.assertEqual(keys["select"]["from"], "default")
        r = self.p.run("config", "nope/x.cpp")
        self.assertEqual(r.returncode, 2)
        self.p.write("lib/.asyncguard.json", '{"inherit_parent": 1}')
        r = self.p.run("config", "lib/x.cpp")
        self.assertEqual(r.returncode, 2)
        self.assertIn("'inherit_parent' must be true or false", r.stderr)

    def test_nolint_with_the_bare_rule_id_suppresses_and_other_tools_checks_do_not(self):
        self.p.write("a.cpp", PRELUDE +
                     "task f() { sleep(1); co_return; } // NOLINT(blocking-sleep)\n"
                     "task g() { sleep(1); co_return; } // NOLINT(asyncguard-blocking-sleep)\n"
                     "task h() { sleep(1); co_return; } // NOLINT(bugprone-blocking-sleep)\n")
        r = self.check("a.cpp")
        self.assertEqual(findings(r), {("a.cpp", 12, "blocking-sleep")}, r.stderr)

    def test_unmatched_nolintbegin_is_reported_and_suppresses_nothing(self):
        self.p.write("a.cpp", PRELUDE + "// NOLINTBEGIN(blocking-sleep)\ntask f() { sleep(1); co_return; }\n")
        r = self.check("a.cpp")
        self.assertEqual(r.returncode, 1)
        self.assertEqual(findings(r), {("a.cpp", 10, "unmatched-nolint"), ("a.cpp", 11, "blocking-sleep")})
        r = self.p.run("check", "--no-cache", "--format", "sarif", "a.cpp")
        run = json.loads(r.stdout)["runs"][0]
        ids = {rule["id"] for rule in run["tool"]["driver"]["rules"]}
        self.assertIn("unmatched-nolint", ids)
        self.assertIn("unmatched-nolint", {res["ruleId"] for res in run["results"]})

    def test_unused_suppressions_are_reported_when_asked(self):
        self.p.write("a.cpp", PRELUDE +
                     "task f() { sleep(1); co_return; } // NOLINT(blocking-sleep)\n"
                     "task g() { co_return; } // NOLINT(blocking-io)\n"
                     "int h() { return 1; } // NOLINT(bugprone-foo)\n")
        r = self.check("a.cpp")
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        r = self.check("--report-unused-suppressions", "a.cpp")
        self.assertEqual(r.returncode, 1)
        self.assertEqual(findings(r), {("a.cpp", 11, "unused-nolint")})

    def test_unknown_config_names_get_a_note(self):
        self.p.write(".asyncguard.json",
                     '{"non_blocking": ["app::cached", "app::typo"], '
                     '"blocking": [{"name": "app::Client::get", "rule": "blocking-network"}]}')
        self.p.write("a.cpp", PRELUDE + "namespace app { int cached(); struct Client { int get(); }; }\n")
        r = self.check("a.cpp")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("'non_blocking' name 'app::typo' matches no declaration", r.stderr)
        self.assertNotIn("app::cached'", r.stderr)
        self.assertNotIn("app::Client::get'", r.stderr)

    @unittest.skipUnless(hasattr(os, "geteuid") and os.geteuid() == 0, "needs root to chown")
    def test_config_owned_by_another_user_is_skipped_with_a_note(self):
        self.p.write("a.cpp", PRELUDE + "task f() { sleep(1); co_return; }\n")
        cfg = self.p.write(".asyncguard.json", '{"ignore": ["blocking-sleep"]}')
        os.chown(cfg, 65534, 65534)
        r = self.check("a.cpp")
        self.assertEqual(findings(r), {("a.cpp", 10, "blocking-sleep")}, r.stderr)
        self.assertIn("skipping config", r.stderr)
        self.assertIn("owned by uid 65534", r.stderr)


if __name__ == "__main__":
    cli_test.BINARY = os.path.abspath(sys.argv.pop(1))
    unittest.main(verbosity=2)
