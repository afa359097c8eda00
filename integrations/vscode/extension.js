// asyncguard for VS Code: starts `asyncguard lsp` for C and C++ files.
// Plain JavaScript so that `npm install` is the whole build.
'use strict';

const vscode = require('vscode');
const { LanguageClient, TransportKind } = require('vscode-languageclient/node');

let client;

function settings() {
  const c = vscode.workspace.getConfiguration('asyncguard');
  return {
    select: c.get('select'),
    ignore: c.get('ignore'),
    configFile: c.get('configFile'),
    compilationDatabasePath: c.get('compilationDatabasePath'),
    debounceMs: c.get('debounceMs'),
  };
}

async function activate(context) {
  const command = vscode.workspace.getConfiguration('asyncguard').get('path') || 'asyncguard';
  const serverOptions = { command, args: ['lsp'], transport: TransportKind.stdio };
  const clientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'cpp' },
      { scheme: 'file', language: 'c' },
      { scheme: 'file', language: 'cuda-cpp' },
    ],
    initializationOptions: settings(),
    // Sends workspace/didChangeConfiguration with the "asyncguard" section
    // and didChangeWatchedFiles for the config and compile database.
    synchronize: {
      configurationSection: 'asyncguard',
      fileEvents: vscode.workspace.createFileSystemWatcher(
        '**/{.asyncguard.json,compile_commands.json}'),
    },
  };
  client = new LanguageClient('asyncguard', 'asyncguard', serverOptions, clientOptions);
  context.subscriptions.push(
    vscode.commands.registerCommand('asyncguard.restart', () => client.restart()));
  await client.start();
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
