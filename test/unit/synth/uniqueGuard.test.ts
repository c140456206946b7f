import assert from 'node:assert/strict';
import { createRandom, type Random } from '../../../src/core/random';
import type { ColumnSpec, Table } from '../../../src/core/schema';
import { redrawFinalUniques, redrawReplicatedUniques } from '../../../src/core/synth/correlated/uniqueGuard';
import type { RulePlan } from '../../../src/core/synth/rules';

const EMPTY_PLAN: RulePlan = { ranges: [], missing: [], missingWhen: [], orders: [], derived: [] };
const spec = (name: string, type: ColumnSpec['type']): ColumnSpec => ({ name, type, format: { kind: 'string' } } as ColumnSpec);

/** A table of `x` (numbers), `ward` (codes into A–D), `id` (identifier strings) and `note` (text). */
function tableOf(x: number[], ward: number[], id: string[], note: string[]): Table {
  return {
    rowCount: x.length,
    columns: [
      { spec: spec('x', 'numeric'), data: { kind: 'number', values: Float64Array.from(x) } },
      { spec: spec('ward', 'categorical'), data: { kind: 'category', codes: Int32Array.from(ward), categories: ['A', 'B', 'C', 'D'] } },
      { spec: spec('id', 'identifier'), data: { kind: 'string', values: [...id] } },
      { spec: spec('note', 'text'), data: { kind: 'string', values: [...note] } },
    ],
  };
}

const xs = (t: Table) => Array.from((t.columns[0].data as { values: Float64Array }).values);
const wards = (t: Table) => Array.from((t.columns[1].data as { codes: Int32Array }).codes);
const strings = (t: Table, c: number) => [...(t.columns[c].data as { values: (string | null)[] }).values];

/** Flags every row whose x is 100 or more (a stand-in for "equals a unique real row"). */
const guard = { uniques: 1, hits: (t: Table) => xs(t).flatMap((v, r) => (v >= 100 ? [r] : [])) };

/** Fresh draws numbered on from `start`: every other row flagged (x 100+), ward cycling, each row named. */
function drawsFrom(start: { next: number }) {
  const sizes: number[] = [];
  const fill = (size: number): Table => {
    sizes.push(size);
    const x: number[] = [], ward: number[] = [], id: string[] = [], note: string[] = [];
    for (let i = 0; i < size; i++) {
      const n = start.next++;
      x.push(n % 2 === 0 ? 100 + n : n);
      ward.push(n % 4);
      id.push(`fresh-id-${n}`);
      note.push(`fresh-note-${n}`);
    }
    return tableOf(x, ward, id, note);
  };
  return { fill, sizes };
}

describe('synth/correlated/uniqueGuard: the replacement loop of both guards', () => {
  it('redrawReplicatedUniques: each flagged row takes the next unflagged drawn row (numbers and codes), in order', () => {
    const table = tableOf([1, 150, 2, 120, 3], [0, 1, 2, 3, 0], ['i0', 'i1', 'i2', 'i3', 'i4'], ['n0', 'n1', 'n2', 'n3', 'n4']);
    const { fill, sizes } = drawsFrom({ next: 0 });
    assert.equal(redrawReplicatedUniques(table, guard, fill), 2);
    // Draw 0..19 (2 flagged × 2 + 16): unflagged rows are the odd ones, 1 and 3.
    assert.deepEqual(sizes, [20]);
    assert.deepEqual(xs(table), [1, 1, 2, 3, 3]);
    assert.deepEqual(wards(table), [0, 1, 2, 3, 0]);
    // The model's own draws have no string columns to copy: they are left as they were.
    assert.deepEqual(strings(table, 2), ['i0', 'i1', 'i2', 'i3', 'i4']);
    assert.deepEqual(strings(table, 3), ['n0', 'n1', 'n2', 'n3', 'n4']);
  });

  it('redrawFinalUniques: copies every column but identifiers, from forks of the batch stream named per round', () => {
    const table = tableOf([150, 5], [3, 2], ['keep-0', 'keep-1'], ['old-0', 'old-1']);
    const { fill } = drawsFrom({ next: 10 });
    const seen: number[] = [];
    const rng = createRandom(9);
    const sample = (rows: number, r: Random): Table => { seen.push(r.next()); return fill(rows); };
    assert.equal(redrawFinalUniques(table, guard, sample, EMPTY_PLAN, rng), table);
    // Draw 10..27: 10 is flagged (110), 11 is the first unflagged row.
    assert.deepEqual(xs(table), [11, 5]);
    assert.deepEqual(wards(table), [3, 2]);
    assert.deepEqual(strings(table, 2), ['keep-0', 'keep-1'], 'a fake key stays');
    assert.deepEqual(strings(table, 3), ['fresh-note-11', 'old-1']);
    assert.deepEqual(seen, [createRandom(9).fork('draw:0').next()]);
  });

  it('keeps rows still flagged after 8 rounds of draws with nothing else to give, and returns how many were flagged first', () => {
    const table = tableOf([100, 1, 101, 102], [0, 0, 0, 0], ['a', 'b', 'c', 'd'], ['a', 'b', 'c', 'd']);
    const sizes: number[] = [];
    const allFlagged = (size: number): Table => { sizes.push(size); return tableOf(Array(size).fill(999), Array(size).fill(1), Array(size).fill('z'), Array(size).fill('z')); };
    assert.equal(redrawReplicatedUniques(table, guard, allFlagged), 3);
    assert.deepEqual(sizes, Array(8).fill(22));
    assert.deepEqual(xs(table), [100, 1, 101, 102]);
  });

  it('fills a round partly, then draws for the rows still flagged only, until every row is replaced', () => {
    const x = Array.from({ length: 40 }, (_, i) => 200 + i);
    const table = tableOf(x, Array(40).fill(0), x.map(String), x.map(String));
    const sizes: number[] = [];
    let n = 0;
    // Only every tenth drawn row is unflagged (x = n / 1000, so its order is visible).
    const sparse = (size: number): Table => {
      sizes.push(size);
      const v = Array.from({ length: size }, () => { n++; return n % 10 === 0 ? n / 1000 : 1000 + n; });
      return tableOf(v, Array(size).fill(2), v.map(String), v.map(String));
    };
    assert.equal(redrawReplicatedUniques(table, guard, sparse), 40);
    // 40 flagged: 96 rows give 9 (n 10…90), 31 left: 78 rows give 8, 23 left: 62 give 6, 17: 50 give 5,
    // 12: 40 give 4, 8: 32 give 3, 5: 26 give 3, 2: 20 give 2 — eight rounds, nothing left.
    assert.deepEqual(sizes, [96, 78, 62, 50, 40, 32, 26, 20]);
    assert.deepEqual(xs(table), Array.from({ length: 40 }, (_, i) => ((i + 1) * 10) / 1000));
    assert.deepEqual(wards(table), Array(40).fill(2));
  });
});
