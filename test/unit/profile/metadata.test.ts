import { strict as assert } from 'node:assert';
import type { RawValue } from '../../../src/core/format';
import type { CategoryMetadataColumn, NumberMetadataColumn, StringMetadataColumn } from '../../../src/core/metadata';
import { columnSpecsOf, profileDataset, renderProfileSummary, roundCount, toMetadata } from '../../../src/core/profile';
import { column, memorySource } from './helpers';

function counts(spec: Record<string, number>): RawValue[] {
  const out: RawValue[] = [];
  for (const [v, n] of Object.entries(spec)) for (let i = 0; i < n; i++) out.push(v);
  return out;
}

/** Keys anywhere in a JSON value. */
function keysOf(x: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(x)) x.forEach((v) => keysOf(v, out));
  else if (x && typeof x === 'object') for (const [k, v] of Object.entries(x)) { out.add(k); keysOf(v, out); }
  return out;
}

describe('toMetadata (disclosure rules)', () => {
  it('rounds counts to 5, never a positive count to 0', () => {
    assert.equal(roundCount(52, 5), 50);
    assert.equal(roundCount(13, 5), 15);
    assert.equal(roundCount(12, 5), 10);
    assert.equal(roundCount(2, 5), 5);
    assert.equal(roundCount(0, 5), 0);
  });

  it('merges categories below k into "Other", rounds counts, records controls', async () => {
    const values = counts({ A: 100, B: 52, C: 7, D: 3, E: 1, F: 9 }); // 172 records
    const p = await profileDataset(memorySource(['cat'], column(values)));
    const m = toMetadata(p);
    const c = m.columns[0] as CategoryMetadataColumn;
    assert.equal(c.type, 'categorical');
    assert.deepEqual(c.categories, [{ value: 'A', count: 100 }, { value: 'B', count: 50 }]);
    // C + D + E + F = 20 records in 4 categories → published as one group of 20.
    assert.deepEqual(c.other, { categories: 4, count: 20, label: 'Other' });
    assert.equal(c.distinct, 6);
    assert.ok(m.controls.some((x) => x.column === 'cat' && x.control === 'rare-category-merge'));
    assert.ok(m.controls.some((x) => x.control === 'count-rounding'));
    assert.ok(!JSON.stringify(m).includes('"E"'), 'a rare category is never named');
  });

  it('drops a merged group still below k', async () => {
    // Three published categories: the row count minus them leaves B + C uncertain to ±5.7 (> k/2), so none joins the group.
    const p = await profileDataset(memorySource(['cat'], column(counts({ A: 40, D: 30, E: 20, B: 3, C: 2 }))));
    const c = toMetadata(p).columns[0] as CategoryMetadataColumn;
    assert.deepEqual(c.categories, [{ value: 'A', count: 40 }, { value: 'D', count: 30 }, { value: 'E', count: 20 }]);
    assert.deepEqual(c.other, { categories: 2, count: null, label: 'Other' });
    assert.ok(toMetadata(p).controls.some((x) => x.control === 'rare-category-drop'));
  });

  it('rounds the published counts more coarsely where the row count would pin the dropped group (secondary suppression)', async () => {
    const p = await profileDataset(memorySource(['cat'], column(counts({ A: 40, F: 25, B: 3, C: 2 }))));
    const m = toMetadata(p);
    const c = m.columns[0] as CategoryMetadataColumn;
    // rows − A − F rounded to 5 would give B + C = 5 to ±4.9: A and F are published rounded to 10.
    assert.deepEqual(c.categories.map((x) => x.value), ['A', 'F']);
    assert.equal(c.countRounding, 10);
    for (const x of c.categories) assert.equal(x.count % 10, 0);
    assert.deepEqual(c.other, { categories: 2, count: null, label: 'Other' });
    assert.ok(m.controls.some((x) => x.column === 'cat' && x.control === 'secondary-suppression'));
  });

  it('numbers: no min or max, tail-quantile bounds, quantile intervals ≥ k, bins ≥ k', async () => {
    const values = Array.from({ length: 1000 }, (_, i) => String(i + 1)); // 1..1000
    const p = await profileDataset(memorySource(['n'], column(values)));
    const m = toMetadata(p);
    const c = m.columns[0] as NumberMetadataColumn;
    assert.equal(c.type, 'integer');
    const keys = keysOf(m);
    assert.ok(!keys.has('min') && !keys.has('max'), 'no min/max anywhere');
    // Type-7 1st/99th percentiles: 1 + 999·0.01 = 10.99 → 11; 1 + 999·0.99 = 990.01 → 990. But each
    // integer is held by one record: at 0 decimals 11 names one record, so the bounds move inward onto
    // the tens, where each published value stands for 10 records ([15, 25) → 20).
    assert.deepEqual(c.bounds, { lower: 20, upper: 990 }); // 990.01 → down onto the tens: [985, 995) holds 10
    assert.equal(c.quantiles.p.length, 101);
    assert.equal(c.quantiles.p[50], 0.5);
    assert.equal(c.quantiles.values[50], 500); // 500.5 → the tens (501 is one record's value)
    assert.equal(c.quantiles.values[0], 20, 'clipped to the bounds');
    assert.equal(c.quantiles.values[100], 990);
    assert.ok(c.quantiles.values.every((v) => v % 10 === 0), 'every quantile on the grid of tens');
    assert.ok(c.histogram.counts.every((n) => n >= 10 && n % 5 === 0));
    assert.equal(c.histogram.edges.length, c.histogram.counts.length + 1);
    assert.equal(c.histogram.edges[0], 20);
    assert.equal(c.histogram.edges[c.histogram.edges.length - 1], 990);
    const total = c.histogram.counts.reduce((a, b) => a + b, 0);
    // Each count perturbed by at most 2 (cell key) and rounded to 5.
    assert.ok(Math.abs(total - 1000) <= 4.5 * c.histogram.counts.length, `histogram total ${total}`);
    // Moments moved by at most 2 · range / n (cell-key magnitude perturbation): 2 · 970 / 1000.
    assert.ok(Math.abs(c.mean! - 500.5) <= 1.94 + 0.05, `mean ${c.mean}`);
    assert.ok(Math.abs(c.sd! - 288.8) <= 4, `sd ${c.sd}`); // √(1000·1001/12) = 288.82
    assert.ok(m.controls.some((x) => x.column === 'n' && x.control === 'top-bottom-coding'));
  });

  it('few records: fewer quantiles so each interval holds ≥ k; bins merged', async () => {
    const values = Array.from({ length: 25 }, (_, i) => String(i));
    const p = await profileDataset(memorySource(['n'], column(values)));
    const m = toMetadata(p);
    const c = m.columns[0] as NumberMetadataColumn;
    assert.deepEqual(c.quantiles.p, [0, 0.5, 1]); // ⌊25/10⌋ = 2 intervals
    assert.equal(c.quantiles.values[1], 10); // 12 is one record's value; on the tens [5, 15) holds 10
    assert.ok(c.histogram.counts.length <= 2 && c.histogram.counts.every((n) => n >= 10));
    assert.ok(m.controls.some((x) => x.control === 'quantile-coarsening'));
    // 25 values each held once: k = 10 in from each end (9 and 15) are single records; on the tens both are 10.
    assert.deepEqual(c.bounds, { lower: 10, upper: 10 });
  });

  it('point masses: share of exact zeros (capital-gain style)', async () => {
    const values = [...Array(920).fill('0'), ...Array.from({ length: 80 }, (_, i) => String(100 * (i + 1)))];
    const p = await profileDataset(memorySource(['gain'], column(values)));
    const c = toMetadata(p).columns[0] as NumberMetadataColumn;
    assert.deepEqual(c.pointMasses, [{ value: 0, share: 0.92 }]);
  });

  it('dates: month resolution by default, day when asked', async () => {
    const values = Array.from({ length: 365 }, (_, i) => new Date(Date.UTC(2021, 0, 1) + i * 86_400_000).toISOString().slice(0, 10));
    const p = await profileDataset(memorySource(['d'], column(values)));
    const c = toMetadata(p).columns[0] as NumberMetadataColumn;
    assert.equal(c.type, 'date');
    const isMonthStart = (ms: number): boolean => new Date(ms).getUTCDate() === 1 && ms % 86_400_000 === 0;
    assert.ok(c.quantiles.values.every(isMonthStart));
    assert.ok(isMonthStart(c.bounds.lower) && isMonthStart(c.bounds.upper));
    assert.ok(c.histogram.edges.every(isMonthStart));
    // k = 10 records in from each end: 10 January → inward to 1 February; 22 December → 1 December.
    assert.equal(c.bounds.lower, Date.UTC(2021, 1, 1));
    assert.equal(c.bounds.upper, Date.UTC(2021, 11, 1));
    const day = toMetadata(p, { dateResolution: 'day' }).columns[0] as NumberMetadataColumn;
    // One date per day: a single day is one record, so the bound moves to a coarser grid (a week), at least 10 days in.
    const held = (lo: number, hi: number) => values.filter((v) => Date.parse(v) >= lo && Date.parse(v) < hi).length;
    assert.ok(held(-Infinity, day.bounds.lower + 1) >= 10, `lower bound ${new Date(day.bounds.lower).toISOString()}`);
    assert.ok(day.bounds.lower % 86_400_000 === 0);
    assert.ok(toMetadata(p).controls.some((x) => x.control === 'date-coarsening'));
  });

  it('identifiers and text: format and length only, never a value', async () => {
    const ids = Array.from({ length: 200 }, (_, i) => `P${String(i).padStart(5, '0')}`);
    const p = await profileDataset(memorySource(['id'], column(ids)));
    const m = toMetadata(p);
    const c = m.columns[0] as StringMetadataColumn;
    assert.equal(c.type, 'identifier');
    assert.equal(c.unique, true);
    assert.deepEqual(c.format, { kind: 'string', shape: 'A99999' });
    assert.ok(c.length.quantiles.values.every((v) => v === 6));
    assert.equal(c.distinct, undefined);
    assert.ok(!JSON.stringify(m).includes('P00001'));
    assert.ok(m.controls.some((x) => x.control === 'identifier-format-only'));
  });

  it('associations rounded to 2 dp; omitted when a cell is below k', async () => {
    const rows: RawValue[][] = [];
    for (let i = 0; i < 200; i++) rows.push([String(i), String(2 * i + (i % 3)), i < 100 ? 'a' : 'b', i < 195 ? 'x' : 'y']);
    const p = await profileDataset(memorySource(['u', 'v', 'g', 'h'], rows));
    const m = toMetadata(p);
    const pairs = m.associations!.pairs;
    const uv = pairs.find((x) => x.columns[0] === 'u' && x.columns[1] === 'v' && x.measure === 'pearson')!;
    assert.equal(uv.value, 1);
    assert.ok(pairs.every((x) => Math.round(x.value * 100) / 100 === x.value));
    // 'h' has a category of 5 rows: every pair on it rests on a cell < 10 and is left out.
    assert.ok(!pairs.some((x) => x.columns.includes('h')));
    assert.ok(pairs.some((x) => x.columns[0] === 'u' && x.columns[1] === 'g' && x.measure === 'correlationRatio'));
    assert.ok(m.controls.some((x) => x.control === 'small-cell-suppression'));
    assert.equal(m.associations!.method, 'all 200 rows');
  });

  it('metadata header, columnSpecsOf and the summary table', async () => {
    const p = await profileDataset(memorySource(['a', 'b'], [['1', 'x'], ['2', 'y'], ['3', 'NA']]));
    const m = toMetadata(p);
    assert.equal(m.format, 'twin-metadata/1');
    assert.ok(m.dataset.rows >= 1 && m.dataset.rows <= 5, `rows ${m.dataset.rows}`);
    assert.equal(m.dataset.fingerprint.method, 'hmac-sha256');
    assert.equal(m.dataset.fingerprint.hmac.length, 64);
    assert.notEqual(m.dataset.fingerprint.hmac, p.dataset.fingerprint.sha256);
    // Row and missing counts perturbed by the cell-key method (±2, never a positive count to 0).
    assert.ok(m.columns[1].missing > 0 && m.columns[1].missing <= 1, `missing ${m.columns[1].missing}`);
    assert.deepEqual(columnSpecsOf(m), columnSpecsOf(p));
    assert.deepEqual(columnSpecsOf(p).map((s) => s.type), ['integer', 'categorical']);
    const text = renderProfileSummary(p);
    assert.match(text, /data: 3 rows × 2 columns/);
    assert.match(text, /b\s+categorical\s+33\.3%\s+2/);
  });
});
