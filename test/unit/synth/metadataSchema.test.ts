import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { isTwinError } from '../../../src/core/errors';
import type { CategoryMetadataColumn, Metadata } from '../../../src/core/metadata';
import { metadataToJson } from '../../../src/core/metadataJson';
import { profileFile, toMetadata } from '../../../src/core/profile';
import { writeHospitalAdmissionsSample } from '../../../src/core/sample/hospitalAdmissions';
import { checkMetadata, generateTwin } from '../../../src/core/synth';

/** metadata.json read back: schema-checked, one line per problem naming the field (issue 16 item 4). */
describe('metadata.json validated on read', function () {
  this.timeout(120_000);
  let dir: string;
  let written: Record<string, unknown>;

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'twin-metadata-schema-'));
    const sample = path.join(dir, 'admissions.csv');
    await writeHospitalAdmissionsSample(sample, { rows: 1500, seed: 7 });
    const { profile } = await profileFile(sample, {});
    written = JSON.parse(metadataToJson(toMetadata(profile))) as Record<string, unknown>;
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  /** A copy of the metadata as written, edited. */
  const edited = (edit: (m: any) => void): unknown => {
    const m = JSON.parse(JSON.stringify(written));
    edit(m);
    return m;
  };
  const indexOf = (type: string): number => (written.columns as { type: string }[]).findIndex((c) => c.type === type);
  const refused = (json: unknown, message: RegExp): void => {
    assert.throws(() => checkMetadata(json, 'metadata.json'), (e: unknown) => {
      assert.ok(isTwinError(e) && e.kind === 'input', String(e));
      assert.ok(!(e as Error).message.includes('\n'), 'one line');
      assert.match((e as Error).message, message);
      return true;
    });
  };

  it('reads what twin profile wrote (dates as ISO 8601)', () => {
    const m = checkMetadata(written, 'metadata.json');
    assert.equal(m.columns.length, (written.columns as unknown[]).length);
  });

  it('refuses negative counts, reversed bounds, a missing share above 1, no columns and an unknown type, naming the field', () => {
    const cat = indexOf('categorical');
    const num = indexOf('integer');
    const name = (i: number) => (written.columns as { name: string }[])[i].name;
    refused(edited((m) => { m.columns[cat].categories[0].count = -5; }), new RegExp(`^metadata\\.json, column "${name(cat)}": malformed metadata: columns\\[${cat}\\]\\.categories\\[0\\]\\.count: must be ≥ 0$`));
    refused(edited((m) => { const b = m.columns[num].bounds; [b.lower, b.upper] = [b.upper + 1, b.lower]; }), new RegExp(`columns\\[${num}\\]\\.bounds: lower must be ≤ upper$`));
    refused(edited((m) => { m.columns[3].missing = 1.5; }), /columns\[3\]\.missing: must be ≤ 1$/);
    refused(edited((m) => { m.columns = []; }), /^metadata\.json: malformed metadata: columns: must have at least 1 item$/);
    refused(edited((m) => { m.columns[0].type = 'money'; }), /columns\[0\]\.type: must be one of "numeric", "integer", "categorical", "boolean", "date", "datetime", "text", "identifier"$/);
    refused(edited((m) => { m.dataset.rows = -1; }), /dataset\.rows: must be ≥ 0$/);
    refused(edited((m) => { delete m.columns[num].bounds; }), new RegExp(`columns\\[${num}\\]\\.bounds: is required$`));
    refused(edited((m) => { m.columns[num].histogram.edges.reverse(); }), new RegExp(`columns\\[${num}\\]\\.histogram\\.edges: must be in ascending order`));
    refused(edited((m) => { m.columns[num].histogram.counts.push(10); }), new RegExp(`columns\\[${num}\\]\\.histogram: must have one count per bin`));
    refused(edited((m) => { m.columns[cat].categories.push({ ...m.columns[cat].categories[0] }); }), /categories\[\d+\]\.value: duplicate category$/);
    const date = (written.columns as { type: string }[]).findIndex((c) => c.type === 'date' || c.type === 'datetime');
    refused(edited((m) => { m.columns[date].bounds.lower = '2021-13-45'; }), new RegExp(`columns\\[${date}\\]\\.bounds\\.lower: must be a number or an ISO 8601 date`));
    refused(edited((m) => { m.columns[date].bounds.lower = 'last year'; }), new RegExp(`columns\\[${date}\\]\\.bounds\\.lower: must be a number or an ISO 8601 date`));
  });

  it('generates from a 300,000-category column in one pass over the categories (no quadratic lookups)', async () => {
    const base = checkMetadata(written, 'metadata.json');
    const cat = base.columns.findIndex((c) => c.type === 'categorical');
    const column = base.columns[cat] as CategoryMetadataColumn;
    const n = 300_000;
    column.categories = Array.from({ length: n }, (_, i) => ({ value: `c${i}`, count: i < 10 ? 100_000 : 10 }));
    delete column.other;
    const big: Metadata = { ...base, columns: base.columns.map((c, i) => (i === cat ? column : c)), rules: [] };
    const file = path.join(dir, 'big.metadata.json');
    fs.writeFileSync(file, JSON.stringify(big));
    const out = path.join(dir, 'big.synthetic.csv');
    // A lookup per category by scanning the list (the old code) takes 4.5·10¹⁰ string comparisons here: far beyond this test's timeout.
    const result = await generateTwin({ input: file, level: 'statistical', rows: 2000, seed: 3, out });
    assert.equal(result.recipe.rows, 2000);
    const { profile } = await profileFile(out, {});
    const drawn = profile.columns.find((c) => c.spec.name === column.name)!;
    assert.ok(drawn, 'the column is in the twin');
    // Ten categories carry 10⁶ of the 4.0·10⁶ published records: about a quarter of the twin's values.
    const text = fs.readFileSync(out, 'utf8');
    const header = text.split('\n')[0].split(',');
    const at = header.indexOf(column.name);
    const values = text.trimEnd().split('\n').slice(1).map((l) => l.split(',')[at]);
    const present = values.filter((v) => v !== '').length;
    const heavy = values.filter((v) => /^c\d$/.test(v)).length / present;
    assert.ok(heavy > 0.2 && heavy < 0.3, `${heavy} of the values in the ten heavy categories (expected about 0.25)`);
    assert.ok(values.every((v) => v === '' || /^c\d+$/.test(v)), 'only published categories are drawn');
  });
});
