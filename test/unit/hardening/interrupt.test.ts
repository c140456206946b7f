/**
 * Issue 16 item 5: SIGINT/SIGTERM at any point (twin generate --recipe included) leaves no temp
 * file and prints one line; a second Ctrl-C still leaves nothing; a release on a full disk
 * leaves no pack folder behind.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CLI, tempDir, twinAsync } from './helpers';

const CANCELLED = 'twin: cancelled; no output was left behind';

/** A mixed table (numbers, categories, dates). */
function writeSource(file: string, rows: number): void {
  const lines = ['age,sex,score,admitted,outcome'];
  for (let i = 0; i < rows; i++) {
    lines.push(`${20 + ((i * 37) % 60)},${'MF'[i % 2]},${((i * 13) % 97 / 7).toFixed(2)},2020-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')},${i % 3 === 0 ? 'yes' : 'no'}`);
  }
  fs.writeFileSync(file, lines.join('\n') + '\n');
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const tempsIn = (dir: string): string[] => fs.readdirSync(dir, { recursive: true }).map(String).filter((f) => f.endsWith('.tmp'));

describe('hardening: interrupted at any point, nothing is left', function () {
  this.timeout(900_000);
  let work = '';
  let recipe = '';
  /**
   * A preload that reports on fd 3 when the CLI adds its SIGINT/SIGTERM listener, with how many
   * characters of JavaScript had been compiled by then: the test signals from that moment on.
   */
  let preload = '';
  before(async () => {
    work = tempDir('interrupt');
    preload = path.join(work, 'report-listener.cjs');
    fs.writeFileSync(preload, `
const fs = require('node:fs');
const Module = require('node:module');
let compiled = 0;
const compile = Module.prototype._compile;
Module.prototype._compile = function (content, filename) {
  compiled += content.length;
  return compile.call(this, content, filename);
};
const on = process.on;
process.on = function (event, listener) {
  const result = on.call(this, event, listener);
  if (event === 'SIGINT' || event === 'SIGTERM') {
    try { fs.writeSync(3, event + ' ' + compiled + '\\n'); } catch {}
  }
  return result;
};
`);
    const src = path.join(work, 'source.csv');
    writeSource(src, 300);
    const r = await twinAsync(['profile', src, '-q', '--out', path.join(work, 'metadata.json')]);
    assert.equal(r.status, 0, r.stderr);
    // A twin large enough that reproducing it takes a few seconds.
    const g = await twinAsync(['generate', path.join(work, 'metadata.json'), '--level', 'statistical', '--rows', '600000', '-q', '--out', path.join(work, 'made.synthetic.csv')], { timeoutMs: 600_000 });
    assert.equal(g.status, 0, g.stderr);
    recipe = path.join(work, 'made.twin.json');
  });
  after(() => fs.rmSync(work, { recursive: true, force: true }));

  /**
   * Starts `twin generate --recipe`, waits until the CLI has added its `signal` listener (its
   * first statements do, before the rest of the CLI loads), waits `delayMs`, then signals it.
   */
  async function reproduceAndSignal(signal: 'SIGINT' | 'SIGTERM', delayMs: number, out: string) {
    const child = spawn(process.execPath, ['--require', preload, CLI, 'generate', '--recipe', recipe, '-q', '--out', out], { stdio: ['ignore', 'ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr!.setEncoding('utf8').on('data', (d: string) => { stderr += d; });
    const exited = new Promise<{ status: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('close', (status, sig) => resolve({ status, signal: sig })));
    const listening = await new Promise<string>((resolve, reject) => {
      let seen = '';
      const timer = setTimeout(() => { child.kill('SIGKILL'); reject(new Error('the CLI never added its signal listener')); }, 120_000);
      (child.stdio[3] as NodeJS.ReadableStream).setEncoding('utf8');
      (child.stdio[3] as NodeJS.ReadableStream).on('data', (d: string) => {
        seen += d;
        const line = seen.split('\n').find((l) => l.startsWith(signal + ' '));
        if (line) { clearTimeout(timer); resolve(line); }
      });
    });
    await sleep(delayMs);
    child.kill(signal);
    return { ...(await exited), stderr, listening };
  }

  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    it(`${signal} during twin generate --recipe, from its first statement to the end: one line and no temp file, or a finished twin`, async () => {
      const outcomes: string[] = [];
      for (const delayMs of [0, 30, 120, 400, 1000, 2500]) {
        const out = path.join(work, `again-${signal}-${delayMs}.csv`);
        const r = await reproduceAndSignal(signal, delayMs, out);
        const label = `${signal} after ${delayMs} ms: status ${r.status} signal ${r.signal}, stderr ${JSON.stringify(r.stderr)}`;
        // The listener is in place before the CLI's code is loaded (its 1.7 MB take about a second on a busy machine).
        const compiled = Number(r.listening.split(' ')[1]);
        assert.ok(compiled < 100_000, `${label}: ${compiled} characters of code compiled before the ${signal} listener`);
        assert.deepEqual(tempsIn(work), [], label);
        if (r.status === 130) {
          assert.equal(r.stderr.trim(), CANCELLED, label);
          assert.ok(!fs.existsSync(out), `${label}: no output`);
          outcomes.push('cancelled');
        } else if (r.status === null && r.signal === signal) {
          // A signal that lands while Node is tearing down after the command has finished (its
          // handlers already released) ends the process by the signal; the twin must then be whole.
          assert.equal(fs.readFileSync(out, 'utf8').trimEnd().split('\n').length, 600_001, `${label}: killed by the signal before the twin was whole`);
          assert.equal(r.stderr, '', label);
          fs.rmSync(out);
          fs.rmSync(out.replace(/\.csv$/, '.twin.json'), { force: true });
          outcomes.push('finished');
        } else {
          // Only a run that had already finished may ignore the signal, and then its twin is whole.
          assert.equal(r.status, 0, label);
          assert.equal(fs.readFileSync(out, 'utf8').trimEnd().split('\n').length, 600_001, label);
          fs.rmSync(out);
          fs.rmSync(out.replace(/\.csv$/, '.twin.json'), { force: true });
          outcomes.push('finished');
        }
      }
      assert.equal(outcomes[0], 'cancelled', 'a signal as the CLI starts cancels it');
    });
  }

  it('a second SIGINT while the first is being answered: still one line, exit 130, no temp file', async () => {
    for (const gapMs of [0, 5, 40]) {
      // Sent once the write is under way, so there is a temp file to leave behind.
      const out = path.join(work, `twice-${gapMs}.csv`);
      const child = spawn(process.execPath, [CLI, 'generate', '--recipe', recipe, '-q', '--out', out], { stdio: ['ignore', 'ignore', 'pipe'] });
      let stderr = '';
      child.stderr.setEncoding('utf8').on('data', (d: string) => { stderr += d; });
      const exited = new Promise<number | null>((resolve) => child.on('close', (status) => resolve(status)));
      const started = Date.now();
      while (!tempsIn(work).some((f) => f.startsWith(`.twice-${gapMs}.csv.`))) {
        if (Date.now() - started > 120_000) { child.kill('SIGKILL'); assert.fail('the writer never started'); }
        await sleep(5);
      }
      child.kill('SIGINT');
      if (gapMs) await sleep(gapMs);
      child.kill('SIGINT');
      const status = await exited;
      const label = `gap ${gapMs} ms: status ${status}, stderr ${JSON.stringify(stderr)}`;
      assert.equal(status, 130, label);
      assert.equal(stderr.trim(), CANCELLED, label);
      assert.deepEqual(tempsIn(work), [], label);
      assert.ok(!fs.existsSync(out), label);
    }
  });
});

describe('hardening: a release on a full disk leaves nothing behind', function () {
  this.timeout(900_000);
  let work = '';
  let src = '';
  /** A preload that fails every file write with ENOSPC once `TWIN_TEST_DISK_BYTES` bytes have been written (a full disk). */
  let preload = '';
  before(() => {
    work = tempDir('full-disk');
    src = path.join(work, 'extract.csv');
    writeSource(src, 2000);
    preload = path.join(work, 'full-disk.cjs');
    fs.writeFileSync(preload, `
const fs = require('node:fs');
const limit = Number(process.env.TWIN_TEST_DISK_BYTES);
let written = 0;
const open = fs.promises.open;
fs.promises.open = async function (...args) {
  const handle = await open.apply(this, args);
  const write = handle.write.bind(handle);
  handle.write = async (data, ...rest) => {
    const length = typeof data === 'string' ? Buffer.byteLength(data) : (typeof rest[1] === 'number' ? rest[1] : data.byteLength);
    if (written + length > limit) {
      const e = new Error('ENOSPC: no space left on device, write');
      e.code = 'ENOSPC';
      throw e;
    }
    written += length;
    return write(data, ...rest);
  };
  return handle;
};
`);
  });
  after(() => fs.rmSync(work, { recursive: true, force: true }));

  const release = (dir: string, bytes: number) => twinAsync(['release', src, '--level', 'statistical', '--seed', '1', '-q', '--dir', dir],
    { nodeArgs: ['--require', preload], timeoutMs: 600_000, env: { TWIN_TEST_DISK_BYTES: String(bytes) } });

  it('whichever file the disk fills on: exit 1, one line, no pack folder (and no parent folder it made)', async () => {
    // The whole pack's size, written on a disk with room for it.
    const full = path.join(work, 'fits', 'pack');
    const ok = await release(full, 1e12);
    assert.equal(ok.status, 0, ok.stderr);
    const total = fs.readdirSync(full).reduce((n, f) => n + fs.statSync(path.join(full, f)).size, 0);
    for (const share of [0, 0.05, 0.3, 0.6, 0.9, 0.98]) {
      const dir = path.join(work, `full-${share}`, 'pack');
      const r = await release(dir, Math.floor(total * share));
      const label = `disk full after ${Math.floor(total * share)} of ${total} bytes: status ${r.status}, stderr ${JSON.stringify(r.stderr)}`;
      assert.equal(r.status, 1, label);
      assert.match(r.stderr, /^twin: .*cannot write: no space left on the device\n$/, label);
      assert.ok(!fs.existsSync(path.join(work, `full-${share}`)), `${label}: the folders it made are gone`);
    }
    assert.deepEqual(tempsIn(work), []);
  });

  it('into an existing folder: only the files it added are removed; what was there stays', async () => {
    const dir = path.join(work, 'existing');
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, 'notes.txt'), 'mine\n');
    const r = await release(dir, 200_000);
    assert.equal(r.status, 1, r.stderr);
    assert.deepEqual(fs.readdirSync(dir), ['notes.txt']);
    assert.equal(fs.readFileSync(path.join(dir, 'notes.txt'), 'utf8'), 'mine\n');
  });
});
