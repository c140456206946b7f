import { strict as assert } from 'node:assert';
import { computeAssociations } from '../../../src/core/profile/associations';
import { correlationRatio, cramersV, pearson, spearman } from '../../../src/core/math/association';
import { DEFAULT_MISSING_TOKENS, missingTokenSet } from '../../../src/core/format';
import type { ColumnSpec } from '../../../src/core/schema';
import type { RawValue } from '../../../src/core/format';

const int = (name: string): ColumnSpec => ({ name, type: 'integer', format: { kind: 'integer', thousands: false } });
const cat = (name: string): ColumnSpec => ({ name, type: 'categorical', format: { kind: 'string' } });
const tokens = missingTokenSet([...DEFAULT_MISSING_TOKENS]);

/** Rows from columns of cell texts. */
function rowsOf(columns: string[][]): RawValue[][] {
  return columns[0].map((_, i) => columns.map((c) => c[i]));
}

function pairOf(pairs: ReturnType<typeof computeAssociations>, a: string, b: string, measure: string) {
  const p = pairs.find((x) => x.columns[0] === a && x.columns[1] === b && x.measure === measure);
  assert.ok(p, `${a}×${b} ${measure} missing`);
  return p;
}

describe('profile associations', () => {
  const x = ['1', '2', '2', '3', '5', '8'];
  const y = ['10', '30', '20', '40', '40', '90'];
  const xs = x.map(Number);
  const ys = y.map(Number);

  it('complete columns: Pearson, Spearman (tied ranks) and η over all rows', () => {
    const g = [' a', ' b', ' a', ' b', ' c', ' c']; // padded texts, read as their own text
    const pairs = computeAssociations(rowsOf([x, y, g]), [int('x'), int('y'), cat('g')], [false, false, false], tokens, 1);
    const r = pairOf(pairs, 'x', 'y', 'pearson');
    assert.equal(r.value, pearson(xs, ys));
    assert.equal(r.n, 6);
    const rho = pairOf(pairs, 'x', 'y', 'spearman');
    assert.equal(rho.value, spearman(xs, ys));
    const eta = pairOf(pairs, 'x', 'g', 'correlationRatio');
    assert.equal(eta.value, correlationRatio(xs, [0, 1, 0, 1, 2, 2], 3));
    assert.equal(eta.minCell, 2);
    assert.equal(eta.n, 6);
  });

  it('missing cells (also padded tokens): pairwise-complete rows, ranks among them, pooled codes', () => {
    const w = ['4', 'NA', '6', '6', '1', '9']; // row 1 missing
    const g = [' a', ' b', ' ?', ' b', ' a', ' b']; // ' ?' is the token '?' once trimmed
    const h = ['u', 'u', 'v', 'v', 'v', 'u'];
    const pairs = computeAssociations(rowsOf([x, w, g, h]), [int('x'), int('w'), cat('g'), cat('h')], [false, false, false, false], tokens, 1);
    const keep = [0, 2, 3, 4, 5];
    const xk = keep.map((i) => xs[i]);
    const wk = keep.map((i) => Number(w[i]));
    const rho = pairOf(pairs, 'x', 'w', 'spearman');
    assert.equal(rho.n, 5);
    assert.equal(rho.value, spearman(xk, wk));
    assert.equal(pairOf(pairs, 'x', 'w', 'pearson').value, pearson(xk, wk));
    // g × x: rows 0,1,3,4,5 with g = a,b,b,a,b.
    const eta = pairOf(pairs, 'x', 'g', 'correlationRatio');
    assert.equal(eta.n, 5);
    assert.equal(eta.value, correlationRatio([1, 2, 3, 5, 8], [0, 1, 1, 0, 1], 2));
    assert.equal(eta.minCell, 2);
    // g × h over rows 0,1,3,4,5: a/u, b/u, b/v, a/v, b/u → [[1,1],[2,1]].
    const v = pairOf(pairs, 'g', 'h', 'cramersV');
    assert.equal(v.n, 5);
    assert.equal(v.value, cramersV([1, 1, 2, 1], 2, 2));
    assert.equal(v.minCell, 1);
  });
});
