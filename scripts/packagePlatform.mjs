// Builds the .vsix for one platform, carrying DuckDB's native binding for it (a `duckdb:` source
// in the editor needs it; everything else is bundled JavaScript and runs anywhere).
// Usage: node scripts/packagePlatform.mjs [--target linux-x64] [--out FILE]
//   Without --target: this machine's platform, written to synthetic-twin.vsix.
//   With --target: synthetic-twin-<target>.vsix; the binding package for it must be in node_modules
//   (npm installs only this machine's; see the README, "Building the .vsix for other platforms").
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import * as nodePath from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const arg = (name) => (process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1] : undefined);

/** VS Code's platform targets and DuckDB's binding package for each. */
const BINDINGS = {
  'linux-x64': 'linux-x64',
  'linux-arm64': 'linux-arm64',
  'alpine-x64': 'linux-x64-musl',
  'alpine-arm64': 'linux-arm64-musl',
  'darwin-x64': 'darwin-x64',
  'darwin-arm64': 'darwin-arm64',
  'win32-x64': 'win32-x64',
  'win32-arm64': 'win32-arm64',
};

function thisPlatform() {
  if (process.platform === 'linux') {
    let musl = false;
    try {
      musl = require('detect-libc').familySync() === 'musl';
    } catch {
      musl = false;
    }
    return `${musl ? 'alpine' : 'linux'}-${process.arch}`;
  }
  return `${process.platform}-${process.arch}`;
}

const target = arg('--target') ?? thisPlatform();
const binding = BINDINGS[target];
if (!binding) {
  console.error(`package: no DuckDB binding for the target ${target} (one of ${Object.keys(BINDINGS).join(', ')})`);
  process.exit(1);
}
const out = arg('--out') ?? (arg('--target') ? `synthetic-twin-${target}.vsix` : 'synthetic-twin.vsix');
const version = JSON.parse(readFileSync('node_modules/@duckdb/node-bindings/package.json', 'utf8')).version;
const bindingDir = `node_modules/@duckdb/node-bindings-${binding}`;
if (!existsSync(bindingDir)) {
  console.error(`package: ${bindingDir} is not installed (npm installs only this machine's binding).`);
  console.error(`  Fetch it without changing package.json: npm install --no-save --force @duckdb/node-bindings-${binding}@${version}`);
  process.exit(1);
}

const run = (cmd, args) => execFileSync(cmd, args, { stdio: 'inherit' });
run(process.execPath, ['esbuild.mjs', '--production']);

// The bundles require '@duckdb/node-api' on first use of a duckdb: source; Node finds it in
// dist/node_modules beside them. Only the packages that chain needs, without type declarations.
const staged = 'dist/node_modules';
const ignoreFile = '.vscodeignore.platform';
rmSync(staged, { recursive: true, force: true });
try {
  const copy = (pkg) => cpSync(`node_modules/${pkg}`, `${staged}/${pkg}`, { recursive: true, dereference: true, filter: (src) => !/\.d\.ts$|\.map$/.test(src) });
  for (const pkg of ['@duckdb/node-api', '@duckdb/node-bindings', `@duckdb/node-bindings-${binding}`, 'detect-libc']) copy(pkg);
  // vsce with --no-dependencies leaves out the top-level node_modules only; the staged copy goes in by name.
  writeFileSync(ignoreFile, `${readFileSync('.vscodeignore', 'utf8').trimEnd()}\n!${staged}/**\n`);
  run(process.execPath, ['node_modules/@vscode/vsce/vsce', 'package', '--target', target, '--no-dependencies', '--allow-missing-repository', '--no-rewrite-relative-links', '--ignoreFile', ignoreFile, '--out', out]);
} finally {
  rmSync(staged, { recursive: true, force: true });
  rmSync(ignoreFile, { force: true });
}
console.log(`package: ${nodePath.basename(out)} for ${target} with DuckDB ${version} (${(statSync(out).size / 1e6).toFixed(1)} MB)`);
