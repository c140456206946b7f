import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as nodePath from 'node:path';
import type { Metadata } from '../../../src/core/metadata';
import { generateTwin } from '../../../src/core/synth';
import { findGenerator } from '../../../src/core/synth/registry';
import { twinBatchesOf } from '../../../src/core/synth/twinBatches';
import { isTwinError } from '../../../src/core/errors';
import { createRandom } from '../../../src/core/random';
import { checkMetadata } from '../../../src/core/synth/recipe';
import { createKeyDrawer, groupRanges, isRepeatedKey, rowsPerKey } from '../../../src/core/synth/keys';
import { ownUnits, publishMultiplicity as publishOf } from '../../../src/core/disclosure/multiplicity';

const publishMultiplicity = (counts: number[], s: { threshold: number; rounding: number }) => publishOf(ownUnits(counts), s);

const SETTINGS = { threshold: 10, rounding: 5 };

describe('repeated keys: rows-per-key groups (issue 13 item 3)', () => {
  it('publishes groups of at least k keys by rank, with rounded key counts, means and sds, and no single key’s count', () => {
    // 60 keys: 1..59 rows and one outlier key with 5,000 rows.
    const counts = [...Array.from({ length: 59 }, (_, i) => i + 1), 5000];
    const m = publishMultiplicity(counts, SETTINGS)!;
    assert.equal(m.keys, 60);
    // The top ten (51..59 and 5,000) fail n,k dominance (5,059 of 5,495 rows in two keys): merged with the ten below.
    assert.deepEqual(m.groups.map((g) => g.keys), [10, 10, 10, 10, 20]);
    assert.deepEqual(m.groups.map((g) => g.mean), [5.5, 15.5, 25.5, 35.5, 297.5]);
    assert.ok(!m.groups.some((g) => g.mean === 5000 || g.mean === 1), 'the extremes hide in groups of 10');
    assert.equal(m.groups[0].sd, 3); // sd of 1..10, one decimal
  });

  it('merges a group its two largest keys dominate (n,k dominance: n = 2, k = 0.9)', () => {
    const counts = [...Array.from({ length: 18 }, () => 1), 400, 500];
    const m = publishMultiplicity(counts, SETTINGS)!;
    assert.equal(m.groups.length, 1, 'the top group (8 ones, 400, 500) is dominated and merged');
    assert.equal(m.groups[0].mean, 45.9);
  });

  it('fewer than k keys: one group with the mean only', () => {
    const m = publishMultiplicity([3, 9, 40], SETTINGS)!;
    assert.deepEqual(m, { keys: 5, groups: [{ keys: 5, mean: 17.3, sd: 0 }] });
    assert.equal(publishMultiplicity([7], SETTINGS), undefined, 'one key repeats nothing');
  });

  it('draw ranges keep each group between its neighbours’ means and keep its mean', () => {
    const ranges = groupRanges({ keys: 30, groups: [{ keys: 10, mean: 2, sd: 1 }, { keys: 10, mean: 20, sd: 2 }, { keys: 10, mean: 300, sd: 250 }] });
    assert.ok(ranges[0].lower >= 1);
    assert.ok(Math.abs((ranges[2].lower + ranges[2].upper) / 2 - 300) < 1e-9, 'the skewed top group keeps its mean');
    assert.ok(ranges[2].lower >= 20, 'and starts at the group below');
  });

  it('a key drawer writes each fresh fake key on a run of rows, never reusing one; the runs follow the groups', () => {
    const m = publishMultiplicity([...Array.from({ length: 50 }, () => 2), ...Array.from({ length: 50 }, () => 30)], SETTINGS)!;
    let i = 0;
    const drawer = createKeyDrawer(m, () => `K${i++}`, createRandom(3));
    const values: string[] = [];
    for (let r = 0; r < 8000; r++) values.push(drawer.next());
    // Runs are consecutive: a key never comes back after another key.
    const seen = new Set<string>();
    for (let r = 0; r < values.length; r++) {
      if (r > 0 && values[r] !== values[r - 1]) assert.ok(!seen.has(values[r]), 'a key reappears');
      seen.add(values[r]);
    }
    const counts = rowsPerKey(values).slice(0, -1); // the last key is cut by the row count
    const small = counts.filter((c) => c <= 3).length / counts.length;
    assert.ok(Math.abs(small - 0.5) < 0.05, `half the keys have about 2 rows (${small})`);
    assert.ok(counts.every((c) => (c >= 1 && c <= 3) || (c >= 28 && c <= 32)), 'each count from its group');
  });

  it('metadata.json with a malformed multiplicity or fake space is refused in one line', () => {
    const column = { name: 'PATIENT', type: 'identifier', format: { kind: 'string' }, missing: 0, length: { quantiles: { p: [], values: [] } }, unique: false, disclosure: [] };
    const meta = (extra: object) => ({ format: 'twin-metadata/1', dataset: { name: 'x', rows: 10, dialect: { kind: 'delimited' } }, columns: [{ ...column, ...extra }], controls: [] });
    assert.doesNotThrow(() => checkMetadata(meta({ multiplicity: { keys: 10, groups: [{ keys: 10, mean: 3, sd: 1 }] }, fakeSpace: { kind: 'uuid', prefix: 'ff' } }), 'm.json'));
    assert.throws(() => checkMetadata(meta({ multiplicity: { keys: 10, groups: 'many' } }), 'm.json'), (e: unknown) => isTwinError(e) && e.kind === 'input' && /column "PATIENT": malformed metadata: columns\[0\]\.multiplicity\.groups: must be array/.test(e.message));
    assert.throws(() => checkMetadata(meta({ fakeSpace: { kind: 'uuid', prefix: '' } }), 'm.json'), (e: unknown) => isTwinError(e) && /column "PATIENT": malformed metadata: columns\[0\]\.fakeSpace\.prefix/.test(e.message));
  });
});

describe('repeated keys across the batches of a twin', function () {
  this.timeout(120_000);
  const dir = fs.mkdtempSync(nodePath.join(os.tmpdir(), 'twin-keys-'));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  /** Metadata of a table whose `patient` key (shape P9999 or P999) repeats on 3 rows, as profiled. */
  async function metadataOf(digits: number, persons: number): Promise<Metadata> {
    const source = nodePath.join(dir, `keys-${digits}.csv`);
    const lines = ['patient,age'];
    for (let i = 0; i < persons * 3; i++) lines.push(`P${String(Math.floor(i / 3)).padStart(digits, '0')},${20 + (i % 50)}`);
    fs.writeFileSync(source, lines.join('\n') + '\n');
    const { recipe } = await generateTwin({ input: source, level: 'structural', rows: 10, out: nodePath.join(dir, `keys-${digits}.synthetic.csv`) });
    const metadata = recipe.metadata as Metadata;
    assert.ok(isRepeatedKey(metadata.columns[0]), 'the profiler found a repeated key');
    return metadata;
  }

  /** The key column of every batch of a twin of `rows` rows in batches of `batchRows`, in order. */
  async function keysOf(metadata: Metadata, rows: number, batchRows: number, level: 'structural' | 'statistical'): Promise<string[]> {
    const model = await findGenerator(level).fit({ metadata }, { rng: createRandom(4).fork('fit') });
    const batches = twinBatchesOf(model, metadata, rows, 4, undefined, batchRows);
    assert.ok(batches.count >= 20, `${batches.count} batches`);
    const out: string[] = [];
    for (let i = 0; i < batches.count; i++) for (const v of (batches.batch(i).columns[0].data as { values: (string | null)[] }).values) if (v !== null) out.push(v);
    return out;
  }

  /** The keys that come back after another key (a repeat across runs, within a batch or between). */
  function reappearing(values: readonly string[]): string[] {
    const seen = new Set<string>();
    const again: string[] = [];
    for (let r = 0; r < values.length; r++) {
      if (r > 0 && values[r] !== values[r - 1] && seen.has(values[r])) again.push(values[r]);
      seen.add(values[r]);
    }
    return again;
  }

  for (const level of ['structural', 'statistical'] as const) {
    it(`${level}: no fake key is used by two runs anywhere in a twin of many batches (a range far larger than the rows)`, async () => {
      const keys = await keysOf(await metadataOf(4, 1000), 6000, 250, level);
      assert.equal(keys.length, 6000);
      assert.deepEqual(reappearing(keys), []);
      // About 3 rows per key, as published: 2,000 keys or so, each a shape-valid fake.
      const distinct = new Set(keys).size;
      assert.ok(distinct > 1500 && distinct < 2500, `${distinct} keys`);
      assert.ok(keys.every((k) => /^[A-Z]\d{4}$/.test(k)), 'in the source\'s shape (A9999)');
    });
  }

  it('keeps keys unique across batches when the range holds fewer values than the twin has rows (P999: 1,000 for 6,000 rows)', async () => {
    const keys = await keysOf(await metadataOf(3, 300), 6000, 200, 'statistical');
    assert.equal(keys.length, 6000);
    assert.deepEqual(reappearing(keys), []);
    const distinct = new Set(keys).size;
    // Each batch of 200 rows has 33 places of the 1,000: its last key takes the rows its places could not.
    assert.ok(distinct > 900 && distinct <= 1000, `${distinct} keys`);
  });

  it('keeps a repeated postcode key\'s mix of shapes, each key once, across batches (a 4-shape key drew one shape)', async () => {
    const source = nodePath.join(dir, 'keys-postcodes.csv');
    const lines = ['postcode,age'];
    const areas = ['CF', 'S', 'SW', 'B'];
    for (let i = 0; i < 3000; i++) {
      const p = Math.floor(i / 3);
      const outward = `${areas[p % 4]}${p % 4 === 2 ? `${p % 9}A` : (p % 90) + 10}`;
      lines.push(`${outward} ${p % 10}${'ABDEFGHJ'[p % 8]}${'ABDEFGHJ'[Math.floor(p / 8) % 8]},${20 + (i % 50)}`);
    }
    fs.writeFileSync(source, lines.join('\n') + '\n');
    const { recipe } = await generateTwin({ input: source, level: 'structural', rows: 10, out: nodePath.join(dir, 'keys-postcodes.synthetic.csv') });
    const metadata = recipe.metadata as Metadata;
    assert.ok(isRepeatedKey(metadata.columns[0]), 'the profiler found a repeated key');
    const keys = await keysOf(metadata, 6000, 250, 'statistical');
    assert.deepEqual(reappearing(keys), []);
    const shapeOf = (k: string): string => k.replace(/[A-Z]/g, 'A').replace(/\d/g, '9');
    assert.deepEqual([...new Set(keys.map(shapeOf))].sort(), ['A99 9AA', 'AA99 9AA', 'AA9A 9AA']);
    // The shapes take turns: each holds about a third of the keys, give or take a batch's last key.
    const distinct = [...new Set(keys)];
    for (const s of ['A99 9AA', 'AA99 9AA', 'AA9A 9AA']) {
      const share = distinct.filter((k) => shapeOf(k) === s).length / distinct.length;
      assert.ok(Math.abs(share - 1 / 3) < 0.03, `${s}: ${share}`);
    }
  });

  it('refuses, naming the column, a twin with more batches than the key\'s range has values (P9: 10 values, 30 batches)', async () => {
    const metadata = await metadataOf(1, 10);
    await assert.rejects(keysOf(metadata, 3000, 100, 'statistical'), (e: unknown) => isTwinError(e) && e.kind === 'input' && e.where.column === 'patient' && /repeated key column can have at most 10 distinct fake values .* twin of 3000 rows/.test(e.reason));
  });
});
