import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { openDataset } from '../../../src/core/io';
import { splitSource } from '../../../src/core/holdout';
import { profileDataset } from '../../../src/core/profile/profileDataset';
import { profileFile, toMetadata } from '../../../src/core/profile';
import { scanInParallel } from '../../../src/core/profile/parallel/profileParallel';
import { mergeUniformSamples } from '../../../src/core/profile/parallel/mergeSamples';
import { cutAtLineFeeds } from '../../../src/core/profile/parallel/splitRanges';
import { HyperLogLog } from '../../../src/core/profile/sketches';
import { createRandom } from '../../../src/core/random';
import { DATA, tempDir } from './helpers';
import { requireOrSkip } from '../skip';

/** Paths where two metadata.json differ (figures from row samples excluded: `sampled` paths). */
function differences(a: unknown, b: unknown, at = '', out: string[] = []): string[] {
  if (typeof a !== 'object' || a === null || typeof b !== 'object' || b === null) {
    if (a !== b && !(Number.isNaN(a) && Number.isNaN(b))) out.push(`${at}: ${JSON.stringify(a)} ≠ ${JSON.stringify(b)}`);
    return out;
  }
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  for (const k of new Set([...Object.keys(x), ...Object.keys(y)])) differences(x[k], y[k], `${at}.${k}`, out);
  return out;
}

/** `n` random cuts of a file, each just after a line feed (the data start first, the end last). */
function randomCuts(file: string, n: number, seed: number): number[] {
  const bytes = fs.readFileSync(file);
  const header = bytes.indexOf(10) + 1;
  const rng = createRandom(seed);
  const cuts = new Set<number>();
  while (cuts.size < n) {
    const lf = bytes.indexOf(10, header + rng.int(bytes.length - header));
    if (lf > 0 && lf + 1 < bytes.length) cuts.add(lf + 1);
  }
  return [0, ...[...cuts].sort((p, q) => p - q), bytes.length];
}

describe('profiling byte ranges on worker threads and merging their partial profiles', function () {
  this.timeout(300_000);

  const files = ['ae/hospital_ae_data.csv', 'synthea/encounters.csv', 'nhsr/stranded_data.csv'];
  for (const file of files) {
    it(`${file}: random byte-range cuts give the one-thread metadata.json (every figure but those from the 5,000-row sample)`, async function () {
      const p = path.join(DATA, file);
      requireOrSkip(this, fs.existsSync(p), `../shared/data/${file} is not present`);
      const one = toMetadata((await profileFile(p, { threads: 1 })).profile);
      let merged = 0;
      for (const [seed, n] of [[1, 1], [3, 5]]) {
        const rangeCuts = randomCuts(p, n, seed);
        // Whether the cuts were read as ranges (not one pass after all): the merge is what is compared.
        if (await scanInParallel(await openDataset(p), { rangeCuts, minRangeBytes: 1 }, n + 1)) merged++;
        const many = toMetadata((await profileFile(p, { threads: n + 1, minRangeBytes: 1, rangeCuts })).profile);
        const rows = one.dataset.rows;
        // Beyond 5,000 rows, gaps and identifier shares come from a uniform sample of rows.
        const sampled = (d: string): boolean => rows > 5000 && (/^\.rules\.\d+\.gap\./.test(d) || d.includes('of sampled values'));
        const diff = differences({ ...one, timing: undefined }, { ...many, timing: undefined }).filter((d) => !sampled(d));
        assert.deepEqual(diff, [], `${file} cut at ${rangeCuts.join(',')}`);
      }
      assert.ok(merged > 0, `${file}: no cuts were merged`);
    });
  }

  it('a cut inside a quoted field (a line feed in a value) is caught by the range before it, and the file is read in one pass', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'notes.csv');
    const lines = ['id,note,score'];
    for (let i = 0; i < 400; i++) lines.push(i % 7 === 3 ? `${i},"line one\nline two, ${i}",${i % 13}` : `${i},plain ${i % 5},${i % 13}`);
    fs.writeFileSync(file, lines.join('\n') + '\n');
    const text = fs.readFileSync(file, 'utf8');
    const inside = Buffer.byteLength(text.slice(0, text.indexOf('line one\n') + 'line one\n'.length));
    const source = await openDataset(file);
    assert.equal(await scanInParallel(source, { rangeCuts: [0, inside, source.sizeBytes], minRangeBytes: 1 }, 2), null);
    const outside = Buffer.byteLength(text.slice(0, text.indexOf('\n201,') + 1));
    const merged = await scanInParallel(source, { rangeCuts: [0, outside, source.sizeBytes], minRangeBytes: 1 }, 2);
    assert.equal(merged?.rows, 400);
    const one = toMetadata((await profileFile(file, { threads: 1 })).profile);
    for (const cut of [inside, outside]) {
      const many = toMetadata((await profileFile(file, { threads: 2, minRangeBytes: 1, rangeCuts: [0, cut, source.sizeBytes] })).profile);
      assert.deepEqual(differences({ ...one, timing: undefined }, { ...many, timing: undefined }), []);
    }
    // The splitter's own cuts are just after line feeds, in order.
    const cuts = cutAtLineFeeds(file, 0, source.sizeBytes, 4);
    assert.equal(cuts.length, 5);
    for (let i = 1; i < cuts.length - 1; i++) assert.equal(text.charCodeAt(Buffer.from(text).subarray(0, cuts[i]).toString().length - 1), 10);
  });

  it('a column read as numbers in one range and as text before it is read in one pass (its counts would depend on the cut)', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'stage.csv');
    const lines = ['id,stage'];
    for (let i = 0; i < 300; i++) lines.push(`${i},${i === 0 ? 'X' : String(1 + (i % 4))}`);
    fs.writeFileSync(file, lines.join('\n') + '\n');
    const source = await openDataset(file);
    const text = fs.readFileSync(file, 'utf8');
    const cut = Buffer.byteLength(text.slice(0, text.indexOf('\n150,') + 1));
    assert.equal(await scanInParallel(source, { rangeCuts: [0, cut, source.sizeBytes], minRangeBytes: 1 }, 2), null);
    const one = toMetadata((await profileFile(file, { threads: 1 })).profile);
    const many = toMetadata((await profileFile(file, { threads: 2, minRangeBytes: 1, rangeCuts: [0, cut, source.sizeBytes] })).profile);
    assert.deepEqual(differences({ ...one, timing: undefined }, { ...many, timing: undefined }), []);
  });

  it('a view that filters the records (the training part of a holdout split) is read in one pass, never as ranges of the raw file', async function () {
    const p = path.join(DATA, 'ae/hospital_ae_data.csv');
    requireOrSkip(this, fs.existsSync(p), '../shared/data/ae is not present');
    const { training } = splitSource(await openDataset(p), { share: 0.2, seed: 3 });
    assert.equal(await scanInParallel(training, { minRangeBytes: 1 }, 3), null);
    const one = await profileDataset(training, { threads: 1 });
    const many = await profileDataset(training, { threads: 3, minRangeBytes: 1 });
    assert.ok(one.dataset.rows < 9000 && one.dataset.rows > 7000, String(one.dataset.rows));
    assert.equal(many.dataset.rows, one.dataset.rows);
  });

  it('merges uniform samples: the concatenation while both fit, else a sample of the capacity drawn in proportion to each stream', () => {
    const a = [1, 2, 3];
    const b = [4, 5];
    assert.deepEqual(mergeUniformSamples(a, 3, b, 2, 10, createRandom(1)), [1, 2, 3, 4, 5]);
    // 1,000 items from a stream of 9,000 and 1,000 from a stream of 1,000: about 900 from the first.
    const big = Array.from({ length: 1000 }, (_, i) => i);
    const other = Array.from({ length: 1000 }, (_, i) => 10_000 + i);
    let fromFirst = 0;
    for (let s = 1; s <= 20; s++) fromFirst += mergeUniformSamples(big, 9000, other, 1000, 1000, createRandom(s)).filter((v) => v < 10_000).length;
    const share = fromFirst / 20 / 1000;
    assert.ok(Math.abs(share - 0.9) < 0.01, `share from the first stream ${share}`);
    assert.equal(mergeUniformSamples(big, 9000, other, 1000, 1000, createRandom(3)).length, 1000);
  });

  it('merges HyperLogLog sketches by the register-wise maximum: the union sketch is the sketch of the union', () => {
    const left = new HyperLogLog();
    const right = new HyperLogLog();
    const both = new HyperLogLog();
    for (let i = 0; i < 60_000; i++) {
      const s = `v${i}`;
      (i < 40_000 ? left : right).add(s);
      if (i >= 30_000 && i < 40_000) right.add(s);
      both.add(s);
    }
    left.mergeRegisters(right.copyRegisters());
    assert.deepEqual(left.copyRegisters(), both.copyRegisters());
    assert.ok(Math.abs(left.estimate() - 60_000) / 60_000 < 0.03);
  });
});
