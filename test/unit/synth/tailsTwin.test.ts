import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as nodePath from 'node:path';
import type { NumberMetadataColumn } from '../../../src/core/metadata';
import { createRandom } from '../../../src/core/random';
import { generateTwin, reproduceRecipe } from '../../../src/core/synth';

/**
 * Issue 19 end to end: a long-tailed integer column (most tail values held by one to three
 * persons) with a category that depends on it. Every level reaches past the bounds, about as far
 * as the real data, and no twin value beyond a bound equals a real value fewer than k persons hold.
 */
describe('synth: tails at every level, never a real extreme', function () {
  this.timeout(240_000);
  const dir = fs.mkdtempSync(nodePath.join(os.tmpdir(), 'twin-tails-'));
  const source = nodePath.join(dir, 'claims.csv');
  const rng = createRandom(11);
  const amounts: number[] = [];
  const lines = ['amount,band'];
  for (let i = 0; i < 3000; i++) {
    // Exponential quantiles (mean 40): a smooth tail with no outlier of its own.
    const a = Math.round(-40 * Math.log(1 - (i + 0.5) / 3000)) + 1;
    amounts.push(a);
    lines.push(`${a},${a > 60 ? 'high' : rng.next() < 0.5 ? 'low' : 'mid'}`);
  }
  fs.writeFileSync(source, lines.join('\n') + '\n');
  const held = new Map<number, number>();
  for (const a of amounts) held.set(a, (held.get(a) ?? 0) + 1);
  const realMax = Math.max(...amounts);

  for (const [level, method] of [['structural', undefined], ['statistical', undefined], ['correlated', 'copula'], ['correlated', 'cart']] as const) {
    it(`${method ?? level}: values beyond the upper bound at about the published share, reaching the real range, none a rare real extreme`, async function () {
      const out = nodePath.join(dir, `${method ?? level}.csv`);
      const { recipe, recipePath } = await generateTwin({ input: source, level, method, out, seed: 5 });
      const column = recipe.metadata.columns.find((c) => c.name === 'amount') as NumberMetadataColumn;
      const upper = column.bounds.upper;
      assert.ok(column.tails?.above, 'the upper tail is published');
      const twin = fs.readFileSync(out, 'utf8').trim().split('\n').slice(1).map((l) => Number(l.split(',')[0]));
      const beyond = twin.filter((v) => v > upper);
      const share = beyond.length / twin.length;
      assert.ok(Math.abs(share - column.tails.above.share) < 0.02, `share beyond ${share} vs published ${column.tails.above.share}`);
      // The old twin stopped at the bound; this one reaches well past it, towards the real maximum.
      assert.ok(Math.max(...twin) >= upper + 0.5 * (realMax - upper), `twin max ${Math.max(...twin)}, bound ${upper}, real max ${realMax}`);
      assert.ok(Math.max(...twin) <= upper + 4 * (realMax - upper), `twin max ${Math.max(...twin)}: not absurdly far`);
      assert.ok(twin.every((v) => Number.isInteger(v) && v >= 0));
      const replayed = beyond.filter((v) => (held.get(v) ?? 0) > 0 && held.get(v)! < 10);
      assert.equal(replayed.length, 0, `replayed extremes: ${replayed.slice(0, 5).join(', ')}`);
      // The recipe reproduces the same bytes (the guard reads the same records again).
      const again = await reproduceRecipe(recipePath, { out: nodePath.join(dir, `${method ?? level}.again.csv`) });
      assert.equal(again.identical, true);
    });
  }
});
