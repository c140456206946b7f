// Bundles the extension, the `twin` CLI, the worker and the webview.
// Usage: node esbuild.mjs [--watch] [--production]
import * as esbuild from 'esbuild';
import { existsSync, chmodSync, mkdirSync, cpSync } from 'node:fs';
import * as nodePath from 'node:path';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

// Libraries needed only for Parquet/Arrow files (apache-arrow, hyparquet, hyparquet-writer) or
// for text that is not UTF-8 (iconv-lite's encoding tables) are bundled on their own into
// dist/vendor/ and required from there on first use (the sources load them by dynamic import or
// lazily), so a run on a CSV neither loads nor compiles their 1.2 MB. Under tsx (unit tests) the
// sources import the packages from node_modules as usual.
const VENDOR = {
  'apache-arrow': 'apache-arrow',
  hyparquet: 'hyparquet',
  'hyparquet-writer': 'hyparquet-writer',
  // iconv-lite requires '../encodings' (all codecs and tables) the first time a codec is asked for.
  'iconv-lite-encodings': nodePath.resolve('node_modules/iconv-lite/encodings/index.js'),
  // The PostgreSQL client, needed only for a postgresql:// source (pure JS; its optional native
  // binding is never used).
  pg: 'pg',
};
const lazyVendor = {
  name: 'lazy-vendor',
  setup(build) {
    build.onResolve({ filter: /^(apache-arrow|hyparquet|hyparquet-writer|pg)$/ }, (args) => ({ path: args.path, namespace: 'vendor' }));
    build.onResolve({ filter: /^\.\.\/encodings$/ }, (args) =>
      (/[\\/]iconv-lite[\\/]lib$/.test(args.resolveDir) ? { path: 'iconv-lite-encodings', namespace: 'vendor' } : undefined));
    // A stand-in module that requires the vendor bundle beside the output (dist/vendor/NAME.js)
    // when it is first evaluated: esbuild evaluates it lazily because it is CommonJS.
    build.onLoad({ filter: /.*/, namespace: 'vendor' }, (args) => ({
      contents: `module.exports = require(${JSON.stringify(`./vendor/${args.path}.js`)});`,
      loader: 'js',
    }));
    build.onResolve({ filter: /^\.\/vendor\//, namespace: 'vendor' }, (args) => ({ path: args.path, external: true }));
  },
};
const vendorBuilds = Object.entries(VENDOR).map(([name, target]) => ({
  bundle: true, platform: 'node', format: 'cjs', target: 'node20', sourcemap: false, minify: production, logLevel: 'warning',
  stdin: { contents: `module.exports = require(${JSON.stringify(target)});`, resolveDir: process.cwd(), loader: 'js' },
  outfile: `dist/vendor/${name}.js`, external: ['pg-native', 'pg-cloudflare', 'cloudflare:sockets'],
}));

// The Welsh catalogue (200 kB) is not inlined into the Node bundles: src/core/l10n/catalogue.ts is
// replaced by a module that reads l10n/bundle.l10n.cy.json beside dist/ the first time Welsh is
// chosen, so loading the extension (and an English CLI run) neither parses nor holds it.
const lazyCatalogue = {
  name: 'lazy-catalogue',
  setup(build) {
    build.onResolve({ filter: /^\.\/catalogue$/ }, (args) => (/[\\/]src[\\/]core[\\/]l10n$/.test(args.resolveDir) ? { path: 'catalogue', namespace: 'lazy-catalogue' } : undefined));
    build.onLoad({ filter: /.*/, namespace: 'lazy-catalogue' }, () => ({
      loader: 'js',
      contents: "let welsh; exports.welshCatalogue = () => (welsh ??= JSON.parse(require('fs').readFileSync(require('path').join(__dirname, '..', 'l10n', 'bundle.l10n.cy.json'), 'utf8')));",
    }));
  },
};

// dist/cli.js requires the CLI bundle beside it at run time rather than bundling it.
const mainBesideCli = {
  name: 'main-beside-cli',
  setup(build) {
    build.onResolve({ filter: /^\.\/main$/ }, (args) => (/[\\/]src[\\/]cli$/.test(args.resolveDir) ? { path: './main.js', external: true } : undefined));
  },
};
// DuckDB's native binding is required from node_modules on first use of a duckdb: source, never bundled.
const node = { bundle: true, platform: 'node', format: 'cjs', target: 'node20', sourcemap: !production, minify: production, logLevel: 'warning', plugins: [lazyVendor, lazyCatalogue], external: ['@duckdb/node-api'] };
const entries = [
  { ...node, entryPoints: ['src/extension/extension.ts'], outfile: 'dist/extension.js', external: ['vscode', ...node.external] },
  { ...node, entryPoints: ['src/worker/worker.ts'], outfile: 'dist/worker.js', external: ['vscode', ...node.external] },
  // The executable is a few lines that install the signal handlers and then require dist/main.js
  // (the CLI itself): a Ctrl-C while the CLI loads is answered too (src/cli/cli.ts).
  { ...node, entryPoints: ['src/cli/cli.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' }, plugins: [...node.plugins, mainBesideCli] },
  { ...node, entryPoints: ['src/cli/main.ts'], outfile: 'dist/main.js' },
  // A parallel profile's worker thread (one byte range of a file), started by dist/main.js and dist/worker.js alike.
  { ...node, entryPoints: ['src/core/profile/parallel/partWorker.ts'], outfile: 'dist/profilePart.js' },
  // A parallel generation's drawing thread (batches of a twin), started by dist/main.js and dist/worker.js alike.
  { ...node, entryPoints: ['src/core/synth/parallel/drawWorker.ts'], outfile: 'dist/twinDraw.js' },
  // The dashboard app: one bundle for the VS Code webview and for the standalone evaluation.html.
  { bundle: true, platform: 'browser', format: 'iife', target: 'es2022', sourcemap: false, minify: production, logLevel: 'warning',
    entryPoints: ['webview/main.ts'], outfile: 'dist/webview/main.js', loader: { '.css': 'css' } },
].filter((e) => existsSync(e.entryPoints[0])).concat(vendorBuilds);

mkdirSync('dist', { recursive: true });
if (watch) {
  for (const e of entries) await (await esbuild.context(e)).watch();
} else {
  await Promise.all(entries.map((e) => esbuild.build(e)));
  if (existsSync('dist/cli.js')) chmodSync('dist/cli.js', 0o755);
}
