import { strict as assert } from 'node:assert';
import { attackRisk, normalQuantile, probit, residualSuccess, successRate } from '../../../src/core/evaluate/privacy/confidence';

const round = (x: number, d = 3): number => Math.round(x * 10 ** d) / 10 ** d;

describe('privacy: Anonymeter confidence (Wilson rates and risk)', () => {
  it('probit(0.95) is 1.959964 and the quantile is symmetric', () => {
    assert.ok(Math.abs(probit(0.95) - 1.959963985) < 1e-8);
    assert.ok(Math.abs(normalQuantile(0.5)) < 1e-12);
    assert.ok(Math.abs(normalQuantile(0.01) + 2.326347874) < 1e-8);
    assert.ok(Math.abs(normalQuantile(0.999) - 3.090232306) < 1e-8);
  });

  it('Wilson rate n 1000, k 850 → (0.849, 0.022) (Anonymeter unit tests)', () => {
    const r = successRate(1000, 850, 0.95);
    assert.equal(round(r.value), 0.849);
    assert.equal(round(r.error), 0.022);
    // By hand: (850 + z²/2)/(1000 + z²) and z/(1000 + z²)·√(127.5 + z²/4).
    const z2 = probit(0.95) ** 2;
    assert.ok(Math.abs(r.value - (850 + z2 / 2) / (1000 + z2)) < 1e-15);
    assert.ok(Math.abs(r.value - 0.8486606) < 1e-6);
  });

  it('Wilson rate n 1000, k 0 → (0.002, 0.002) and k 1000 → (0.998, 0.002)', () => {
    const zero = successRate(1000, 0);
    assert.deepEqual([round(zero.value), round(zero.error)], [0.002, 0.002]);
    const all = successRate(1000, 1000);
    assert.deepEqual([round(all.value), round(all.error)], [0.998, 0.002]);
  });

  it('risk of attack (0.9 ± 0.02) over control (0.85 ± 0.02) is 0.333 ± 0.16 (Anonymeter unit tests)', () => {
    const r = residualSuccess({ value: 0.9, error: 0.02 }, { value: 0.85, error: 0.02 });
    assert.equal(round(r.value), 0.333);
    assert.equal(round(r.error, 2), 0.16);
    const risk = attackRisk({ value: 0.9, error: 0.02 }, { value: 0.85, error: 0.02 });
    assert.equal(round(risk.value), 0.333);
    assert.equal(round(risk.ci[0]), round(0.3333333 - r.error));
    assert.equal(round(risk.ci[1]), round(0.3333333 + r.error));
  });

  it('without a control set the risk is the attack rate; a negative residual is clipped to 0', () => {
    assert.deepEqual(attackRisk({ value: 0.4, error: 0.05 }, null), { value: 0.4, ci: [0.35000000000000003, 0.45] });
    const clipped = attackRisk({ value: 0.1, error: 0.02 }, { value: 0.3, error: 0.02 });
    assert.equal(clipped.value, 0);
    assert.equal(clipped.ci[0], 0);
  });

  it('rejects no trials and confidence outside (0, 1)', () => {
    assert.throws(() => successRate(0, 0), RangeError);
    assert.throws(() => successRate(10, 1, 1), RangeError);
  });
});
