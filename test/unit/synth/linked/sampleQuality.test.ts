import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { profileLinkedDataset } from '../../../../src/core/dataset/profileLinked';
import { evaluateDataset } from '../../../../src/core/evaluate/multiTable';
import { writeLinkedSample } from '../../../../src/core/sample';
import { generateDataset } from '../../../../src/core/synth/linked';

/**
 * Issue 15's bar on the built-in linked sample, where disclosure control hardly binds (2,000
 * persons, k = 10): a correlated twin with SDMetrics quality ≥ 0.85 on every table and
 * CardinalityShapeSimilarity ≥ 0.9 on every link. Seeded, so the figures are the same on every run.
 */
describe('synth: the correlated twin of the built-in linked sample (2,000 persons) meets the quality bar', function () {
  this.timeout(600_000);
  let dir: string;
  before(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'twin-sample-quality-')); });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('quality ≥ 0.85 on every table, CardinalityShapeSimilarity ≥ 0.9 and referential integrity 1 on every link', async () => {
    const real = path.join(dir, 'real');
    await writeLinkedSample(real, { persons: 2000 });
    const { metadata } = await profileLinkedDataset(real);
    await generateDataset({ metadata, level: 'correlated', dir: real, out: path.join(dir, 'twin'), seed: 1 });
    const e = await evaluateDataset(real, path.join(dir, 'twin'), metadata);
    assert.deepEqual(e.tables.map((t) => t.name).sort(), ['admissions', 'diagnoses', 'patients', 'prescriptions']);
    for (const t of e.tables) assert.ok(t.report.fidelity.score >= 0.85, `${t.name}: quality ${t.report.fidelity.score}`);
    assert.equal(e.links.links.length, 5);
    for (const l of e.links.links) {
      const name = `${l.childTable}.${l.childKey}`;
      assert.equal(l.referentialIntegrity, 1, name);
      assert.ok(l.cardinalityShapeSimilarity! >= 0.9, `${name}: CSS ${l.cardinalityShapeSimilarity}`);
    }
  });
});
