import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { twin } from '../cli/helpers';
import { tempDir, writePack, writeRealData } from './fixtures';

/** `twin audit` through the built CLI: exit status, one line per finding, --out, and ACRO's results.json. */
describe('twin audit (CLI)', function () {
  const root = tempDir('cli');
  const real = writeRealData(root);

  it('exits 0 on the clean pack and writes results.json in the layout the SACRO viewer reads', function () {
    const dir = writePack(path.join(root, 'clean'));
    const r = twin(['audit', real, dir, '--out', path.join(root, 'clean-audit.json')]);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /audit of .*: pass; 0 failing and 0 warning findings in 0 of 5 files \(k = 10, counting rows/);
    const results = JSON.parse(fs.readFileSync(path.join(dir, 'results.json'), 'utf8'));
    assert.match(results.version, /^\d+\.\d+\.\d+$/);
    assert.deepEqual(Object.keys(results.results), ['DATA_CARD.md', 'analysis.py', 'evaluation.json', 'metadata.json', 'wards.synthetic.csv']);
    const out = results.results['metadata.json'];
    assert.deepEqual(Object.keys(out).sort(), ['command', 'comments', 'exception', 'files', 'outcome', 'properties', 'status', 'summary', 'timestamp', 'type', 'uid']);
    assert.equal(out.status, 'pass');
    assert.equal(out.type, 'custom');
    assert.deepEqual(out.files, [{ name: 'metadata.json', sdc: {} }]);
    // ACRO's checksums folder: one SHA-256 per output file, which the viewer checks.
    const sum = fs.readFileSync(path.join(dir, 'checksums', 'metadata.json.txt'), 'utf8');
    assert.match(sum, /^[0-9a-f]{64}$/);
    const json = JSON.parse(fs.readFileSync(path.join(root, 'clean-audit.json'), 'utf8'));
    assert.equal(json.format, 'twin-audit/1');
    assert.equal(json.status, 'pass');
  });

  it('exits 1 with one line per finding when a file leaks, and marks that output fail in results.json', function () {
    const dir = writePack(path.join(root, 'leak'), (files) => { files['DATA_CARD.md'] += '\nSmall wards: Ward Zeta.\n'; });
    const r = twin(['audit', real, dir]);
    assert.equal(r.status, 1, r.stderr);
    assert.equal(r.stdout, 'fail: DATA_CARD.md line 5: contains a real value of "ward" held by fewer than 10 persons [rare-value]\n');
    assert.match(r.stderr, /fails the disclosure audit: 1 finding/);
    const results = JSON.parse(fs.readFileSync(path.join(dir, 'results.json'), 'utf8'));
    assert.equal(results.results['DATA_CARD.md'].status, 'fail');
    assert.deepEqual(results.results['DATA_CARD.md'].outcome.check, { 0: 'rare-value' });
    assert.equal(results.results['metadata.json'].status, 'pass');
    assert.ok(!fs.readFileSync(path.join(dir, 'results.json'), 'utf8').includes('Ward Zeta'));
  });

  it('refuses a folder that is not a release pack, and --out over the real data, with one line', function () {
    const empty = path.join(root, 'empty');
    fs.mkdirSync(empty);
    fs.writeFileSync(path.join(empty, 'notes.txt'), 'hello\n');
    const r = twin(['audit', real, empty]);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /^twin: .*neither metadata\.json nor a <name>\.twin\.json recipe/);
    const before = fs.readFileSync(real, 'utf8');
    const o = twin(['audit', real, writePack(path.join(root, 'p3')), '--out', real]);
    assert.equal(o.status, 1);
    assert.equal(fs.readFileSync(real, 'utf8'), before);
    assert.equal(twin(['audit', real]).status, 2);
  });
});
