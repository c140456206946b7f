// `npm run bench` — measures the built CLI (dist/cli.js) as whole processes:
//   profile   throughput (MB/s, MB = 10^6 bytes) and peak memory on generated CSVs of
//             1,000,000 and 5,000,000 rows × 20 mixed columns (kept in bench-output/ for reuse);
//   compare   realistic data (high-cardinality codes, many-valued measurements, free text,
//             datetimes; 1,000,000 and 5,000,000 rows × 20 columns, bench-output/realistic_*.csv):
//             `twin profile`, DuckDB SUMMARIZE (SET threads=1) and pandas read_csv +
//             describe(include='all'), alternating in the same run, each pinned to one core, as
//             throughput, ratios (by wall time and by CPU time) and peak memory; then `twin profile`
//             on two cores (the profiler's pass is one thread; the file's SHA-256 runs on a second);
//   generate  wall time, estimated fit/sample split and peak memory per level and method,
//             on UCI Adult and on 1,000,000 rows from the built-in hospital sample, and that
//             statistical twin drawn on one thread and on two cores with two threads (same bytes);
//   evaluate  wall time and peak memory of `twin evaluate` on Adult with its holdout;
//   linked    the built-in linked sample (four tables, ~32 events per person) at 10,000 and
//             1,000,000 persons: writing it, `twin profile <folder>`, and at each size a correlated
//             twin fitted on its own data (fit ≈ the --persons 1 run; the fit reads a seeded sample
//             of persons) and a statistical twin from metadata alone, each of that many persons
//             (memory flat in persons);
//   activation  loading dist/extension.js (a fresh copy, in a new process, a stand-in `vscode`) and
//             its activate() with stand-in API objects (VS Code's own work behind the calls is not
//             in it), 15 times: minimum and median, and the bundle's size;
//   wide      a correlated twin of wide number files (2,000 columns × 1 and × 200 rows, 10,000 × 100;
//             100,000 × 1, which the correlated level refuses): wall time and peak memory.
// Prints a table and writes bench-output/results.json. Not a test: nothing here asserts.
//
// Usage: node scripts/bench.mjs [--only profile,compare,generate,evaluate,linked,wide] [--quick] [--linked-persons A,B] [--keep] [--all-cores] [--rounds N]
//   --quick      smaller sizes (profile 100,000 and 1,000,000 rows; 100,000 generated rows)
//   --keep       keep the twins and profiles written under bench-output/tmp
//   --linked-persons A,B  linked: these sizes in persons instead of 10,000 and 1,000,000
//   --rounds N   compare: alternating rounds of the three tools (default 2); the best of them is reported
//   --all-cores  do not pin: by default every step runs on one core (`taskset -c 0`, where
//                taskset exists), as the targets are set, so helper threads count in full
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { cpus, loadavg, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { ensureBenchCsv } from './bench/makeBenchCsv.mjs';
import { runMeasured } from './bench/measure.mjs';
import { ensureWideCsv } from './bench/makeWideCsv.mjs';
import { ensureRealisticCsv, REALISTIC_COLUMNS } from './bench/makeRealisticCsv.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const OUT = join(ROOT, 'bench-output');
const TMP = join(OUT, 'tmp');
// TWIN_BENCH_CLI: measure another build of the CLI (e.g. an installed release) instead of dist/cli.js.
const CLI = process.env.TWIN_BENCH_CLI ?? join(ROOT, 'dist', 'cli.js');
const DATA = process.env.TWIN_BENCH_DATA ?? join(ROOT, '..', 'shared', 'data');
const ADULT = join(DATA, 'adult', 'adult.csv');
const ADULT_TEST = join(DATA, 'adult', 'adult-test.csv');
const PYTHON = process.env.TWIN_BENCH_PYTHON ?? '/usr/bin/python3';
const PARTS = ['activation', 'profile', 'compare', 'generate', 'evaluate', 'linked', 'wide'];
const MINUTE = 60_000;

const USAGE = `Usage: node scripts/bench.mjs [--only ${PARTS.join(',')}] [--quick] [--linked-persons A,B] [--keep] [--all-cores] [--rounds N]\n`;

let opts;
try {
  opts = parseArgs({
    options: { only: { type: 'string', multiple: true }, quick: { type: 'boolean' }, 'linked-persons': { type: 'string' }, rounds: { type: 'string' }, keep: { type: 'boolean' }, 'all-cores': { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
  }).values;
} catch (e) {
  process.stderr.write(`bench: ${e.message}\n${USAGE}`);
  process.exit(2);
}
if (opts.help) {
  process.stdout.write(USAGE);
  process.exit(0);
}
const only = (opts.only ?? []).flatMap((s) => s.split(',')).map((s) => s.trim()).filter(Boolean);
for (const p of only) {
  if (!PARTS.includes(p)) {
    process.stderr.write(`bench: unknown part '${p}' (parts: ${PARTS.join(', ')})\n`);
    process.exit(2);
  }
}
const run = (part) => only.length === 0 || only.includes(part);
const quick = opts.quick === true;
const PROFILE_ROWS = quick ? [100_000, 1_000_000] : [1_000_000, 5_000_000];
const SAMPLE_TWIN_ROWS = quick ? 100_000 : 1_000_000;
const GENERATE_CONFIGS = [
  { level: 'structural' },
  { level: 'statistical' },
  { level: 'correlated', method: 'copula' },
  { level: 'correlated', method: 'cart' },
];

const log = (msg) => process.stderr.write(`bench: ${msg}\n`);
// One core, as the targets are set: pinned with taskset where it exists (Linux), else unpinned and said so.
const hasTaskset = process.platform === 'linux' && spawnSync('taskset', ['-c', '0', 'true']).status === 0;
const PIN_CPU = opts['all-cores'] || !hasTaskset ? undefined : 0;
if (PIN_CPU === undefined && !opts['all-cores']) log('taskset not found: steps run unpinned (all cores)');
const fmt = (x, digits = 1) => (x === null || x === undefined || Number.isNaN(x) ? '—' : x.toFixed(digits));

mkdirSync(TMP, { recursive: true });
const results = {
  format: 'twin-bench/1',
  date: new Date().toISOString(),
  tool: readJson(join(ROOT, 'package.json'))?.version ?? null,
  machine: { node: process.version, platform: `${process.platform} ${process.arch}`, cpu: cpus()[0]?.model ?? 'unknown', cores: cpus().length, memoryMB: Math.round(totalmem() / 2 ** 20) },
  method: 'Each step is one `node dist/cli.js …` process, measured whole: wall time from spawn to exit; peak RSS and CPU time from getrusage in the child at exit (scripts/bench/usageHook.cjs). MB = 10^6 bytes.',
  cores: PIN_CPU === undefined ? 'all (unpinned)' : `one (taskset -c ${PIN_CPU})`,
  quick,
  loadAverageAtStart: loadavg(),
  startup: null,
  activation: null,
  data: [],
  profile: [],
  compare: [],
  generate: [],
  evaluate: [],
  linked: [],
  wide: [],
};
const rows = []; // printed table

function readJson(file) {
  try { return JSON.parse(readFileSync(file, 'utf8')); } catch { return null; }
}

function record(part, entry) {
  results[part].push(entry);
  rows.push({ part, ...entry });
}

/** One measured CLI step; a failure is reported with its stderr's telling line and the bench continues. `cpu`: the cores (default the bench's one). */
async function cli(label, args, timeoutMs, cpu = PIN_CPU) {
  if (!existsSync(CLI)) return { ok: false, error: `${CLI} missing: build with \`node esbuild.mjs\``, wallSeconds: null, peakRssMB: null, cpuSeconds: null, stdout: '' };
  log(`${label} …`);
  const r = await runMeasured([CLI, ...args, '--quiet'], { cwd: ROOT, timeoutMs, cpu });
  log(`${label}: ${r.ok ? `${fmt(r.wallSeconds, 2)} s, peak ${fmt(r.peakRssMB, 0)} MB` : `FAILED — ${r.error}`}`);
  return r;
}

function summary(r) {
  return { ok: r.ok, wallSeconds: r.wallSeconds, peakRssMB: r.peakRssMB, cpuSeconds: r.cpuSeconds, error: r.ok ? undefined : r.error };
}

// --- Process start-up: what every step below pays before doing any work.
if (existsSync(CLI)) {
  const r = await cli('startup (twin --version)', ['--version'], MINUTE);
  results.startup = summary(r);
} else {
  log('dist/cli.js is missing: only the data files will be generated (build with `node esbuild.mjs`)');
}

// --- Extension activation: loading the bundle (what differs between checkouts and machines) and activate().
if (run('activation')) {
  const bundle = join(ROOT, 'dist', 'extension.js');
  if (!existsSync(bundle)) log('dist/extension.js is missing: activation not measured');
  else {
    const runs = [];
    for (let i = 0; i < 15; i++) {
      const args = [join(ROOT, 'scripts', 'bench', 'loadExtension.cjs'), bundle, join(TMP, 'activation')];
      const r = PIN_CPU === undefined ? spawnSync(process.execPath, args, { encoding: 'utf8' }) : spawnSync('taskset', ['-c', String(PIN_CPU), process.execPath, ...args], { encoding: 'utf8' });
      try { runs.push(JSON.parse(r.stdout)); } catch { log(`activation: run ${i + 1} failed: ${(r.stderr ?? '').trim().split('\n').pop()}`); }
    }
    const stat = (key) => {
      const xs = runs.map((x) => x[key]).filter((x) => typeof x === 'number').sort((a, b) => a - b);
      return xs.length ? { min: xs[0], median: xs[Math.floor(xs.length / 2)] } : null;
    };
    results.activation = { runs: runs.length, bundleBytes: statSync(bundle).size, loadMs: stat('loadMs'), activateMs: stat('activateMs'), method: 'scripts/bench/loadExtension.cjs: require() of a fresh copy of dist/extension.js in a new node process with a stand-in vscode module, then activate() with stand-in API objects' };
    const a = results.activation;
    log(`activation: load ${fmt(a.loadMs?.min)} ms min, ${fmt(a.loadMs?.median)} ms median; activate() ${fmt(a.activateMs?.median)} ms median; bundle ${fmt(a.bundleBytes / 1e6, 2)} MB`);
  }
}

// --- (a, b) Profile throughput and memory.
if (run('profile')) {
  for (const n of PROFILE_ROWS) {
    log(`bench CSV, ${n.toLocaleString('en-GB')} rows …`);
    let lastShown = -1;
    const tty = process.stderr.isTTY === true;
    const data = await ensureBenchCsv(OUT, n, 1, (f) => {
      const pct = Math.floor(f * 100);
      if (tty && pct !== lastShown) { lastShown = pct; process.stderr.write(`\rbench:   writing ${pct}%`); }
    });
    if (tty && !data.reused) process.stderr.write('\n');
    log(`bench CSV ${data.path}: ${fmt(data.bytes / 1e6)} MB${data.reused ? ' (reused)' : ` written in ${fmt(data.seconds)} s`}`);
    results.data.push({ rows: n, columns: 20, bytes: data.bytes, path: data.path, reused: data.reused, seconds: data.seconds });

    const out = join(TMP, `profile_${n}.json`);
    const r = await cli(`profile ${n.toLocaleString('en-GB')} rows`, ['profile', data.path, '--out', out], 60 * MINUTE);
    const entry = { step: 'profile', input: `bench ${n / 1e6}M × 20`, rows: n, bytes: data.bytes, ...summary(r), mbPerSecond: r.ok ? data.bytes / 1e6 / r.wallSeconds : null,
      mbPerCpuSecond: r.ok && r.cpuSeconds ? data.bytes / 1e6 / r.cpuSeconds : null };
    if (r.ok) {
      const meta = readJson(out);
      const seenRows = meta?.dataset?.rows;
      const seenCols = Array.isArray(meta?.columns) ? meta.columns.length : undefined;
      if (seenRows !== n || seenCols !== 20) entry.note = `output reports ${seenRows} rows × ${seenCols} columns (expected ${n} × 20)`;
    }
    record('profile', entry);
  }
}

// --- (a2) Realistic data, side by side: twin vs DuckDB SUMMARIZE vs pandas describe, alternating.
const ROUNDS = Math.max(1, Math.floor(Number(opts.rounds ?? 2)) || 2);
const COMPARE_ROWS = quick ? [100_000, 1_000_000] : [1_000_000, 5_000_000];
const hasPandas = spawnSync(PYTHON, ['-c', 'import pandas'], { stdio: 'ignore' }).status === 0;

/** One measured run of a comparison tool; the fastest of the rounds is kept. */
async function compareStep(label, args, options) {
  log(`${label} …`);
  const r = await runMeasured(args, { cwd: ROOT, timeoutMs: 60 * MINUTE, cpu: PIN_CPU, ...options });
  const reported = r.ok ? readJsonText(r.stdout.trim().split('\n').pop() ?? '') : null;
  // A program without the usage hook reports its own getrusage (pandasDescribe.py).
  if (reported?.maxRssKB) r.peakRssMB = reported.maxRssKB / 1024;
  if (reported?.cpuSeconds !== undefined) r.cpuSeconds = reported.cpuSeconds;
  log(`${label}: ${r.ok ? `${fmt(r.wallSeconds, 2)} s, peak ${fmt(r.peakRssMB, 0)} MB` : `FAILED — ${r.error}`}`);
  return { ...r, reported };
}

const best = (runs) => runs.filter((r) => r.ok).sort((a, b) => a.wallSeconds - b.wallSeconds)[0] ?? runs[0];
const peak = (runs) => Math.max(...runs.filter((r) => r.ok && r.peakRssMB !== null).map((r) => r.peakRssMB));

if (run('compare')) {
  for (const n of COMPARE_ROWS) {
    log(`realistic CSV, ${n.toLocaleString('en-GB')} rows …`);
    const data = await ensureRealisticCsv(OUT, n, 1);
    log(`realistic CSV ${data.path}: ${fmt(data.bytes / 1e6)} MB${data.reused ? ' (reused)' : ` written in ${fmt(data.seconds)} s`}`);
    results.data.push({ rows: n, columns: REALISTIC_COLUMNS.length, bytes: data.bytes, path: data.path, reused: data.reused, seconds: data.seconds, kind: 'realistic' });
    const out = join(TMP, `realistic_${n}.json`);
    const tools = {
      // --max-categories: the procedure code has ~100,000 distinct values per million rows, past the default limit at 5M.
      twin: () => compareStep(`twin profile realistic ${n.toLocaleString('en-GB')}`, [CLI, 'profile', data.path, '--max-categories', String(n), '--threads', '1', '--out', out, '--quiet']),
      duckdb: () => compareStep(`duckdb SUMMARIZE realistic ${n.toLocaleString('en-GB')}`, [join(ROOT, 'scripts', 'bench', 'duckdbSummarize.mjs'), data.path, '1']),
      pandas: () => compareStep(`pandas describe realistic ${n.toLocaleString('en-GB')}`, [join(ROOT, 'scripts', 'bench', 'pandasDescribe.py'), data.path], { exec: PYTHON }),
    };
    const runs = { twin: [], duckdb: [], pandas: [] };
    for (let round = 0; round < ROUNDS; round++) {
      // Alternating, and each round in a different order, so that a slower spell of the machine falls on every tool.
      const order = round % 2 === 0 ? ['twin', 'duckdb', 'pandas'] : ['pandas', 'duckdb', 'twin'];
      for (const tool of order) {
        if (tool === 'pandas' && !hasPandas) continue;
        runs[tool].push(await tools[tool]());
      }
    }
    // Two cores, two profiling threads (byte ranges merged; unpinned when --all-cores or no taskset).
    const two = await compareStep(`twin profile realistic ${n.toLocaleString('en-GB')} on two cores`, [CLI, 'profile', data.path, '--max-categories', String(n), '--threads', '2', '--out', out, '--quiet'],
      { cpu: PIN_CPU === undefined ? undefined : `${PIN_CPU},${PIN_CPU + 1}` });
    const twin = best(runs.twin);
    const throughput = (r) => (r?.ok ? data.bytes / 1e6 / r.wallSeconds : null);
    const entry = (tool, r, extra = {}) => ({
      step: tool, input: `realistic ${n / 1e6}M × ${REALISTIC_COLUMNS.length}`, rows: n, bytes: data.bytes, ...summary(r ?? { ok: false, error: 'not run' }),
      mbPerSecond: throughput(r), peakRssMB: r?.ok ? peak(runs[tool] ?? [r]) : null, runs: (runs[tool] ?? [r]).map((x) => (x.ok ? x.wallSeconds : null)), ...extra,
    });
    // Ratios of twin's throughput to the other's, by wall time and by CPU time (steadier on a shared machine).
    const ratios = (other) => ({
      twinRatio: twin?.ok && other?.ok ? other.wallSeconds / twin.wallSeconds : null,
      twinCpuRatio: twin?.ok && other?.ok && twin.cpuSeconds && other.cpuSeconds ? other.cpuSeconds / twin.cpuSeconds : null,
    });
    record('compare', entry('twin', twin, { cores: 1 }));
    const duck = best(runs.duckdb);
    record('compare', entry('duckdb', duck, ratios(duck)));
    if (hasPandas) {
      const pandas = best(runs.pandas);
      record('compare', entry('pandas', pandas, { ...ratios(pandas), version: pandas?.reported?.pandas }));
    } else {
      record('compare', { step: 'pandas', input: `realistic ${n / 1e6}M × ${REALISTIC_COLUMNS.length}`, ok: false, error: `${PYTHON} has no pandas (Debian: python3-pandas)` });
    }
    record('compare', { ...entry('twin', two, { cores: 2, speedup: twin?.ok && two.ok ? twin.wallSeconds / two.wallSeconds : null }), step: 'twin, two cores', peakRssMB: two.ok ? two.peakRssMB : null, runs: [two.ok ? two.wallSeconds : null] });
    if (twin?.ok) {
      const meta = readJson(out);
      if (meta?.dataset?.rows !== n) results.compare.at(-4).note = `output reports ${meta?.dataset?.rows} rows (expected ${n})`;
    }
    if (!opts.keep) rmSync(out, { force: true });
  }
}

// --- (c) Generation per level and method: Adult, and many rows from the built-in sample.
let adultTwinForEvaluation = null;
const methodArgs = (c) => ['--level', c.level, ...(c.method ? ['--method', c.method] : [])];
const configName = (c) => c.level + (c.method ? `/${c.method}` : '');

/**
 * Generates a twin twice: with --rows 1 (start-up + reading + fitting, almost no sampling) and in full.
 * fit ≈ (rows=1 run − start-up); sample ≈ (full run − rows=1 run).
 */
async function measureGenerate(inputLabel, input, config, rowsArg, outFile) {
  const base = ['generate', input, ...methodArgs(config), '--seed', '1'];
  const fitOnly = await cli(`generate ${inputLabel} ${configName(config)} --rows 1`, [...base, '--rows', '1', '--out', join(TMP, 'fit-only.csv')], 20 * MINUTE);
  rmSync(join(TMP, 'fit-only.csv'), { force: true });
  rmSync(join(TMP, 'fit-only.twin.json'), { force: true });
  const full = await cli(`generate ${inputLabel} ${configName(config)}${rowsArg ? ` --rows ${rowsArg}` : ''}`,
    [...base, ...(rowsArg ? ['--rows', String(rowsArg)] : []), '--out', outFile], 30 * MINUTE);
  const startup = results.startup?.ok ? results.startup.wallSeconds : 0;
  const entry = {
    step: 'generate', input: inputLabel, level: config.level, method: config.method ?? null, rows: rowsArg ?? null, ...summary(full),
    fitSeconds: fitOnly.ok ? Math.max(0, fitOnly.wallSeconds - startup) : null,
    sampleSeconds: fitOnly.ok && full.ok ? Math.max(0, full.wallSeconds - fitOnly.wallSeconds) : null,
    fitOnlyPeakRssMB: fitOnly.ok ? fitOnly.peakRssMB : null,
    // The same split in CPU time: steadier than wall time when other work shares the machine.
    fitCpuSeconds: fitOnly.ok && fitOnly.cpuSeconds !== null ? Math.max(0, fitOnly.cpuSeconds - (results.startup?.cpuSeconds ?? 0)) : null,
    sampleCpuSeconds: fitOnly.ok && full.ok && full.cpuSeconds !== null && fitOnly.cpuSeconds !== null ? Math.max(0, full.cpuSeconds - fitOnly.cpuSeconds) : null,
  };
  if (full.ok && existsSync(outFile)) {
    entry.outputBytes = statSync(outFile).size;
  }
  if (!fitOnly.ok && full.ok) entry.note = `--rows 1 run failed (${fitOnly.error}); no fit/sample split`;
  record('generate', entry);
  return full.ok;
}

if (run('generate')) {
  if (existsSync(ADULT)) {
    for (const c of GENERATE_CONFIGS) {
      const out = join(TMP, `adult.${c.level}${c.method ? '.' + c.method : ''}.csv`);
      const ok = await measureGenerate('adult', ADULT, c, null, out);
      if (ok && c.level === 'correlated' && c.method === 'copula') adultTwinForEvaluation = out;
    }
  } else {
    record('generate', { step: 'generate', input: 'adult', ok: false, error: `${ADULT} not found` });
  }

  const samplePath = join(OUT, 'hospital_admissions.csv');
  const s = await cli('sample (20,000 rows)', ['sample', '--out', samplePath], 5 * MINUTE);
  record('generate', { step: 'sample', input: 'built-in sample writer', rows: 20_000, ...summary(s) });
  const big = join(TMP, 'sample_writer.csv');
  const sBig = await cli(`sample (${SAMPLE_TWIN_ROWS.toLocaleString('en-GB')} rows)`, ['sample', '--rows', String(SAMPLE_TWIN_ROWS), '--out', big], 10 * MINUTE);
  record('generate', { step: 'sample', input: 'built-in sample writer', rows: SAMPLE_TWIN_ROWS, ...summary(sBig), bytes: sBig.ok ? statSync(big).size : undefined });
  rmSync(big, { force: true });
  if (s.ok) {
    for (const c of GENERATE_CONFIGS) {
      const out = join(TMP, `sample.${c.level}${c.method ? '.' + c.method : ''}.csv`);
      // A run at a tenth of the rows first: peak memory should not grow with the row count.
      const small = await cli(`generate hospital sample ${configName(c)} --rows ${SAMPLE_TWIN_ROWS / 10}`,
        ['generate', samplePath, ...methodArgs(c), '--seed', '1', '--rows', String(SAMPLE_TWIN_ROWS / 10), '--out', out], 20 * MINUTE);
      record('generate', { step: 'generate', input: 'hospital sample', level: c.level, method: c.method ?? null, rows: SAMPLE_TWIN_ROWS / 10, ...summary(small) });
      await measureGenerate('hospital sample', samplePath, c, SAMPLE_TWIN_ROWS, out);
      if (!opts.keep) { rmSync(out, { force: true }); rmSync(out.replace(/\.csv$/, '.twin.json'), { force: true }); }
    }
    // Scaling: the statistical twin drawn on one thread and on two cores with two threads, alternating
    // (each twin is a function of the seed alone: the two outputs must be the same bytes).
    const hashOf = (file) => (existsSync(file) ? createHash('sha256').update(readFileSync(file)).digest('hex') : null);
    const byThreads = { 1: [], 2: [] };
    const digests = new Set();
    for (let round = 0; round < ROUNDS; round++) {
      for (const threads of round % 2 === 0 ? [1, 2] : [2, 1]) {
        const out = join(TMP, `sample.threads${threads}.csv`);
        const r = await cli(`generate hospital sample statistical --rows ${SAMPLE_TWIN_ROWS} --threads ${threads}`,
          ['generate', samplePath, '--level', 'statistical', '--seed', '1', '--rows', String(SAMPLE_TWIN_ROWS), '--threads', String(threads), '--out', out], 30 * MINUTE,
          threads === 1 || PIN_CPU === undefined ? PIN_CPU : `${PIN_CPU},${PIN_CPU + 1}`);
        byThreads[threads].push(r);
        if (r.ok) digests.add(hashOf(out));
        rmSync(out, { force: true });
        rmSync(out.replace(/\.csv$/, '.twin.json'), { force: true });
      }
    }
    for (const threads of [1, 2]) {
      const r = best(byThreads[threads]);
      record('generate', { step: `generate, ${threads} thread${threads === 1 ? '' : 's'}`, input: 'hospital sample', level: 'statistical', rows: SAMPLE_TWIN_ROWS, threads, ...summary(r),
        ...(threads === 2 ? { note: digests.size === 1 ? 'same bytes as one thread' : `OUTPUTS DIFFER (${digests.size} digests)` } : {}) });
    }
  }
}

// --- (d) Evaluation on Adult with its holdout.
if (run('evaluate')) {
  if (!existsSync(ADULT) || !existsSync(ADULT_TEST)) {
    record('evaluate', { step: 'evaluate', input: 'adult', ok: false, error: `${ADULT} or ${ADULT_TEST} not found` });
  } else {
    if (!adultTwinForEvaluation) {
      // Evaluation only: make the twin it needs first (not part of the timing).
      const out = join(TMP, 'adult.correlated.copula.csv');
      const g = await cli('generate adult correlated/copula (for evaluation)', ['generate', ADULT, '--level', 'correlated', '--method', 'copula', '--seed', '1', '--out', out], 20 * MINUTE);
      if (g.ok) adultTwinForEvaluation = out;
      else record('evaluate', { step: 'evaluate', input: 'adult vs copula twin', ok: false, error: `could not make the twin: ${g.error}` });
    }
    if (adultTwinForEvaluation) {
      const out = join(TMP, 'evaluation.json');
      const r = await cli('evaluate adult vs copula twin, holdout adult-test', ['evaluate', ADULT, adultTwinForEvaluation, '--holdout', ADULT_TEST, '--out', out], 30 * MINUTE);
      const entry = { step: 'evaluate', input: 'adult vs copula twin (+holdout)', rows: 32_561, ...summary(r) };
      if (r.ok && !readJson(out)) entry.note = 'output is not JSON';
      record('evaluate', entry);
    }
  }
}

// --- (e) Linked datasets: the built-in linked sample, persons as the size.
if (run('linked')) {
  const sizes = opts['linked-persons'] ? opts['linked-persons'].split(',').map((x) => Number(x.trim())) : quick ? [2_000, 100_000] : [10_000, 1_000_000];
  for (const n of sizes) {
    const dir = join(TMP, `linked_${n}`);
    // The sample is fixed by its seed: one written by an earlier run (its stdout kept beside it) is reused.
    const marker = `${dir}.sample.json`;
    let written = existsSync(dir) ? readJson(marker) : null;
    if (written) {
      log(`linked sample, ${n.toLocaleString('en-GB')} persons: reused ${dir}`);
      record('linked', { step: 'sample --linked', input: `${n.toLocaleString('en-GB')} persons`, rows: rowsOfSample(written), bytes: written.bytes, ok: true, note: 'reused' });
    } else {
      rmSync(marker, { force: true });
      const s = await cli(`linked sample, ${n.toLocaleString('en-GB')} persons`, ['sample', '--linked', '--persons', String(n), '--out', dir], 120 * MINUTE);
      written = s.ok ? readJsonText(s.stdout) : null;
      if (written) writeFileSync(marker, JSON.stringify(written) + '\n');
      record('linked', { step: 'sample --linked', input: `${n.toLocaleString('en-GB')} persons`, rows: rowsOfSample(written), bytes: written?.bytes, ...summary(s) });
    }
    const rowsOf = rowsOfSample(written);
    const meta = `${dir}.metadata.json`;
    const p = await cli(`profile linked ${n}`, ['profile', dir, '--out', meta], 240 * MINUTE);
    record('linked', { step: 'profile <folder>', input: `${n.toLocaleString('en-GB')} persons`, rows: rowsOf, bytes: written?.bytes, ...summary(p) });
    if (!p.ok) {
      record('linked', { step: 'generate <dataset>', input: `linked ${n.toLocaleString('en-GB')}`, ok: false, error: 'no metadata.json: twin profile <folder> failed' });
      continue;
    }
    // Each size fitted on its own data (the correlated fit reads a seeded sample of persons, so
    // its memory is flat in persons): the fit ≈ the --persons 1 run, generation the rest.
    for (const level of ['correlated', 'statistical']) {
      const data = level === 'correlated' ? ['--data', dir] : [];
      const fitOut = join(TMP, `linked_${level}_${n}_1`);
      const fit = await cli(`linked ${level} fit, ${n.toLocaleString('en-GB')} persons (--persons 1)`, ['generate', meta, '--level', level, ...data, '--persons', '1', '--out', fitOut], 60 * MINUTE);
      record('linked', { step: 'fit (--persons 1)', input: `linked ${n.toLocaleString('en-GB')} persons`, level, ...summary(fit) });
      rmSync(fitOut, { recursive: true, force: true });
      const out = join(TMP, `linked_${level}_${n}`);
      const g = await cli(`linked ${level}, ${n.toLocaleString('en-GB')} persons`, ['generate', meta, '--level', level, ...data, '--persons', String(n), '--out', out], 240 * MINUTE);
      const made = g.ok ? readJsonText(g.stdout) : null;
      const entry = { step: 'generate <dataset>', input: `linked ${n.toLocaleString('en-GB')} → ${n.toLocaleString('en-GB')} persons`, level, rows: made ? Object.values(made.tables).reduce((a, b) => a + b, 0) : undefined, ...summary(g) };
      if (fit.ok && g.ok) {
        entry.fitSeconds = fit.wallSeconds - (results.startup?.wallSeconds ?? 0);
        entry.sampleSeconds = g.wallSeconds - fit.wallSeconds;
        if (fit.cpuSeconds !== null && g.cpuSeconds !== null) {
          entry.fitCpuSeconds = fit.cpuSeconds - (results.startup?.cpuSeconds ?? 0);
          entry.sampleCpuSeconds = g.cpuSeconds - fit.cpuSeconds;
        }
      }
      record('linked', entry);
      if (!opts.keep) rmSync(out, { recursive: true, force: true });
    }
  }
}

function rowsOfSample(written) {
  return written?.rows ? Object.values(written.rows).reduce((a, b) => a + b, 0) : undefined;
}

function readJsonText(text) {
  try { return JSON.parse(text); } catch { return null; }
}

// --- (f) Wide data: the correlated level's time and memory as the columns grow.
if (run('wide')) {
  const WIDE = [[2_000, 1], [2_000, 200], [10_000, 100], [100_000, 1]];
  for (const [columns, n] of WIDE) {
    const data = await ensureWideCsv(OUT, columns, n);
    const out = join(TMP, `wide_${columns}x${n}.synthetic.csv`);
    const r = await cli(`generate wide ${columns.toLocaleString('en-GB')} × ${n} correlated`,
      ['generate', data, '--level', 'correlated', '--seed', '1', '--max-columns', String(columns), '--out', out], 20 * MINUTE);
    // A refusal (exit 1, one line) is the designed outcome past the correlated level's column limit.
    const refused = !r.ok && /the correlated level models at most/.test(r.error ?? '');
    record('wide', { step: 'generate', input: `wide ${columns.toLocaleString('en-GB')} × ${n}`, level: 'correlated', method: 'copula', rows: n, ...summary(r),
      ...(refused ? { ok: true, note: `refused: ${r.error}` } : {}) });
    rmSync(out, { force: true });
    rmSync(out.replace(/\.csv$/, '.twin.json'), { force: true });
  }
}

if (!opts.keep) {
  for (const f of ['adult.structural.csv', 'adult.statistical.csv', 'adult.correlated.copula.csv', 'adult.correlated.cart.csv', 'profile_1000000.json', 'profile_5000000.json', 'profile_100000.json', 'evaluation.json']) {
    rmSync(join(TMP, f), { force: true });
    rmSync(join(TMP, f.replace(/\.csv$/, '.twin.json')), { force: true });
  }
}

/** The side-by-side block: throughput ratios of one-thread twin to DuckDB and pandas, and the two-thread speed-up. */
function compareLines() {
  if (results.compare.length === 0) return [];
  const lines = ['', 'Side by side (realistic data, fastest of the rounds, each pinned to one core; ratio = twin throughput / other\'s, by wall and by CPU time):'];
  const inputs = [...new Set(results.compare.map((e) => e.input))];
  for (const input of inputs) {
    const of = (step) => results.compare.find((e) => e.input === input && e.step === step);
    const t = of('twin');
    const d = of('duckdb');
    const p = of('pandas');
    const t2 = of('twin, two cores');
    const mb = (e) => (e?.ok ? `${fmt(e.mbPerSecond)} MB/s (${fmt(e.wallSeconds, 1)} s, ${fmt(e.cpuSeconds, 1)} CPU s), peak ${fmt(e.peakRssMB, 0)} MB` : `failed (${e?.error ?? 'not run'})`);
    const ratio = (e) => `${fmt(e?.twinRatio, 2)}× (CPU ${fmt(e?.twinCpuRatio, 2)}×)`;
    lines.push(`  ${input} (${fmt((t?.bytes ?? 0) / 1e6)} MB):`, `    twin ${mb(t)}`, `    DuckDB ${mb(d)} → twin ${ratio(d)}`, `    pandas ${mb(p)} → twin ${ratio(p)}`,
      `    twin on two cores ${mb(t2)} → ${fmt(t2?.speedup, 2)}× one core`);
  }
  lines.push('  Target: twin ≥ 1.5× DuckDB SUMMARIZE on one thread, peak < 512 MB and flat in rows.');
  return lines;
}

/** Generation scaling: two threads on two cores against one thread on one core (best of the rounds each). */
function generateScalingLines() {
  const of = (threads) => results.generate.find((e) => e.threads === threads && e.ok);
  const one = of(1);
  const two = of(2);
  if (!one || !two) return [];
  return ['', `Generation, statistical twin of ${SAMPLE_TWIN_ROWS.toLocaleString('en-GB')} rows: two threads ${fmt(two.wallSeconds, 1)} s wall, ${fmt(two.cpuSeconds, 1)} CPU s, peak ${fmt(two.peakRssMB, 0)} MB; `
    + `one thread ${fmt(one.wallSeconds, 1)} s, ${fmt(one.cpuSeconds, 1)} CPU s, peak ${fmt(one.peakRssMB, 0)} MB → ${fmt(one.wallSeconds / two.wallSeconds, 2)}× the speed (${two.note}).`];
}

/** Linked: each step's peak memory at the larger size against the smaller (flat in persons: close to 1). */
function linkedFlatness() {
  const byStep = new Map();
  for (const r of results.linked) {
    if (!r.ok || !r.peakRssMB) continue;
    const key = `${r.step}${r.level ? ` ${r.level}` : ''}`;
    byStep.set(key, [...(byStep.get(key) ?? []), r.peakRssMB]);
  }
  const parts = [...byStep].filter(([, peaks]) => peaks.length === 2).map(([k, [a, b]]) => `${k} ${fmt(b / a, 2)}×`);
  return parts.length ? [`Linked, peak memory at the larger size ÷ the smaller: ${parts.join('; ')}`] : [];
}

// --- Report.
const tmpResults = join(OUT, `.results.${process.pid}.json`);
results.loadAverageAtEnd = loadavg();
writeFileSync(tmpResults, JSON.stringify(results, null, 2) + '\n');
renameSync(tmpResults, join(OUT, 'results.json'));

const header = ['step', 'input', 'level/method', 'rows', 'MB', 'wall s', 'MB/s', 'MB/CPU s', 'fit s', 'sample s', 'fit CPU', 'sample CPU', 'peak MB', 'CPU s', 'status'];
const table = rows.map((r) => [
  r.step, r.input, r.level ? configName(r) : '', r.rows ? r.rows.toLocaleString('en-GB') : '',
  r.bytes ? fmt(r.bytes / 1e6) : '', fmt(r.wallSeconds, 2), r.mbPerSecond ? fmt(r.mbPerSecond) : '', r.mbPerCpuSecond ? fmt(r.mbPerCpuSecond) : '',
  r.fitSeconds !== undefined ? fmt(r.fitSeconds, 2) : '', r.sampleSeconds !== undefined ? fmt(r.sampleSeconds, 2) : '',
  r.fitCpuSeconds !== undefined ? fmt(r.fitCpuSeconds, 2) : '', r.sampleCpuSeconds !== undefined ? fmt(r.sampleCpuSeconds, 2) : '',
  fmt(r.peakRssMB, 0), fmt(r.cpuSeconds, 2), r.ok ? (r.note ? `ok (${r.note})` : 'ok') : `FAILED: ${r.error}`,
]);
const widths = header.map((h, i) => Math.max(h.length, ...table.map((t) => String(t[i]).length)));
const numeric = new Set([3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13]);
const line = (cells) => cells.map((c, i) => (i === cells.length - 1 ? String(c) : numeric.has(i) ? String(c).padStart(widths[i]) : String(c).padEnd(widths[i]))).join('  ');
const outLines = [
  '',
  `Synthetic Twin bench — ${results.machine.cpu}, ${results.machine.cores} cores, Node ${process.version}${quick ? ' (quick)' : ''}; each step on ${results.cores} core${PIN_CPU === undefined ? 's' : ''}`,
  `load average at the end: ${loadavg().map((x) => x.toFixed(1)).join(' ')} (wall times are only comparable on an idle machine; CPU s is less sensitive)`,
  results.startup ? `process start-up (twin --version): ${fmt(results.startup.wallSeconds, 2)} s, peak ${fmt(results.startup.peakRssMB, 0)} MB — included in every wall time below` : '',
  results.activation ? `extension activation (${results.activation.runs} runs): loading dist/extension.js (${fmt(results.activation.bundleBytes / 1e6, 2)} MB) ${fmt(results.activation.loadMs?.min)} ms min / ${fmt(results.activation.loadMs?.median)} ms median, activate() with stand-in API ${fmt(results.activation.activateMs?.min)} / ${fmt(results.activation.activateMs?.median)} ms` : '',
  '',
  line(header),
  line(widths.map((w) => '-'.repeat(w))),
  ...table.map(line),
  '',
  'Targets: wide 2,000 columns well under 30 s; 100,000 columns a one-line refusal, never GBs of memory;',
  '         profile ≥ 60 MB/s with peak < 512 MB not growing with rows; correlated/copula on adult < 1 s, cart < 3 s;',
  `         every level samples 1,000,000 rows of the built-in sample in < 20 s, memory not growing with rows. fit ≈ (--rows 1 run − start-up); sample ≈ (full − --rows 1);
         the same in CPU time under fit CPU / sample CPU.`,
  ...linkedFlatness(),
  ...compareLines(),
  ...generateScalingLines(),
  `Results: ${join(OUT, 'results.json')}`,
  '',
].filter((l, i, a) => l !== '' || a[i - 1] !== '');
process.stdout.write(outLines.join('\n') + '\n');
