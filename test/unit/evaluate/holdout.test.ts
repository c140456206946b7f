import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { evaluateFiles } from '../../../src/core/evaluate/evaluateFiles';
import { headlineLines, headlineOf } from '../../../src/core/evaluate/headline';
import { isHeldOut, splitSource } from '../../../src/core/holdout';
import { openDataset, type DatasetSource } from '../../../src/core/io';
import { createRandom } from '../../../src/core/random';
import { generateTwin, readRecipe } from '../../../src/core/synth';

/** A long table: `persons` persons with 1–6 visits each (person key `patient`), an age, a group and an outcome. */
function longCsv(persons: number, seed: number): string {
  const rng = createRandom(seed);
  const lines = ['visit_id,patient,age,group,cost,outcome'];
  let visit = 0;
  for (let p = 0; p < persons; p++) {
    const age = 20 + rng.int(60);
    const group = rng.next() < 0.6 ? 'a' : 'b';
    const visits = 1 + rng.int(6);
    for (let v = 0; v < visits; v++) {
      const cost = (50 + 2 * age + (group === 'b' ? 40 : 0) + 10 * rng.normal()).toFixed(2);
      const outcome = rng.next() < 1 / (1 + Math.exp(-(age - 50) / 8)) ? 'yes' : 'no';
      lines.push([`V${100000 + visit++}`, `P${1000 + p}`, String(age), group, cost, outcome].join(','));
    }
  }
  return lines.join('\n') + '\n';
}

async function rowsOf(source: DatasetSource): Promise<string[][]> {
  const out: string[][] = [];
  for await (const b of source.batches()) for (const r of b.rows) out.push(r.map((v) => String(v)));
  return out;
}

describe('holdout: persons held out in memory before fitting', function () {
  let dir = '';
  let data = '';
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'twin-holdout-'));
    data = path.join(dir, 'visits.csv');
    fs.writeFileSync(data, longCsv(400, 3));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('splits by person: every visit of a person on one side, the two sides disjoint and complete, no file written', async () => {
    const before = fs.readdirSync(dir).sort();
    const source = await openDataset(data);
    const { training, holdout } = splitSource(source, { share: 0.2, seed: 5, personKey: 'patient' });
    const all = await rowsOf(source);
    const train = await rowsOf(training);
    const held = await rowsOf(holdout);
    assert.equal(train.length + held.length, all.length);
    const trainPersons = new Set(train.map((r) => r[1]));
    const heldPersons = new Set(held.map((r) => r[1]));
    for (const p of heldPersons) assert.ok(!trainPersons.has(p), `person ${p} on both sides`);
    const share = heldPersons.size / (heldPersons.size + trainPersons.size);
    assert.ok(share > 0.13 && share < 0.27, `share of persons held out ${share}`);
    // The same (share, seed, key) gives the same split; another seed another one.
    for (const p of heldPersons) assert.equal(isHeldOut({ share: 0.2, seed: 5 }, p), true);
    const other = new Set((await rowsOf(splitSource(source, { share: 0.2, seed: 6, personKey: 'patient' }).holdout)).map((r) => r[1]));
    assert.notDeepEqual([...other].sort(), [...heldPersons].sort());
    assert.deepEqual(fs.readdirSync(dir).sort(), before, 'the split wrote a file');
  });

  it('refuses a person key the data does not have, and a share outside (0, 1)', async () => {
    const source = await openDataset(data);
    assert.throws(() => splitSource(source, { share: 0.2, seed: 1, personKey: 'nobody' }), /person key is not a column/);
    assert.throws(() => splitSource(source, { share: 1, seed: 1 }), /between 0 and 1/);
  });

  it('a twin made with a holdout never saw the held-out persons, and twin evaluate measures privacy against exactly them', async () => {
    const out = path.join(dir, 'visits.synthetic.csv');
    const g = await generateTwin({ input: data, level: 'correlated', out, seed: 2, holdout: { share: 0.25, seed: 9, personKey: 'patient' } });
    const recipe = await readRecipe(g.recipePath);
    assert.deepEqual(recipe.holdout, { share: 0.25, seed: 9, personKey: 'patient' });
    const source = await openDataset(data);
    const held = await rowsOf(splitSource(source, recipe.holdout!).holdout);
    const all = await rowsOf(source);
    // The model's metadata counts only the training records (published perturbed by at most 2,
    // then rounded to 5, like every count: core/disclosure/cellKey).
    const training = all.length - held.length;
    assert.equal(recipe.metadata.dataset.rows % 5, 0);
    assert.ok(Math.abs(recipe.metadata.dataset.rows - training) <= 5, `published ${recipe.metadata.dataset.rows}, training ${training}`);
    assert.ok(Math.abs(recipe.metadata.dataset.rows - all.length) > 5, 'the held-out records are not counted');

    // No holdout named: the recipe's split is used, and said so.
    const report = await evaluateFiles(data, out, { seed: 3 });
    assert.deepEqual(report.inputs.holdout?.split, { share: 0.25, seed: 9, personKey: 'patient' });
    assert.equal(report.inputs.holdout?.rows, held.length);
    assert.equal(report.inputs.real.rows, all.length - held.length);
    assert.equal(report.privacy.baseline, 'holdout');
    assert.ok(report.sample.note.includes('recorded in the twin\'s recipe'), report.sample.note);
    const attacks = [report.privacy.anonymeter.singlingOut.univariate, report.privacy.anonymeter.linkability, report.privacy.anonymeter.inference];
    for (const a of attacks) if (a) {
      assert.equal(a.upperBound, undefined);
      assert.equal(typeof a.controlRate, 'number');
    }
    const h = headlineOf(report);
    assert.equal(h.privacy.kind, 'risk');
    assert.ok(headlineLines(h).privacy.includes(`measured against ${held.length} held-out real records`), headlineLines(h).privacy);
  });

  it('evaluating the twin of a release pack uses the split its shipped recipe records (the recipe names the source by file name only; its keyed fingerprint proves the file), and not for another file', async () => {
    const { createReleasePack } = await import('../../../src/core/release');
    const pack = await createReleasePack({ data, level: 'structural', dir: path.join(dir, 'pack'), personKey: 'patient', seed: 4 });
    const twin = pack.files.find((f) => f.endsWith('.synthetic.csv'))!;
    const recipe = await readRecipe(twin.replace(/\.synthetic\.csv$/, '.twin.json'));
    assert.equal(recipe.source.path, 'visits.csv', 'the shipped recipe names no folder');
    assert.equal(recipe.holdout?.share, 0.2);
    const held = await rowsOf(splitSource(await openDataset(data), recipe.holdout!).holdout);
    const report = await evaluateFiles(data, twin, { seed: 3 });
    assert.equal(report.inputs.holdout?.rows, held.length);
    assert.ok(held.length > 100, `${held.length} records held out`);
    // Another file with the same name is not the source: no split is taken from the recipe.
    const other = path.join(dir, 'other', 'visits.csv');
    fs.mkdirSync(path.dirname(other));
    fs.writeFileSync(other, longCsv(400, 4));
    const elsewhere = await evaluateFiles(other, twin, { seed: 3 });
    assert.equal(elsewhere.inputs.holdout, null);
  });

  it('without a holdout, attack figures are upper bounds with no verdict, and the overall reading says so', async () => {
    // A copy of the real data as "twin": every raw attack succeeds often; without a baseline that is no measured risk.
    const copy = path.join(dir, 'copy.csv');
    fs.copyFileSync(data, copy);
    const report = await evaluateFiles(data, copy, { seed: 3 });
    assert.equal(report.privacy.baseline, 'none');
    assert.equal(report.inputs.holdout, null);
    const a = report.privacy.anonymeter;
    for (const r of [a.singlingOut.univariate, a.singlingOut.multivariate, a.linkability, a.inference]) if (r) {
      assert.equal(r.upperBound, true);
      assert.match(r.reading.text, /^Upper bound, not a measured risk/);
    }
    assert.match(report.privacy.reading.text, /upper bounds, not measured risks/);
    const h = headlineOf(report);
    assert.equal(h.privacy.kind, 'upper-bound');
    assert.match(headlineLines(h).privacy, /^at most .*an upper bound, not a measured risk/);
  });
});
