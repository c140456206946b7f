import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runLadder } from '../../../src/core/ladder';
import { writeHospitalAdmissionsSample } from '../../../src/core/sample';

describe('ladder: three levels of one dataset against one holdout', function () {
  let dir = '';
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'twin-ladder-'));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('evaluates every level against the same held-out records, and the figures move the way the levels promise', async () => {
    const data = path.join(dir, 'admissions.csv');
    await writeHospitalAdmissionsSample(data, { rows: 3000, seed: 4 });
    const seen: string[] = [];
    const result = await runLadder({ data, seed: 1 }, {}, (r) => seen.push(r.level));
    assert.deepEqual(seen, ['structural', 'statistical', 'correlated']);
    assert.equal(result.dataset.name, 'admissions.csv');
    assert.equal(result.holdout.share, 0.2);
    const [structural, statistical, correlated] = result.rungs;
    assert.deepEqual(result.rungs.map((r) => r.madeFrom), ['metadata', 'metadata', 'real data']);
    for (const r of result.rungs) {
      // One split: the same held-out records and the same training records behind every rung.
      assert.deepEqual(r.evaluation.inputs.holdout?.split, result.holdout);
      assert.equal(r.evaluation.inputs.holdout?.rows, structural.evaluation.inputs.holdout?.rows);
      assert.equal(r.evaluation.inputs.real.rows, structural.evaluation.inputs.real.rows);
      assert.equal(r.evaluation.inputs.real.rows + r.evaluation.inputs.holdout!.rows, 3000);
      assert.equal(r.evaluation.privacy.baseline, 'holdout');
      assert.equal(r.headline.privacy.kind, 'risk');
      assert.ok(fs.existsSync(r.evaluationJson) && path.dirname(r.evaluationJson) === path.dirname(r.twin));
      assert.equal(path.basename(path.dirname(r.twin)), `admissions-${r.level}`);
    }
    assert.ok(structural.evaluation.notes.some((n) => /metadata alone/.test(n)));
    // Fidelity rises with the level; twin rows come closer to the real records (median distance to the closest one falls).
    const fid = result.rungs.map((r) => r.evaluation.fidelity.score);
    assert.ok(fid[0] < fid[1] && fid[1] < fid[2], `fidelity ${fid}`);
    const dcr = result.rungs.map((r) => r.evaluation.privacy.dcr.synthetic.median);
    assert.ok(dcr[0] > dcr[1] && dcr[1] > dcr[2], `median DCR ${dcr}`);
    assert.ok(correlated.evaluation.fidelity.columnPairTrends.score! > statistical.evaluation.fidelity.columnPairTrends.score! - 0.01);
    // Nothing but the data file and the rungs' folder in the data's folder: no real rows written anywhere.
    assert.deepEqual(fs.readdirSync(dir).sort(), ['admissions.csv', 'synthetic']);
  });

  it('refuses a ladder without held-out records', async () => {
    await assert.rejects(runLadder({ data: path.join(dir, 'admissions.csv'), holdout: { share: 0 } }), /needs held-out records/);
  });
});
