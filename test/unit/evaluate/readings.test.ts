import { strict as assert } from 'node:assert';
import { bandOf, privacyReading, READING_THRESHOLDS, readingFor, utilityReading, worstBand } from '../../../src/core/evaluate/readings';
import type { ReadingMetric } from '../../../src/core/evaluate/readings';
import { checkSameSchema } from '../../../src/core/evaluate/schemaCheck';
import { categoryColumnOf } from '../../../src/core/evaluate/columns';
import { tableOf } from './helpers';

describe('evaluate: plain-language readings', () => {
  it('bands follow the documented thresholds in both directions', () => {
    assert.equal(bandOf('KSComplement', 0.9), 'good');
    assert.equal(bandOf('KSComplement', 0.8), 'fair');
    assert.equal(bandOf('KSComplement', 0.74), 'poor');
    assert.equal(bandOf('pMSE', 1.2), 'good');
    assert.equal(bandOf('pMSE', 10), 'fair');
    assert.equal(bandOf('pMSE', 25), 'poor');
    assert.equal(bandOf('singlingOut', 0.002), 'good');
    assert.equal(bandOf('singlingOut', 0.83), 'poor');
  });

  it('every metric yields one sentence for every band', () => {
    for (const metric of Object.keys(READING_THRESHOLDS) as ReadingMetric[]) {
      const t = READING_THRESHOLDS[metric];
      const values = t.direction === 'higher' ? [t.good, (t.good + t.fair) / 2, t.fair / 2] : [t.good / 2, (t.good + t.fair) / 2, t.fair * 2];
      const bands = values.map((v) => readingFor(metric, v, { column: 'x', columns: ['x', 'y'] }));
      assert.deepEqual(bands.map((b) => b.band), ['good', 'fair', 'poor'], metric);
      for (const b of bands) {
        assert.ok(b.text.length > 20 && !b.text.includes('\n') && /[.]$/.test(b.text), `${metric}: ${b.text}`);
        assert.equal(b.text.split(/[.!?] [A-Z]/).length, 1, `one sentence: ${b.text}`);
      }
    }
  });

  it('names the column and says when a metric is undefined', () => {
    assert.match(readingFor('TVComplement', 0.95, { column: 'sex' }).text, /“sex”.*closely matches.*0\.95/);
    const r = readingFor('RangeCoverage', null, { column: 'age' });
    assert.equal(r.band, 'fair');
    assert.match(r.text, /could not be computed for “age”/);
  });

  it('exact matches are judged against the holdout baseline', () => {
    assert.equal(readingFor('exactMatches', 0.02, { baseline: 0.019 }).band, 'good');
    assert.equal(readingFor('exactMatches', 0.02).band, 'fair');
    assert.equal(readingFor('exactMatches', 1, { baseline: 0.0006 }).band, 'poor');
  });

  it('overall readings take the worst band', () => {
    assert.equal(worstBand(['good', 'fair', 'good']), 'fair');
    assert.equal(privacyReading(['good', 'poor']).band, 'poor');
    assert.equal(utilityReading(0.9, 0.5).band, 'poor');
    assert.equal(utilityReading(0.9, null).band, 'good');
    assert.equal(utilityReading(null, null).band, 'fair');
  });
});

describe('evaluate: schema checks', () => {
  const real = tableOf([['a', { kind: 'number', values: Float64Array.from([1, 2]) }], ['b', categoryColumnOf(['x', 'y'])]]);

  it('accepts the same columns in another order', () => {
    checkSameSchema(real, tableOf([['b', categoryColumnOf(['x'])], ['a', { kind: 'number', values: Float64Array.from([3]) }]]), 'syn.csv', true);
  });

  it('rejects a missing column, an extra column, another type and an empty table, naming file and column', () => {
    assert.throws(() => checkSameSchema(real, tableOf([['a', { kind: 'number', values: Float64Array.from([1]) }]]), 'syn.csv', true),
      /^TwinError: syn\.csv, column "b": column missing/);
    assert.throws(() => checkSameSchema(real, tableOf([['a', { kind: 'number', values: Float64Array.from([1]) }], ['b', categoryColumnOf(['x'])], ['c', categoryColumnOf(['x'])]]), 'h.csv', true),
      /h\.csv, column "c": extra column/);
    assert.throws(() => checkSameSchema(real, tableOf([['a', categoryColumnOf(['1'])], ['b', categoryColumnOf(['x'])]]), 'syn.csv', true),
      /syn\.csv, column "a": column is categorical here but numeric in the real data/);
    assert.throws(() => checkSameSchema(real, tableOf([['a', { kind: 'number', values: new Float64Array(0) }], ['b', categoryColumnOf([])]]), 'syn.csv', true),
      /syn\.csv: the file has no data rows/);
  });
});
