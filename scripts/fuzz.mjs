#!/usr/bin/env node
/**
 * Mutation fuzzer over the CSV reader + profiler (+ metadata and table loading).
 *
 *   node scripts/fuzz.mjs [--minutes N] [--seed S] [--out DIR] [--replay FILE]
 *
 * Each run derives its input deterministically from (seed, run number): a seed CSV (a fixed
 * list of dialects, encodings and awkward values, plus randomly generated tables) with 1–6
 * mutations (byte flips, inserted quotes/delimiters/line breaks/NUL/BOM/invalid UTF-8, deleted,
 * duplicated or swapped ranges, truncation, long runs, size around the reader's 64 KB chunk).
 * The input is written to a temp file and read with the real streaming reader. A crash is any
 * exception that is not a TwinError input error, an input error whose message is not one line,
 * or a hang (one run over 10 s: the worker is terminated and restarted after that run).
 * Crashing inputs are saved to --out (default <tmp>/twin-fuzz-crashes) for replay.
 * Prints the run count, outcomes and crashes; exit status 1 when any crash was found.
 */
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const HANG_MS = 10_000;
const here = fileURLToPath(import.meta.url);

// ---------------------------------------------------------------- deterministic randomness
function splitmix(seed) {
  let s = BigInt.asUintN(64, BigInt(seed));
  return () => {
    s = BigInt.asUintN(64, s + 0x9e3779b97f4a7c15n);
    let z = s;
    z = BigInt.asUintN(64, (z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n);
    z = BigInt.asUintN(64, (z ^ (z >> 27n)) * 0x94d049bb133111ebn);
    z = z ^ (z >> 31n);
    return Number(z >> 11n) / 2 ** 53;
  };
}
function rngFor(seed, run) {
  const next = splitmix(BigInt(seed) * 1_000_003n + BigInt(run));
  const r = {
    next,
    int: (n) => Math.floor(next() * n),
    pick: (a) => a[Math.floor(next() * a.length)],
    chance: (p) => next() < p,
  };
  return r;
}

// ---------------------------------------------------------------- seed inputs
const enc = (s) => Buffer.from(s, 'utf8');
const SEEDS = [
  enc('id,age,score,sex,admitted\n1,34,1.50,M,2020-01-03\n2,51,2.25,F,2021-12-31\n3,,0.75,F,2019-06-30\n4,67,NA,M,\n'),
  enc('name,note,count\n"Smith, J","said ""hi""\nthen left",3\n"O\'Brien","",4\nplain,"multi\r\nline",5\n'),
  enc('a;b;c\n1,5;x;01/02/2020\n2,75;y;31/12/2021\n-3,0;z;15/06/2019\n'),
  enc('code\tdesc\tvalue\n007\tleading zero\t1,234\n010\ttab sep\t12\n100\tthree\t-0\n'),
  enc('age, workclass, fnl\n39, State-gov, 77516\n50, Self-emp, 83311\n38, ?, 215646\n'),
  enc('x,y\r\n1,2\r\n3,4\r\n5,6\r\n'),
  Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), enc('col1,col2\nä,ö\nß,€\n')]),
  Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('a,b\n1,x\n2,y\n', 'utf16le')]),
  Buffer.from('name,city\nJos\xe9,M\xfcnchen\nRen\xe9e,Z\xfcrich\n', 'latin1'),
  enc('d1|d2|n\n01-Jan-2020|2020-01-01T10:00:00|1e309\n15-Mar-2021|2021-03-15T23:59:59|NaN\n31/02/2020|0000-00-00|Infinity\n'),
  enc('=cmd,+x,-y,@z\n=1+1,+44,-0,@SUM(A1)\n<script>alert(1)</script>,{{x}},<%= y %>,\u202eevil\n'),
  enc('v\n1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n'),
  enc('a,a,\n1,2,3\n4,5,6\n'),
  enc('only,header\n'),
  enc('k,flag,t\nA,true,2020-01-01 10:00\nB,false,2020-01-02 11:30\nA,TRUE,2020-01-03 09:15\n'),
];

function randomTable(r) {
  const ncols = 1 + r.int(8);
  const nrows = r.chance(0.2) ? 500 + r.int(3000) : 1 + r.int(60);
  const kinds = Array.from({ length: ncols }, () => r.int(7));
  const delim = r.pick([',', ',', ';', '\t', '|']);
  const eol = r.chance(0.3) ? '\r\n' : '\n';
  const q = (s) => (/[",;\t|\r\n]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s);
  const cats = ['a', 'b', 'c, d', 'say "x"', 'line\nbreak', 'é', ''];
  const cell = (k, i) => {
    if (r.chance(0.08)) return r.pick(['', 'NA', '?', '.', 'NULL']);
    switch (k) {
      case 0: return String(r.int(1000) - 500);
      case 1: return (r.next() * 100 - 50).toFixed(2);
      case 2: return q(r.pick(cats));
      case 3: return `${1 + r.int(28)}`.padStart(2, '0') + '/' + `${1 + r.int(12)}`.padStart(2, '0') + '/' + (1990 + r.int(30));
      case 4: return `${1990 + r.int(30)}-${String(1 + r.int(12)).padStart(2, '0')}-${String(1 + r.int(28)).padStart(2, '0')}`;
      case 5: return String(i).padStart(6, '0');
      default: return q(Array.from({ length: r.int(20) }, () => String.fromCharCode(32 + r.int(95))).join(''));
    }
  };
  const lines = [Array.from({ length: ncols }, (_, j) => `c${j}`).join(delim)];
  for (let i = 0; i < nrows; i++) lines.push(kinds.map((k) => cell(k, i)).join(delim));
  return enc(lines.join(eol) + (r.chance(0.8) ? eol : ''));
}

const SPECIALS = ['"', ',', '\n', '\r', '\r\n', '\0', ';', '\t', '|', '""', '"\n"', 'NA', '-0', '1e309', 'NaN', '31/02/2020',
  '0000-00-00', '=cmd', '\u202e', '\u200f', ' ', '\ufeff', '{{', '<%', '\x1b[31m'].map(enc)
  .concat([Buffer.from([0xff]), Buffer.from([0xc3]), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from([0xfe, 0xff])]);

function mutate(buf, r) {
  let b = buf;
  const n = 1 + r.int(6);
  for (let m = 0; m < n; m++) {
    const at = b.length ? r.int(b.length + 1) : 0;
    switch (r.int(11)) {
      case 0: if (b.length) { b = Buffer.from(b); b[r.int(b.length)] ^= 1 << r.int(8); } break;
      case 1: case 2: b = Buffer.concat([b.subarray(0, at), r.pick(SPECIALS), b.subarray(at)]); break;
      case 3: { const len = r.int(Math.min(64, b.length - at + 1)); b = Buffer.concat([b.subarray(0, at), b.subarray(at + len)]); break; }
      case 4: { const len = r.int(Math.min(200, b.length - at + 1)); b = Buffer.concat([b.subarray(0, at + len), b.subarray(at, at + len), b.subarray(at + len)]); break; }
      case 5: b = b.subarray(0, at); break;
      case 6: { // swap two lines
        const lines = b.toString('latin1').split('\n');
        if (lines.length > 2) { const i = r.int(lines.length), j = r.int(lines.length); [lines[i], lines[j]] = [lines[j], lines[i]]; }
        b = Buffer.from(lines.join('\n'), 'latin1'); break;
      }
      case 7: { // repeat the data part to cross the 64 KB chunk boundary
        const nl = b.indexOf(10);
        if (nl > 0 && b.length - nl > 1) {
          const body = b.subarray(nl + 1);
          const target = 60_000 + r.int(80_000);
          const parts = [b.subarray(0, nl + 1)];
          for (let size = 0; size < target; size += body.length) parts.push(body);
          b = Buffer.concat(parts);
        }
        break;
      }
      case 8: if (r.chance(0.2)) b = Buffer.concat([b.subarray(0, at), Buffer.alloc(1000 + r.int(200_000), r.pick([0x61, 0x22, 0x2c, 0x0a])), b.subarray(at)]); break;
      case 9: { const line = b.toString('latin1').split('\n')[r.int(3)] ?? ''; b = Buffer.concat([b, Buffer.from(('\n' + line).repeat(1 + r.int(50)), 'latin1')]); break; }
      default: if (b.length) { b = Buffer.from(b); const i = r.int(b.length); if (b[i] >= 0x30 && b[i] <= 0x39) b[i] = 0x30 + r.int(10); else b[i] = r.pick([0x2c, 0x22, 0x0a, 0x0d, 0x3b, 0x09]); } break;
    }
  }
  return b;
}

function inputFor(seed, run) {
  const r = rngFor(seed, run);
  const base = r.chance(0.5) ? r.pick(SEEDS) : randomTable(r);
  return r.chance(0.05) ? base : mutate(base, r);
}

// ---------------------------------------------------------------- worker: run inputs
/** Bundles scripts/fuzz/target.ts (and the core it imports) into one CommonJS file to load in workers. */
async function buildTarget(dir) {
  const { build } = await import('esbuild');
  const outfile = path.join(dir, 'target.cjs');
  await build({ entryPoints: [path.join(path.dirname(here), 'fuzz', 'target.ts')], bundle: true, platform: 'node', format: 'cjs', target: 'node20', outfile, logLevel: 'error' });
  return outfile;
}

async function workerMain() {
  const { seed, startRun, dir, shared, target } = workerData;
  const { runTarget } = await import(target);
  const state = new Float64Array(shared); // [run, startedAtMs]
  const file = path.join(dir, `input-${process.pid}-${startRun}.csv`);
  for (let run = startRun; ; run++) {
    const bytes = inputFor(seed, run);
    fs.writeFileSync(file, bytes);
    state[0] = run;
    state[1] = Date.now();
    const outcome = await runTarget(file);
    state[1] = 0;
    parentPort.postMessage({ run, kind: outcome.kind, message: outcome.kind === 'ok' ? '' : outcome.message, stack: outcome.stack ?? '' });
  }
}

// ---------------------------------------------------------------- main: schedule, watch for hangs
function arg(name, dflt) {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : dflt;
}

async function main() {
  const minutes = Number(arg('minutes', '1'));
  const seed = Number(arg('seed', '20261123'));
  const outDir = arg('out', path.join(os.tmpdir(), 'twin-fuzz-crashes'));
  const replay = arg('replay', undefined);
  if (replay) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'twin-fuzz-'));
    const { runTarget } = await import(await buildTarget(dir));
    fs.rmSync(dir, { recursive: true, force: true });
    console.log(JSON.stringify(await runTarget(path.resolve(replay)), null, 2));
    return;
  }
  fs.mkdirSync(outDir, { recursive: true });
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'twin-fuzz-'));
  const target = await buildTarget(work);
  const deadline = Date.now() + minutes * 60_000;
  const counts = { ok: 0, input: 0, crash: 0, hang: 0 };
  const messages = new Map();
  const crashes = [];
  let nextRun = 0;
  const started = Date.now();

  const saveCrash = (run, kind, message, stack) => {
    const file = path.join(outDir, `crash-seed${seed}-run${run}.csv`);
    fs.writeFileSync(file, inputFor(seed, run));
    crashes.push({ run, kind, message, file });
    console.log(`CRASH (${kind}) run ${run}: ${message}\n  input: ${file}\n${stack.split('\n').slice(1, 6).join('\n')}`);
  };

  while (Date.now() < deadline) {
    const shared = new SharedArrayBuffer(16);
    const state = new Float64Array(shared);
    const worker = new Worker(here, { workerData: { seed, startRun: nextRun, dir: work, shared, target }, resourceLimits: { maxOldGenerationSizeMb: 1024 } });
    let exited = false;
    worker.on('message', (m) => {
      nextRun = m.run + 1;
      counts[m.kind]++;
      if (m.kind === 'input') {
        const key = m.message.replace(/^[^:]*: /, '').replace(/\d+/g, 'N').slice(0, 80);
        messages.set(key, (messages.get(key) ?? 0) + 1);
      }
      if (m.kind === 'crash') saveCrash(m.run, 'exception', m.message, m.stack);
    });
    const exitPromise = new Promise((resolve) => worker.on('exit', (code) => { exited = true; resolve(code); }));
    let sawRun = false;
    worker.on('message', () => { sawRun = true; });
    worker.on('error', (e) => {
      if (!sawRun && state[1] === 0) {
        // The worker failed before running anything: a broken harness, not a finding.
        console.error(`fuzz: the worker failed to start: ${e?.message ?? e}`);
        process.exit(2);
      }
      const run = state[0];
      counts.crash++;
      saveCrash(run, 'worker error', String(e?.message ?? e), String(e?.stack ?? ''));
      nextRun = run + 1;
    });
    let lastReport = Date.now();
    while (!exited && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 250));
      if (state[1] > 0 && Date.now() - state[1] > HANG_MS) {
        const run = state[0];
        counts.hang++;
        saveCrash(run, 'hang', `no result after ${HANG_MS / 1000} s`, '');
        nextRun = run + 1;
        await worker.terminate();
        break;
      }
      if (Date.now() - lastReport > 60_000) {
        lastReport = Date.now();
        console.log(`[${((Date.now() - started) / 60000).toFixed(1)} min] runs ${counts.ok + counts.input + counts.crash + counts.hang} ok ${counts.ok} input-errors ${counts.input} crashes ${counts.crash} hangs ${counts.hang}`);
      }
    }
    if (!exited) await worker.terminate();
  }
  fs.rmSync(work, { recursive: true, force: true });
  const runs = counts.ok + counts.input + counts.crash + counts.hang;
  console.log(JSON.stringify({
    seed, minutes, runs, ok: counts.ok, inputErrors: counts.input, crashes: counts.crash, hangs: counts.hang,
    elapsedSeconds: Math.round((Date.now() - started) / 1000),
    topInputErrors: [...messages.entries()].sort((a, b) => b[1] - a[1]).slice(0, 15),
    crashFiles: crashes.map((c) => c.file),
  }, null, 2));
  process.exitCode = counts.crash + counts.hang > 0 ? 1 : 0;
}

if (isMainThread) await main();
else await workerMain();
