#!/usr/bin/env node
// Speed work must not move a published figure: profiles every CSV of ../shared/data (and the
// synthea folder as one linked dataset, and any extra files named) with a baseline build of the
// CLI and with the current one, and compares metadata.json byte for byte (and the --full
// profile, reported separately). Baseline profiles are cached in OUT/base (delete to refresh).
//
// Usage: node scripts/bench/metadataIdentity.mjs --base OLD/dist/cli.js [--out DIR] [FILE ...]
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const DATA = process.env.TWIN_BENCH_DATA ?? join(ROOT, '..', 'shared', 'data');
const { values: opts, positionals } = parseArgs({
  options: { base: { type: 'string' }, out: { type: 'string' }, cli: { type: 'string' } },
  allowPositionals: true,
});
if (!opts.base) {
  process.stderr.write('Usage: metadataIdentity.mjs --base OLD/dist/cli.js [--out DIR] [FILE ...]\n');
  process.exit(2);
}
const CLI = opts.cli ?? join(ROOT, 'dist', 'cli.js');
const OUT = opts.out ?? join(ROOT, 'bench-output', 'identity');

const csvs = [];
for (const dir of readdirSync(DATA, { withFileTypes: true })) {
  if (!dir.isDirectory()) continue;
  for (const f of readdirSync(join(DATA, dir.name))) if (f.endsWith('.csv')) csvs.push(join(DATA, dir.name, f));
}
csvs.sort();
const inputs = [...csvs, join(DATA, 'synthea'), ...positionals];

function profile(cli, input, dir, cached = false) {
  mkdirSync(dir, { recursive: true });
  const name = relative(join(DATA, '..'), input).replace(/[\\/]/g, '__');
  const meta = join(dir, `${name}.metadata.json`);
  const full = join(dir, `${name}.full.json`);
  if (cached && existsSync(meta)) return { meta, full: existsSync(full) ? full : null, ok: true, err: '' };
  // --full is for one table: a folder is compared on its metadata alone.
  const folder = statSync(input).isDirectory();
  const args = [cli, 'profile', input, '--max-categories', '10000000', '--out', meta, ...(folder ? [] : ['--full', full]), '--quiet'];
  const r = spawnSync(process.execPath, args, { encoding: 'utf8' });
  return { meta, full: folder ? null : full, ok: r.status === 0, err: r.stderr.trim().split('\n').pop() };
}

let metaDiffs = 0;
let fullDiffs = 0;
for (const input of inputs) {
  const baseDir = join(OUT, 'base');
  const b = profile(opts.base, input, baseDir, true);
  const c = profile(CLI, input, join(OUT, 'current'));
  const same = (x, y) => existsSync(x) && existsSync(y) && readFileSync(x).equals(readFileSync(y));
  const m = b.ok && c.ok && same(b.meta, c.meta);
  // The full profile also records how long the pass took: timings are left out of its comparison.
  const untimed = (file) => JSON.stringify(JSON.parse(readFileSync(file, 'utf8'), (k, v) => (k === 'seconds' || k === 'megabytesPerSecond' ? undefined : v)));
  const f = b.full === null || c.full === null ? true : b.ok && c.ok && existsSync(b.full) && existsSync(c.full) && untimed(b.full) === untimed(c.full);
  if (!m) metaDiffs++;
  if (!f) fullDiffs++;
  const why = !b.ok || !c.ok ? ` (failed: base ${b.ok ? 'ok' : b.err}; current ${c.ok ? 'ok' : c.err})` : '';
  process.stdout.write(`${m ? 'same' : 'DIFF'} metadata  ${f ? 'same' : 'DIFF'} full  ${basename(input)}${why}\n`);
}
process.stdout.write(`${inputs.length} inputs: metadata.json ${metaDiffs === 0 ? 'byte-identical for all' : `differs for ${metaDiffs}`}; full profile ${fullDiffs === 0 ? 'identical for all' : `differs for ${fullDiffs}`}\n`);
process.exit(metaDiffs === 0 ? 0 : 1);
