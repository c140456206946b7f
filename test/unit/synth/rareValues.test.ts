import * as assert from 'node:assert/strict';
import { holdersPerValue, rareIntervalsOf, runsOfSorted } from '../../../src/core/synth/correlated/rareValues';

describe('rare intervals (values held by fewer than k persons are drawn, not replayed)', () => {
  it('cuts each stretch of rare values into intervals of at least k holders and leaves common values alone', () => {
    // 0 ×12 (common), 1..25 once each (rare), 30 ×10 (common), 31 and 32 once (a short stretch at the end).
    const values = [...Array(12).fill(0), ...Array.from({ length: 25 }, (_, i) => i + 1), ...Array(10).fill(30), 31, 32];
    const sorted = Float64Array.from(values);
    const { distinct, firsts } = runsOfSorted(sorted);
    const holders = holdersPerValue(sorted, distinct, null);
    const iv = rareIntervalsOf(sorted, firsts, holders, 10);
    assert.equal(iv.intervalOf[0], -1, 'the common 0 is kept');
    assert.equal(iv.intervalOf[distinct.indexOf(30)], -1, 'the common 30 is kept');
    // 1..25: intervals of 10 and 15 (the remainder of 5 joins the one before); 31, 32: one short interval.
    assert.deepEqual(Array.from(iv.start), [12, 22, 47]);
    assert.deepEqual(Array.from(iv.end), [22, 37, 49]);
    // From the midpoint with the value before to the midpoint with the value after.
    assert.deepEqual(Array.from(iv.low), [0.5, 10.5, 30.5]);
    assert.deepEqual(Array.from(iv.high), [10.5, 27.5, 32]);
    for (let g = 1; g <= 25; g++) assert.ok(iv.intervalOf[g] >= 0);
  });

  it('counts persons, not rows, when a person key is given', () => {
    // Value 7 on 12 rows of one person, value 8 on 10 rows of 10 persons.
    const values = Float64Array.from([...Array(12).fill(7), ...Array(10).fill(8)]);
    const persons = Int32Array.from([...Array(12).fill(0), ...Array.from({ length: 10 }, (_, i) => i + 1)]);
    const { distinct, firsts } = runsOfSorted(values);
    assert.deepEqual(Array.from(holdersPerValue(values, distinct, persons)), [1, 10]);
    assert.deepEqual(Array.from(holdersPerValue(values, distinct, null)), [12, 10]);
    const iv = rareIntervalsOf(values, firsts, holdersPerValue(values, distinct, persons), 10);
    assert.deepEqual(Array.from(iv.intervalOf), [0, -1], 'one person\'s 12 rows are rare; ten persons\' value is not');
  });
});
