// Writes the built-in, entirely fictional hospital-admissions sample
// (sample/hospital_admissions.csv, 20,000 rows, fixed seed) with the built CLI:
//   node scripts/makeSample.mjs [--rows N] [--seed S] [--out FILE]
// Extra arguments are passed to `twin sample`. Run `node esbuild.mjs` first (npm run demo does).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(root, 'dist', 'cli.js');
if (!existsSync(cli)) {
  process.stderr.write('makeSample: dist/cli.js not found; build first with `node esbuild.mjs`\n');
  process.exit(1);
}
const extra = process.argv.slice(2);
const args = [cli, 'sample', ...(extra.includes('--out') ? [] : ['--out', join(root, 'sample', 'hospital_admissions.csv')]), ...extra];
const run = spawnSync(process.execPath, args, { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
if (run.error) {
  process.stderr.write(`makeSample: ${run.error.message}\n`);
  process.exit(1);
}
process.exit(run.status ?? 1);
