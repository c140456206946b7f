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
    assert.match(bad.stderr, /the person key "nobody" is not a column/);
    assert.equal(bad.stderr.trim().split('\n').length, 1);
    const help = twin(['release', '--help']);
    assert.match(help.stdout, /--person-key COL/);
  });

  it('class 3: with a person key, categories and bounds count distinct persons, not rows', () => {
    const dir = tempDir('persons');
    // 40 patients × 10 visits, ages 20–59; patient MRN50039 is 104 and the only one seen at practice GP999.
    const lines = ['patient_id,practice,age'];
    for (let p = 0; p < 40; p++) {
      for (let v = 0; v < 10; v++) {
        const special = p === 39;
        lines.push(`MRN${50000 + p},${special ? 'GP999' : ['GP1', 'GP2', 'GP3'][(p + v) % 3]},${special ? 104 : 20 + p}`);
      }
    }
    const file = path.join(dir, 'long.csv');
    fs.writeFileSync(file, lines.join('\n') + '\n');
    const { metadata, text } = profile(file);
    assert.equal(metadata.dataset.personKey, 'patient_id');
    // GP999 sits on 10 rows (≥ k) but belongs to one person: never a published category.
    assert.ok(!text.includes('GP999'), 'a one-person category published');
    const practice = metadata.columns.find((c: any) => c.name === 'practice');
    assert.deepEqual(practice.categories.map((c: any) => c.value).sort(), ['GP1', 'GP2', 'GP3']);
    assert.equal(practice.other.count, null, 'the merged group (one person) is not counted');
    // Bounds: at least 10 persons at or beyond each bound (the old 99th percentile was the one 104-year-old).
    const age = metadata.columns.find((c: any) => c.name === 'age');
    const personAges = Array.from({ length: 40 }, (_, p) => (p === 39 ? 104 : 20 + p));
    assert.ok(personAges.filter((a) => a >= age.bounds.upper).length >= 10, `upper bound ${age.bounds.upper}`);
    assert.ok(personAges.filter((a) => a <= age.bounds.lower).length >= 10, `lower bound ${age.bounds.lower}`);
    assert.ok(age.quantiles.values.every((v: number) => v < 104));
  });

  it('class 3: with a person key, an association whose cells hold fewer than k persons is withheld', () => {
    const dir = tempDir('person-cells');
    // 40 patients × 10 visits; only patients 38 (M) and 39 (F) are ever on ward B: each sex × ward cell has ≥ 10 rows.
    const lines = ['patient_id,sex,ward,shift'];
    for (let p = 0; p < 40; p++) {
      for (let v = 0; v < 10; v++) lines.push(`P${1000 + p},${p % 2 ? 'F' : 'M'},${p >= 38 ? 'B' : 'A'},${v % 2 ? 'Day' : 'Night'}`);
    }
    const file = path.join(dir, 'wards.csv');
    fs.writeFileSync(file, lines.join('\n') + '\n');
    const { metadata } = profile(file);
    assert.equal(metadata.dataset.personKey, 'patient_id');
    const pairs = metadata.associations?.pairs ?? [];
    assert.ok(!pairs.some((p: any) => p.columns.includes('sex') && p.columns.includes('ward')), JSON.stringify(pairs));
    // sex × shift: every cell holds ≥ 10 persons, so it is still published.
    assert.ok(pairs.some((p: any) => p.columns.includes('sex') && p.columns.includes('shift')), JSON.stringify(pairs));
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

describe('disclosure: with a person key, published numbers count persons (issue 12, classes 3 and 7)', () => {
  it('no quantile, bound, bin edge or mean stands for a cell that 1 to k − 1 persons hold, however many rows they have', async () => {
    const { apparentRange } = await import('../../../src/core/disclosure/coarsen');
    // 29 patients with 12 spread values each, and one patient whose 12 visits all read 537.123:
    // by rows that value is held 12 times (≥ k), by persons once.
    const rows: { patient: string; lab: number }[] = [];
    for (let p = 0; p < 30; p++) for (let v = 0; v < 12; v++) rows.push({ patient: `MRN${1000 + p}`, lab: p === 29 ? 537.123 : 100 + ((p * 12 + v) * 37) % 800 + (p * 12 + v) / 1000 });
    const dir = tempDir('pknum');
    const file = path.join(dir, 'labs.csv');
    fs.writeFileSync(file, 'patient_id,lab\n' + rows.map((r) => `${r.patient},${r.lab}`).join('\n') + '\n');
    const { metadata } = profile(file, ['--person-key', 'patient_id']);
    const col = metadata.columns.find((c: any) => c.name === 'lab');
    const published: number[] = [...col.quantiles.values, col.bounds.lower, col.bounds.upper, ...col.histogram.edges, ...(col.mean !== undefined ? [col.mean] : [])];
    assert.ok(published.length > 5, 'the column is still described');
    for (const x of published) {
      const [lo, hi] = apparentRange(x);
      const persons = new Set(rows.filter((r) => r.lab >= lo && r.lab < hi).map((r) => r.patient)).size;
      assert.ok(persons === 0 || persons >= 10, `${x} stands for ${lo}–${hi}, held by ${persons} persons`);
    }
  });
});
