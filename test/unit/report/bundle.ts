/**
 * Builds the dashboard bundle for the tests with the same esbuild options as
 * esbuild.mjs's webview entry, into a temp folder (so the tests do not depend on
 * the rest of the build, or on a stale dist/). Built once per test run.
 */
import * as esbuild from 'esbuild';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '../../..');
let built: Promise<string> | null = null;

/** Folder holding main.js and main.css of a fresh build. */
export function buildWebviewBundle(): Promise<string> {
  built ??= (async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'twin-webview-'));
    await esbuild.build({
      bundle: true, platform: 'browser', format: 'iife', target: 'es2022', sourcemap: false, minify: false, logLevel: 'silent',
      entryPoints: [path.join(ROOT, 'webview/main.ts')], outfile: path.join(dir, 'main.js'), loader: { '.css': 'css' },
    });
    return dir;
  })();
  return built;
}
