import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CLI, ROOT, tempDir } from '../cli/helpers';

/** A fictional 200-row extract; `bump` changes one person's age (the guess an attacker wants to confirm). */
function extract(file: string, bump = 0): string {
  const lines = ['id,age,ward'];
  for (let i = 0; i < 200; i++) lines.push(`${i + 1},${20 + (i % 60) + (i === 7 ? bump : 0)},${['A', 'B', 'C', 'D'][i % 4]}`);
  fs.writeFileSync(file, lines.join('\n') + '\n');
  return file;
}

function run(args: string[], secret: string): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    cwd: ROOT, encoding: 'utf8', timeout: 120_000, maxBuffer: 1 << 26, env: { ...process.env, TWIN_SECRET_FILE: secret },
  });
  return { status: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

const sha256 = (bytes: Buffer | string) => createHash('sha256').update(bytes).digest('hex');

function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? filesUnder(p) : [p];
  });
}

/** Every number of a JSON document. */
function numbersIn(value: unknown, out: number[] = []): number[] {
  if (typeof value === 'number') out.push(value);
  else if (Array.isArray(value)) for (const v of value) numbersIn(v, out);
  else if (value && typeof value === 'object') for (const v of Object.values(value)) numbersIn(v, out);
  return out;
}

describe('attack: the source fingerprint is no oracle (issue 12, class 6)', function () {
  const dir = tempDir('fingerprint');
  const secretA = path.join(dir, 'a.key');
  const secretB = path.join(dir, 'b.key');
  const data = extract(path.join(dir, 'extract.csv'));
  const guess = extract(path.join(dir, 'guess.csv'), 1);

  it('no file of a release pack carries the raw SHA-256 or byte size of the source, or of a guessed variant', function () {
    const pack = path.join(dir, 'pack');
    const r = run(['release', data, '--level', 'statistical', '--dir', pack, '--holdout-share', '0'], secretA);
    assert.equal(r.status, 0, r.stderr);
    const bytes = fs.readFileSync(data);
    const hashes = [sha256(bytes), sha256(fs.readFileSync(guess))];
    for (const file of filesUnder(pack)) {
      const text = fs.readFileSync(file, 'utf8').toLowerCase();
      for (const h of hashes) assert.ok(!text.includes(h), `${path.basename(file)} carries a raw SHA-256 of the source`);
      if (file.endsWith('.json')) {
        assert.ok(!numbersIn(JSON.parse(text)).includes(bytes.length), `${path.basename(file)} carries the source's exact byte size`);
      }
    }
  });

  it('the published fingerprint is keyed: the same under one secret, different under another, and no unkeyed hash of the file', function () {
    const fingerprint = (secret: string, file = data) => {
      const r = run(['profile', file, '-q'], secret);
      assert.equal(r.status, 0, r.stderr);
      return JSON.stringify(JSON.parse(r.stdout).dataset.fingerprint);
    };
    const a1 = fingerprint(secretA);
    assert.equal(fingerprint(secretA), a1, 'the same data and secret give the same fingerprint');
    assert.notEqual(fingerprint(secretB), a1, 'without the secret, the fingerprint cannot be recomputed');
    // An attacker holding a guessed file and computing any plain hash of it cannot match what was published.
    const bytes = fs.readFileSync(guess);
    for (const h of [sha256(bytes), sha256(`${bytes.length}:${sha256(bytes)}`), sha256(fs.readFileSync(data))]) assert.ok(!a1.includes(h));
    assert.notEqual(fingerprint(secretA, guess), a1, 'a changed value changes the keyed fingerprint');
  });

  it('a correlated recipe still refuses a source that changed since the twin was made (it re-reads the source)', function () {
    const source = extract(path.join(dir, 'changing.csv'));
    const out = path.join(dir, 'changing.synthetic.csv');
    let r = run(['generate', source, '--level', 'correlated', '--out', out], secretA);
    assert.equal(r.status, 0, r.stderr);
    extract(source, 3);
    r = run(['generate', '--recipe', path.join(dir, 'changing.twin.json')], secretA);
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stderr, /changed|differ|fingerprint/i);
  });
});
