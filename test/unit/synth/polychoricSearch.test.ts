import { strict as assert } from 'node:assert';
import { bivariateNormalUpper, polychoric } from '../../../src/core/synth/correlated/polychoric';
import { normalCdf } from '../../../src/core/math/normal';

/** P(X ≤ a, Y ≤ b) for standard normals with correlation r (infinite limits allowed). */
function lower(a: number, b: number, r: number): number {
  if (a === -Infinity || b === -Infinity) return 0;
  if (a === Infinity) return b === Infinity ? 1 : normalCdf(b);
  if (b === Infinity) return normalCdf(a);
  return bivariateNormalUpper(-a, -b, r);
}

/** Expected counts (n·P_ij, rounded) of a bivariate normal with correlation r cut at the given thresholds. */
function expectedTable(ta: number[], tb: number[], r: number, n: number): Float64Array {
  const a = [-Infinity, ...ta, Infinity], b = [-Infinity, ...tb, Infinity];
  const rows = a.length - 1, cols = b.length - 1;
  const out = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) {
    const p = lower(a[i + 1], b[j + 1], r) - lower(a[i], b[j + 1], r) - lower(a[i + 1], b[j], r) + lower(a[i], b[j], r);
    out[i * cols + j] = Math.round(n * p);
  }
  return out;
}

describe('polychoric search (slope root by Brent from a grouped-means start)', () => {
  it('recovers r from exact expected tables, negative to strong positive', () => {
    const ta = [-1.2, -0.4, 0.3, 1.1], tb = [-0.8, 0.2, 0.9];
    for (const r of [-0.85, -0.3, 0.05, 0.5, 0.9, 0.97]) {
      const table = expectedTable(ta, tb, r, 1e6);
      const est = polychoric(table, ta.length + 1, tb.length + 1);
      assert.ok(Math.abs(est - r) < 2e-3, `r ${r}: estimated ${est}`);
    }
  });

  it('recovers r on a 16 × 16 table (ordinal scores of a continuous variable)', () => {
    const t = Array.from({ length: 15 }, (_, i) => -1.75 + i * 0.25);
    const table = expectedTable(t, t, 0.62, 1e6);
    assert.ok(Math.abs(polychoric(table, 16, 16) - 0.62) < 2e-3);
  });

  it('independent margins give about 0', () => {
    const table = expectedTable([-0.5, 0.5], [0], 0, 1e6);
    assert.ok(Math.abs(polychoric(table, 3, 2)) < 2e-3);
  });
});
