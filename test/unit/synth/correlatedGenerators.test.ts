import { strict as assert } from 'assert';
import type { Table } from '../../../src/core/schema';
import { createRandom } from '../../../src/core/random';
import { isTwinError } from '../../../src/core/errors';
import { copulaGenerator } from '../../../src/core/synth/copula';
import { cartGenerator } from '../../../src/core/synth/cart';
import { PRIVBAYES_GUARANTEE, privbayesGenerator } from '../../../src/core/synth/privbayes';
import { findGenerator } from '../../../src/core/synth/registry';
import type { Generator } from '../../../src/core/synth/generator';
import { categoryColumn, labelAt, metadataFor, normals, numberColumn, pearsonOf, synthesize, tablesEqual, valuesOf } from './correlatedFixtures';

/** Bivariate normal with r = 0.8, a 3-level category (60/30/10) that shifts x, a rare category, and
 *  a y column that is missing whenever the category is "c". */
function fixture(n: number, seed = 7): Table {
  const z = normals(seed);
  const r = createRandom(seed + 1);
  const x = new Float64Array(n), y = new Float64Array(n);
  const cat: (string | null)[] = [];
  for (let i = 0; i < n; i++) {
    const u = r.next();
    const c = i < 3 ? 'rare' : u < 0.6 ? 'a' : u < 0.9 ? 'b' : 'c';
    cat.push(c);
    const a = z(), b = z();
    x[i] = a;
    y[i] = c === 'c' ? NaN : 0.8 * a + 0.6 * b;
  }
  return { rowCount: n, columns: [numberColumn('x', x), numberColumn('y', y), categoryColumn('cat', cat)] };
}

function share(t: Table, column: string, label: string | null): number {
  let k = 0;
  for (let i = 0; i < t.rowCount; i++) if (labelAt(t, column, i) === label) k++;
  return k / t.rowCount;
}

describe('correlated generators', function () {
  this.timeout(20000);
  const real = fixture(20000);
  const metadata = metadataFor(real, { cat: ['rare'] });

  it('are registered at the correlated level, copula first (the default)', () => {
    assert.equal(findGenerator('correlated'), copulaGenerator);
    assert.equal(findGenerator('correlated', 'cart'), cartGenerator);
    assert.equal(findGenerator('correlated', 'privbayes'), privbayesGenerator);
    assert.equal(findGenerator('correlated', undefined, 1), privbayesGenerator);
    for (const g of [copulaGenerator, cartGenerator, privbayesGenerator]) assert.equal(g.needsRealRows(undefined), true);
  });

  for (const [gen, options] of [[copulaGenerator, {}], [cartGenerator, {}], [privbayesGenerator, { epsilon: 1e6 }]] as [Generator, { epsilon?: number }][]) {
    describe(gen.method, () => {
      it('is deterministic for a seed and differs for another seed', async () => {
        const a = await synthesize(gen, real, metadata, 3000, { ...options, fit: 5, sample: 9 });
        const b = await synthesize(gen, real, metadata, 3000, { ...options, fit: 5, sample: 9 });
        const c = await synthesize(gen, real, metadata, 3000, { ...options, fit: 5, sample: 10 });
        assert.ok(tablesEqual(a.table, b.table));
        assert.ok(!tablesEqual(a.table, c.table));
      });

      it('keeps marginals, never emits a suppressed category, keeps values within the bounds', async () => {
        const { table: syn } = await synthesize(gen, real, metadata, 20000, options);
        assert.deepEqual(syn.columns.map((c) => c.spec.name), ['x', 'y', 'cat']);
        assert.equal(share(syn, 'cat', 'rare'), 0);
        for (const l of ['a', 'b', 'c']) assert.ok(Math.abs(share(syn, 'cat', l) - share(real, 'cat', l)) < 0.015, `${l}: ${share(syn, 'cat', l)} vs ${share(real, 'cat', l)}`);
        const x = valuesOf(syn, 'x');
        const b = (metadata.columns[0] as { bounds: { lower: number; upper: number } }).bounds;
        assert.ok(x.every((v) => v >= b.lower && v <= b.upper), `${x.filter((v) => !(v >= b.lower && v <= b.upper)).slice(0, 5)} outside [${b.lower}, ${b.upper}]`);
        const xs = Float64Array.from(x).sort(), rs = Float64Array.from(valuesOf(real, 'x')).sort();
        assert.ok(Math.abs(xs[10000] - rs[10000]) < 0.06, `median ${xs[10000]} vs ${rs[10000]}`);
      });

      it('keeps the correlation and the missingness pattern', async () => {
        const { table: syn } = await synthesize(gen, real, metadata, 20000, options);
        const r = pearsonOf(valuesOf(syn, 'x'), valuesOf(syn, 'y'));
        // PrivBayes sees 10 bins per column, which attenuates r (binning, not noise, at this ε).
        const tol = gen === privbayesGenerator ? 0.1 : 0.05;
        assert.ok(Math.abs(r - 0.8) < tol, `r = ${r}`);
        // y is missing exactly when cat is "c" in the real data; the twin must follow (≥ 90% of its missing y in "c").
        const y = valuesOf(syn, 'y');
        let missing = 0, missingInC = 0;
        for (let i = 0; i < syn.rowCount; i++) if (Number.isNaN(y[i])) { missing++; if (labelAt(syn, 'cat', i) === 'c') missingInC++; }
        assert.ok(Math.abs(missing / syn.rowCount - share(real, 'cat', 'c')) < 0.015);
        assert.ok(missingInC / missing > 0.9, `${missingInC}/${missing}`);
      });

      it('streams batches of at most 65,536 rows and stops when aborted', async () => {
        const { batches } = await synthesize(gen, real, metadata, 70000, options);
        assert.deepEqual(batches, [65536, 4464]);
        const model = await gen.fit({ metadata, table: real, ...options }, { rng: createRandom(1) });
        const ac = new AbortController();
        const seen: number[] = [];
        await assert.rejects(async () => {
          for await (const b of model.sample(200000, { rng: createRandom(1), signal: ac.signal })) { seen.push(b.rowCount); ac.abort(); }
        }, (e: unknown) => isTwinError(e) && e.kind === 'cancelled');
        assert.deepEqual(seen, [65536]);
      });
    });
  }

  it('survive constant, all-missing and perfectly collinear columns', async () => {
    const n = 500;
    const x = Float64Array.from({ length: n }, (_, i) => i % 37);
    const t: Table = {
      rowCount: n,
      columns: [
        numberColumn('x', x, 'integer'), numberColumn('twice', x.map((v) => 2 * v), 'integer'), numberColumn('const', new Float64Array(n).fill(4), 'integer'),
        numberColumn('empty', new Float64Array(n).fill(NaN)), categoryColumn('one', new Array(n).fill('k')), categoryColumn('none', new Array(n).fill(null)),
      ],
    };
    const md = metadataFor(t);
    for (const gen of [copulaGenerator, cartGenerator, privbayesGenerator]) {
      const { table: syn } = await synthesize(gen, t, md, 1000, gen === privbayesGenerator ? { epsilon: 1 } : {});
      assert.ok(valuesOf(syn, 'const').every((v) => v === 4), gen.method);
      assert.ok(valuesOf(syn, 'empty').every(Number.isNaN), gen.method);
      assert.ok(valuesOf(syn, 'x').every((v) => Number.isInteger(v) && v >= 0 && v <= 36), gen.method);
      for (let i = 0; i < 1000; i++) { assert.equal(labelAt(syn, 'one', i), 'k'); assert.equal(labelAt(syn, 'none', i), null); }
      if (gen !== privbayesGenerator) assert.ok(pearsonOf(valuesOf(syn, 'x'), valuesOf(syn, 'twice')) > 0.97, gen.method);
    }
  });

  it('copula keeps r = 0.8 of a bivariate normal within ±0.05 on 40,000 rows', async () => {
    const { table: syn } = await synthesize(copulaGenerator, real, metadata, 40000, { fit: 3, sample: 4 });
    assert.ok(Math.abs(pearsonOf(valuesOf(syn, 'x'), valuesOf(syn, 'y')) - 0.8) < 0.05);
  });

  it('cart recovers a deterministic threshold dependence', async () => {
    const n = 4000;
    const r = createRandom(11);
    const x = Float64Array.from({ length: n }, () => Math.round(r.next() * 1000) / 10);
    const y = Array.from(x, (v) => (v > 50 ? 'high' : 'low'));
    const t: Table = { rowCount: n, columns: [numberColumn('x', x), categoryColumn('y', y)] };
    const { table: syn } = await synthesize(cartGenerator, t, metadataFor(t), 4000);
    const sx = valuesOf(syn, 'x');
    let agree = 0;
    for (let i = 0; i < 4000; i++) if ((sx[i] > 50 ? 'high' : 'low') === labelAt(syn, 'y', i)) agree++;
    assert.ok(agree / 4000 > 0.99, `${agree}`);
  });

  it('copula and cart do not replay rare real values', async () => {
    const n = 3000;
    const z = normals(3);
    const x = Float64Array.from({ length: n }, () => Math.round(z() * 1e6) / 1e6);
    const c = Array.from(x, (v) => (v > 0 ? 'p' : 'n'));
    const t: Table = { rowCount: n, columns: [categoryColumn('c', c), numberColumn('x', x)] };
    const realSet = new Set(x);
    for (const gen of [copulaGenerator, cartGenerator]) {
      const { table: syn } = await synthesize(gen, t, metadataFor(t), 3000);
      const copies = valuesOf(syn, 'x').filter((v) => realSet.has(v)).length;
      assert.ok(copies / 3000 < 0.01, `${gen.method}: ${copies} copied values`);
    }
  });

  it('privbayes states its guarantee and budget split, and refuses a missing or bad epsilon', async () => {
    const model = await privbayesGenerator.fit({ metadata, table: real, epsilon: 1 }, { rng: createRandom(1) });
    const d = model.describe();
    assert.equal(d.privacy?.epsilon, 1);
    assert.ok(d.privacy?.guarantee.startsWith(PRIVBAYES_GUARANTEE));
    assert.match(d.privacy!.split, /ε\/2 = 0\.5 learns the network \(2 greedy choices/);
    assert.deepEqual(d.columns.map((c) => c.action), ['modelled', 'modelled', 'modelled']);
    await assert.rejects(privbayesGenerator.fit({ metadata, table: real }, { rng: createRandom(1) }), (e: unknown) => isTwinError(e) && e.kind === 'input');
    await assert.rejects(privbayesGenerator.fit({ metadata, table: real, epsilon: -1 }, { rng: createRandom(1) }), /positive/);
    await assert.rejects(copulaGenerator.fit({ metadata }, { rng: createRandom(1) }), /data file/);
  });

  it('privbayes marginals are close at large ε and noisier at small ε', async () => {
    const tv = async (epsilon: number): Promise<number> => {
      const { table: syn } = await synthesize(privbayesGenerator, real, metadata, 20000, { epsilon });
      return ['a', 'b', 'c'].reduce((s, l) => s + Math.abs(share(syn, 'cat', l) - share(real, 'cat', l)), 0) / 2;
    };
    assert.ok(await tv(1e6) < 0.01);
    assert.ok(await tv(0.01) > 0.01);
  });

  it('fakes identifier columns and describes every column', async () => {
    const t: Table = { ...real, columns: [...real.columns, { spec: { name: 'id', type: 'identifier', format: { kind: 'string' } }, data: { kind: 'string', values: Array.from({ length: real.rowCount }, (_, i) => `id-${i}`) } }] };
    const md = metadataFor(t);
    for (const gen of [copulaGenerator, cartGenerator]) {
      const { table: syn, model } = await synthesize(gen, t, md, 5000);
      const ids = (syn.columns[3].data as { values: (string | null)[] }).values;
      assert.equal(new Set(ids).size, 5000);
      const realIds = new Set((t.columns[3].data as { values: string[] }).values);
      assert.ok(ids.every((v) => v !== null && !realIds.has(v)));
      assert.deepEqual(model.describe().columns.map((c) => c.action), ['modelled', 'modelled', 'modelled', 'faked']);
    }
  });

  it('copula and cart never replay a unique real row (synthpop rm.replicated.uniques)', async () => {
    // Small discrete domain: 2×2×5 = 20 combinations, 300 rows, a few combinations seen once.
    const r = createRandom(21);
    const a: string[] = [], b: string[] = [], c: string[] = [];
    for (let i = 0; i < 300; i++) {
      const u = r.next();
      a.push(u < 0.5 ? 'x' : 'y');
      b.push(r.next() < (a[i] === 'x' ? 0.9 : 0.2) ? 'p' : 'q');
      c.push(i < 6 ? `rare${i % 3}` : String(Math.floor(r.next() * 2)));
    }
    const t: Table = { rowCount: 300, columns: [categoryColumn('a', a), categoryColumn('b', b), categoryColumn('c', c)] };
    const key = (tb: Table, i: number): string => ['a', 'b', 'c'].map((n) => labelAt(tb, n, i)).join('|');
    const counts = new Map<string, number>();
    for (let i = 0; i < 300; i++) counts.set(key(t, i), (counts.get(key(t, i)) ?? 0) + 1);
    const uniques = new Set([...counts].filter(([, k]) => k === 1).map(([k]) => k));
    assert.ok(uniques.size >= 3);
    for (const gen of [copulaGenerator, cartGenerator]) {
      const { table: syn } = await synthesize(gen, t, metadataFor(t), 5000);
      let replayed = 0;
      for (let i = 0; i < 5000; i++) if (uniques.has(key(syn, i))) replayed++;
      assert.equal(replayed, 0, gen.method);
    }
  });

  it('leave out excluded columns and fake integer keys', async () => {
    const n = 2000;
    const t: Table = { rowCount: n, columns: [numberColumn('key', Float64Array.from({ length: n }, (_, i) => 1000 + i), 'integer'), ...real.columns.map((c) => ({ spec: c.spec, data: c.data }))] };
    const sub: Table = { rowCount: n, columns: t.columns.map((c) => ({ spec: c.spec, data: c.data.kind === 'number' ? { kind: 'number' as const, values: c.data.values.slice(0, n) } : c.data.kind === 'category' ? { ...c.data, codes: c.data.codes.slice(0, n) } : c.data })) };
    const md = metadataFor(sub);
    md.columns[0].disclosure.push({ kind: 'unique-key', reason: 'every value distinct' });
    md.columns[2].excluded = true; // y
    for (const gen of [copulaGenerator, cartGenerator, privbayesGenerator]) {
      const { table: syn, model } = await synthesize(gen, sub, md, 3000, gen === privbayesGenerator ? { epsilon: 1 } : {});
      assert.deepEqual(syn.columns.map((c) => c.spec.name), ['key', 'x', 'cat']);
      assert.equal(new Set(valuesOf(syn, 'key')).size, 3000, gen.method);
      assert.deepEqual(model.describe().columns.map((c) => c.action), ['faked', 'modelled', 'excluded', 'modelled'], gen.method);
    }
  });
});
