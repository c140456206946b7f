// Bundles the integration suite (test/integration/suite/*.ts) into out/integration/*.js for
// the extension host: CommonJS, Node target, `vscode` and `mocha` left to the host. Returns the folder.
import { readdirSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export async function buildSuite() {
  const outDir = path.join(root, 'out', 'integration');
  rmSync(outDir, { recursive: true, force: true });
  const suiteDir = path.join(root, 'test', 'integration', 'suite');
  await esbuild.build({
    entryPoints: readdirSync(suiteDir).filter((f) => f.endsWith('.ts')).map((f) => path.join(suiteDir, f)),
    outdir: outDir, bundle: true, platform: 'node', format: 'cjs', target: 'node20', sourcemap: 'inline',
    // Native and optional modules the core loads on first use (DuckDB's binding, pg's native client) stay outside.
    external: ['vscode', 'mocha', '@duckdb/node-api', 'pg-native', 'pg-cloudflare', 'cloudflare:sockets'], logLevel: 'warning',
  });
  return outDir;
}
