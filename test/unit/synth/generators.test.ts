import assert from 'node:assert/strict';
import { isTwinError } from '../../../src/core/errors';
import type { CategoryMetadataColumn, NumberMetadataColumn } from '../../../src/core/metadata';
import { isValidNhsNumber } from '../../../src/core/nhsNumber';
import { createRandom } from '../../../src/core/random';
import type { Table } from '../../../src/core/schema';
import { MAX_BATCH_ROWS } from '../../../src/core/synth/generator';
import { findGenerator, methodsFor } from '../../../src/core/synth/registry';
import { handMetadata } from './fixtures';
import { collect, share, tableText } from './helpers';

async function textOf(level: string, seed: number, rows: number): Promise<string> {
  const rng = createRandom(seed);
  const model = await findGenerator(level).fit({ metadata: handMetadata() }, { rng });
  const parts: string[] = [];
  for await (const t of model.sample(rows, { rng })) parts.push(tableText(t));
  return parts.join('\n');
}

const isError = (e: unknown) => isTwinError(e) && e.kind === 'input';

describe('synth/registry', () => {
  it('finds generators by level and method and lists the choices for an unknown one', () => {
    assert.equal(findGenerator('structural').method, 'structural');
    assert.equal(findGenerator('statistical', 'statistical').method, 'statistical');
    assert.deepEqual(methodsFor('structural'), ['structural']);
    assert.equal(findGenerator('correlated').method, 'copula');
    // With an epsilon and no method, the level's first method that supports it.
    assert.equal(findGenerator('correlated', undefined, 1).method, 'privbayes');
    assert.equal(findGenerator('statistical', undefined, 1).method, 'statistical');
    assert.throws(() => findGenerator('statistical', 'bogus'), (e: unknown) => isError(e) && /choose one of: statistical/.test((e as Error).message));
    assert.throws(() => findGenerator('fancy'), (e: unknown) => isError(e) && /structural, statistical, correlated/.test((e as Error).message));
  });
});

for (const level of ['structural', 'statistical']) {
  describe(`synth/${level}`, () => {
    const rows = 20_000;
    let out: Awaited<ReturnType<typeof collect>>;
    const meta = handMetadata();
    before(async () => {
      const rng = createRandom(42);
      const model = await findGenerator(level).fit({ metadata: meta }, { rng });
      out = await collect(model, rows, { rng });
    });

    it('is reproducible for a seed and differs for another seed', async () => {
      const a = await textOf(level, 5, 3000);
      assert.equal(await textOf(level, 5, 3000), a);
      assert.notEqual(await textOf(level, 6, 3000), a);
    });

    it('emits every column in metadata order, in batches of at most 65,536 rows', async () => {
      assert.deepEqual(out.names, meta.columns.map((c) => c.name));
      assert.equal(out.batches.reduce((a, b) => a + b, 0), rows);
      const rng = createRandom(1);
      const model = await findGenerator(level).fit({ metadata: meta }, { rng });
      const sizes: number[] = [];
      for await (const t of model.sample(MAX_BATCH_ROWS + 10, { rng })) sizes.push(t.rowCount);
      assert.deepEqual(sizes, [MAX_BATCH_ROWS, 10]);
    });

    it('keeps integers whole, decimals as the format, dates whole days, and values within bounds', () => {
      for (const c of meta.columns) {
        if (!('bounds' in c)) continue;
        const values = out.columns.get(c.name)!.filter((v) => v !== null) as number[];
        for (const v of values) {
          assert.ok(v >= c.bounds.lower && v <= c.bounds.upper, `${c.name} ${v}`);
          if (c.type === 'integer') assert.ok(Number.isInteger(v));
          if (c.type === 'date') assert.equal(v % 86_400_000, 0);
          if (c.name === 'gain') assert.ok(Math.abs(v * 100 - Math.round(v * 100)) < 1e-6);
        }
      }
    });

    it('never emits a category that is not published (no merged "other", no suppressed one)', () => {
      for (const c of meta.columns) {
        if (!('categories' in c)) continue;
        const allowed = new Set((c as CategoryMetadataColumn).categories.map((k) => k.value));
        for (const v of out.columns.get(c.name)!) if (v !== null) assert.ok(allowed.has(v as string), `${c.name}: ${v}`);
      }
    });

    it('blanks values at the recorded missing rate', () => {
      for (const c of meta.columns) {
        const rate = share(out.columns.get(c.name)!, (v) => v === null);
        // Binomial sd at n = 20000 is at most 0.0036.
        assert.ok(Math.abs(rate - c.missing) < 0.012, `${c.name}: ${rate} vs ${c.missing}`);
      }
    });

    it('fakes identifiers: valid NHS numbers from the 999 range, all distinct', () => {
      const ids = out.columns.get('id')! as string[];
      assert.equal(new Set(ids).size, rows);
      assert.ok(ids.every((v) => v.startsWith('999-') && isValidNhsNumber(v)));
    });

    it('records a decision for every column', async () => {
      const model = await findGenerator(level).fit({ metadata: meta }, { rng: createRandom(1) });
      const d = model.describe();
      assert.equal(d.level, level);
      assert.deepEqual(d.columns.map((c) => c.name), meta.columns.map((c) => c.name));
      assert.equal(d.columns.find((c) => c.name === 'id')!.action, 'faked');
      assert.equal(d.columns.find((c) => c.name === 'age')!.action, 'modelled');
    });
  });
}

describe('synth/structural vs statistical', () => {
  it('structural is uniform over domains; statistical follows the published frequencies and quantiles', async () => {
    const meta = handMetadata();
    const run = async (level: string) => {
      const rng = createRandom(3);
      return collect(await findGenerator(level).fit({ metadata: meta }, { rng }), 30_000, { rng });
    };
    const st = await run('structural');
    const stat = await run('statistical');
    const present = (vals: (string | number | null)[]) => vals.filter((v) => v !== null);
    // ward: published 600/300/100 → 0.6; uniform → 1/3
    assert.ok(Math.abs(share(present(stat.columns.get('ward')!), (v) => v === 'A') - 0.6) < 0.015);
    assert.ok(Math.abs(share(present(st.columns.get('ward')!), (v) => v === 'A') - 1 / 3) < 0.015);
    // smoker: published Y 200 / N 800; structural 50/50
    assert.ok(Math.abs(share(stat.columns.get('smoker')!, (v) => v === 'Y') - 0.2) < 0.015);
    assert.ok(Math.abs(share(st.columns.get('smoker')!, (v) => v === 'Y') - 0.5) < 0.015);
    // gain: point mass 0 at 90%
    assert.ok(Math.abs(share(stat.columns.get('gain')!, (v) => v === 0) - 0.9) < 0.01);
    // age: median 40 (statistical) vs 54 (uniform on [18, 90])
    const median = (vals: (string | number | null)[]) => { const s = (present(vals) as number[]).sort((a, b) => a - b); return s[s.length >> 1]; };
    assert.ok(Math.abs(median(stat.columns.get('age')!) - 40) <= 1);
    assert.ok(Math.abs(median(st.columns.get('age')!) - 54) <= 1);
  });

  it('omits excluded columns and keeps unique integer keys unique', async () => {
    const meta = handMetadata();
    meta.columns.find((c) => c.name === 'notes')!.excluded = true;
    const age = meta.columns.find((c) => c.name === 'age') as NumberMetadataColumn;
    age.disclosure = [{ kind: 'unique-key', reason: 'all distinct' }];
    const rng = createRandom(9);
    const model = await findGenerator('statistical').fit({ metadata: meta }, { rng });
    const out = await collect(model, 500, { rng });
    assert.ok(!out.names.includes('notes'));
    assert.equal(out.names.length, meta.columns.length - 1);
    assert.equal(new Set(out.columns.get('age')!).size, 500);
    assert.equal(model.describe().columns.find((c) => c.name === 'notes')!.action, 'excluded');
  });

  it('refuses epsilon for structural, and for statistical without the real rows or with epsilon ≤ 0', async () => {
    const meta = handMetadata();
    await assert.rejects(findGenerator('structural').fit({ metadata: meta, epsilon: 1 }, { rng: createRandom(1) }), isError);
    await assert.rejects(findGenerator('statistical').fit({ metadata: meta, epsilon: 1 }, { rng: createRandom(1) }), isError);
    await assert.rejects(findGenerator('statistical').fit({ metadata: meta, epsilon: -1, table: realTable(10) }, { rng: createRandom(1) }), isError);
    assert.equal(findGenerator('statistical').needsRealRows(1), true);
    assert.equal(findGenerator('statistical').needsRealRows(undefined), false);
  });
});

/** Real rows matching handMetadata's ward/smoker/age/gain/admitted columns (hand-made). */
function realTable(n: number): Table {
  const ward = new Int32Array(n);
  const smoker = new Int32Array(n);
  const age = new Float64Array(n);
  const gain = new Float64Array(n);
  const admitted = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    ward[i] = i % 10 < 7 ? 0 : i % 10 < 9 ? 1 : -1; // A 70%, B 20%, missing 10%
    smoker[i] = i % 4 === 0 ? 0 : 1; // Y 25%
    age[i] = 20 + (i % 50);
    gain[i] = i % 2 ? 0 : 300;
    admitted[i] = Date.UTC(2020, 5, 1);
  }
  return {
    rowCount: n,
    columns: [
      { spec: { name: 'ward', type: 'categorical', format: { kind: 'string' } }, data: { kind: 'category', codes: ward, categories: ['A', 'B'] } },
      { spec: { name: 'smoker', type: 'boolean', format: { kind: 'boolean', trueToken: 'Y', falseToken: 'N' } }, data: { kind: 'category', codes: smoker, categories: ['Y', 'N'] } },
      { spec: { name: 'age', type: 'integer', format: { kind: 'integer', thousands: false } }, data: { kind: 'number', values: age } },
      { spec: { name: 'gain', type: 'numeric', format: { kind: 'number', decimals: 2, thousands: false } }, data: { kind: 'number', values: gain } },
      { spec: { name: 'admitted', type: 'date', format: { kind: 'date', pattern: 'yyyy-MM-dd' } }, data: { kind: 'number', values: admitted } },
    ],
  };
}

describe('synth/statistical with epsilon', () => {
  it('draws from Laplace-noised counts of the real rows and records the mechanism and split', async () => {
    const meta = handMetadata(20_000);
    const rng = createRandom(11);
    const model = await findGenerator('statistical').fit({ metadata: meta, epsilon: 50, table: realTable(20_000) }, { rng });
    const d = model.describe();
    assert.equal(d.privacy?.epsilon, 50);
    assert.match(d.privacy!.split, /5 modelled columns: ε\/5 = 10 each/);
    assert.match(d.privacy!.guarantee, /^50-differential privacy for the released one-way marginals with respect to adding or removing one record/);
    const out = await collect(model, 20_000, { rng });
    const present = out.columns.get('ward')!.filter((v) => v !== null);
    // real: A 70%, B 20% of rows (C absent) → A share 7/9 among non-missing; missing 10%
    assert.ok(Math.abs(share(present, (v) => v === 'A') - 7 / 9) < 0.015);
    assert.ok(Math.abs(share(out.columns.get('ward')!, (v) => v === null) - 0.1) < 0.012);
    assert.ok(Math.abs(share(out.columns.get('smoker')!, (v) => v === 'Y') - 0.25) < 0.015);
    // gain: half the rows at the point mass 0, the other half (300) in the bin [100, 1000)
    assert.ok(Math.abs(share(out.columns.get('gain')!, (v) => v === 0) - 0.5) < 0.015);
    // the missing rate of a column without missing values is noisy but small
    assert.ok(share(out.columns.get('age')!, (v) => v === null) < 0.01);
  });
});
