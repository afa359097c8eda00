// Drives `asyncguard lsp` with vscode-jsonrpc, the protocol library under
// vscode-languageclient: initialize, open a file, wait for its diagnostics.
//   npm run smoke -- /path/to/asyncguard /path/to/file.cpp
'use strict';

const { spawn } = require('child_process');
const fs = require('fs');
const path = require('path');
const rpc = require('vscode-jsonrpc/node');

const [binary, file] = process.argv.slice(2);
if (!binary || !file) {
  console.error('usage: node smoke.js ASYNCGUARD FILE');
  process.exit(2);
}
const server = spawn(binary, ['lsp'], { stdio: ['pipe', 'pipe', 'inherit'] });
const connection = rpc.createMessageConnection(
  new rpc.StreamMessageReader(server.stdout), new rpc.StreamMessageWriter(server.stdin));
const uri = 'file://' + path.resolve(file);
const timer = setTimeout(() => {
  console.error('no diagnostics within 60 s');
  process.exit(1);
}, 60000);

connection.onNotification('textDocument/publishDiagnostics', async (params) => {
  if (params.uri !== uri)
    return;
  clearTimeout(timer);
  for (const d of params.diagnostics)
    console.log(`${file}:${d.range.start.line + 1}:${d.range.start.character + 1}: ` +
                `${d.message.split('\n')[0]} [${d.code}]`);
  await connection.sendRequest('shutdown');
  connection.sendNotification('exit');
  server.on('exit', (code) => process.exit(code === 0 && params.diagnostics.length ? 0 : 1));
});
connection.onRequest(() => null);
connection.listen();

(async () => {
  await connection.sendRequest('initialize', {
    processId: process.pid,
    rootUri: 'file://' + path.dirname(path.resolve(file)),
    capabilities: {},
  });
  connection.sendNotification('initialized', {});
  connection.sendNotification('textDocument/didOpen', {
    textDocument: { uri, languageId: 'cpp', version: 1, text: fs.readFileSync(file, 'utf8') },
  });
})();
