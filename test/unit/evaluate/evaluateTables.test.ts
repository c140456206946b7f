import { strict as assert } from 'node:assert';
import { evaluateTables } from '../../../src/core/evaluate/evaluateTables';
import { population } from './helpers';

describe('evaluate: evaluateTables', () => {
  it('a table against itself: fidelity 1.0 and the highest privacy-risk readings', async () => {
    const real = population(800, 21);
    const holdout = population(400, 22);
    const report = await evaluateTables(real, real, holdout, { seed: 1 });
    assert.equal(report.fidelity.score, 1);
    assert.equal(report.privacy.exactMatches.count, 800);
    assert.equal(report.privacy.exactMatches.rate, 1);
    assert.equal(report.privacy.exactMatches.reading.band, 'poor');
    assert.equal(report.privacy.reading.band, 'poor');
    assert.equal(report.utility?.prediction.ratio, 1);
  });
});

/** Every number in the report is finite (JSON has no NaN/Infinity; undefined metrics must be null). */
function assertFiniteNumbers(value: unknown, where = 'report'): void {
  if (typeof value === 'number') assert.ok(Number.isFinite(value), `${where} is ${value}`);
  else if (Array.isArray(value)) value.forEach((v, i) => assertFiniteNumbers(v, `${where}[${i}]`));
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) assertFiniteNumbers(v, `${where}.${k}`);
}

describe('evaluate: evaluateTables report contract', () => {
  const real = population(1500, 31);
  const syn = population(1200, 32);

  it('holds only finite numbers, the DESIGN.md field names, and readings on every score', async () => {
    const report = await evaluateTables(real, syn, null, { seed: 5, labels: { real: 'r.csv', synthetic: 's.csv' } });
    assertFiniteNumbers(report);
    assert.equal(report.format, 'twin-evaluation/1');
    assert.equal(typeof report.fidelity.score, 'number');
    assert.ok(report.fidelity.columnShapes.columns.every((c) => typeof c.column === 'string' && typeof c.metric === 'string' && typeof c.score === 'number' && c.reading.text.length > 0));
    assert.ok(report.fidelity.columnPairTrends.pairs.every((p) => p.columns.length === 2 && typeof p.score === 'number' && p.reading.band));
    assert.equal(typeof report.fidelity.pMSE.value, 'number');
    assert.equal(typeof report.fidelity.pMSE.standardized, 'number');
    assert.equal(typeof report.privacy.exactMatches.count, 'number');
    assert.equal(typeof report.privacy.exactMatches.rate, 'number');
    assert.equal(report.utility?.prediction.testSet, 'real-split');
    assert.deepEqual(report.inputs.holdout, null);
    assert.equal(report.inputs.real.file, 'r.csv');
    // Two independent draws of one population: a good twin by every fidelity reading.
    assert.ok(report.fidelity.score > 0.85, `fidelity ${report.fidelity.score}`);
    assert.ok(report.fidelity.pMSE.standardized < 5, `S_pMSE ${report.fidelity.pMSE.standardized}`);
    const again = await evaluateTables(real, syn, null, { seed: 5, labels: { real: 'r.csv', synthetic: 's.csv' } });
    assert.deepEqual(JSON.parse(JSON.stringify(again)), JSON.parse(JSON.stringify(report)));
  });

  it('samples tables above sampleSize with the seed and says so', async () => {
    const report = await evaluateTables(real, syn, null, { seed: 2, sampleSize: 500 });
    assert.deepEqual([report.sample.real, report.sample.synthetic, report.sample.sampled, report.sample.sampleSize], [500, 500, true, 500]);
    assert.deepEqual([report.inputs.real.rows, report.inputs.synthetic.rows], [1500, 1200]);
    assert.match(report.sample.note, /500 rows.*seed 2/);
  });

  it('a sampled table compared with itself stays identical (same row positions)', async () => {
    const report = await evaluateTables(real, real, null, { seed: 4, sampleSize: 400 });
    assert.equal(report.sample.sampled, true);
    assert.equal(report.fidelity.score, 1);
    assert.equal(report.privacy.exactMatches.rate, 1);
  });

  it('rejects a holdout with other columns and an empty synthetic table', async () => {
    const other = { ...syn, columns: syn.columns.filter((c) => c.spec.name !== 'flag') };
    await assert.rejects(evaluateTables(real, syn, other, { labels: { holdout: 'h.csv' } }), /h\.csv, column "flag": column missing/);
    const empty = { rowCount: 0, columns: syn.columns.map((c) => ({ spec: c.spec, data: c.data.kind === 'number' ? { kind: 'number' as const, values: new Float64Array(0) } : c.data.kind === 'category' ? { kind: 'category' as const, codes: new Int32Array(0), categories: [] } : { kind: 'string' as const, values: [] } })) };
    await assert.rejects(evaluateTables(real, empty, null, {}), /synthetic: the file has no data rows/);
  });
});
