/**
 * Issue 17 item 2: a twin's batches are drawn on worker threads with byte-identical output
 * whatever the thread count — at every level and method, with a last batch that is not full —
 * and a recipe reproduces the twin at another thread count.
 */
import assert from 'node:assert/strict';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as nodePath from 'node:path';
import { createRandom } from '../../../src/core/random';
import { generateTwin, reproduceRecipe } from '../../../src/core/synth';
import { twinBatchesOf } from '../../../src/core/synth/twinBatches';
import { findGenerator } from '../../../src/core/synth/registry';
import type { Metadata } from '../../../src/core/metadata';

const sha = (file: string): string => crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
const tempsIn = (dir: string): string[] => fs.readdirSync(dir).filter((f) => f.endsWith('.tmp'));

describe('synth/parallel: the same twin at any thread count', function () {
  this.timeout(600_000);
  const dir = fs.mkdtempSync(nodePath.join(os.tmpdir(), 'twin-parallel-'));
  const source = nodePath.join(dir, 'admissions.csv');
  before(() => {
    // Numbers, categories, dates with an order rule, an NHS-number-like unique key, a repeated
    // key and free text: every kind of column a batch draws.
    const rng = createRandom(5);
    const lines = ['nhs_number,patient,age,sex,admitted,discharged,ward,score,note'];
    const nhs = (i: number): string => {
      for (let k = i * 3; ; k++) {
        const first9 = String(600000000 + k * 7919);
        const sum = [...first9].reduce((s, d, j) => s + Number(d) * (10 - j), 0);
        const check = 11 - (sum % 11);
        if (check === 10) continue;
        return first9 + (check === 11 ? 0 : check);
      }
    };
    for (let i = 0; i < 3000; i++) {
      const day = 1 + Math.floor(rng.next() * 28);
      const stay = Math.floor(-3 * Math.log(1 - rng.next()));
      lines.push([nhs(i), `P${String(Math.floor(i / 3)).padStart(5, '0')}`, 18 + Math.floor(rng.next() * 70), rng.next() < 0.5 ? 'F' : 'M',
        `2024-03-${String(day).padStart(2, '0')}`, `2024-04-${String(Math.min(28, day + stay)).padStart(2, '0')}`,
        ['A1', 'B2', 'C3', 'D4'][Math.floor(rng.next() * 4)], (rng.next() * 40).toFixed(1), rng.next() < 0.3 ? '' : `seen ${i % 17}`].join(','));
    }
    fs.writeFileSync(source, lines.join('\n') + '\n');
  });

  const configs = [
    { level: 'structural' }, { level: 'statistical' }, { level: 'statistical', epsilon: 2 },
    { level: 'correlated', method: 'copula' }, { level: 'correlated', method: 'cart' }, { level: 'correlated', method: 'privbayes', epsilon: 2 },
  ];
  for (const c of configs) {
    const name = `${c.method ?? c.level}${c.epsilon ? ` ε=${c.epsilon}` : ''}`;
    it(`${name}: threads 1, 2 and 3 write the same bytes (4,321 rows in batches of 1,000: the last not full)`, async () => {
      const hashes: string[] = [];
      for (const threads of [1, 2, 3]) {
        const out = nodePath.join(dir, `${name.replace(/\W/g, '_')}-${threads}.csv`);
        await generateTwin({ input: source, ...c, rows: 4321, seed: 7, out, threads, batchRows: 1000 });
        assert.equal(fs.readFileSync(out, 'utf8').trimEnd().split('\n').length, 4322);
        hashes.push(sha(out));
      }
      assert.deepEqual(hashes, [hashes[0], hashes[0], hashes[0]], name);
      assert.deepEqual(tempsIn(dir), []);
    });
  }

  it('a batch is the same whichever batches were drawn before it, and in whatever order', async () => {
    const { recipe } = await generateTwin({ input: source, level: 'statistical', rows: 10, out: nodePath.join(dir, 'order.csv') });
    const metadata = recipe.metadata as Metadata;
    const model = await findGenerator('statistical').fit({ metadata }, { rng: createRandom(3).fork('fit') });
    const ascending = twinBatchesOf(model, metadata, 5000, 3, undefined, 1000);
    const descending = twinBatchesOf(model, metadata, 5000, 3, undefined, 1000);
    const key = (i: number, b: typeof ascending): string => JSON.stringify(b.batch(i).columns.map((col) => (col.data.kind === 'number' ? [...col.data.values] : col.data.kind === 'category' ? [...col.data.codes] : col.data.values)));
    const up = [0, 1, 2, 3, 4].map((i) => key(i, ascending));
    const down = [4, 3, 2, 1, 0].map((i) => key(i, descending)).reverse();
    assert.deepEqual(down, up);
    // The unique key stays unique across batches drawn separately.
    const nhs = [0, 1, 2, 3, 4].flatMap((i) => ascending.batch(i).columns[0].data as { values: string[] }).flatMap((d) => d.values);
    assert.equal(new Set(nhs).size, 5000);
  });

  it('a recipe made with one thread reproduces byte for byte with two, and records no thread count', async () => {
    const out = nodePath.join(dir, 'big.csv');
    // 300,000 rows: five batches of the model's own size, enough for threads to be used.
    const made = await generateTwin({ input: source, level: 'statistical', rows: 300_000, seed: 11, out, threads: 1 });
    const recipeText = fs.readFileSync(made.recipePath, 'utf8');
    assert.ok(!/thread/i.test(recipeText));
    const again = await reproduceRecipe(made.recipePath, { out: nodePath.join(dir, 'big-again.csv'), threads: 2 });
    assert.ok(again.identical);
    assert.equal(sha(nodePath.join(dir, 'big-again.csv')), sha(out));
  });

  it('a parallel run cancelled while it writes leaves no temp file and no twin', async () => {
    const out = nodePath.join(dir, 'cancelled.csv');
    const controller = new AbortController();
    const timer = setInterval(() => {
      if (fs.readdirSync(dir).some((f) => f.startsWith('.cancelled.csv.'))) controller.abort();
    }, 5);
    try {
      await assert.rejects(generateTwin({ input: source, level: 'structural', rows: 400_000, out, threads: 2 }, { signal: controller.signal }));
    } finally {
      clearInterval(timer);
    }
    assert.ok(controller.signal.aborted, 'the writer started');
    assert.deepEqual(tempsIn(dir), []);
    assert.ok(!fs.existsSync(out));
  });

  it('refuses a thread count below 1 in one line', async () => {
    await assert.rejects(generateTwin({ input: source, level: 'structural', rows: 10, out: nodePath.join(dir, 'zero.csv'), threads: 0 }), /threads must be a whole number of at least 1, got 0/);
  });
});
