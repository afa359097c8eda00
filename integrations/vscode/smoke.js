// Launches `asyncguard lsp` exactly as the extension does in VS Code: the
// real extension.js hands its server options to the real
// vscode-languageclient, whose own code builds the command line (it appends
// `--stdio` for a stdio transport) and spawns the server. Only the `vscode`
// API is stubbed, and the client's UI start-up is replaced by a minimal LSP
// session over the transports the library created: initialize, open FILE,
// wait for its diagnostics, shut down.
//   node smoke.js /path/to/asyncguard /path/to/file.cpp
// Prints the launch command line, then one line per diagnostic; exits 0 when
// the server answered and published at least one diagnostic.
'use strict';

const childProcess = require('child_process');
const fs = require('fs');
const Module = require('module');
const path = require('path');

const [binary, file] = process.argv.slice(2);
if (!binary || !file) {
  console.error('usage: node smoke.js ASYNCGUARD FILE');
  process.exit(2);
}
const folder = path.dirname(path.resolve(file));
const uri = 'file://' + path.resolve(file);

// The parts of the VS Code API that extension.js and the client's
// constructor and launch code touch.
class Disposable {
  constructor(onDispose) { this.onDispose = onDispose; }
  dispose() { if (this.onDispose) this.onDispose(); }
}
class EventEmitter {
  constructor() { this.listeners = []; this.event = (l) => { this.listeners.push(l); return new Disposable(); }; }
  fire(value) { for (const l of this.listeners) l(value); }
  dispose() { this.listeners = []; }
}
const outputChannel = {
  append: (text) => process.stderr.write(text),
  appendLine: (text) => process.stderr.write(text + '\n'),
  show() {}, clear() {}, dispose() {}, replace() {},
};
// A namespace of the API: the members given, and any other member is an
// event subscription or registration that returns a Disposable (the
// client's features subscribe to editor events when they are created).
const namespace = (members) => new Proxy(members, {
  get: (target, name) => (name in target ? target[name] : () => new Disposable()),
});
const vscodeStub = {
  version: '1.82.0',
  Disposable,
  EventEmitter,
  workspace: namespace({
    workspaceFolders: [{ uri: { scheme: 'file', fsPath: folder }, name: 'smoke', index: 0 }],
    textDocuments: [],
    notebookDocuments: [],
    getConfiguration: () => ({ get: (key) => (key === 'path' ? binary : undefined) }),
  }),
  window: namespace({ createOutputChannel: () => outputChannel, visibleTextEditors: [] }),
  commands: namespace({}),
  languages: namespace({}),
  notebooks: namespace({}),
  env: namespace({}),
  extensions: namespace({}),
};
// The client's modules subclass VS Code's types when they load (for
// example `class ProtocolCompletionItem extends code.CompletionItem`);
// any other name is an empty class, never used by the launch path.
const vscode = new Proxy(vscodeStub, {
  get: (target, name) => (name in target ? target[name] : (target[name] = class {})),
});
const load = Module._load;
Module._load = function (request, ...rest) {
  return request === 'vscode' ? vscode : load.call(this, request, ...rest);
};

// Record the command line the library spawns (and spawn it unchanged).
let launched;
const spawn = childProcess.spawn;
childProcess.spawn = function (command, args, options) {
  launched = [command, ...args];
  return spawn.call(this, command, args, options);
};

const rpc = require('vscode-jsonrpc/node');
const { LanguageClient } = require('vscode-languageclient/node');

const timer = setTimeout(() => {
  console.error('no diagnostics within 60 s');
  process.exit(1);
}, 60000);

LanguageClient.prototype.start = async function () {
  // The library's own launch code: resolves the server options, appends
  // the transport's argument and spawns the process.
  const transports = await this.createMessageTransports('utf-8');
  console.log('launch: ' + JSON.stringify(launched));
  const server = this._serverProcess;
  const connection = rpc.createMessageConnection(transports.reader, transports.writer);
  connection.onRequest(() => null);
  let diagnostics;
  connection.onNotification('textDocument/publishDiagnostics', async (params) => {
    if (params.uri !== uri || diagnostics)
      return;
    clearTimeout(timer);
    diagnostics = params.diagnostics;
    for (const d of diagnostics)
      console.log(`${file}:${d.range.start.line + 1}:${d.range.start.character + 1}: ` +
                  `${d.message.split('\n')[0]} [${d.code}]`);
    await connection.sendRequest('shutdown');
    connection.sendNotification('exit');
  });
  server.on('exit', (code) => {
    if (!diagnostics)
      console.error(`the server exited with ${code} before publishing diagnostics`);
    process.exit(code === 0 && diagnostics && diagnostics.length ? 0 : 1);
  });
  connection.listen();
  await connection.sendRequest('initialize', {
    processId: process.pid,
    rootUri: 'file://' + folder,
    capabilities: {},
    initializationOptions: this.clientOptions.initializationOptions,
  });
  connection.sendNotification('initialized', {});
  connection.sendNotification('textDocument/didOpen', {
    textDocument: { uri, languageId: 'cpp', version: 1, text: fs.readFileSync(file, 'utf8') },
  });
};

require('./extension.js').activate({ subscriptions: [] }).catch((error) => {
  console.error(error && error.stack ? error.stack : String(error));
  process.exit(1);
});
