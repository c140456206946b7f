import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as nodePath from 'node:path';
import { isTwinError } from '../../../src/core/errors';
import { openDataset } from '../../../src/core/io';
import type { CategoryMetadataColumn, Metadata, NumberMetadataColumn } from '../../../src/core/metadata';
import { isValidNhsNumber } from '../../../src/core/nhsNumber';
import { columnSpecsOf, profileDataset, toMetadata } from '../../../src/core/profile';
import { createRandom } from '../../../src/core/random';
import { generateTwin, readRecipe, reproduceRecipe } from '../../../src/core/synth';
import { loadTable } from '../../../src/core/table/loadTable';
import { writeHospitalAdmissionsSample } from '../../../src/core/sample';
import { requireOrSkip } from '../skip';

const isInputError = (e: unknown) => isTwinError(e) && e.kind === 'input';

/** Writes a small CSV with one column of each kind (NHS numbers outside the 999 range, a rare category, NA missing). */
function writeFixture(dir: string, rows = 400): string {
  const rng = createRandom(77);
  const lines = ['nhs_number,age,score,admitted,ward,smoker,notes'];
  const wards = ['North', 'South', 'East'];
  for (let i = 0; i < rows; i++) {
    let nhs = '';
    for (;;) {
      const first9 = String(400_000_000 + rng.int(99_999_999));
      let sum = 0;
      for (let k = 0; k < 9; k++) sum += Number(first9[k]) * (10 - k);
      const check = (11 - (sum % 11)) % 11;
      if (check === 10) continue;
      nhs = `${first9.slice(0, 3)}-${first9.slice(3, 6)}-${first9.slice(6)}${check}`;
      break;
    }
    const age = 18 + rng.int(70);
    const score = (rng.next() * 100).toFixed(2);
    const d = new Date(Date.UTC(2021, 0, 1) + rng.int(365) * 86_400_000);
    const date = `${String(d.getUTCDate()).padStart(2, '0')}/${String(d.getUTCMonth() + 1).padStart(2, '0')}/${d.getUTCFullYear()}`;
    const ward = i === 7 ? 'Isolation' : wards[rng.int(3)];
    const smoker = rng.next() < 0.3 ? 'Y' : 'N';
    const notes = rng.next() < 0.2 ? 'NA' : `patient seen by dr number ${rng.int(1000)} and discharged`;
    lines.push([nhs, i % 20 === 0 ? 'NA' : age, score, date, ward, smoker, notes].join(','));
  }
  const path = nodePath.join(dir, 'admissions.csv');
  fs.writeFileSync(path, lines.join('\n') + '\n');
  return path;
}

/**
 * Column specs for comparing a twin's re-profile with its source's. Two things may legitimately
 * differ: NHS-number fakes always carry valid check digits (the A&E file's IDs mostly do not), so a
 * twin may gain checkDigit 'nhs-mod11'; and a categorical column's informational shape is decided
 * by the profiler on a 2,000-value sample at a 90% share, which the built-in sample's ICD-10 codes
 * straddle (89.5% have the A99.9 shape), so it may appear in one profile and not the other.
 */
function comparableSpecs(specs: ReturnType<typeof columnSpecsOf>): unknown[] {
  return specs.map((c) => {
    if (c.format.kind !== 'string') return c;
    const { checkDigit: _c, shape, shapes, ...rest } = c.format;
    return { ...c, format: c.type === 'categorical' ? rest : { ...rest, shape, shapes } };
  });
}

async function metadataOf(path: string): Promise<Metadata> {
  return toMetadata(await profileDataset(await openDataset(path)));
}

function listDir(dir: string): string[] {
  return fs.readdirSync(dir).sort();
}

function csvRows(path: string): string[][] {
  return fs.readFileSync(path, 'utf8').trimEnd().split('\n').slice(1).map((l) => l.split(','));
}

describe('synth/generateTwin', function () {
  this.timeout(60_000);
  let dir: string;
  let source: string;
  before(() => {
    dir = fs.mkdtempSync(nodePath.join(os.tmpdir(), 'twin-synth-'));
    source = writeFixture(dir);
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('writes <name>.synthetic.csv and <name>.twin.json beside the input, same header and row count', async () => {
    const { outPath, recipePath, recipe } = await generateTwin({ input: source, level: 'statistical' });
    assert.equal(outPath, nodePath.join(dir, 'admissions.synthetic.csv'));
    assert.equal(recipePath, nodePath.join(dir, 'admissions.twin.json'));
    const text = fs.readFileSync(outPath, 'utf8');
    assert.equal(text.split('\n')[0], 'nhs_number,age,score,admitted,ward,smoker,notes');
    // The twin has the published row count: the real 400 perturbed by the cell-key method (±2).
    assert.ok(Math.abs(recipe.rows - 400) <= 2, `rows ${recipe.rows}`);
    assert.equal(recipe.rows, recipe.metadata.dataset.rows);
    assert.equal(csvRows(outPath).length, recipe.rows);
    assert.equal(recipe.seed, 1);
    assert.equal(recipe.source.kind, 'data');
    assert.equal((recipe.source.fingerprint as { method?: string }).method, 'hmac-sha256');
    assert.deepEqual(Object.keys(recipe.source.fingerprint).sort(), ['hmac', 'method'], 'no raw size or SHA-256 of the source');
    assert.equal(recipe.output.fingerprint.bytes, fs.statSync(outPath).size);
    assert.deepEqual(recipe.columns.map((c) => c.action), ['faked', 'modelled', 'modelled', 'modelled', 'modelled', 'modelled', 'faked']);
    const onDisk = await readRecipe(recipePath);
    assert.equal(onDisk.format, 'twin-recipe/1');
    assert.equal(onDisk.metadata.format, 'twin-metadata/1');
  });

  it('records the twin’s size and SHA-256 (hashed as it is written) and embeds associations only when asked', async () => {
    const plain = await generateTwin({ input: source, level: 'correlated', out: nodePath.join(dir, 'assoc-none.csv') });
    const bytes = fs.readFileSync(plain.outPath);
    assert.deepEqual(plain.recipe.output.fingerprint, { bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') });
    // No generator uses pairwise associations, so a plain twin skips computing them.
    assert.equal(plain.recipe.metadata.associations, undefined);
    const withPairs = await generateTwin({ input: source, level: 'correlated', associationRows: 50_000, out: nodePath.join(dir, 'assoc-pairs.csv') });
    assert.ok((withPairs.recipe.metadata.associations?.pairs.length ?? 0) > 0);
    assert.ok(fs.readFileSync(withPairs.outPath).equals(bytes), 'the twin itself does not depend on them');
  });

  it('gives the same bytes for the same seed, other bytes for another seed, and reproduces from the recipe', async () => {
    for (const level of ['structural', 'statistical']) {
      const a = await generateTwin({ input: source, level, seed: 5, out: nodePath.join(dir, `a-${level}.csv`) });
      const b = await generateTwin({ input: source, level, seed: 5, out: nodePath.join(dir, `b-${level}.csv`) });
      const c = await generateTwin({ input: source, level, seed: 6, out: nodePath.join(dir, `c-${level}.csv`) });
      const bytesA = fs.readFileSync(a.outPath);
      assert.ok(bytesA.equals(fs.readFileSync(b.outPath)), `${level}: same seed differs`);
      assert.ok(!bytesA.equals(fs.readFileSync(c.outPath)), `${level}: other seed equal`);
      fs.rmSync(a.outPath);
      const again = await reproduceRecipe(a.recipePath);
      assert.equal(again.outPath, a.outPath);
      assert.equal(again.identical, true);
      assert.ok(fs.readFileSync(a.outPath).equals(bytesA));
    }
  });

  it('fakes identifiers that match no source identifier and carry valid check digits', async () => {
    const { outPath } = await generateTwin({ input: source, level: 'statistical', out: nodePath.join(dir, 'ids.csv') });
    const real = new Set(csvRows(source).map((r) => r[0]));
    const fake = csvRows(outPath).map((r) => r[0]);
    assert.equal(new Set(fake).size, fake.length);
    for (const id of fake) {
      assert.ok(!real.has(id), id);
      assert.match(id, /^999-\d{3}-\d{4}$/);
      assert.ok(isValidNhsNumber(id));
    }
    for (const notes of csvRows(outPath).map((r) => r[6])) assert.ok(!/patient|discharged/.test(notes));
  });

  it('generates from metadata.json alone: only published categories, values within bounds, source formats', async () => {
    const metadata = await metadataOf(source);
    const metaPath = nodePath.join(dir, 'admissions.metadata.json');
    fs.writeFileSync(metaPath, JSON.stringify(metadata));
    const ward = metadata.columns.find((c) => c.name === 'ward') as CategoryMetadataColumn;
    const published = new Set(ward.categories.map((c) => c.value));
    assert.ok(!published.has('Isolation'), 'the rare ward is suppressed in the metadata');
    for (const level of ['structural', 'statistical']) {
      const { outPath, recipe } = await generateTwin({ input: metaPath, level, rows: 2000, seed: 3 });
      assert.equal(outPath, nodePath.join(dir, 'admissions.synthetic.csv'));
      assert.equal(recipe.source.kind, 'metadata');
      const rows = csvRows(outPath);
      assert.equal(rows.length, 2000);
      for (const r of rows) {
        assert.ok(r[4] === '' || published.has(r[4]), `${level}: ward ${r[4]}`);
        assert.ok(r[5] === 'Y' || r[5] === 'N');
        assert.match(r[3], /^\d{2}\/\d{2}\/2021$/);
        assert.match(r[2], /^\d+\.\d{2}$/);
        if (r[1] !== 'NA' && r[1] !== '') assert.match(r[1], /^\d+$/);
      }
      const ages = rows.map((r) => Number(r[1])).filter((v) => Number.isFinite(v) && v > 0);
      // Beyond the bounds only on a side with a published tail model, and about as often as it says.
      const age = metadata.columns.find((c) => c.name === 'age')! as NumberMetadataColumn;
      const below = ages.filter((a) => a < age.bounds.lower).length / ages.length;
      const above = ages.filter((a) => a > age.bounds.upper).length / ages.length;
      assert.ok(age.tails?.below ? below < age.tails.below.share * 2 + 0.01 : below === 0, `${level}: ${below} below`);
      assert.ok(age.tails?.above ? above < age.tails.above.share * 2 + 0.01 : above === 0, `${level}: ${above} above`);
      assert.ok(ages.every((a) => a >= 0), 'ages never negative (the natural limit)');
      const missingAge = rows.filter((r) => r[1] === 'NA' || r[1] === '').length / rows.length;
      assert.ok(Math.abs(missingAge - 0.05) < 0.02, `missing age ${missingAge}`);
    }
  });

  it('refuses correlated twins from metadata.json, and bad requests, writing nothing', async () => {
    const sub = fs.mkdtempSync(nodePath.join(dir, 'bad-'));
    const metadata = await metadataOf(source);
    const metaPath = nodePath.join(sub, 'm.json');
    fs.writeFileSync(metaPath, JSON.stringify(metadata));
    const other = nodePath.join(sub, 'v2.json');
    fs.writeFileSync(other, JSON.stringify({ ...metadata, format: 'twin-metadata/2' }));
    const recipeBad = nodePath.join(sub, 'bad.twin.json');
    fs.writeFileSync(recipeBad, '{ "format": "twin-recipe/1", ');
    const csv = nodePath.join(sub, 'data.csv');
    fs.copyFileSync(source, csv);
    const before = listDir(sub);
    await assert.rejects(generateTwin({ input: metaPath, level: 'correlated' }), (e: unknown) => isInputError(e) && /correlated twins need the real data; metadata.json holds only one-way summaries/.test((e as Error).message));
    await assert.rejects(generateTwin({ input: other, level: 'statistical' }), (e: unknown) => isInputError(e) && /twin-metadata\/2 is not supported/.test((e as Error).message));
    await assert.rejects(reproduceRecipe(recipeBad), (e: unknown) => isInputError(e) && /malformed recipe/.test((e as Error).message));
    await assert.rejects(generateTwin({ input: csv, level: 'structural', rows: 0 }), isInputError);
    await assert.rejects(generateTwin({ input: csv, level: 'statistical', epsilon: -1 }), isInputError);
    await assert.rejects(generateTwin({ input: csv, level: 'statistical', out: csv }), (e: unknown) => isInputError(e) && /over the source/.test((e as Error).message));
    await assert.rejects(generateTwin({ input: csv, level: 'statistical', method: 'nope' }), (e: unknown) => isInputError(e) && /choose one of/.test((e as Error).message));
    await assert.rejects(generateTwin({ input: metaPath, level: 'statistical', epsilon: 1 }), isInputError);
    assert.deepEqual(listDir(sub), before);
    assert.ok(fs.readFileSync(csv).equals(fs.readFileSync(source)));
  });

  it('with epsilon: records the mechanism, split and guarantee, and reproduces after checking the source', async () => {
    const copy = nodePath.join(dir, 'dp.csv');
    fs.copyFileSync(source, copy);
    const { outPath, recipePath, recipe } = await generateTwin({ input: copy, level: 'statistical', epsilon: 1, seed: 4 });
    assert.equal(recipe.epsilon, 1);
    assert.match(recipe.model.privacy!.guarantee, /^1-differential privacy for the released one-way marginals/);
    assert.match(recipe.model.privacy!.split, /equally across the 5 modelled columns/);
    const bytes = fs.readFileSync(outPath);
    const again = await reproduceRecipe(recipePath, { out: nodePath.join(dir, 'dp-again.csv') });
    assert.equal(again.identical, true);
    assert.ok(fs.readFileSync(again.outPath).equals(bytes));
    fs.appendFileSync(copy, '999-000-0000,40,1.00,01/01/2021,North,Y,x\n');
    await assert.rejects(reproduceRecipe(recipePath), (e: unknown) => isInputError(e) && /source changed/.test((e as Error).message));
  });

  it('fits correlated twins on the real rows and reproduces them byte for byte from the recipe', async () => {
    const { outPath, recipePath, recipe } = await generateTwin({ input: source, level: 'correlated', seed: 2, out: nodePath.join(dir, 'corr.csv') });
    assert.equal(recipe.method, 'copula');
    assert.equal(recipe.level, 'correlated');
    const again = await reproduceRecipe(recipePath, { out: nodePath.join(dir, 'corr-again.csv') });
    assert.equal(again.identical, true);
    assert.ok(fs.readFileSync(again.outPath).equals(fs.readFileSync(outPath)));
  });

  it('stops on cancellation without leaving an output or temp file', async () => {
    const sub = fs.mkdtempSync(nodePath.join(dir, 'cancel-'));
    const metaPath = nodePath.join(sub, 'm.json');
    fs.writeFileSync(metaPath, JSON.stringify(await metadataOf(source)));
    const controller = new AbortController();
    await assert.rejects(
      generateTwin({ input: metaPath, level: 'statistical', rows: 300_000 }, {
        signal: controller.signal,
        onProgress: (p) => { if (p.stage === 'sampling' && (p.fraction ?? 0) > 0) controller.abort(); },
      }),
      (e: unknown) => isTwinError(e) && e.kind === 'cancelled',
    );
    assert.deepEqual(listDir(sub), ['m.json']);
  });

  it('reports progress through profiling, fitting and sampling', async () => {
    const stages: string[] = [];
    let last = 0;
    await generateTwin({ input: source, level: 'structural', out: nodePath.join(dir, 'p.csv') }, {
      onProgress: (p) => { if (stages[stages.length - 1] !== p.stage) stages.push(p.stage); if (p.stage === 'sampling' && p.fraction !== undefined) last = p.fraction; },
    });
    assert.ok(stages.includes('profiling') && stages.includes('fitting') && stages.includes('sampling'), stages.join());
    assert.equal(last, 1);
  });
});

describe('synth/generateTwin on the built-in sample', function () {
  this.timeout(60_000);
  it('re-profiles to the same schema and never reuses one of the sample’s test-range NHS numbers', async () => {
    const dir = fs.mkdtempSync(nodePath.join(os.tmpdir(), 'twin-synth-sample-'));
    try {
      const input = nodePath.join(dir, 'hospital_admissions.csv');
      await writeHospitalAdmissionsSample(input, { rows: 5000 });
      const { outPath, recipe } = await generateTwin({ input, level: 'statistical' });
      const nhs = recipe.columns.find((c) => c.name === 'nhs_number')!;
      assert.equal(nhs.action, 'faked');
      // The fakes begin 98, the first beginning no sample value has (the sample uses the 999 test range).
      assert.match(nhs.detail, /980 000 0000–989 999 9999/);
      const twinMeta = await metadataOf(outPath);
      assert.deepEqual(comparableSpecs(columnSpecsOf(twinMeta)), comparableSpecs(columnSpecsOf(recipe.metadata)));
      const real = new Set<string>();
      for await (const b of (await openDataset(input)).batches()) for (const row of b.rows) real.add(String(row[0]));
      let n = 0;
      for await (const b of (await openDataset(outPath)).batches()) {
        for (const row of b.rows) {
          n++;
          assert.ok(!real.has(String(row[0])), `twin NHS number ${row[0]} is in the sample`);
          assert.ok(isValidNhsNumber(String(row[0])));
        }
      }
      assert.equal(n, recipe.rows); // the published (perturbed) row count
      assert.ok(Math.abs(n - 5000) <= 2);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

/** KSComplement and TVComplement as METRICS.md defines them (SDMetrics 0.29), missing values dropped. */
function ksComplement(a: number[], b: number[]): number {
  const x = [...a].sort((p, q) => p - q);
  const y = [...b].sort((p, q) => p - q);
  let i = 0;
  let j = 0;
  let d = 0;
  while (i < x.length && j < y.length) {
    const v = Math.min(x[i], y[j]);
    while (i < x.length && x[i] === v) i++;
    while (j < y.length && y[j] === v) j++;
    d = Math.max(d, Math.abs(i / x.length - j / y.length));
  }
  return 1 - d;
}

function tvComplement(a: string[], b: string[]): number {
  const pa = new Map<string, number>();
  const pb = new Map<string, number>();
  for (const v of a) pa.set(v, (pa.get(v) ?? 0) + 1 / a.length);
  for (const v of b) pb.set(v, (pb.get(v) ?? 0) + 1 / b.length);
  let tv = 0;
  for (const k of new Set([...pa.keys(), ...pb.keys()])) tv += Math.abs((pa.get(k) ?? 0) - (pb.get(k) ?? 0));
  return 1 - tv / 2;
}

/** Column Shapes: mean of KSComplement (numbers, dates) and TVComplement (categories) over columns, per twin. */
async function columnShapes(realPath: string, synPaths: string[], metadata: Metadata): Promise<number[]> {
  const specs = columnSpecsOf(metadata).filter((s) => s.type !== 'text' && s.type !== 'identifier');
  const real = (await loadTable(await openDataset(realPath), specs)).table;
  const out: number[] = [];
  for (const synPath of synPaths) {
    const syn = (await loadTable(await openDataset(synPath), specs)).table;
    const scores: number[] = [];
    for (let k = 0; k < specs.length; k++) {
      const r = real.columns[k].data;
      const s = syn.columns[k].data;
      if (r.kind === 'number' && s.kind === 'number') {
        scores.push(ksComplement([...r.values].filter((v) => !Number.isNaN(v)), [...s.values].filter((v) => !Number.isNaN(v))));
      } else if (r.kind === 'category' && s.kind === 'category') {
        const labels = (d: typeof r) => [...d.codes].filter((c) => c >= 0).map((c) => d.categories[c]);
        scores.push(tvComplement(labels(r), labels(s)));
      }
    }
    out.push(scores.reduce((a, b) => a + b, 0) / scores.length);
  }
  return out;
}

describe('synth/generateTwin on real datasets', function () {
  this.timeout(120_000);
  const data = nodePath.resolve(__dirname, '../../../../shared/data');
  let dir: string;
  before(function () {
    requireOrSkip(this, fs.existsSync(nodePath.join(data, 'adult/adult.csv')), '../shared/data/adult is not present');
    dir = fs.mkdtempSync(nodePath.join(os.tmpdir(), 'twin-synth-real-'));
  });
  after(() => { if (dir) fs.rmSync(dir, { recursive: true, force: true }); });

  it('adult: statistical column shapes ≥ 0.95, structural visibly lower', async () => {
    const adult = nodePath.join(data, 'adult/adult.csv');
    const stat = await generateTwin({ input: adult, level: 'statistical', out: nodePath.join(dir, 'adult.statistical.csv') });
    // The structural twin from the same metadata, as a researcher outside the TRE would make it.
    const metaPath = nodePath.join(dir, 'adult.metadata.json');
    fs.writeFileSync(metaPath, JSON.stringify(stat.recipe.metadata));
    const struct = await generateTwin({ input: metaPath, level: 'structural', out: nodePath.join(dir, 'adult.structural.csv') });
    const [statScore, structScore] = await columnShapes(adult, [stat.outPath, struct.outPath], stat.recipe.metadata);
    console.log(`      column shapes on adult: statistical ${statScore.toFixed(4)}, structural ${structScore.toFixed(4)}`);
    assert.ok(statScore >= 0.95, `statistical column shapes ${statScore}`);
    assert.ok(structScore < statScore - 0.1, `structural ${structScore} vs statistical ${statScore}`);
  });

  for (const [rel, level] of [['adult/adult.csv', 'statistical'], ['ae/hospital_ae_data.csv', 'statistical'], ['ae/hospital_ae_data.csv', 'structural'], ['nhsr/stranded_data.csv', 'statistical'], ['nhsr/stranded_data.csv', 'structural']]) {
    it(`${rel} (${level}): the twin re-profiles to the same column names, order, types and formats, and matches no source identifier`, async () => {
      const input = nodePath.join(data, rel);
      const { outPath, recipe } = await generateTwin({ input, level, out: nodePath.join(dir, `${nodePath.basename(rel, '.csv')}.${level}.csv`) });
      const twinMeta = await metadataOf(outPath);
      assert.deepEqual(comparableSpecs(columnSpecsOf(twinMeta)), comparableSpecs(columnSpecsOf(recipe.metadata)));
      const src = (await openDataset(input));
      const idColumns = recipe.metadata.columns.filter((c) => c.type === 'identifier').map((c) => src.columnNames.indexOf(c.name));
      if (idColumns.length === 0) return;
      const real = new Set<string>();
      for await (const b of src.batches()) for (const row of b.rows) for (const k of idColumns) real.add(String(row[k]));
      const twin = await openDataset(outPath);
      for await (const b of twin.batches()) for (const row of b.rows) for (const k of idColumns) assert.ok(!real.has(String(row[k])), `identifier ${row[k]} is in the source`);
    });
  }
});
