import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { evaluateFiles } from '../../../src/core/evaluate/evaluateFiles';
import { modelRoleOf } from '../../../src/core/evaluate/utility/roles';
import { createRandom } from '../../../src/core/random';

/**
 * Rows with a row-number id, a numeric code, a date, two real predictors, a measurement and a
 * binary outcome; `signal` 0 makes the outcome independent of everything (no skill to keep).
 */
function csv(n: number, seed: number, signal: number, lastCode = false): string {
  const rng = createRandom(seed);
  const header = ['id', 'admitted', 'age', 'group', 'outcome', 'systolic_bp', 'REASONCODE'];
  const lines = [(lastCode ? header : header.slice(0, 6)).join(',')];
  for (let i = 0; i < n; i++) {
    const age = 20 + rng.int(60);
    const group = rng.next() < 0.5 ? 'a' : 'b';
    const z = signal * ((age - 50) / 10 + (group === 'b' ? 1 : 0)) + rng.normal();
    const outcome = z > 0.5 ? 'yes' : 'no';
    const bp = (110 + 0.5 * age + 8 * rng.normal()).toFixed(1);
    const code = String([410620009, 185349003, 162673000][rng.int(3)]);
    const day = String(1 + rng.int(28)).padStart(2, '0');
    const row = [String(i + 1), `2022-05-${day}`, String(age), group, outcome, bp, code];
    lines.push((lastCode ? row : row.slice(0, 6)).join(','));
  }
  return lines.join('\n') + '\n';
}

describe('utility: sensible targets and predictors, and no ratio of nothing', function () {
  let dir = '';
  const file = (name: string, content: string): string => {
    const p = path.join(dir, name);
    fs.writeFileSync(p, content);
    return p;
  };
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'twin-utility-'));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('never uses a row number, a code or a date as a predictor', async () => {
    const real = file('real.csv', csv(1500, 1, 1));
    const syn = file('syn.csv', csv(1500, 2, 1));
    const report = await evaluateFiles(real, syn, { seed: 4 });
    const u = report.utility!;
    assert.equal(u.target, 'outcome');
    const terms = u.coefficients.map((c) => c.term);
    for (const t of terms) assert.ok(!/^(id|admitted)/.test(t), `term ${t} in the model`);
    assert.ok(terms.includes('age') && terms.includes('systolic_bp'), terms.join(', '));
    assert.ok(u.notes.some((n) => /Not used as predictors: id \(.*\), admitted \(a date\)/.test(n)), u.notes.join(' | '));
    // Real skill exists here, so a ratio is given.
    assert.equal(typeof u.prediction.ratio, 'number');
    assert.equal(u.prediction.noSkill, undefined);
  });

  it('the default target is never a code: a numeric code as last column gives way to the measurement', async () => {
    // No binary column (group and outcome dropped): the default is a measurement, never the code written last.
    const strip = (text: string) => text.split('\n').map((l) => l.split(',').filter((_, k) => k !== 3 && k !== 4).join(',')).join('\n');
    const real = file('codes.csv', strip(csv(800, 3, 1, true)));
    const syn = file('codes.syn.csv', strip(csv(800, 4, 1, true)));
    const report = await evaluateFiles(real, syn, { seed: 4 });
    assert.equal(report.utility?.target, 'systolic_bp');
    assert.ok(!report.utility!.coefficients.some((c) => c.term.startsWith('REASONCODE')));
  });

  it('says the real model has no skill instead of giving a ratio when the outcome is noise', async () => {
    const real = file('noise.csv', csv(1500, 5, 0));
    const syn = file('noise.syn.csv', csv(1500, 6, 0));
    const report = await evaluateFiles(real, syn, { seed: 4 });
    const p = report.utility!.prediction;
    assert.equal(p.ratio, null);
    assert.match(p.noSkill ?? '', /no demonstrable predictive skill/);
    assert.match(p.reading.text, /^Not rated:/);
  });

  it('model roles: identifiers, text, dates and key-like values are out; factors and measurements in', () => {
    const n = 40;
    const num = (values: number[]) => ({ kind: 'number' as const, values: Float64Array.from(values) });
    const cat = (cats: string[], codes: number[]) => ({ kind: 'category' as const, categories: cats, codes: Int32Array.from(codes) });
    const spec = (name: string, type: 'integer' | 'numeric' | 'categorical' | 'date' | 'identifier') => ({ name, type, format: {} as never });
    const seq = Array.from({ length: n }, (_, i) => i);
    assert.equal(modelRoleOf(spec('row', 'integer'), num(seq)).usable, false);
    assert.equal(modelRoleOf(spec('visits', 'integer'), num(seq.map((i) => i % 5))).usable, true);
    assert.equal(modelRoleOf(spec('ward_code', 'integer'), num(seq.map((i) => i % 5))).usable, false);
    assert.equal(modelRoleOf(spec('diagnosis_icd10', 'categorical'), cat(['A', 'B'], seq.map((i) => i % 2))).usable, true);
    assert.equal(modelRoleOf(spec('PAYER', 'categorical'), cat(['e03e23c9-4df1-3eb6-a62d-f70f02301496', '7caa7254-5050-3b5e-9eae-bd5ea30e809c'], seq.map((i) => i % 2))).usable, false);
    assert.equal(modelRoleOf(spec('Health Service ID', 'identifier'), { kind: 'string', values: seq.map(String) }).usable, false);
    assert.equal(modelRoleOf(spec('START', 'date'), num(seq)).usable, false);
    assert.equal(modelRoleOf(spec('age', 'integer'), num(seq.map((i) => 20 + (i % 30)))).usable, true);
  });
});

describe('utility: a real model that is no yardstick', function () {
  it('does not rate a twin-trained model that beats the real-trained one by far (no "1032% good")', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'twin-yardstick-'));
    try {
      // y = 2x + noise everywhere; the real training rows also hold a few huge outliers that ruin their fit.
      const rows = (n: number, seed: number, outliers: boolean) => {
        const rng = createRandom(seed);
        const lines = ['x,group,y'];
        for (let i = 0; i < n; i++) {
          const x = rng.normal();
          let y = 2 * x + rng.normal();
          if (outliers && i % 50 === 0) y = (x > 0 ? -1 : 1) * 60;
          lines.push(`${x.toFixed(4)},${rng.next() < 0.5 ? 'a' : 'b'},${y.toFixed(4)}`);
        }
        return lines.join('\n') + '\n';
      };
      const write = (name: string, text: string) => (fs.writeFileSync(path.join(dir, name), text), path.join(dir, name));
      const report = await evaluateFiles(write('real.csv', rows(1000, 1, true)), write('syn.csv', rows(1000, 2, false)), { holdout: write('hold.csv', rows(500, 3, false)), target: 'y' });
      const p = report.utility!.prediction;
      assert.ok(p.tstr.r2! > 1.25 * p.trtr.r2!, `tstr ${p.tstr.r2} trtr ${p.trtr.r2}`);
      assert.equal(p.ratio, null);
      assert.match(p.noSkill ?? '', /far better than one trained on real data/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
