import { strict as assert } from 'node:assert';
import { publishChildCounts, publishPersonQuantiles, type ParentCount } from '../../../src/core/disclosure/relationships';
import { DEFAULT_DISCLOSURE, type ControlRecord } from '../../../src/core/metadata';

const settings = (threshold: number, rounding = 1) => ({ ...DEFAULT_DISCLOSURE, threshold, rounding });
const own = (counts: number[]): ParentCount[] => counts.map((count, i) => ({ count, person: i + 1 }));

describe('disclosure: relationship summaries (issue 15 item 3)', () => {
  it('children per parent: share with none and rank groups of ≥ k parents, hand-computed', () => {
    const controls: ControlRecord[] = [];
    const p = publishChildCounts(own([0, 0, 0, 1, 1, 1, 2, 2, 2, 5, 5, 5]), settings(3), 'test', controls)!;
    assert.equal(p.noneShare, 0.25);
    assert.deepEqual(p.distribution, { keys: 9, groups: [{ keys: 3, mean: 1, sd: 0 }, { keys: 3, mean: 2, sd: 0 }, { keys: 3, mean: 5, sd: 0 }] });
    assert.equal(controls[0].control, 'key-multiplicity-groups');
  });

  it('counts persons, not parents: twelve encounters of two patients publish nothing at k = 3', () => {
    const parents = [0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6].map((count, i) => ({ count, person: i % 2 }));
    const controls: ControlRecord[] = [];
    assert.equal(publishChildCounts(parents, settings(3), 'test', controls), undefined);
    assert.equal(controls[0].control, 'small-cell-suppression');
  });

  it('withholds the share with none when those parents are fewer than k persons', () => {
    const p = publishChildCounts(own([0, 0, 1, 1, 1, 2, 2, 2, 3, 3]), settings(3), 'test', [])!;
    assert.equal(p.noneShare, null);
  });

  it('merges a group dominated by its two largest parents (n,k dominance) into its neighbour', () => {
    const p = publishChildCounts(own([1, 1, 1, 1, 1, 1, 1, 1, 50, 60]), settings(3), 'test', [])!;
    assert.equal(p.distribution.groups.length, 1);
    assert.equal(p.distribution.groups[0].keys, 10);
    assert.equal(p.distribution.groups[0].mean, 11.8);
  });

  it('person quantiles: every value and interval held by ≥ k persons, hand-computed', () => {
    // Twenty persons, two on each whole day 0–9: whole days are safe; the tie at 5 (p 0.5 and 0.6) leaves an empty interval, dropped.
    const values = Array.from({ length: 20 }, (_, i) => Math.floor(i / 2));
    const q = publishPersonQuantiles(values, values.map((_, i) => i + 100), settings(2));
    assert.deepEqual(q, { p: [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.7, 0.8, 0.9, 1], values: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9] });
  });

  it('person quantiles: days each held by one person are published only on a coarser grid (tens), 0 not at all (it reads as ±0.5 day)', () => {
    const values = Array.from({ length: 10 }, (_, i) => i);
    const q = publishPersonQuantiles(values, values.map((v) => v + 100), settings(2));
    assert.deepEqual(q, { p: [0, 1], values: [10, 10] });
  });

  it("one person's many events do not make a published value (their values stay inside the others')", () => {
    // Person 0 has thirty events at 100–129 days; ten others one each at 0–9 days.
    const values = [...Array.from({ length: 30 }, (_, i) => 100 + i), ...Array.from({ length: 10 }, (_, i) => i)];
    const persons = [...Array.from({ length: 30 }, () => 0), ...Array.from({ length: 10 }, (_, i) => i + 1)];
    const q = publishPersonQuantiles(values, persons, settings(3));
    assert.ok(q.values.length >= 2);
    assert.ok(q.values.every((v) => v <= 10), `published ${q.values.join(', ')}`);
  });

  it('withholds quantiles under 2k + 1 persons', () => {
    const q = publishPersonQuantiles([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], [1, 1, 2, 2, 3, 3, 4, 4, 5, 5], settings(3));
    assert.deepEqual(q, { p: [], values: [] });
  });
});
