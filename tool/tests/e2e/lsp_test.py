#!/usr/bin/env python3
"""Protocol tests of `asyncguard lsp`: the real binary driven over pipes.

Usage: lsp_test.py ASYNCGUARD_BINARY [unittest args]
Also runs tool/tests/e2e/nvim_test.lua in headless Neovim when nvim is installed.
"""
import json, os, queue, shutil, subprocess, sys, tempfile, textwrap, threading, time, unittest

BINARY = None
HERE = os.path.dirname(os.path.abspath(__file__))
TIMEOUT = 60  # a parse of a TU with <thread> takes a second or two; CI is slow

PRELUDE = textwrap.dedent("""\
    #include <coroutine>
    #include <unistd.h>
    struct task { struct promise_type {
      task get_return_object() { return {}; }
      std::suspend_never initial_suspend() { return {}; }
      std::suspend_never final_suspend() noexcept { return {}; }
      void return_void() {} void unhandled_exception() {} }; };
    """)
PRELUDE_LINES = PRELUDE.count("\n")


def uri(path):
    return "file://" + path


def utf16_len(s):
    return len(s.encode("utf-16-le")) // 2


def offset_of(text, pos):
    """Index in `text` (a str) of an LSP position (UTF-16 character)."""
    lines = text.split("\n")
    if pos["line"] >= len(lines):
        return len(text)
    start = sum(len(l) + 1 for l in lines[: pos["line"]])
    line, units, i = lines[pos["line"]], 0, 0
    while i < len(line) and units < pos["character"]:
        units += utf16_len(line[i])
        i += 1
    return start + i


def apply_edits(text, edits):
    for e in sorted(edits, key=lambda e: (e["range"]["start"]["line"], e["range"]["start"]["character"]), reverse=True):
        b, en = offset_of(text, e["range"]["start"]), offset_of(text, e["range"]["end"])
        text = text[:b] + e["newText"] + text[en:]
    return text


class Client:
    """An LSP client over the server's stdin/stdout."""

    def __init__(self, root, init_options=None, capabilities=None, initialize=True):
        self.root = root
        self.proc = subprocess.Popen([BINARY, "lsp"], cwd=root, stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        self.messages = queue.Queue()
        self.seen = []
        self.next_id = 1
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()
        self.stderr = []
        threading.Thread(target=lambda: self.stderr.append(self.proc.stderr.read()), daemon=True).start()
        if initialize:
            caps = capabilities if capabilities is not None else {}
            result = self.request("initialize", {"processId": os.getpid(), "rootUri": uri(root),
                                                 "capabilities": caps,
                                                 "initializationOptions": init_options or {"debounceMs": 50}})
            self.init_result = result["result"]
            self.notify("initialized", {})

    def _read(self):
        out = self.proc.stdout
        while True:
            headers = {}
            while True:
                line = out.readline()
                if not line:
                    self.messages.put(None)
                    return
                line = line.decode().strip()
                if not line:
                    break
                k, v = line.split(":", 1)
                headers[k.lower()] = v.strip()
            body = out.read(int(headers["content-length"]))
            msg = json.loads(body)
            if "method" in msg and "id" in msg:  # a request from the server
                self.send({"jsonrpc": "2.0", "id": msg["id"], "result": None})
            self.messages.put(msg)

    def send_raw(self, data):
        self.proc.stdin.write(data)
        self.proc.stdin.flush()

    def send(self, msg):
        body = json.dumps(msg).encode()
        self.send_raw(b"Content-Length: %d\r\n\r\n" % len(body) + body)

    def notify(self, method, params):
        self.send({"jsonrpc": "2.0", "method": method, "params": params})

    def send_request(self, method, params):
        rid = self.next_id
        self.next_id += 1
        self.send({"jsonrpc": "2.0", "id": rid, "method": method, "params": params})
        return rid

    def request(self, method, params):
        rid = self.send_request(method, params)
        return self.wait(lambda m: m.get("id") == rid and "method" not in m)

    def wait(self, pred, timeout=TIMEOUT):
        """The first message (seen before or arriving) that matches; consumed."""
        for i, m in enumerate(self.seen):
            if pred(m):
                return self.seen.pop(i)
        deadline = time.time() + timeout
        while time.time() < deadline:
            try:
                m = self.messages.get(timeout=max(0.01, deadline - time.time()))
            except queue.Empty:
                break
            if m is None:
                raise AssertionError("server closed its output")
            if pred(m):
                return m
            self.seen.append(m)
        raise AssertionError("timed out; seen: %s" % json.dumps(self.seen)[-3000:])

    def diagnostics(self, path, pred=lambda d: True):
        """The next publishDiagnostics for `path` whose list satisfies pred."""
        m = self.wait(lambda m: m.get("method") == "textDocument/publishDiagnostics"
                      and m["params"]["uri"] == uri(path) and pred(m["params"]["diagnostics"]))
        return m["params"]

    def open(self, path, text, version=1):
        self.notify("textDocument/didOpen", {"textDocument": {"uri": uri(path), "languageId": "cpp",
                                                                "version": version, "text": text}})

    def shutdown(self):
        r = self.request("shutdown", None)
        self.notify("exit", None)
        return r, self.proc.wait(timeout=TIMEOUT)

    def close(self):
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        for f in (self.proc.stdin, self.proc.stdout, self.proc.stderr):
            try:
                f.close()
            except OSError:
                pass


class Project:
    def __init__(self):
        self.dir = os.path.realpath(tempfile.mkdtemp(prefix="ag-lsp-"))

    def write(self, name, text):
        path = os.path.join(self.dir, name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w") as fh:
            fh.write(text)
        return path

    def database(self, files, flags=()):
        entries = [{"directory": self.dir, "file": os.path.join(self.dir, f),
                    "arguments": ["clang++", "-std=c++20", *flags, "-c", os.path.join(self.dir, f)]}
                   for f in files]
        self.write("build/compile_commands.json", json.dumps(entries))


class LspTestCase(unittest.TestCase):
    def setUp(self):
        self.p = Project()
        self.clients = []

    def tearDown(self):
        for c in self.clients:
            c.close()
        shutil.rmtree(self.p.dir, ignore_errors=True)

    def client(self, **kw):
        c = Client(self.p.dir, **kw)
        self.clients.append(c)
        return c


class DiagnosticsTest(LspTestCase):
    def test_open_publishes_finding_with_utf16_range_code_and_notes(self):
        # 'é' is 2 bytes / 1 UTF-16 unit, '𝄞' 4 bytes / 2 units: byte column
        # 19 of the call is UTF-16 character 14.
        text = PRELUDE + "task f() {\n  /* é𝄞 */ sleep(1);\n  co_return;\n}\n"
        path = self.p.write("a.cpp", text)
        self.p.database(["a.cpp"])
        c = self.client()
        c.open(path, text)
        params = c.diagnostics(path, lambda d: len(d) == 1)
        d = params["diagnostics"][0]
        self.assertEqual(params["version"], 1)
        self.assertEqual(d["code"], "blocking-sleep")
        self.assertEqual(d["source"], "asyncguard")
        self.assertEqual(d["severity"], 2)
        self.assertTrue(d["codeDescription"]["href"].endswith("rules/docs/blocking-sleep.md"))
        line = PRELUDE_LINES + 1
        col = utf16_len("  /* é𝄞 */ ")
        self.assertEqual(d["range"], {"start": {"line": line, "character": col},
                                      "end": {"line": line, "character": col + len("sleep(1)")}})
        self.assertIn("'sleep'", d["message"])
        self.assertTrue(d["relatedInformation"], d)
        self.assertEqual(d["relatedInformation"][0]["location"]["uri"], uri(path))

    def test_incremental_edits_update_diagnostics(self):
        text = PRELUDE + "task f() {\n  sleep(1);\n  co_return;\n}\n"
        path = self.p.write("a.cpp", text)
        c = self.client()
        c.open(path, text)
        c.diagnostics(path, lambda d: len(d) == 1)
        line = PRELUDE_LINES + 1
        # Replace 'sleep(1)' with a harmless call: no findings.
        c.notify("textDocument/didChange", {"textDocument": {"uri": uri(path), "version": 2}, "contentChanges": [
            {"range": {"start": {"line": line, "character": 2}, "end": {"line": line, "character": 10}},
             "text": "(void)0"}]})
        params = c.diagnostics(path, lambda d: d == [])
        self.assertEqual(params["version"], 2)
        # Two changes in one notification, applied in order: a new line with
        # a non-ASCII comment, then a blocking call after it on that line.
        c.notify("textDocument/didChange", {"textDocument": {"uri": uri(path), "version": 3}, "contentChanges": [
            {"range": {"start": {"line": line + 1, "character": 0}, "end": {"line": line + 1, "character": 0}},
             "text": "  /* ü */\n"},
            {"range": {"start": {"line": line + 1, "character": 9}, "end": {"line": line + 1, "character": 9}},
             "text": " usleep(5);"}]})
        params = c.diagnostics(path, lambda d: len(d) == 1)
        self.assertEqual(params["version"], 3)
        self.assertEqual(params["diagnostics"][0]["range"]["start"], {"line": line + 1, "character": 10})

    def test_rapid_edits_publish_only_the_newest_version(self):
        text = PRELUDE + "task f() {\n  sleep(1);\n  co_return;\n}\n"
        path = self.p.write("a.cpp", text)
        c = self.client(init_options={"debounceMs": 300})
        c.open(path, text)
        c.diagnostics(path, lambda d: len(d) == 1)
        for v in range(2, 12):
            c.notify("textDocument/didChange", {"textDocument": {"uri": uri(path), "version": v},
                                                "contentChanges": [{"text": text + "// %d\n" % v}]})
        params = c.diagnostics(path)
        self.assertEqual(params["version"], 11)

    def test_header_is_analysed_with_flags_of_an_including_tu(self):
        header = PRELUDE + "#if AG_ON\ninline task h() { sleep(1); co_return; }\n#endif\n"
        hpath = self.p.write("inc/h.hpp", header)
        self.p.write("main.cpp", '#include "h.hpp"\nint main() {}\n')
        self.p.database(["main.cpp"], flags=["-Iinc", "-DAG_ON=1"])
        c = self.client()
        c.open(hpath, header)
        params = c.diagnostics(hpath, lambda d: len(d) == 1)
        self.assertEqual(params["diagnostics"][0]["range"]["start"]["line"], PRELUDE_LINES + 1)

    def test_close_clears_diagnostics(self):
        text = PRELUDE + "task f() { sleep(1); co_return; }\n"
        path = self.p.write("a.cpp", text)
        c = self.client()
        c.open(path, text)
        c.diagnostics(path, lambda d: len(d) == 1)
        c.notify("textDocument/didClose", {"textDocument": {"uri": uri(path)}})
        c.diagnostics(path, lambda d: d == [])


class CrossFileTest(LspTestCase):
    def test_transitive_finding_from_background_index_and_disk_change(self):
        self.p.write("helper.cpp", "#include <unistd.h>\nvoid helper() { sleep(1); }\n")
        main = PRELUDE + "void helper();\ntask f() {\n  helper();\n  co_return;\n}\n"
        mpath = self.p.write("main.cpp", main)
        self.p.database(["helper.cpp", "main.cpp"])
        c = self.client(capabilities={"window": {"workDoneProgress": True}})
        c.open(mpath, main)
        params = c.diagnostics(mpath, lambda d: len(d) == 1)
        d = params["diagnostics"][0]
        self.assertEqual(d["code"], "blocking-sleep")
        self.assertEqual(d["range"]["start"]["line"], PRELUDE_LINES + 2)
        self.assertIn(uri(os.path.join(self.p.dir, "helper.cpp")),
                      [r["location"]["uri"] for r in d["relatedInformation"]])
        end = c.wait(lambda m: m.get("method") == "$/progress" and m["params"]["value"]["kind"] == "end")
        create = c.wait(lambda m: m.get("method") == "window/workDoneProgress/create")
        begin = c.wait(lambda m: m.get("method") == "$/progress" and m["params"]["value"]["kind"] == "begin")
        self.assertEqual(create["params"]["token"], begin["params"]["token"])
        self.assertEqual(begin["params"]["token"], end["params"]["token"])
        # The helper stops blocking on disk: the editor reports the change.
        hpath = self.p.write("helper.cpp", "void helper() {}\n")
        c.notify("workspace/didChangeWatchedFiles", {"changes": [{"uri": uri(hpath), "type": 2}]})
        c.diagnostics(mpath, lambda d: d == [])


class ConfigTest(LspTestCase):
    def test_config_file_change_takes_effect(self):
        text = PRELUDE + "task f() { sleep(1); co_return; }\n"
        path = self.p.write("a.cpp", text)
        c = self.client()
        c.open(path, text)
        c.diagnostics(path, lambda d: len(d) == 1)
        cfg = self.p.write(".asyncguard.json", '{ "ignore": ["blocking-sleep"] } // comment\n')
        c.notify("workspace/didChangeWatchedFiles", {"changes": [{"uri": uri(cfg), "type": 1}]})
        c.diagnostics(path, lambda d: d == [])

    def test_did_change_configuration_takes_effect(self):
        text = PRELUDE + "task f() { sleep(1); co_return; }\n"
        path = self.p.write("a.cpp", text)
        c = self.client()
        c.open(path, text)
        c.diagnostics(path, lambda d: len(d) == 1)
        c.notify("workspace/didChangeConfiguration", {"settings": {"asyncguard": {"select": ["blocking-io"]}}})
        c.diagnostics(path, lambda d: d == [])
        c.notify("workspace/didChangeConfiguration", {"settings": {"asyncguard": {"select": []}}})
        c.diagnostics(path, lambda d: len(d) == 1)


class CodeActionTest(LspTestCase):
    def actions(self, c, path, diag):
        r = c.request("textDocument/codeAction", {"textDocument": {"uri": uri(path)}, "range": diag["range"],
                                                  "context": {"diagnostics": [diag]}})
        return r["result"]

    def test_fix_and_nolint_actions_apply(self):
        text = PRELUDE + "task f() {\n  /* é */ sleep(1);\n  co_return;\n}\n"
        path = self.p.write("a.cpp", text)
        c = self.client()
        c.open(path, text)
        diag = c.diagnostics(path, lambda d: len(d) == 1)["diagnostics"][0]
        actions = self.actions(c, path, diag)
        titles = [a["title"] for a in actions]
        self.assertEqual(len(actions), 2, titles)
        fix, nolint = actions
        self.assertEqual(fix["kind"], "quickfix")
        self.assertTrue(fix["isPreferred"])
        fixed = apply_edits(text, fix["edit"]["changes"][uri(path)])
        self.assertIn("/* é */ co_await asyncguard::rt::sleep_for", fixed)
        self.assertIn("NOLINT(asyncguard-blocking-sleep)", nolint["title"])
        silenced = apply_edits(text, nolint["edit"]["changes"][uri(path)])
        self.assertIn("sleep(1); // NOLINT(asyncguard-blocking-sleep)\n", silenced)
        c.notify("textDocument/didChange", {"textDocument": {"uri": uri(path), "version": 2},
                                            "contentChanges": [{"text": silenced}]})
        c.diagnostics(path, lambda d: d == [])

    def test_fix_that_breaks_the_parse_is_reported_on_the_file(self):
        # The fix includes <asyncguard/rt.hpp>, which this project does not
        # have on its include path: the fixed buffer no longer parses, and
        # the editor must say so instead of showing no findings.
        text = PRELUDE + "task f() {\n  sleep(1);\n  co_return;\n}\n"
        path = self.p.write("a.cpp", text)
        c = self.client()
        c.open(path, text)
        diag = c.diagnostics(path, lambda d: len(d) == 1)["diagnostics"][0]
        fix = self.actions(c, path, diag)[0]
        fixed = apply_edits(text, fix["edit"]["changes"][uri(path)])
        self.assertIn("asyncguard/rt.hpp", fixed)
        c.notify("textDocument/didChange", {"textDocument": {"uri": uri(path), "version": 2},
                                            "contentChanges": [{"text": fixed}]})
        params = c.diagnostics(path, lambda d: len(d) == 1 and d[0]["severity"] == 1)
        d = params["diagnostics"][0]
        self.assertEqual(params["version"], 2)
        self.assertEqual(d["source"], "asyncguard")
        self.assertIn("could not analyse this file", d["message"])
        self.assertIn("'asyncguard/rt.hpp' file not found", d["message"])
        include_line = fixed.split("\n").index(next(l for l in fixed.split("\n") if "asyncguard/rt.hpp" in l))
        self.assertEqual(d["range"]["start"]["line"], include_line)
        # Undoing the fix brings the finding back and the failure goes.
        c.notify("textDocument/didChange", {"textDocument": {"uri": uri(path), "version": 3},
                                            "contentChanges": [{"text": text}]})
        params = c.diagnostics(path, lambda d: len(d) == 1 and d[0].get("code") == "blocking-sleep")
        self.assertEqual(params["version"], 3)

    def test_stack_overflow_in_a_tu_fails_that_file_and_the_server_lives(self):
        # 100 000 nested parentheses overflow any thread stack (clang++ itself
        # stops near 600): the parse crashes, the file says so, and the server
        # goes on serving the next file.
        deep_text = "int x = " + "(" * 100_000 + "1" + ")" * 100_000 + ";\n"
        deep = self.p.write("deep.cpp", deep_text)
        text = PRELUDE + "task f() {\n  sleep(1);\n  co_return;\n}\n"
        good = self.p.write("a.cpp", text)
        self.p.database(["deep.cpp", "a.cpp"], flags=["-fbracket-depth=1000000"])
        c = self.client()
        c.open(deep, deep_text)
        d = c.diagnostics(deep, lambda d: len(d) == 1)["diagnostics"][0]
        self.assertEqual(d["severity"], 1)
        self.assertIn("clang crashed", d["message"])
        c.open(good, text)
        d = c.diagnostics(good, lambda d: len(d) == 1)["diagnostics"][0]
        self.assertEqual(d["code"], "blocking-sleep")
        resp, code = c.shutdown()
        self.assertEqual(code, 0)

    def test_include_of_dev_stdin_does_not_read_the_protocol_stream(self):
        # The server's stdin is the JSON-RPC stream: a parse that read it
        # would swallow the requests below and never answer them.
        text = '#include "/dev/stdin"\n' + PRELUDE + "task f() {\n  sleep(1);\n  co_return;\n}\n"
        path = self.p.write("a.cpp", text)
        c = self.client()
        c.open(path, text)
        d = c.diagnostics(path, lambda d: any(x["severity"] == 1 for x in d))["diagnostics"]
        self.assertIn("not a regular file", next(x for x in d if x["severity"] == 1)["message"])
        r = c.request("textDocument/codeAction", {"textDocument": {"uri": uri(path)},
                                                  "range": {"start": {"line": 0, "character": 0},
                                                            "end": {"line": 0, "character": 0}},
                                                  "context": {"diagnostics": []}})
        self.assertIn("result", r)
        resp, code = c.shutdown()
        self.assertEqual(code, 0)

    def test_no_actions_outside_the_range_or_for_other_kinds(self):
        text = PRELUDE + "task f() {\n  sleep(1);\n  co_return;\n}\n"
        path = self.p.write("a.cpp", text)
        c = self.client()
        c.open(path, text)
        diag = c.diagnostics(path, lambda d: len(d) == 1)["diagnostics"][0]
        far = {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}}
        self.assertEqual(self.actions(c, path, dict(diag, range=far)), [])
        r = c.request("textDocument/codeAction", {"textDocument": {"uri": uri(path)}, "range": diag["range"],
                                                  "context": {"diagnostics": [], "only": ["refactor"]}})
        self.assertEqual(r["result"], [])


class PullAndCancelTest(LspTestCase):
    def test_pull_diagnostics(self):
        text = PRELUDE + "task f() { sleep(1); co_return; }\n"
        path = self.p.write("a.cpp", text)
        c = self.client(capabilities={"textDocument": {"diagnostic": {}}})
        self.assertIn("diagnosticProvider", c.init_result["capabilities"])
        c.open(path, text)
        r = c.request("textDocument/diagnostic", {"textDocument": {"uri": uri(path)}})
        self.assertEqual(r["result"]["kind"], "full")
        self.assertEqual([d["code"] for d in r["result"]["items"]], ["blocking-sleep"])
        # Pull clients get no pushed diagnostics.
        self.assertFalse([m for m in c.seen if m.get("method") == "textDocument/publishDiagnostics"])

    def test_cancel_pending_pull_replies_request_cancelled(self):
        text = PRELUDE + "task f() { sleep(1); co_return; }\n"
        path = self.p.write("a.cpp", text)
        c = self.client(init_options={"debounceMs": 10000})
        c.open(path, text)
        c.diagnostics(path, lambda d: len(d) == 1)
        c.notify("textDocument/didChange", {"textDocument": {"uri": uri(path), "version": 2},
                                            "contentChanges": [{"text": text + "\n"}]})
        rid = c.send_request("textDocument/diagnostic", {"textDocument": {"uri": uri(path)}})
        c.notify("$/cancelRequest", {"id": rid})
        r = c.wait(lambda m: m.get("id") == rid)
        self.assertEqual(r["error"]["code"], -32800)


class RobustnessTest(LspTestCase):
    def test_request_before_initialize(self):
        c = self.client(initialize=False)
        r = c.request("textDocument/codeAction", {})
        self.assertEqual(r["error"]["code"], -32002)

    def test_malformed_json_and_frames_then_still_serves(self):
        c = self.client()
        c.send_raw(b"Content-Length: 5\r\n\r\n{bad}")
        r = c.wait(lambda m: "error" in m)
        self.assertEqual((r["id"], r["error"]["code"]), (None, -32700))
        c.send_raw(b"Content-Length: abc\r\n\r\n")
        r = c.wait(lambda m: "error" in m)
        self.assertEqual((r["id"], r["error"]["code"]), (None, -32700))
        # A Content-Length shorter than the body: a parse error, then the
        # reader finds the next header in the rest of the line.
        body = json.dumps({"jsonrpc": "2.0", "id": 99, "method": "nope"}).encode()
        c.send_raw(b"Content-Length: %d\r\n\r\n" % (len(body) - 3) + body)
        r = c.wait(lambda m: "error" in m)
        self.assertEqual(r["error"]["code"], -32700)
        c.send({"jsonrpc": "2.0"})
        r = c.wait(lambda m: "error" in m)
        self.assertEqual((r["id"], r["error"]["code"]), (None, -32600))
        r = c.request("no/such/method", {})
        self.assertEqual(r["error"]["code"], -32601)
        c.notify("no/such/notification", {})
        c.send({"jsonrpc": "2.0", "id": 7, "method": "textDocument/codeAction", "params": {"range": 5}})
        r = c.wait(lambda m: m.get("id") == 7)
        self.assertIn("result", r)
        c.send({"jsonrpc": "2.0", "id": 8, "method": "textDocument/didOpen", "params": {"textDocument": 3}})
        c.send({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {"contentChanges": 1}})
        resp, code = c.shutdown()
        self.assertEqual(code, 0)

    def test_stdio_flag_that_every_lsp_client_passes_is_accepted(self):
        # vscode-languageclient appends --stdio for a stdio transport (see
        # integrations_test.py for the launch through the library itself).
        proc = subprocess.Popen([BINARY, "lsp", "--stdio"], stdin=subprocess.PIPE,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        frames = b""
        for msg in ({"jsonrpc": "2.0", "id": 1, "method": "initialize",
                     "params": {"processId": None, "rootUri": None, "capabilities": {}}},
                    {"jsonrpc": "2.0", "id": 2, "method": "shutdown"},
                    {"jsonrpc": "2.0", "method": "exit"}):
            body = json.dumps(msg).encode()
            frames += b"Content-Length: %d\r\n\r\n" % len(body) + body
        out, err = proc.communicate(frames, timeout=TIMEOUT)
        self.assertEqual(proc.returncode, 0, err)
        self.assertIn(b'"capabilities"', out)

    def test_exit_codes(self):
        c = self.client()
        resp, code = c.shutdown()
        self.assertIsNone(resp["result"])
        self.assertEqual(code, 0)
        c = self.client()
        c.notify("exit", None)
        self.assertEqual(c.proc.wait(timeout=TIMEOUT), 1)

    def test_client_disappears_mid_analysis(self):
        text = PRELUDE + "task f() { sleep(1); co_return; }\n"
        path = self.p.write("a.cpp", text)
        c = self.client(init_options={"debounceMs": 0})
        c.open(path, text)
        c.proc.stdin.close()
        self.assertEqual(c.proc.wait(timeout=TIMEOUT), 1)


class NeovimTest(LspTestCase):
    @unittest.skipUnless(shutil.which("nvim"), "nvim is not installed")
    def test_neovim_receives_diagnostics_and_applies_code_action(self):
        text = PRELUDE + "task f() {\n  sleep(1);\n  co_return;\n}\n"
        path = self.p.write("a.cpp", text)
        self.p.database(["a.cpp"])
        result = os.path.join(self.p.dir, "nvim-result.json")
        env = dict(os.environ, ASYNCGUARD=BINARY, AG_FILE=path, AG_RESULT=result,
                   AG_SNIPPET=os.path.join(HERE, "..", "..", "..", "integrations", "neovim", "asyncguard.lua"))
        run = subprocess.run(["nvim", "--headless", "-u", "NONE", "-i", "NONE", "-n",
                              "-c", "luafile " + os.path.join(HERE, "nvim_test.lua")],
                             cwd=self.p.dir, env=env, capture_output=True, text=True, timeout=120)
        self.assertTrue(os.path.exists(result), run.stdout + run.stderr)
        with open(result) as fh:
            r = json.load(fh)
        self.assertTrue(r["ok"], r)
        self.assertEqual(r["diagnostics"][0]["code"], "blocking-sleep")
        self.assertEqual(r["diagnostics"][0]["lnum"], PRELUDE_LINES + 1)
        self.assertIn("  co_await asyncguard::rt::sleep_for", r["text_after_fix"])


if __name__ == "__main__":
    BINARY = os.path.abspath(sys.argv.pop(1))
    unittest.main()
