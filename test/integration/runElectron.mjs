// The same integration suite in desktop VS Code (Electron) through @vscode/test-electron, for
// machines that can download VS Code. Where the download host does not resolve (offline
// machines, TREs) it prints "skipped: …" and exits 0; use run.mjs (code-server) there.
import * as path from 'node:path';
import { lookup } from 'node:dns/promises';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { buildSuite } from './build.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
try {
  await lookup('update.code.visualstudio.com');
} catch {
  console.log('skipped: update.code.visualstudio.com does not resolve (offline); run test/integration/run.mjs instead');
  process.exit(0);
}
const { runTests } = await import('@vscode/test-electron');
const outDir = await buildSuite();
const workspace = mkdtempSync(path.join(tmpdir(), 'twin-electron-'));
try {
  await runTests({
    extensionDevelopmentPath: root,
    extensionTestsPath: path.join(outDir, 'index.js'),
    launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust'],
  });
} catch (e) {
  console.error(`integration tests failed: ${e instanceof Error ? e.message : e}`);
  process.exit(1);
}
