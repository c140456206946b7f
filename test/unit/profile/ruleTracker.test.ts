import * as assert from 'node:assert/strict';
import { RuleTracker } from '../../../src/core/profile/ruleTracker';
import { createRandom } from '../../../src/core/random';

describe('profile/ruleTracker: derived candidates across batches where a column is absent throughout', () => {
  it('counts rows with inputs but no value, and values without inputs, as row by row (a batch with no input or no value takes a shortcut)', () => {
    const rng = createRandom(21);
    const tracker = new RuleTracker(4, 100, 10);
    const batch = (x: (r: number) => number, y: (r: number) => number, z: (r: number) => number, w: (r: number) => number): void => {
      tracker.beginBatch(100);
      for (let r = 0; r < 100; r++) {
        const row = [x(r), y(r), z(r), w(r)];
        for (let c = 0; c < 4; c++) tracker.slot(c)![r] = row[c];
      }
      tracker.endBatch(100, () => true);
    };
    const xs = Array.from({ length: 300 }, () => rng.int(1000));
    const ys = Array.from({ length: 300 }, () => 1000 + rng.int(1000));
    // Batch 1: w = z = x + y. Batch 2: w absent. Batch 3: x absent (z and w still written).
    batch((r) => xs[r], (r) => ys[r], (r) => xs[r] + ys[r], (r) => xs[r] + ys[r]);
    batch((r) => xs[100 + r], (r) => ys[100 + r], (r) => xs[100 + r] + ys[100 + r], () => NaN);
    batch(() => NaN, (r) => ys[200 + r], (r) => 5 * ys[200 + r], (r) => 7 * ys[200 + r]);
    const derived = tracker.result().derived.filter((d) => d.first === 0 && d.second === 1);
    const z = derived.find((d) => d.column === 2);
    const w = derived.find((d) => d.column === 3);
    // Both held on every row with inputs and a value: 200 rows for z, 100 for w.
    assert.equal(z?.rows, 200);
    assert.equal(w?.rows, 100);
    // Neither is missing exactly when its inputs are: z has values without inputs (batch 3), w both kinds.
    assert.equal(z?.missingFollows, false);
    assert.equal(w?.missingFollows, false);
    assert.equal(z?.persons, 10);
  });

  it('a value missing exactly where an input is keeps missingFollows (shortcut batches included)', () => {
    const tracker = new RuleTracker(3, 50, 5);
    for (let b = 0; b < 3; b++) {
      tracker.beginBatch(50);
      for (let r = 0; r < 50; r++) {
        const x = b === 1 ? NaN : r;
        const y = 2 * r + b;
        const z = b === 1 ? NaN : x + y;
        [x, y, z].forEach((v, c) => { tracker.slot(c)![r] = v; });
      }
      tracker.endBatch(50, () => true);
    }
    const d = tracker.result().derived.find((e) => e.first === 0 && e.second === 1 && e.column === 2);
    assert.equal(d?.rows, 100);
    assert.equal(d?.missingFollows, true);
  });
});
