import assert from 'node:assert/strict';
import { NumberCounter } from '../../../src/core/profile/sketches';
import { sortNumbers } from '../../../src/core/math/ranks';
import { createRandom } from '../../../src/core/random';

/** Counts `values` with a NumberCounter and with a Map (the reference), returning both as entry lists. */
function countBoth(values: number[], maxDenseSpan?: number): { got: { value: number; count: number; spelling: string }[]; want: { value: number; count: number; spelling: string }[] } {
  const c = new NumberCounter(maxDenseSpan);
  const ref = new Map<number, { value: number; count: number; spelling: string }>();
  for (const v of values) {
    if (!c.increment(v)) c.insert(v, String(v));
    const e = ref.get(v);
    if (e) e.count++;
    else ref.set(v, { value: v, count: 1, spelling: String(v) });
  }
  assert.equal(c.size, ref.size);
  return { got: c.entries(), want: [...ref.values()] };
}

describe('NumberCounter dense index', () => {
  it('counts decimals with two places exactly, in first-seen order (dense path)', () => {
    const rng = createRandom(7);
    const values: number[] = [];
    for (let i = 0; i < 50_000; i++) values.push(rng.int(10_001) / 100);
    const { got, want } = countBoth(values);
    assert.deepEqual(got, want);
  });

  it('counts whole days in ms and integers that drift outside the first range', () => {
    const values: number[] = [];
    for (let i = 0; i < 20_000; i++) values.push(Date.UTC(2000, 0, 1) + ((i * 7919) % 30_000) * 86_400_000);
    for (let i = 0; i < 3000; i++) values.push(i * 3 - 4500); // integers, negative and growing
    assert.deepEqual(countBoth(values).got, countBoth(values).want);
  });

  it('mixes dense and hash values: more decimals later, huge and non-finite values, spans past the cap', () => {
    const values: number[] = [];
    for (let i = 0; i < 100; i++) values.push(i / 10); // one decimal place decides the scale
    for (let i = 0; i < 2000; i++) values.push(i / 100, i / 10, 1e12 + i, 2 ** 60 + i * 4096, i * 1e6);
    values.push(Infinity, -Infinity, 0.1 + 0.2, -0, 0);
    const { got, want } = countBoth(values);
    assert.deepEqual(got.map((e) => [e.spelling, e.count]), want.map((e) => [e.spelling, e.count]));
    assert.ok(got.every((e, i) => Object.is(e.value, want[i].value) || (e.value === 0 && want[i].value === 0)));
  });

  it('a wide file\'s narrow dense span (the shared budget) counts exactly the same', () => {
    // Three-decimal values over ±4: a span of 8,000 keys, past a 1,024-key cap, so most values
    // spill from the dense index into the hash table; counts and order must not change.
    const rng = createRandom(11);
    const values: number[] = [];
    for (let i = 0; i < 20_000; i++) values.push((rng.int(8_001) - 4_000) / 1000);
    // First a narrow run that fits the narrow index, so later values fail to widen it.
    const start = Array.from({ length: 200 }, (_, i) => (i % 400) / 1000);
    values.unshift(...start);
    const narrow = countBoth(values, 1024);
    assert.deepEqual(narrow.got, narrow.want);
    assert.deepEqual(narrow.got, countBoth(values).got);
  });

  it('forgets everything on clear', () => {
    const c = new NumberCounter();
    for (let i = 0; i < 200; i++) if (!c.increment(i)) c.insert(i, String(i));
    c.clear();
    assert.equal(c.size, 0);
    assert.equal(c.increment(5), false);
    c.insert(5, '5');
    assert.deepEqual(c.entries(), [{ value: 5, count: 1, spelling: '5' }]);
  });
});

describe('sortNumbers (radix sort)', () => {
  const bits = (a: Float64Array): string => Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('hex');

  it('gives exactly the native sort order: negatives, −0 before 0, infinities, ties, subnormals', () => {
    const rng = createRandom(3);
    const a = new Float64Array(120_000); // above the radix threshold (100,000)
    for (let i = 0; i < a.length; i++) {
      const r = rng.int(6);
      a[i] = r === 0 ? rng.int(50) - 25 : r === 1 ? (rng.next() - 0.5) * 1e6 : r === 2 ? -rng.next() * 1e-310 : r === 3 ? [0, -0, Infinity, -Infinity][rng.int(4)] : rng.int(1000) / 100;
    }
    const want = a.slice().sort();
    const got = sortNumbers(a.slice());
    assert.equal(bits(got), bits(want));
  });

  it('sorts in place and falls back to the native sort for NaN and short arrays', () => {
    const a = new Float64Array(10_000).map((_, i) => (i % 7 === 0 ? NaN : 10_000 - i));
    const want = a.slice().sort();
    assert.equal(bits(sortNumbers(a)), bits(want));
    assert.deepEqual([...sortNumbers(new Float64Array([3, -1, 2]))], [-1, 2, 3]);
  });
});
