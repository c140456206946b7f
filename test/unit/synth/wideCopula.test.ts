import { strict as assert } from 'assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as nodePath from 'node:path';
import { generateTwin, MAX_CORRELATED_COLUMNS } from '../../../src/core/synth/generateTwin';
import { TwinError } from '../../../src/core/errors';
import { latentBlocksOf, MAX_BLOCK_LATENTS } from '../../../src/core/synth/correlated/blocks';
import { copulaBatchRows, copulaGenerator } from '../../../src/core/synth/copula';
import type { Table } from '../../../src/core/schema';
import { metadataFor, normals, numberColumn, pearsonOf, synthesize, valuesOf } from './correlatedFixtures';

/** `groups` groups of `size` variables, each group sharing one factor (r ≈ 0.8 within), on `rows` rows; then `noise` independent ones. */
function factorScores(groups: number, size: number, noise: number, rows: number, seed: number): Float64Array[] {
  const z = normals(seed);
  const out: Float64Array[] = [];
  for (let g = 0; g < groups; g++) {
    const f = Float64Array.from({ length: rows }, () => z());
    for (let v = 0; v < size; v++) out.push(Float64Array.from(f, (x) => 0.9 * x + 0.45 * z()));
  }
  for (let v = 0; v < noise; v++) out.push(Float64Array.from({ length: rows }, () => z()));
  return out;
}

/** Interleaves the variables (v → position (v·stride) mod d, stride coprime with d), so groups are not runs of neighbours. */
function interleaved<T>(xs: T[], stride: number): { items: T[]; at: number[] } {
  const d = xs.length;
  const items = new Array<T>(d);
  const at = xs.map((_, v) => (v * stride) % d);
  xs.forEach((x, v) => { items[at[v]] = x; });
  return { items, at };
}

describe('wide data: correlated blocks', () => {
  it('keeps one block of every latent up to the cap (ordinary files are modelled as before)', () => {
    const b = latentBlocksOf(factorScores(2, 40, 20, 200, 1));
    assert.equal(b.how, 'single');
    assert.equal(b.blocks.length, 1);
    assert.deepEqual(Array.from(b.blocks[0]), Array.from({ length: 100 }, (_, i) => i));
  });

  it('puts strongly correlated variables in one block, wherever they sit, and no block above the cap', () => {
    // 3 groups of 30 (r ≈ 0.8 within) and 210 independent variables, shuffled among 300 positions.
    const { items, at } = interleaved(factorScores(3, 30, 210, 400, 2), 7);
    const b = latentBlocksOf(items);
    assert.equal(b.how, 'screened');
    assert.equal(b.screenRows, 400);
    const blockOf = new Map<number, number>();
    b.blocks.forEach((members, k) => {
      assert.ok(members.length <= MAX_BLOCK_LATENTS);
      for (let i = 1; i < members.length; i++) assert.ok(members[i] > members[i - 1]);
      for (const v of members) { assert.ok(!blockOf.has(v), `latent ${v} in two blocks`); blockOf.set(v, k); }
    });
    assert.equal(blockOf.size, 300);
    for (let g = 0; g < 3; g++) {
      const blocks = new Set(Array.from({ length: 30 }, (_, v) => blockOf.get(at[g * 30 + v])));
      assert.equal(blocks.size, 1, `group ${g} split over ${blocks.size} blocks`);
    }
    // Independent variables are not linked (|r| < 4/√400 = 0.2 for all but chance pairs): mostly alone.
    const alone = b.blocks.filter((m) => m.length === 1).length;
    assert.ok(alone >= 190, `${alone} singleton blocks`);
  });

  it('caps a block even when every variable is correlated with every other', () => {
    const b = latentBlocksOf(factorScores(1, 250, 0, 300, 3));
    assert.equal(b.how, 'screened');
    assert.ok(b.blocks.every((m) => m.length <= MAX_BLOCK_LATENTS));
    assert.equal(b.blocks.reduce((s, m) => s + m.length, 0), 250);
    assert.ok(b.blocks.length >= 3);
  });

  it('falls back to runs of neighbouring columns when too few rows to screen', () => {
    const b = latentBlocksOf(factorScores(1, 250, 0, 5, 4));
    assert.equal(b.how, 'adjacent');
    assert.deepEqual(b.blocks.map((m) => [m[0], m.length]), [[0, 100], [100, 100], [200, 50]]);
  });

  it('shrinks sampled batches as the width grows', () => {
    assert.equal(copulaBatchRows(15), 65_536);
    assert.equal(copulaBatchRows(2_000), 2_097);
    assert.equal(copulaBatchRows(10_000_000), 1);
  });

  it('a 240-column copula keeps correlations within blocks and samples in bounded batches', async () => {
    const scores = factorScores(2, 20, 200, 300, 5);
    const table: Table = { rowCount: 300, columns: scores.map((v, j) => numberColumn(`c${j}`, v)) };
    const { table: twin, batches, model } = await synthesize(copulaGenerator, table, metadataFor(table), 20_000);
    const params = model.describe().parameters as { correlationBlocks: number; latentVariables: number };
    assert.equal(params.latentVariables, 240);
    assert.ok(params.correlationBlocks > 2, `${params.correlationBlocks} blocks`);
    assert.match(model.describe().summary, /independent blocks of at most 100/);
    assert.deepEqual(batches, [17_476, 2_524]);
    // Within a group: the real correlation (≈ 0.8) survives; across groups: independent.
    const within = pearsonOf(valuesOf(twin, 'c0'), valuesOf(twin, 'c7'));
    const real = pearsonOf(valuesOf(table, 'c0'), valuesOf(table, 'c7'));
    assert.ok(Math.abs(within - real) < 0.08, `within ${within} vs real ${real}`);
    const across = pearsonOf(valuesOf(twin, 'c0'), valuesOf(twin, 'c25'));
    assert.ok(Math.abs(across) < 0.08, `across ${across}`);
  });

  it('refuses a file wider than the correlated level models, in one line, before reading it', async () => {
    const dir = fs.mkdtempSync(nodePath.join(os.tmpdir(), 'twin-wide-'));
    try {
      const width = MAX_CORRELATED_COLUMNS + 1;
      const file = nodePath.join(dir, 'wide.csv');
      const names = Array.from({ length: width }, (_, j) => `c${j}`);
      fs.writeFileSync(file, `${names.join(',')}\n${names.map((_, j) => j % 10).join(',')}\n`);
      await assert.rejects(
        generateTwin({ input: file, level: 'correlated', read: { maxColumns: width }, out: nodePath.join(dir, 'twin.csv') }),
        (e: unknown) => e instanceof TwinError && e.kind === 'input'
          && e.message === `${file}: has 10,001 columns; the correlated level models at most 10,000 (generate at the statistical level, or from a file of fewer columns)`,
      );
      assert.deepEqual(fs.readdirSync(dir), ['wide.csv']);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
