import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { evaluateFiles } from '../../../src/core/evaluate/evaluateFiles';
import { createRandom } from '../../../src/core/random';
import { requireOrSkip } from '../skip';

/** A CSV of the seeded population: id, age, group, income (some missing), flag, visit date. */
function csv(n: number, seed: number, edit?: (row: string[], i: number) => string[]): string {
  const rng = createRandom(seed);
  const lines = ['id,age,group,income,flag,visit'];
  for (let i = 0; i < n; i++) {
    const age = Math.round(40 + 10 * rng.normal());
    const g = rng.next();
    const group = g < 0.5 ? 'a' : g < 0.8 ? 'b' : 'c';
    const inc = 20 + 0.8 * age + (group === 'b' ? 10 : 0) + 5 * rng.normal();
    const flag = rng.next() < 1 / (1 + Math.exp(-(inc - 55) / 5)) ? 'yes' : 'no';
    const day = 1 + rng.int(28);
    let row = [`P${String(100000 + i)}`, String(age), group, rng.next() < 0.05 ? '' : inc.toFixed(2), flag, `2021-03-${String(day).padStart(2, '0')}`];
    if (edit) row = edit(row, i);
    lines.push(row.join(','));
  }
  return lines.join('\n') + '\n';
}

describe('evaluate: files end to end', function () {
  let dir = '';
  const file = (name: string, content: string): string => {
    const p = path.join(dir, name);
    fs.writeFileSync(p, content);
    return p;
  };
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'twin-evaluate-'));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('evaluates a synthetic file against the real one, with a holdout, and records inputs and sample', async () => {
    const real = file('real.csv', csv(600, 1));
    const syn = file('real.synthetic.csv', csv(500, 2));
    const hold = file('holdout.csv', csv(300, 3));
    const report = await evaluateFiles(real, syn, { holdout: hold, seed: 7 });
    assert.equal(report.format, 'twin-evaluation/1');
    assert.deepEqual(report.inputs, {
      real: { file: 'real.csv', rows: 600 },
      synthetic: { file: 'real.synthetic.csv', rows: 500 },
      holdout: { file: 'holdout.csv', rows: 300 },
    });
    assert.equal(report.sample.seed, 7);
    assert.equal(report.sample.sampled, false);
    assert.equal(report.sample.real, 600);
    // Same generating process: close marginals and trends.
    assert.ok(report.fidelity.columnShapes.score > 0.85, `shapes ${report.fidelity.columnShapes.score}`);
    assert.ok(report.fidelity.score > 0.8, `fidelity ${report.fidelity.score}`);
    const visit = report.fidelity.columnShapes.columns.find((c) => c.column === 'visit');
    assert.equal(visit?.metric, 'KSComplement');
    assert.ok(report.fidelity.excluded.some((e) => e.column === 'id'));
    assert.equal(report.utility?.target, 'flag');
    assert.equal(report.utility?.prediction.testSet, 'holdout');
    assert.equal(report.privacy.exactMatches.count, 0);
    assert.doesNotThrow(() => JSON.stringify(report));
    assert.ok(!JSON.stringify(report).includes('null,null,null,null'));
  });

  it('samples large inputs with the seed and records it', async () => {
    const real = file('big.csv', csv(400, 4));
    const syn = file('big.synthetic.csv', csv(400, 5));
    const a = await evaluateFiles(real, syn, { sampleSize: 100, seed: 3 });
    const b = await evaluateFiles(real, syn, { sampleSize: 100, seed: 3 });
    assert.equal(a.sample.sampled, true);
    assert.equal(a.sample.real, 100);
    assert.equal(a.sample.synthetic, 100);
    assert.equal(a.sample.sampleSize, 100);
    assert.equal(a.inputs.real.rows, 400);
    assert.equal(a.inputs.synthetic.rows, 400);
    assert.equal(a.fidelity.score, b.fidelity.score);
  });

  it('rejects mismatched schemas with one-line errors naming file and column', async () => {
    const real = file('r.csv', csv(50, 6));
    const check = async (name: string, content: string, re: RegExp, holdout = false): Promise<void> => {
      const p = file(name, content);
      await assert.rejects(
        holdout ? evaluateFiles(real, real, { holdout: p }) : evaluateFiles(real, p),
        (e: Error & { kind?: string }) => {
          assert.equal(e.kind, 'input');
          assert.ok(!e.message.includes('\n'));
          assert.match(e.message, re);
          return true;
        },
      );
    };
    // A twin with missing, extra or unreadable columns is evaluated and reported (anyTwin.test.ts), not refused.
    await check('none.csv', 'x,y\n1,2\n', /none\.csv: the synthetic file has none of the real data's columns/);
    await check('dup.csv', 'id,age,age\nP1,3,4\n', /dup\.csv.*duplicate column name/);
    await check('empty.csv', 'id,age,group,income,flag,visit\n', /empty\.csv: the synthetic file has no data rows/);
    await check('hold.csv', csv(20, 7).replace(',flag,', ',status,'), /hold\.csv, column "flag": column missing/, true);
  });
});

describe('evaluate: UCI Adult (shared data)', function () {
  const adult = path.resolve(__dirname, '../../../../shared/data/adult/adult.csv');
  const adultTest = path.resolve(__dirname, '../../../../shared/data/adult/adult-test.csv');

  it('adult against itself with adult-test as holdout: fidelity 1.0, maximal privacy risk', async function () {
    requireOrSkip(this, fs.existsSync(adult) && fs.existsSync(adultTest), '../shared/data/adult is not present');
    const started = performance.now();
    const report = await evaluateFiles(adult, adult, { holdout: adultTest });
    const seconds = (performance.now() - started) / 1000;
    console.log(`      adult self-evaluation with holdout: ${seconds.toFixed(1)} s`);
    assert.equal(report.inputs.real.rows, 32561);
    assert.equal(report.inputs.holdout?.rows, 16281);
    assert.equal(report.fidelity.score, 1);
    assert.ok(report.fidelity.pMSE.value < 1e-12);
    assert.equal(report.privacy.exactMatches.rate, 1);
    assert.equal(report.privacy.reading.band, 'poor');
    assert.equal(report.utility?.target, 'income');
    assert.equal(report.utility?.prediction.ratio, 1);
    // adult-test writes the income classes with a trailing full stop; the holdout is harmonised on load,
    // so the holdout's exact-match baseline is UCI's own: 23 of 16,281 test rows equal a training row.
    assert.match(report.sample.note ?? '', /income.*2 holdout categories matched/);
    assert.equal(report.privacy.exactMatches.holdoutCount, 23);
    assert.ok(report.utility!.prediction.trtr.auc! > 0.85);
  });
});

describe('evaluate: columns excluded from the twin', function () {
  const stranded = path.resolve(__dirname, '../../../../shared/data/nhsr/stranded_data.csv');
  it('evaluates without an excluded column the twin lacks, and rejects excluding an unknown column', async function () {
    requireOrSkip(this, fs.existsSync(stranded), '../shared/data/nhsr is not present');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'twin-exclude-'));
    // The real file minus its last column stands in for a twin made without it.
    const lines = fs.readFileSync(stranded, 'utf8').trimEnd().split('\n').map((l) => l.split(',').slice(0, -1).join(','));
    const syn = path.join(dir, 'syn.csv');
    fs.writeFileSync(syn, lines.join('\n') + '\n');
    // Without --exclude the twin's lack of the column is reported, and the rest scored the same.
    const reported = await evaluateFiles(stranded, syn);
    assert.deepEqual(reported.twinFile?.missingColumns, ['frailty_index']);
    assert.equal(reported.fidelity.score, 1);
    const report = await evaluateFiles(stranded, syn, { exclude: ['frailty_index'] });
    assert.equal(report.fidelity.columnShapes.columns.some((c) => c.column === 'frailty_index'), false);
    assert.equal(report.fidelity.score, 1);
    await assert.rejects(evaluateFiles(stranded, syn, { exclude: ['nope'] }), /cannot exclude a column the real data does not have/);
  });
});

describe('evaluate: data with nothing to compare', () => {
  it('names the real file when no column can be compared (identifiers only)', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'twin-nothing-'));
    const file = path.join(dir, 'ids.csv');
    const emails = Array.from({ length: 50 }, (_, i) => `person${i}@example.invalid`);
    fs.writeFileSync(file, 'email\n' + emails.join('\n') + '\n');
    await assert.rejects(evaluateFiles(file, file), (e: Error) => /^ids\.csv(, column "email")?: nothing to compare/.test(e.message));
  });
});
