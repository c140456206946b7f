/** What "the same answers" means for a profile made in a database and one made from the file. */
import { strict as assert } from 'node:assert';
import { toMetadata } from '../../../src/core/profile';
import { PATTERN_SAMPLE_ROWS } from '../../../src/core/profile/profileDataset';
import type { ColumnProfile, Profile } from '../../../src/core/profile';
import type { Metadata, RecordRule } from '../../../src/core/metadata';

const close = (a: number, b: number, tol: number, what: string): void => {
  assert.ok(Math.abs(a - b) <= tol, `${what}: ${a} vs ${b} (tolerance ${tol})`);
};

/** Frequencies as a map: ties in count are listed in first-seen order by the file, by value by the engine. */
const frequencyMap = (c: ColumnProfile): Map<string, number> => new Map(c.frequencies.values.map((f) => [f.value, f.count]));

/**
 * Every exact figure equal (floating-point sums to 1e-9 relative); sketched ones within their
 * tolerance: a HyperLogLog distinct count within 2%, a quantile from a reservoir of N values
 * within 2/√N of the range (four standard errors).
 */
export function assertSameProfile(file: Profile, db: Profile): void {
  assert.equal(db.dataset.rows, file.dataset.rows, 'rows');
  assert.deepEqual(db.columns.map((c) => c.name), file.columns.map((c) => c.name));
  for (let i = 0; i < file.columns.length; i++) {
    const f = file.columns[i];
    const d = db.columns[i];
    const at = (what: string): string => `${f.name}: ${what}`;
    assert.deepEqual(d.spec, f.spec, at('type and format'));
    assert.equal(d.missing, f.missing, at('missing'));
    if (f.distinct.method === 'exact') assert.deepEqual(d.distinct, f.distinct, at('distinct'));
    else close(d.distinct.count, f.distinct.count, 0.02 * f.distinct.count, at('distinct (HyperLogLog in the file)'));
    assert.equal(d.frequencies.complete, f.frequencies.complete, at('frequencies complete'));
    if (f.frequencies.complete) assert.deepEqual(frequencyMap(d), frequencyMap(f), at('frequencies'));
    assert.deepEqual(d.length, f.length, at('lengths'));
    assert.deepEqual(d.flags.map((x) => x.kind).sort(), f.flags.map((x) => x.kind).sort(), at('disclosure flags'));
    assert.deepEqual(d.beginnings, f.beginnings, at('beginnings'));
    assert.equal(Boolean(d.numeric), Boolean(f.numeric), at('numeric summary'));
    if (f.numeric && d.numeric) {
      const a = f.numeric;
      const b = d.numeric;
      const range = Math.max(1e-12, a.max - a.min);
      assert.equal(b.count, a.count, at('count'));
      assert.equal(b.min, a.min, at('min'));
      assert.equal(b.max, a.max, at('max'));
      close(b.mean, a.mean, 1e-9 * Math.max(1, Math.abs(a.mean)), at('mean'));
      close(b.sd, a.sd, 1e-9 * Math.max(1, a.sd), at('sd'));
      assert.equal(b.precision, a.precision, at('precision'));
      assert.deepEqual(b.pointMasses, a.pointMasses, at('point masses'));
      assert.deepEqual(b.histogram.edges, a.histogram.edges, at('histogram edges'));
      if (a.method === 'exact') {
        a.quantiles.values.forEach((q, k) => close(b.quantiles.values[k], q, 1e-9 * range, at(`quantile ${k}%`)));
        assert.deepEqual(b.histogram.counts, a.histogram.counts, at('histogram'));
        assert.equal(b.outliers.low, a.outliers.low, at('outliers below'));
        assert.equal(b.outliers.high, a.outliers.high, at('outliers above'));
        close(b.outliers.lowerFence, a.outliers.lowerFence, 1e-9 * range, at('lower fence'));
        close(b.outliers.upperFence, a.outliers.upperFence, 1e-9 * range, at('upper fence'));
      } else {
        // A quantile of a uniform sample of N values has a standard error of at most 0.5/sqrt(N) in
        // probability; four of them, as a share of the range, is the tolerance.
        const kept = Number(/reservoir sample of (\d+)/.exec(a.method)?.[1]);
        a.quantiles.values.forEach((q, k) => close(b.quantiles.values[k], q, (2 / Math.sqrt(kept)) * range, at(`quantile ${k}% (reservoir in the file)`)));
      }
    }
  }
  assert.equal(db.associations.pairs.length, file.associations.pairs.length, 'association pairs');
  if (db.associations.rows === file.associations.rows && file.associations.rows === file.dataset.rows) {
    file.associations.pairs.forEach((p, k) => {
      const q = db.associations.pairs[k];
      assert.deepEqual(q.columns, p.columns);
      assert.equal(q.measure, p.measure);
      close(q.value, p.value, 1e-9, `association ${p.columns.join('–')}`);
      assert.equal(q.minCell, p.minCell, `association ${p.columns.join('–')} smallest cell`);
    });
  }
}

/** A column's published categories sorted by value (ties in count may be listed in either order). */
function normalized(m: Metadata): unknown {
  return JSON.parse(JSON.stringify(m.columns), (key, value: unknown) =>
    key === 'categories' && Array.isArray(value) ? [...(value as { value: string }[])].sort((x, y) => (x.value < y.value ? -1 : 1)) : value);
}

/**
 * metadata.json: with the file's cell keys, every published column figure and association is the
 * file's; with the engine's own cell keys (keyed MD5 of each row's text, not of its bytes in a
 * file), each published count is within one rounding step of the file's.
 */
export function assertSameMetadata(file: Profile, db: Profile): void {
  const fileMeta = toMetadata(file);
  const sameKeys = toMetadata({ ...db, cellKeys: file.cellKeys });
  assert.deepEqual(normalized(sameKeys), normalized(fileMeta));
  assert.deepEqual(sameKeys.associations, fileMeta.associations);
  assert.equal(sameKeys.dataset.rows, fileMeta.dataset.rows);
  assertSameRules(file, fileMeta.rules ?? [], sameKeys.rules ?? []);
  const own = toMetadata(db);
  const step = fileMeta.disclosure.rounding;
  close(own.dataset.rows, fileMeta.dataset.rows, step, 'published rows');
  own.columns.forEach((c, i) => close(c.missing, fileMeta.columns[i].missing, (2 * step) / file.dataset.rows + 1e-4, `${c.name}: published missing share`));
}

/**
 * The published record rules: every rule the file's (same kinds, columns, formulas, values, in
 * the same order). An order's gap quantiles come from a sample of rows: equal when both samples
 * hold every row; otherwise each published quantile of the database's sample lies, in the file's
 * sampled gaps, within 3/√n in probability of its p (two independent uniform samples of n gaps:
 * about four standard errors of their difference), allowing one rounding step.
 */
export function assertSameRules(file: Profile, fileRules: readonly RecordRule[], dbRules: readonly RecordRule[]): void {
  const strip = (r: RecordRule): unknown => (r.kind === 'order' ? { ...r, gap: { unit: r.gap.unit } } : r);
  assert.deepEqual(dbRules.map(strip), fileRules.map(strip), 'record rules');
  const whole = file.dataset.rows <= PATTERN_SAMPLE_ROWS;
  fileRules.forEach((r, i) => {
    const q = dbRules[i];
    if (r.kind !== 'order' || q.kind !== 'order') return;
    const what = `gap ${r.columns.join(' ≤ ')}`;
    if (whole) {
      assert.deepEqual(q.gap, r.gap, what);
      return;
    }
    assert.deepEqual(q.gap.quantiles.p, r.gap.quantiles.p, `${what}: quantile points`);
    const gaps = (file.rules ?? []).find((f) => f.rule.kind === 'order' && f.rule.columns.join() === r.columns.join())?.gaps ?? [];
    const n = gaps.length;
    assert.ok(n > 0, `${what}: the file's sampled gaps`);
    const format = file.columns.find((c) => c.name === r.columns[1])?.spec.format;
    const step = r.gap.unit === 'value' && format?.kind === 'number' ? 10 ** -(format.decimals ?? 0) : 1;
    const tol = 3 / Math.sqrt(n);
    const tail = file.disclosure.tailQuantile;
    q.gap.quantiles.values.forEach((v, j) => {
      const p = Math.min(1 - tail, Math.max(tail, q.gap.quantiles.p[j]));
      const below = gaps.filter((g) => g < v - step).length / n;
      const upTo = gaps.filter((g) => g <= v + step).length / n;
      assert.ok(below - tol <= p && p <= upTo + tol, `${what}: quantile ${p} is ${v}, the file's sampled gaps put it between ${below} and ${upTo} (tolerance ${tol.toFixed(3)})`);
    });
  });
}
