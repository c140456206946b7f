import * as assert from 'node:assert/strict';
import type { NumberMetadataColumn } from '../../../src/core/metadata';
import { uniformNumberMarginal } from '../../../src/core/synth/marginals';
import { tailsFor, tailValue, withTails } from '../../../src/core/synth/tails';

const column = (tails: NumberMetadataColumn['tails']): NumberMetadataColumn => ({
  name: 'x', type: 'integer', format: { kind: 'integer', thousands: false }, missing: 0, disclosure: [],
  bounds: { lower: 10, upper: 100 }, quantiles: { p: [0, 1], values: [10, 100] }, histogram: { edges: [10, 100], counts: [100] }, tails,
});

describe('synth/tails: drawing beyond the bounds from the published tail models', function () {
  it('draws each tail at its published share, beyond its bound, never past the natural limit, integers whole', function () {
    const c = column({ below: { share: 0.05, scale: 20, shape: 0 }, above: { share: 0.1, scale: 50, shape: 0.2 } });
    const { tails } = tailsFor(c, 1, { rules: [{ kind: 'range', column: 'x', lower: 0, keep: true, reason: 'x is never negative' }] });
    const m = withTails(uniformNumberMarginal(c), tails);
    const n = 20000;
    const xs = Array.from({ length: n }, (_, i) => m.quantile((i + 0.5) / n));
    const below = xs.filter((x) => x < 10).length / n;
    const above = xs.filter((x) => x > 100).length / n;
    assert.ok(Math.abs(below - 0.05) < 0.01, `below ${below}`);
    assert.ok(Math.abs(above - 0.1) < 0.01, `above ${above}`);
    assert.ok(Math.min(...xs) >= 0, 'the natural limit holds');
    assert.ok(Math.max(...xs) > 300, `a heavy upper tail reaches far: ${Math.max(...xs)}`);
    assert.ok(xs.every((x) => Number.isInteger(x)));
    // Monotone in u: a copula's ranks keep their order.
    for (let i = 1; i < n; i++) assert.ok(xs[i] >= xs[i - 1], `not monotone at ${i}`);
  });

  it('puts a mass at its value with its share of the tail, and the rest beyond the bound', function () {
    const model = { share: 0.1, scale: 5, shape: 0, masses: [{ value: 120, share: 0.4 }] };
    const n = 10000;
    const xs = Array.from({ length: n }, (_, i) => tailValue(model, 100, 'above', (i + 0.5) / n, 1, { lower: -Infinity, upper: Infinity }));
    const at = xs.filter((x) => x === 120).length / n;
    assert.ok(Math.abs(at - 0.4) < 0.02, `mass share ${at}`);
    assert.ok(xs.every((x) => x > 100));
  });

  it('stops at a published end (a top-code k persons hold), reaching it', function () {
    const model = { share: 0.1, scale: 40, shape: 0.3, masses: [{ value: 130, share: 0.3 }], end: 130 };
    const n = 10000;
    const xs = Array.from({ length: n }, (_, i) => tailValue(model, 100, 'above', (i + 0.5) / n, 1, { lower: -Infinity, upper: Infinity }));
    assert.equal(Math.max(...xs), 130);
    assert.ok(xs.filter((x) => x === 130).length / n >= 0.3);
    assert.ok(xs.every((x) => x > 100));
    // Without the end the same model reaches far past it.
    const { end: _, ...open } = model;
    assert.ok(tailValue(open, 100, 'above', 0.999, 1, { lower: -Infinity, upper: Infinity }) > 200);
  });

  it('leaves a column without tails, and dates, as they were', function () {
    assert.equal(tailsFor(column(undefined), 1, undefined).tails, undefined);
    const date = { ...column({ above: { share: 0.1, scale: 5, shape: 0 } }), type: 'date' as const };
    assert.equal(tailsFor(date, 86_400_000, undefined).tails, undefined);
  });
});
