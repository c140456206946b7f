// One measurement of the extension's activation cost outside VS Code (`npm run bench`, part
// `activation`): a fresh copy of dist/extension.js (so no module cache), required in this new
// process with a stand-in `vscode` module, then its activate() with a stand-in context. Prints
// JSON: { loadMs, activateMs } (activateMs null when activate() needs more than the stand-ins give).
// The stand-in answers every property with a callable stand-in, so the extension's registrations
// run as they would; VS Code's own work behind them is not measured.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const Module = require('node:module');

const [bundle, scratch] = process.argv.slice(2).map((p) => path.resolve(p));

function standIn(name) {
  const fn = function () { return standIn(`${name}()`); };
  const set = new Map();
  return new Proxy(fn, {
    get(target, key) {
      if (set.has(key)) return set.get(key);
      if (key === 'then' || key === Symbol.iterator || key === Symbol.asyncIterator) return undefined;
      if (key === Symbol.toPrimitive) return () => '';
      if (key === 'prototype') return {};
      return standIn(`${name}.${String(key)}`);
    },
    set(target, key, value) { set.set(key, value); return true; },
    construct() { return standIn(`new ${name}`); },
  });
}
// The API names the bundle uses (`vscode.window`, `vscode3.Uri` …), each a stand-in: esbuild's
// interop copies the module's own names, so they must be there to be found.
const names = new Set([...fs.readFileSync(bundle, 'utf8').matchAll(/\bvscode\d*\.([A-Za-z]+)/g)].map((m) => m[1]));
const vscode = Object.fromEntries([...names].map((n) => [n, standIn(`vscode.${n}`)]));
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) { return request === 'vscode' ? 'vscode' : resolve.call(this, request, ...rest); };
require.cache.vscode = { id: 'vscode', filename: 'vscode', loaded: true, exports: vscode };

fs.mkdirSync(scratch, { recursive: true });
const copy = path.join(scratch, `extension-${process.pid}.js`);
fs.copyFileSync(bundle, copy);
let loadMs = null;
let activateMs = null;
try {
  const t0 = performance.now();
  const ext = require(copy);
  loadMs = performance.now() - t0;
  const logs = fs.mkdtempSync(path.join(scratch, 'logs-'));
  const context = new Proxy({ subscriptions: [], extensionPath: path.dirname(path.dirname(bundle)), extensionUri: standIn('uri'), logUri: { fsPath: logs }, globalStorageUri: { fsPath: logs }, storageUri: { fsPath: logs } }, {
    get: (target, key) => (key in target ? target[key] : standIn(`context.${String(key)}`)),
  });
  try {
    const t1 = performance.now();
    ext.activate(context);
    activateMs = performance.now() - t1;
  } catch (e) {
    process.stderr.write(`activate() with stand-ins: ${e.message}\n`);
  }
  fs.rmSync(logs, { recursive: true, force: true });
} finally {
  fs.rmSync(copy, { force: true });
}
process.stdout.write(JSON.stringify({ loadMs, activateMs }) + '\n');
process.exit(0);
