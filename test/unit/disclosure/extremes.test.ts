import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CLI, twin, tempDir } from '../cli/helpers';
import { apparentRange, numberGrid, numberSteps, safeValue } from '../../../src/core/disclosure/coarsen';

function profile(file: string): any {
  const r = twin(['profile', file, '-q']);
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout);
}

/** Decimal places a published number is written with. */
function decimalsOf(x: number): number {
  const s = String(x);
  return s.includes('.') ? s.length - s.indexOf('.') - 1 : 0;
}

describe('disclosure: no extremes, no single-record values (issue 12, classes 5 and 7)', () => {
  before(function () {
    if (!fs.existsSync(CLI)) throw new Error('dist/cli.js missing: run `node esbuild.mjs` first');
  });

  it('class 5: bounds of a 300-row file sit at least k records in from each end, never at the extremes', () => {
    const dir = tempDir('bounds');
    // 300 salaries in 20,000–60,000 plus three very high and three very low earners.
    const values: number[] = [];
    for (let i = 0; i < 294; i++) values.push(20_000 + ((i * 7919) % 40_000));
    values.push(1_200, 2_500, 3_100, 250_000, 410_000, 990_000);
    const file = path.join(dir, 'pay.csv');
    fs.writeFileSync(file, ['salary', ...values.map(String)].join('\n') + '\n');
    const m = profile(file);
    const c = m.columns.find((x: any) => x.name === 'salary');
    const below = values.filter((v) => v <= c.bounds.lower).length;
    const above = values.filter((v) => v >= c.bounds.upper).length;
    assert.ok(below >= 10, `only ${below} records at or below the lower bound ${c.bounds.lower}`);
    assert.ok(above >= 10, `only ${above} records at or above the upper bound ${c.bounds.upper}`);
    for (const v of [...c.quantiles.values, ...c.histogram.edges]) {
      assert.ok(v >= c.bounds.lower && v <= c.bounds.upper, `published ${v} outside the bounds`);
    }
  });

  it('class 7: no published bound, quantile, bin edge or mean is a value held by fewer than k records at its precision', () => {
    const dir = tempDir('coords');
    // 250 eight-decimal latitudes, each held by one record (homes), around 51.5.
    const values: number[] = [];
    for (let i = 0; i < 250; i++) values.push(Number((51.4 + ((i * 104729) % 250) / 1000 + ((i * 7) % 13) * 1e-7 + 1e-8 * (i % 9)).toFixed(8)));
    const file = path.join(dir, 'homes.csv');
    fs.writeFileSync(file, ['lat', ...values.map((v) => v.toFixed(8))].join('\n') + '\n');
    const m = profile(file);
    const c = m.columns.find((x: any) => x.name === 'lat');
    const published = [c.bounds.lower, c.bounds.upper, ...c.quantiles.values, ...c.histogram.edges, ...(c.mean === undefined ? [] : [c.mean])];
    assert.ok(published.length > 5);
    for (const v of published) {
      const d = decimalsOf(v);
      const held = values.filter((x) => Number(x.toFixed(d)) === v).length;
      assert.ok(held === 0 || held >= 10, `published ${v} (${d} decimals) is held by ${held} records`);
    }
  });
  it('a zero is read as 0 ± 0.5 whatever grid it was placed on: nine zeros of ten records are no bound (Synthea payers)', () => {
    // Ten rows (k = 10, no person key): nine 0 and one 4,493, as payers.csv's UNCOVERED_ENCOUNTERS.
    const values = [0, 0, 0, 0, 0, 0, 0, 0, 0, 4493];
    const countIn = (lo: number, hi: number): number => values.filter((v) => v >= lo && v < hi).length;
    const grids = numberSteps(1, 4493).map(numberGrid);
    // The grid of 10,000 holds all ten in 0's cell, but the written 0 reads as [-0.5, 0.5): nine.
    assert.equal(safeValue(0, grids, countIn, 10, 'up', 0, apparentRange), undefined);
    assert.deepEqual(safeValue(0, grids, countIn, 9, 'up', 0, apparentRange), { value: 0, grid: 0 });
    const dir = tempDir('zeros');
    const file = path.join(dir, 'payers.csv');
    fs.writeFileSync(file, ['id,uncovered', ...values.map((v, i) => `X${i},${v}`)].join('\n') + '\n');
    const c = profile(file).columns.find((x: any) => x.name === 'uncovered');
    assert.deepEqual(c.bounds, { lower: -1, upper: 5000 });
    for (const v of [c.bounds.lower, c.bounds.upper, ...c.quantiles.values, ...c.histogram.edges]) assert.notEqual(v, 0, 'a published 0, held by nine records');
  });
});
