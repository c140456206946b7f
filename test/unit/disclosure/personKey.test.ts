import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CLI, twin, tempDir } from '../cli/helpers';

/** A fictional long-format extract: 30 patients × 12 visits, MRN repeated on every visit, a name column. */
function visits(dir: string, keyName = 'patient_id'): string {
  const names = ['Alice Smith', 'Bob Jones', 'Carol White'];
  const lines = [`${keyName},visit,ward,owner_name,score`];
  for (let p = 0; p < 30; p++) {
    for (let v = 0; v < 12; v++) {
      lines.push(`MRN${12345 + p},2024-0${1 + (v % 9)}-1${v % 10},${['A', 'B', 'C'][(p + v) % 3]},${names[p % 3]},${(p * 7 + v) % 50}`);
    }
  }
  const file = path.join(dir, 'visits.csv');
  fs.writeFileSync(file, lines.join('\n') + '\n');
  return file;
}

function profile(file: string, extra: string[] = []): { metadata: any; text: string } {
  const r = twin(['profile', file, '-q', ...extra]);
  assert.equal(r.status, 0, r.stderr);
  return { metadata: JSON.parse(r.stdout), text: r.stdout };
}

describe('disclosure: the person is the unit (issue 12, classes 2 and 3)', () => {
  before(function () {
    if (!fs.existsSync(CLI)) throw new Error('dist/cli.js missing: run `node esbuild.mjs` first');
  });

  it('class 3: detects a repeating patient ID as the person key and never publishes an MRN as a category', () => {
    const { metadata, text } = profile(visits(tempDir('pk')));
    assert.equal(metadata.dataset.personKey, 'patient_id');
    const col = metadata.columns.find((c: any) => c.name === 'patient_id');
    assert.equal(col.type, 'identifier');
    assert.equal(col.categories, undefined);
    // Attack: look for any real MRN anywhere in metadata.json (each is held by 12 rows, ≥ k, of ONE person).
    for (let p = 0; p < 30; p++) assert.ok(!text.includes(`MRN${12345 + p}`), `MRN${12345 + p} published`);
    assert.ok(metadata.controls.some((c: any) => c.control === 'person-key' && c.column === 'patient_id'));
  });

  it('class 3: --person-key declares the key on profile, generate and release; an unknown column is a one-line input error', () => {
    const dir = tempDir('pk-declared');
    const file = visits(dir, 'hosp_ref');
    assert.equal(profile(file).metadata.dataset.personKey, undefined, 'hosp_ref is not named like a person key');
    const { metadata, text } = profile(file, ['--person-key', 'hosp_ref']);
    assert.equal(metadata.dataset.personKey, 'hosp_ref');
    assert.ok(!text.includes('MRN12345'));
    const g = twin(['generate', file, '--level', 'statistical', '--person-key', 'hosp_ref', '--out', path.join(dir, 'twin.csv'), '-q']);
    assert.equal(g.status, 0, g.stderr);
    const recipe = JSON.parse(fs.readFileSync(path.join(dir, 'twin.twin.json'), 'utf8'));
    assert.equal(recipe.metadata.dataset.personKey, 'hosp_ref');
    const twinText = fs.readFileSync(path.join(dir, 'twin.csv'), 'utf8');
    for (let p = 0; p < 30; p++) assert.ok(!twinText.includes(`MRN${12345 + p},`), `real MRN${12345 + p} in the twin`);
    const bad = twin(['profile', file, '-q', '--person-key', 'nobody']);
    assert.equal(bad.status, 1);
    assert.match(bad.stderr, /--person-key "nobody" is not a column/);
    assert.equal(bad.stderr.trim().split('\n').length, 1);
    const help = twin(['release', '--help']);
    assert.match(help.stdout, /--person-key COL/);
  });

  it('class 2: a column of personal names that repeat ≥ k times is an identifier: no name in metadata.json or in a statistical twin', () => {
    const dir = tempDir('names');
    const file = visits(dir);
    const { metadata, text } = profile(file);
    const col = metadata.columns.find((c: any) => c.name === 'owner_name');
    assert.equal(col.type, 'identifier');
    for (const name of ['Alice Smith', 'Bob Jones', 'Carol White']) assert.ok(!text.includes(name), `${name} published`);
    const out = path.join(dir, 'visits.synthetic.csv');
    const g = twin(['generate', file, '--level', 'statistical', '--out', out, '-q']);
    assert.equal(g.status, 0, g.stderr);
    const twinText = fs.readFileSync(out, 'utf8');
    for (const name of ['Alice Smith', 'Bob Jones', 'Carol White']) assert.ok(!twinText.includes(name), `${name} copied into the twin`);
  });
});
