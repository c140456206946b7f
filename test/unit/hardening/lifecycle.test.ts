/**
 * Issue 7 items 4 and 5: nothing lost, nothing left behind, nothing leaks. The source file is
 * unchanged (bytes and mtime) by every command; a writer killed mid-write leaves no output, only
 * a recognisable temp file that the next run removes; Ctrl-C/SIGTERM leave nothing; every
 * command runs with the network modules patched to throw; error messages name file, row and
 * column but never the offending value.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CLI, hasStackTrace, tempDir, twinAsync, type CliResult } from './helpers';

const dir = tempDir('lifecycle');
after(() => fs.rmSync(dir, { recursive: true, force: true }));

/** A small mixed table (numeric, categorical, date) with a binary outcome. */
function writeSource(file: string, rows = 200): void {
  let s = 'age,sex,score,admitted,outcome\n';
  for (let i = 0; i < rows; i++) {
    s += `${20 + ((i * 37) % 60)},${'MF'[i % 2]},${((i * 13) % 97 / 7).toFixed(2)},2020-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')},${i % 3 === 0 ? 'yes' : 'no'}\n`;
  }
  fs.writeFileSync(file, s);
}

function snapshot(file: string): { bytes: Buffer; mtimeMs: number } {
  return { bytes: fs.readFileSync(file), mtimeMs: fs.statSync(file).mtimeMs };
}

/** Every CLI command over `src`, writing into `out`. */
function allCommands(src: string, out: string): { label: string; args: string[] }[] {
  const meta = path.join(out, 'metadata.json');
  return [
    { label: 'profile', args: ['profile', src, '-q', '--out', meta] },
    { label: 'generate structural (from metadata)', args: ['generate', meta, '--level', 'structural', '-q', '--out', path.join(out, 'structural.csv')] },
    { label: 'generate statistical', args: ['generate', src, '--level', 'statistical', '-q', '--out', path.join(out, 'statistical.csv')] },
    { label: 'generate correlated', args: ['generate', src, '--level', 'correlated', '-q', '--out', path.join(out, 'correlated.csv')] },
    { label: 'generate --recipe', args: ['generate', '--recipe', path.join(out, 'correlated.twin.json'), '-q', '--out', path.join(out, 'again.csv')] },
    { label: 'evaluate', args: ['evaluate', src, path.join(out, 'correlated.csv'), '-q', '--out', path.join(out, 'evaluation.json'), '--html', path.join(out, 'evaluation.html')] },
    { label: 'release', args: ['release', src, '--level', 'statistical', '-q', '--dir', path.join(out, 'pack')] },
    { label: 'check', args: ['check', src, '--metadata', meta] },
    { label: 'sample', args: ['sample', '--rows', '500', '--out', path.join(out, 'sample.csv')] },
  ];
}

describe('hardening: nothing lost, nothing left behind', function () {
  this.timeout(600_000);

  it('the source file keeps its bytes and mtime through every command', async () => {
    const src = path.join(dir, 'source.csv');
    writeSource(src);
    const old = new Date(Date.now() - 3_600_000);
    fs.utimesSync(src, old, old); // an mtime in the past, so a rewrite could not go unnoticed
    const before = snapshot(src);
    const out = tempDir('lifecycle-out');
    for (const c of allCommands(src, out)) {
      const r = await twinAsync(c.args);
      assert.equal(r.status, 0, `${c.label}: ${r.stderr}`);
      const now = snapshot(src);
      assert.ok(now.bytes.equals(before.bytes), `${c.label} changed the source's bytes`);
      assert.equal(now.mtimeMs, before.mtimeMs, `${c.label} changed the source's mtime`);
    }
    // no temp file left anywhere in the output folder
    const leftovers = fs.readdirSync(out, { recursive: true }).map(String).filter((f) => f.endsWith('.tmp'));
    assert.deepEqual(leftovers, []);
    fs.rmSync(out, { recursive: true, force: true });
  });

  /** Starts `twin generate --rows 3000000`, waits until it is writing its temp file, then signals it. */
  async function interruptMidWrite(signal: NodeJS.Signals, work: string): Promise<{ status: number | null; signal: NodeJS.Signals | null; stderr: string; temps: string[] }> {
    const src = path.join(work, 'big.csv');
    if (!fs.existsSync(src)) writeSource(src);
    const child = spawn(process.execPath, [CLI, 'generate', src, '--level', 'statistical', '--rows', '3000000', '-q', '--out', path.join(work, 'big.synthetic.csv')], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => { stderr += d; });
    const exited = new Promise<{ status: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('close', (status, sig) => resolve({ status, signal: sig })));
    const started = Date.now();
    const temps = (): string[] => fs.readdirSync(work).filter((f) => /^\.big\.synthetic\.csv\..+\.tmp$/.test(f));
    // the write has started when the temp file exists and has grown
    while (!temps().some((f) => fs.statSync(path.join(work, f)).size > 100_000)) {
      if (Date.now() - started > 60_000) { child.kill('SIGKILL'); assert.fail('the writer never started'); }
      await new Promise((r) => setTimeout(r, 50));
    }
    await new Promise((r) => setTimeout(r, 300));
    child.kill(signal);
    const result = await exited;
    return { ...result, stderr, temps: temps() };
  }

  it('SIGKILL mid-write: no output; only a recognisable temp file, which the next run removes', async () => {
    const work = tempDir('kill');
    const killed = await interruptMidWrite('SIGKILL', work);
    assert.equal(killed.signal, 'SIGKILL');
    assert.ok(!fs.existsSync(path.join(work, 'big.synthetic.csv')), 'no output file after SIGKILL');
    assert.ok(!fs.existsSync(path.join(work, 'big.twin.json')), 'no recipe after SIGKILL');
    assert.equal(killed.temps.length, 1, `one temp file: ${killed.temps.join(', ')}`);
    assert.match(killed.temps[0], /^\.big\.synthetic\.csv\.\d+-[0-9a-f]+\.tmp$/);
    // a re-run succeeds and removes the dead writer's temp file
    const r = await twinAsync(['generate', path.join(work, 'big.csv'), '--level', 'statistical', '--rows', '2000', '-q', '--out', path.join(work, 'big.synthetic.csv')]);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(fs.readFileSync(path.join(work, 'big.synthetic.csv'), 'utf8').trimEnd().split('\n').length, 2001);
    assert.deepEqual(fs.readdirSync(work).filter((f) => f.endsWith('.tmp')), []);
    fs.rmSync(work, { recursive: true, force: true });
  });

  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    it(`${signal} mid-write: exit 130, no output and no temp file`, async () => {
      const work = tempDir(signal.toLowerCase());
      const r = await interruptMidWrite(signal, work);
      assert.equal(r.status, 130, `status ${r.status} signal ${r.signal}: ${r.stderr}`);
      assert.equal(r.stderr.trim(), 'twin: cancelled; no output was left behind');
      assert.deepEqual(r.temps, []);
      assert.ok(!fs.existsSync(path.join(work, 'big.synthetic.csv')));
      assert.deepEqual(fs.readdirSync(work).sort(), ['big.csv']);
      fs.rmSync(work, { recursive: true, force: true });
    });
  }
});

describe('hardening: nothing leaks', function () {
  this.timeout(600_000);

  /** A preload that makes every network entry point throw (or reject, for fetch). */
  const preload = path.join(dir, 'no-network.cjs');
  fs.writeFileSync(preload, `
const refuse = (what) => function () { throw new Error('network use refused in test: ' + what); };
const net = require('node:net'), http = require('node:http'), https = require('node:https'), dns = require('node:dns'), tls = require('node:tls');
net.connect = refuse('net.connect'); net.createConnection = refuse('net.createConnection');
net.Socket.prototype.connect = refuse('net.Socket.connect');
http.request = refuse('http.request'); http.get = refuse('http.get');
https.request = refuse('https.request'); https.get = refuse('https.get');
dns.lookup = refuse('dns.lookup'); dns.resolve = refuse('dns.resolve');
dns.promises.lookup = () => Promise.reject(new Error('network use refused in test: dns.promises.lookup'));
tls.connect = refuse('tls.connect');
globalThis.fetch = () => Promise.reject(new Error('network use refused in test: fetch'));
`);

  it('the preload really refuses the network', async () => {
    const r = await new Promise<CliResult>((resolve) => {
      const started = Date.now();
      const child = spawn(process.execPath, ['--require', preload, '-e', "require('node:http').request('http://127.0.0.1:9')"], { stdio: ['ignore', 'pipe', 'pipe'] });
      let stderr = '';
      child.stderr.setEncoding('utf8').on('data', (d: string) => { stderr += d; });
      child.on('close', (status, signal) => resolve({ status, signal, stdout: '', stderr, ms: Date.now() - started }));
    });
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /network use refused in test: http\.request/);
  });

  it('every CLI command passes with the network modules patched to throw', async () => {
    const src = path.join(dir, 'offline.csv');
    writeSource(src);
    const out = tempDir('offline-out');
    for (const c of allCommands(src, out)) {
      const r = await twinAsync(c.args, { nodeArgs: ['--require', preload] });
      assert.equal(r.status, 0, `${c.label}: ${r.stderr}`);
      assert.doesNotMatch(r.stderr, /network use refused/, c.label);
    }
    fs.rmSync(out, { recursive: true, force: true });
  });

  it('a bad value is reported by file, row and column, never by the value itself', async () => {
    const real = path.join(dir, 'real.csv');
    writeSource(real);
    const lines = fs.readFileSync(real, 'utf8').split('\n');
    const secret = 'Jane-Doe-SECRET-4711';
    lines[5] = lines[5].replace(/^\d+/, secret); // row 6 of the file (header = row 1), column age
    const bad = path.join(dir, 'bad.synthetic.csv');
    fs.writeFileSync(bad, lines.join('\n'));
    const meta = path.join(dir, 'real.metadata.json');
    assert.equal((await twinAsync(['profile', real, '-q', '--out', meta])).status, 0);
    const results: [string, CliResult][] = [
      ['evaluate', await twinAsync(['evaluate', real, bad, '-q', '--out', path.join(dir, 'bad-eval.json')])],
      ['check', await twinAsync(['check', bad, '--metadata', meta])],
    ];
    // evaluate reads any twin (issue 16): the value that is no integer is counted for its column, never quoted.
    for (const [label, r] of results) {
      assert.equal(r.status, label === 'evaluate' ? 0 : 1, `${label}: ${r.stderr}`);
      const text = r.stderr + r.stdout;
      assert.ok(!text.includes(secret) && !text.includes('SECRET'), `${label} leaks the value: ${text}`);
      assert.ok(!hasStackTrace(r.stderr), label);
    }
    const evaluation = fs.readFileSync(path.join(dir, 'bad-eval.json'), 'utf8');
    assert.ok(!evaluation.includes('SECRET'), 'evaluation.json leaks the value');
    const age = (JSON.parse(evaluation) as { twinFile: { columns: { column: string; unreadable: number }[] } }).twinFile.columns.find((c) => c.column === 'age');
    assert.equal(age?.unreadable, 1);
    assert.ok(results[1][1].stdout.includes('age'), `check names the column: ${results[1][1].stdout}`);
  });
});
