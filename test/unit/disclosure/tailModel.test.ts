import * as assert from 'node:assert/strict';
import { fitGeneralisedPareto, publishTail } from '../../../src/core/disclosure/tailModel';
import { createRandom } from '../../../src/core/random';

/** Records in [lo, hi) of a value list (each value its own person). */
const countIn = (values: number[]) => (lo: number, hi: number) => values.filter((v) => v >= lo && v < hi).length;

describe('disclosure/tailModel: what is published beyond a bound', function () {
  it('fits an exponential tail by probability-weighted moments (shape ≈ 0, scale ≈ the mean distance)', function () {
    const rng = createRandom(7);
    const y = Array.from({ length: 4000 }, () => -100 * Math.log(1 - rng.next())).sort((a, b) => a - b);
    const fit = fitGeneralisedPareto(y);
    assert.ok(Math.abs(fit.shape) < 0.06, `shape ${fit.shape}`);
    assert.ok(Math.abs(fit.scale - 100) < 8, `scale ${fit.scale}`);
  });

  it('publishes nothing when fewer than k persons lie beyond the bound', function () {
    const beyond = [51, 52, 53, 54, 55, 56, 57, 58, 59];
    const r = publishTail({ side: 'above', bound: 50, beyond, scale: 1, n: 1000, k: 10, personsIn: countIn(beyond) });
    assert.equal(r.model, undefined);
    assert.match(r.detail, /fewer than 10 persons/);
  });

  it('publishes a value as a mass only when at least k persons hold it; shares and parameters coarsened', function () {
    // 12 persons at 99 (a top-code), 3 at 95 (a rare extreme), 40 spread 51–90.
    const beyond = [...Array(12).fill(99), 95, 95, 95, ...Array.from({ length: 40 }, (_, i) => 51 + i)];
    const r = publishTail({ side: 'above', bound: 50, beyond, scale: 1, n: 5500, k: 10, personsIn: countIn(beyond) });
    assert.ok(r.model);
    // 12 persons rounded to 10, of a tail of 55: 0.18 (never the exact 12/55).
    assert.deepEqual(r.model.masses, [{ value: 99, share: 0.18 }]);
    // 99 is the outermost value and 12 persons hold it: the tail ends there (a top-code).
    assert.equal(r.model.end, 99);
    assert.equal(r.model.share, 0.01);
    assert.equal(Number(r.model.scale.toPrecision(2)), r.model.scale);
    assert.equal(Math.round(r.model.shape * 20) / 20, r.model.shape);
    assert.ok(r.model.shape >= 0 && r.model.shape <= 0.5);
    // No value of the tail but the shared one is published.
    assert.doesNotMatch(JSON.stringify(r.model), /[^.\d]95(?!\d)/);
  });

  it('fits the distance model on the values outside the masses (a mass at the bound does not cut the rest short)', function () {
    // 60 persons one above the bound (a mass), 40 spread evenly 60–450 beyond it: the rest's mean distance is 255.
    const rest = Array.from({ length: 40 }, (_, i) => 110 + i * 10);
    const beyond = [...Array(60).fill(51), ...rest];
    const r = publishTail({ side: 'above', bound: 50, beyond, scale: 1, n: 10_000, k: 10, personsIn: countIn(beyond) });
    assert.ok(r.model);
    assert.deepEqual(r.model.masses, [{ value: 51, share: 0.6 }]);
    // Mean of a generalised Pareto: σ / (1 − ξ); fitted on the whole tail it would be 102.6.
    const mean = r.model.scale / (1 - r.model.shape);
    assert.ok(Math.abs(mean - 255) < 15, `mean distance ${mean}`);
    // Its outermost value (500) is one person's: no end is published.
    assert.equal(r.model.end, undefined);
  });

  it('publishes the masses alone when fewer than k persons lie outside them', function () {
    const beyond = [...Array(60).fill(51), 70, 80, 90, 100, 110, 120];
    const r = publishTail({ side: 'above', bound: 50, beyond, scale: 1, n: 10_000, k: 10, personsIn: countIn(beyond) });
    assert.ok(r.model);
    assert.equal(r.model.scale, 0);
    assert.deepEqual(r.model.masses, [{ value: 51, share: 1 }]);
    assert.ok(!/70|80|90|110|120/.test(JSON.stringify(r.model)));
  });

  it('does not publish a tail whose two largest distances dominate its sum (n,k-dominance)', function () {
    const beyond = [...Array.from({ length: 10 }, (_, i) => 10.1 + i * 0.01), 5000, 9000];
    const r = publishTail({ side: 'above', bound: 10, beyond, scale: 1, n: 1000, k: 10, personsIn: countIn(beyond) });
    assert.equal(r.model, undefined);
    assert.match(r.detail, /n,k-dominance/);
  });

  it('models a lower tail by its distances below the bound', function () {
    const beyond = Array.from({ length: 30 }, (_, i) => 20 - (i + 1) * 0.5);
    const r = publishTail({ side: 'below', bound: 20, beyond, scale: 1, n: 3000, k: 10, personsIn: countIn(beyond) });
    assert.ok(r.model && r.model.scale > 0);
    assert.equal(r.model.share, 0.01);
  });
});
