import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import { SpillDir, UniqueCheck } from '../../../src/core/dataset/uniqueCheck';

/** Two 32-bit halves of a test hash: value i → (i × an odd constant, i), all distinct for distinct i. */
const add = (c: UniqueCheck, i: number): void => c.add(Math.imul(i, 0x9e3779b1) >>> 0, i >>> 0);
const spills = (): string[] => fs.readdirSync(os.tmpdir()).filter((f) => f.startsWith('twin-keys-'));

describe('dataset: UniqueCheck (exact uniqueness by external sort)', () => {
  it('unique in memory; one duplicate found in memory', () => {
    const spill = new SpillDir();
    const a = new UniqueCheck(spill, 1_000);
    for (let i = 0; i < 900; i++) add(a, i);
    assert.equal(a.finish(), true);
    const b = new UniqueCheck(spill, 1_000);
    for (let i = 0; i < 900; i++) add(b, i);
    add(b, 17);
    assert.equal(b.finish(), false);
    assert.equal(spill.used, false, 'nothing spilled below one run');
  });

  it('across spilled runs: exactly one duplicate, in different runs, is found; without it, unique; the runs are removed', () => {
    const before = spills().length;
    const spill = new SpillDir();
    const runLength = 256;
    const unique = new UniqueCheck(spill, runLength);
    const dup = new UniqueCheck(spill, runLength);
    // Descending order: each run holds a different range, so the duplicate can only meet in the merge.
    for (let i = 5_000; i > 0; i--) { add(unique, i); add(dup, i); }
    add(dup, 4_321); // the one repeat, written long after the run holding its twin
    assert.ok(unique.spilledRuns >= 19 && dup.spilledRuns >= 19, `${unique.spilledRuns} runs`);
    // Memory bounded by construction: never more than one run held.
    assert.ok(unique.held <= runLength && dup.held <= runLength);
    assert.equal(spills().length, before + 1);
    assert.equal(unique.finish(), true);
    assert.equal(dup.finish(), false);
    spill.remove();
    assert.equal(spills().length, before, 'the spill folder is removed');
  });

  it('a duplicate inside one run stops the check early and drops its runs', () => {
    const spill = new SpillDir();
    const c = new UniqueCheck(spill, 64);
    for (let i = 0; i < 640; i++) add(c, i);
    add(c, 700);
    add(c, 700);
    for (let i = 800; i < 900; i++) add(c, i);
    assert.equal(c.finish(), false);
    spill.remove();
  });

  it('hashes differing only in one half are distinct', () => {
    const spill = new SpillDir();
    const c = new UniqueCheck(spill, 4);
    // i = 7 adds (7, 7) in both forms: the one repeat.
    for (let i = 0; i < 10; i++) { c.add(7, i); c.add(i, 7); }
    assert.equal(c.finish(), false);
    const d = new UniqueCheck(spill, 4);
    for (let i = 0; i < 10; i++) { d.add(7, i); if (i !== 7) d.add(i, 7); }
    assert.equal(d.finish(), true);
    spill.remove();
  });
});
