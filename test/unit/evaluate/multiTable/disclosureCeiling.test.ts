import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { disclosedTable, disclosureCeiling } from '../../../../src/core/evaluate/multiTable/disclosureCeiling';
import type { ColumnData } from '../../../../src/core/schema';
import { readTables } from '../../../../src/core/synth/linked';

/** Labels of a category column, row by row. */
const labels = (d: ColumnData): (string | null)[] => {
  assert.equal(d.kind, 'category');
  return Array.from(d.codes, (c) => (c < 0 ? null : d.categories[c]));
};

describe('evaluate: the disclosure ceiling of a table (the real rows under the twin\'s disclosure, scored by the quality report)', () => {
  let dir: string;
  before(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'twin-ceiling-')); });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  /** 100 rows, one per person: ward A × 60, B × 35, and Z × 5 (held by 5 < k = 10 persons: never published). */
  async function fixture(withNumber: boolean) {
    const lines = [withNumber ? 'ward,score' : 'ward'];
    for (let i = 0; i < 100; i++) {
      const ward = i < 60 ? 'A' : i < 95 ? 'B' : 'Z';
      lines.push(withNumber ? `${ward},${(i * 37) % 50}` : ward);
    }
    const file = path.join(dir, withNumber ? 'wards2.csv' : 'wards.csv');
    fs.writeFileSync(file, lines.join('\n') + '\n');
    const [t] = await readTables([{ name: 'wards', path: file }], { withRows: true });
    return t;
  }

  it('replaces every unpublishable category by a published one, numbers on the published bounds, and leaves every other value as it is', async () => {
    const t = await fixture(true);
    const ward = t.metadata.columns.find((c) => c.name === 'ward')!;
    assert.ok(ward.type === 'categorical' && !ward.categories.some((c) => c.value === 'Z'), 'Z is not published');
    const disclosed = disclosedTable(t.metadata, t.table!);
    const real = labels(t.table!.columns.find((c) => c.spec.name === 'ward')!.data);
    const twin = labels(disclosed.columns.find((c) => c.spec.name === 'ward')!.data);
    assert.equal(twin.length, 100);
    for (let i = 0; i < 100; i++) {
      if (real[i] === 'Z') assert.ok(twin[i] === 'A' || twin[i] === 'B', `row ${i}: ${twin[i]}`);
      else assert.equal(twin[i], real[i]);
    }
    const realScore = t.table!.columns.find((c) => c.spec.name === 'score')!.data as { values: Float64Array };
    const twinScore = disclosed.columns.find((c) => c.spec.name === 'score')!.data as { values: Float64Array };
    const meta = t.metadata.columns.find((c) => c.name === 'score')!;
    assert.ok(meta.type === 'integer' || meta.type === 'numeric');
    const { lower, upper } = meta.bounds;
    realScore.values.forEach((v, i) => {
      // Inside the published bounds a value is kept; beyond them it is put on the bound, or kept where a tail model would draw it.
      if (v >= lower && v <= upper) assert.equal(twinScore.values[i], v, `row ${i}`);
      else assert.ok(twinScore.values[i] === v || twinScore.values[i] === (v < lower ? lower : upper), `row ${i}`);
    });
    assert.ok(Array.from(realScore.values).some((v) => v >= lower && v <= upper && v !== lower && v !== upper), 'the fixture has values inside the bounds');
  });

  it('scores 1 − the share of rows whose category may not be emitted on a one-column table (TVComplement of the moved 5%)', async () => {
    const t = await fixture(false);
    const ceiling = disclosureCeiling(t.metadata, t.table!);
    assert.ok(ceiling !== null && Math.abs(ceiling - 0.95) < 1e-9, `ceiling ${ceiling}`);
  });

  it('is null when every column is left out, and 1 for a column whose every category is published', async () => {
    const t = await fixture(false);
    assert.equal(disclosureCeiling(t.metadata, t.table!, ['ward']), null);
    const lines = ['ward', ...Array.from({ length: 100 }, (_, i) => (i < 60 ? 'A' : 'B'))];
    const file = path.join(dir, 'common.csv');
    fs.writeFileSync(file, lines.join('\n') + '\n');
    const [c] = await readTables([{ name: 'common', path: file }], { withRows: true });
    assert.equal(disclosureCeiling(c.metadata, c.table!), 1);
  });
});
