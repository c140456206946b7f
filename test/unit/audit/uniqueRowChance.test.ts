import { strict as assert } from 'node:assert';
import { binomialUpperTail } from '../../../src/core/math/distributions';
import { beyondChance, chancePValue, CHANCE_P, copiesReadAgainstChance, formatMean, REFERENCE_TWINS } from '../../../src/core/audit/uniqueRowChance';
import { checkTwin } from '../../../src/core/audit/checkTwin';
import type { AuditFinding } from '../../../src/core/audit/types';
import type { RealFacts } from '../../../src/core/audit/realFacts';
import { openDataset } from '../../../src/core/io';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

function poisson(x: number, lambda: number): number {
  let p = Math.exp(-lambda);
  for (let i = 1; i <= x; i++) p *= lambda / i;
  return p;
}

/** Poisson upper tail P(X ≥ x), for the old rule. */
function poissonUpper(x: number, lambda: number): number {
  let below = 0;
  for (let i = 0; i < x; i++) below += poisson(i, lambda);
  return 1 - below;
}

/**
 * The exact false-alarm rate of a rule when the twin hits unique real rows at the same rate as
 * the reference twins (a twin drawn from metadata.json alone): Σ P(X = x) P(Y = y) [rule fails].
 */
function falseAlarmRate(lambda: number, fails: (x: number, y: number) => boolean, twins = REFERENCE_TWINS): number {
  let rate = 0;
  const top = Math.ceil(lambda * twins + 12 * Math.sqrt(lambda * twins + 1) + 12);
  for (let x = 1; x <= top; x++) for (let y = 0; y <= top; y++) if (fails(x, y)) rate += poisson(x, lambda) * poisson(y, lambda * twins);
  return rate;
}

describe('audit: unique real rows against chance', () => {
  it('binomialUpperTail matches hand-computed binomial tails', () => {
    assert.ok(Math.abs(binomialUpperTail(1, 1, 1 / 6) - 1 / 6) < 1e-12);
    assert.ok(Math.abs(binomialUpperTail(3, 3, 1 / 6) - 1 / 216) < 1e-12);
    // P(X ≥ 2 | n = 3, p = 1/2) = (3 + 1) / 8
    assert.ok(Math.abs(binomialUpperTail(2, 3, 0.5) - 0.5) < 1e-12);
    // P(X ≥ 1 | n = 4, p = 0.3) = 1 − 0.7⁴
    assert.ok(Math.abs(binomialUpperTail(1, 4, 0.3) - (1 - 0.7 ** 4)) < 1e-12);
    assert.equal(binomialUpperTail(0, 5, 0.2), 1);
    assert.equal(binomialUpperTail(6, 5, 0.2), 0);
  });

  it('one copy against none in the reference twins is p = 1/(m + 1), not a failure', () => {
    const chance = { hits: 0, twins: REFERENCE_TWINS, rowsPerTwin: 1000 };
    assert.ok(Math.abs(chancePValue(1, 1000, chance) - 1 / (REFERENCE_TWINS + 1)) < 1e-12);
    assert.equal(beyondChance(1, 1000, chance), false);
    // Two against none in ten: (1/11)² = 0.0083 < 0.01.
    assert.equal(REFERENCE_TWINS, 10);
    assert.ok(Math.abs(chancePValue(2, 1000, chance) - (1 / 11) ** 2) < 1e-12);
    assert.equal(beyondChance(2, 1000, chance), true);
  });

  it('a twin larger than the reference twins is compared per row', () => {
    // References: 5 twins of 200,000 rows with 10 hits; the twin has 1,000,000 rows, so p0 = 1/2 and
    // 10 copies are what chance gives (mean 10 for its size).
    const chance = { hits: 10, twins: 5, rowsPerTwin: 200_000 };
    assert.equal(formatMean(chance, 1_000_000), '10.0');
    assert.ok(Math.abs(chancePValue(10, 1_000_000, chance) - binomialUpperTail(10, 20, 0.5)) < 1e-12);
    assert.equal(beyondChance(10, 1_000_000, chance), false);
    assert.equal(beyondChance(30, 1_000_000, chance), true);
  });

  it('holds its false-alarm rate at or under 1% for a twin drawn from metadata alone, where reading the references\' mean as the rate did not', () => {
    const rows = 5000;
    for (const lambda of [0.02, 0.1, 0.3, 1, 3, 10]) {
      const rate = falseAlarmRate(lambda, (x, y) => beyondChance(x, rows, { hits: y, twins: REFERENCE_TWINS, rowsPerTwin: rows }));
      assert.ok(rate <= CHANCE_P, `λ = ${lambda}: false-alarm rate ${rate}`);
    }
    // The rule before, with its five reference twins: their mean taken as the true rate, and any
    // copy failing when they had none — 5.8% false alarms at λ = 0.1 (and 6.0% at 0.3).
    const oldRule = (x: number, y: number): boolean => (y === 0 ? x > 0 : poissonUpper(x, y / 5) < CHANCE_P);
    const old = falseAlarmRate(0.1, oldRule, 5);
    assert.ok(Math.abs(old - 0.0578) < 0.0005, `old false-alarm rate at λ = 0.1: ${old}`);
  });

  it('still fails a twin that replays unique rows far beyond chance', () => {
    assert.equal(beyondChance(12, 5000, { hits: 5, twins: REFERENCE_TWINS, rowsPerTwin: 5000 }), true);
    assert.equal(beyondChance(2, 5000, { hits: 0, twins: 10, rowsPerTwin: 5000 }), true);
  });

  it('reads copies against chance only for methods that do not redraw them', () => {
    assert.equal(copiesReadAgainstChance({ level: 'correlated', method: 'copula' }), false);
    assert.equal(copiesReadAgainstChance({ level: 'correlated', method: 'cart' }), false);
    assert.equal(copiesReadAgainstChance({ level: 'correlated', method: 'privbayes' }), true);
    assert.equal(copiesReadAgainstChance({ level: 'statistical', method: 'statistical' }), true);
    assert.equal(copiesReadAgainstChance({ level: 'structural' }), true);
    assert.equal(copiesReadAgainstChance(null), true);
    assert.equal(copiesReadAgainstChance({ level: 'nonsense' }), true);
  });

  it('fails one copy of a twin whose method redraws them, and passes the same copy read against chance', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'twin-chance-'));
    try {
      const file = path.join(dir, 't.csv');
      fs.writeFileSync(file, 'code\nA1\nB2\nB2\n');
      const facts = { file: 'real.csv', rows: 100, persons: 100, personKey: null, k: 10, rounding: 5, fingerprint: { bytes: 0, sha256: '' }, columns: new Map(), rowCounts: new Map([['A1', 1], ['B2', 40]]), rowColumns: ['code'] } as unknown as RealFacts;
      const strict: AuditFinding[] = [];
      await checkTwin(await openDataset(file), 't.csv', facts, undefined, {}, strict);
      assert.deepEqual(strict.map((f) => f.message), ['1 twin rows equal a real row that is unique in the real data (its recipe\'s method redraws every such row before writing, so none is chance)']);
      const againstChance: AuditFinding[] = [];
      await checkTwin(await openDataset(file), 't.csv', facts, undefined, {}, againstChance, async () => ({ hits: 0, twins: REFERENCE_TWINS, rowsPerTwin: 3 }));
      assert.deepEqual(againstChance, []);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
