import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { evaluateFiles, evaluateRecordLogic } from '../../../src/core/evaluate';
import { DEFAULT_DISCLOSURE } from '../../../src/core/metadata';
import { writeHospitalAdmissionsSample } from '../../../src/core/sample';
import type { Table } from '../../../src/core/schema';
import { generateTwin } from '../../../src/core/synth/generateTwin';
import { protectEvaluation } from '../../../src/core/disclosure/protectEvaluation';
import { protectMetadata } from '../../../src/core/disclosure/protectMetadata';
import { releasedValue } from '../../../src/core/disclosure/released';

const DAY = 86_400_000;

function stays(admit: number[], discharge: number[], los: number[]): Table {
  const date = (name: string, v: number[]) => ({ spec: { name, type: 'date' as const, format: { kind: 'date' as const, pattern: 'yyyy-MM-dd' } }, data: { kind: 'number' as const, values: Float64Array.from(v) } });
  return {
    rowCount: admit.length,
    columns: [date('admit', admit), date('discharge', discharge), { spec: { name: 'los', type: 'integer', format: { kind: 'integer', thousands: false } }, data: { kind: 'number', values: Float64Array.from(los) } }],
  };
}

describe('record rules in evaluation', function () {
  this.timeout(120000);

  it('reads each rule found in the real table with its violation rate in the real table and the twin', () => {
    const n = 200;
    const admit = Array.from({ length: n }, (_, i) => Date.UTC(2024, 0, 1) + (i % 50) * DAY);
    const discharge = admit.map((a, i) => a + (i % 7) * DAY);
    const real = stays(admit, discharge, discharge.map((d, i) => (d - admit[i]) / DAY));
    // The twin swaps the dates in 20 rows (stay made negative) and miscounts the stay in 30 others.
    const twinDischarge = discharge.map((d, i) => (i < 20 ? admit[i] - DAY : d));
    const twinLos = twinDischarge.map((d, i) => (d - admit[i]) / DAY + (i >= 100 && i < 130 ? 1 : 0));
    const report = evaluateRecordLogic(real, stays(admit, twinDischarge, twinLos), null, DEFAULT_DISCLOSURE);
    assert.equal(report.source, 'real data');
    const order = report.rules.find((r) => r.kind === 'order');
    const derived = report.rules.find((r) => r.kind === 'derived');
    assert.ok(order && derived, JSON.stringify(report.rules));
    assert.deepEqual(order.columns, ['admit', 'discharge']);
    assert.deepEqual(order.real, { applicable: 200, violations: 0, rate: 0 });
    assert.deepEqual(order.synthetic, { applicable: 200, violations: 20, rate: 0.1 });
    assert.deepEqual(derived.columns, ['los', 'admit', 'discharge']);
    assert.equal(derived.real?.violations, 0);
    assert.equal(derived.synthetic.violations, 30);
    assert.equal(report.broken, report.rules.filter((r) => r.synthetic.violations > 0).length);
    assert.ok(report.broken >= 2);
  });

  it('evaluation.json of a twin made by the tool shows every rule kept; a shuffled copy breaks them', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'twin-eval-rules-'));
    try {
      const real = path.join(dir, 'ward.csv');
      await writeHospitalAdmissionsSample(real, { rows: 3000 });
      const twin = path.join(dir, 'ward.synthetic.csv');
      const { recipe } = await generateTwin({ input: real, level: 'statistical', out: twin, seed: 4 });
      const kept = (await evaluateFiles(real, twin, {})).recordLogic;
      assert.ok(kept && kept.rules.length >= 3, JSON.stringify(kept));
      assert.equal(kept.broken, 0);
      for (const r of kept.rules) assert.equal(r.real?.violations, 0, r.rule);
      // The released copy (release pack): the metadata's rules, the twin's counts, no real count.
      const rules = recipe.metadata.rules ?? [];
      const full = await evaluateFiles(real, twin, { rules });
      assert.equal(full.recordLogic?.source, 'metadata');
      const released = releasedValue(protectEvaluation(full, protectMetadata(recipe.metadata)), 'evaluation.json').recordLogic;
      assert.ok(released);
      assert.deepEqual(released.rules.map((r) => r.rule), rules.map((r) => r.reason));
      for (const r of released.rules) {
        assert.equal(r.real, null);
        assert.equal(r.synthetic.violations, 0);
      }
      // The real file with its discharge column rotated by one row: the order and the stay break.
      const lines = fs.readFileSync(real, 'utf8').trimEnd().split('\n');
      const header = lines[0].split(',');
      const d = header.indexOf('discharge_datetime');
      const cells = lines.slice(1).map((l) => l.split(','));
      // Notes may hold commas inside quotes: only rows whose discharge cell sits in place are rotated.
      const plain = cells.filter((c) => c.length === header.length);
      const rotated = plain.map((c, i) => { const copy = [...c]; copy[d] = plain[(i + 1) % plain.length][d]; return copy.join(','); });
      const shuffled = path.join(dir, 'ward.shuffled.csv');
      fs.writeFileSync(shuffled, [lines[0], ...rotated].join('\n') + '\n');
      const broken = (await evaluateFiles(real, shuffled, {})).recordLogic;
      assert.ok(broken);
      const order = broken.rules.find((r) => r.kind === 'order');
      assert.ok(order && order.synthetic.rate > 0.2, JSON.stringify(order));
      assert.ok(broken.broken >= 2);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
