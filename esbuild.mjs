// Bundles the extension, the `twin` CLI, the worker and the webview.
// Usage: node esbuild.mjs [--watch] [--production]
import * as esbuild from 'esbuild';
import { existsSync, chmodSync, mkdirSync, cpSync } from 'node:fs';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

const node = { bundle: true, platform: 'node', format: 'cjs', target: 'node20', sourcemap: !production, minify: production, logLevel: 'warning' };
const entries = [
  { ...node, entryPoints: ['src/extension/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] },
  { ...node, entryPoints: ['src/extension/worker.ts'], outfile: 'dist/worker.js', external: ['vscode'] },
  { ...node, entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } },
  // The dashboard app: one bundle for the VS Code webview and for the standalone evaluation.html.
  { bundle: true, platform: 'browser', format: 'iife', target: 'es2022', sourcemap: false, minify: production, logLevel: 'warning',
    entryPoints: ['webview/main.ts'], outfile: 'dist/webview/main.js', loader: { '.css': 'css' } },
].filter((e) => existsSync(e.entryPoints[0]));

mkdirSync('dist', { recursive: true });
if (watch) {
  for (const e of entries) await (await esbuild.context(e)).watch();
} else {
  await Promise.all(entries.map((e) => esbuild.build(e)));
  if (existsSync('dist/cli.js')) chmodSync('dist/cli.js', 0o755);
}
