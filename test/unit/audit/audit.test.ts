import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { auditPack, type AuditFinding } from '../../../src/core/audit';
import { cleanMetadata, REAL_ROWS, sha256Of, tempDir, writePack, writeRealData } from './fixtures';
import { openDataset } from '../../../src/core/io';
import { metadataToJson } from '../../../src/core/metadataJson';
import { profileDataset, toMetadata } from '../../../src/core/profile';
import { createRandom } from '../../../src/core/random';
import { generateTwin } from '../../../src/core/synth/generateTwin';

/** One planted leak per check family; each must be caught, and the clean pack must pass. */
describe('twin audit: planted leaks', function () {
  const root = tempDir('plant');
  const real = writeRealData(root);
  let n = 0;
  const audit = async (plant: (files: Record<string, string>) => void) => {
    const dir = writePack(path.join(root, `pack${++n}`), plant);
    return (await auditPack(real, dir)).report;
  };
  const withMetadata = (edit: (m: any) => void) => (files: Record<string, string>) => {
    const m = cleanMetadata();
    edit(m);
    files['metadata.json'] = JSON.stringify(m, null, 2);
  };
  const only = (findings: AuditFinding[], check: string) => findings.filter((f) => f.check === check);

  it('passes the clean pack: no finding in any file', async function () {
    const report = await audit(() => {});
    assert.deepEqual(report.findings, []);
    assert.equal(report.status, 'pass');
    assert.deepEqual(report.files.map((f) => f.file), ['DATA_CARD.md', 'analysis.py', 'evaluation.json', 'metadata.json', 'wards.synthetic.csv']);
    assert.equal(report.threshold, 10);
  });

  it('catches a count below k (a real histogram cell of 3)', async function () {
    const report = await audit((files) => {
      files['evaluation.json'] = JSON.stringify({ columns: [{ column: 'ward', categories: ['North Wing', 'Ward Omega'], real: { counts: [35, 4] } }] });
    });
    const f = only(report.findings, 'small-cell');
    assert.equal(f.length, 1, JSON.stringify(report.findings));
    assert.equal(f[0].file, 'evaluation.json');
    assert.equal(f[0].where, '$.columns[0].real.counts[1]');
    assert.equal(f[0].column, 'ward');
    assert.equal(report.status, 'fail');
    // ... and the rare ward's name beside it
    assert.equal(only(report.findings, 'rare-value').length, 1);
  });

  it('catches the exact real maximum (99, held by one person) as a published bound', async function () {
    const report = await audit(withMetadata((m) => { m.columns[2].bounds.upper = 99; }));
    const f = only(report.findings, 'exact-extreme');
    assert.equal(f.length, 1, JSON.stringify(report.findings));
    assert.equal(f[0].where, '$.columns[2].bounds.upper');
    assert.match(f[0].message, /maximum/);
  });

  it('catches a quantile that is one person\'s value (age 23) but not a rounded value no one holds exactly (45)', async function () {
    const report = await audit(withMetadata((m) => { m.columns[2].quantiles = { p: [0, 0.25, 0.5, 1], values: [40, 23, 45, 50] }; }));
    const f = only(report.findings, 'rare-number');
    assert.deepEqual(f.map((x) => x.where), ['$.columns[2].quantiles.values[1]']);
  });

  it('catches a rare category named in a document, and an identifier in the starter code', async function () {
    const report = await audit((files) => {
      files['DATA_CARD.md'] += '\nSmall wards: Ward Zeta.\n';
      files['analysis.py'] += '# check patient P0042 first\n';
    });
    const rare = only(report.findings, 'rare-value');
    assert.equal(rare.length, 1, JSON.stringify(report.findings));
    assert.deepEqual([rare[0].file, rare[0].where, rare[0].column], ['DATA_CARD.md', 'line 5', 'ward']);
    const ids = only(report.findings, 'identifier');
    assert.deepEqual(ids.map((x) => [x.file, x.where, x.column]), [['analysis.py', 'line 4', 'id']]);
    // Findings never carry the value itself.
    assert.ok(!JSON.stringify(report).includes('Ward Zeta') && !JSON.stringify(report).includes('P0042'));
  });

  it('catches the exact row count and an exact missing share', async function () {
    const report = await audit(withMetadata((m) => { m.dataset.rows = REAL_ROWS; m.columns[2].missing = 3 / REAL_ROWS; }));
    const f = only(report.findings, 'derivable');
    assert.deepEqual(f.map((x) => x.where).sort(), ['$.columns[2].missing', '$.dataset.rows'], JSON.stringify(report.findings));
  });

  it('catches suppressed categories derivable from a rounded total minus rounded counts', async function () {
    // 65 rows (rounded) − 35 − 25 = 5: the three dropped small wards (7 rows) to within ±2.
    const report = await audit(withMetadata((m) => {
      m.columns[1].categories = [{ value: 'North Wing', count: 35 }, { value: 'South Wing', count: 25 }];
      delete m.columns[1].other;
    }));
    const f = only(report.findings, 'derivable');
    assert.equal(f.length, 1, JSON.stringify(report.findings));
    assert.deepEqual([f[0].where, f[0].column], ['$.columns[1].categories', 'ward']);
  });

  it('catches the raw SHA-256 and byte size of the source', async function () {
    const report = await audit(withMetadata((m) => { m.dataset.fingerprint = { bytes: fs.statSync(real).size, sha256: sha256Of(real) }; }));
    const f = only(report.findings, 'fingerprint');
    assert.deepEqual(f.map((x) => x.where).sort(), ['$.dataset.fingerprint.bytes', '$.dataset.fingerprint.sha256']);
  });

  it('catches twin rows that copy a unique real row, carry a rare category or a real identifier', async function () {
    const report = await audit((files) => {
      files['wards.synthetic.csv'] += 'F0100,South Wing,23\nF0102,South Wing,24\nF0101,Ward Zeta,40\nP0007,North Wing,40\n';
    });
    const byCheck = Object.fromEntries(report.findings.map((f) => [f.check, f]));
    // Twins drawn from the metadata alone never give those rows: two copies against none in ten
    // reference twins of the same size is p = (1/11)² (no recipe here: copies are read against chance).
    assert.equal(byCheck['unique-row']?.message, '2 twin rows equal a real row that is unique in the real data (none in 10 twins drawn from the pack\'s metadata.json alone: p = 0.0083 < 0.01)');
    assert.equal(byCheck['rare-value']?.column, 'ward');
    assert.equal(byCheck['identifier']?.column, 'id');
    assert.equal(report.files.find((f) => f.file === 'wards.synthetic.csv')?.status, 'fail');
  });

  it('catches a twin value beyond the bounds equal to a real extreme (99, held once), not one no real person holds (80)', async function () {
    const report = await audit((files) => {
      files['wards.synthetic.csv'] += 'F0100,North Wing,99\nF0101,North Wing,80\n';
    });
    const f = only(report.findings, 'tail-replay');
    assert.equal(f.length, 1, JSON.stringify(report.findings));
    assert.deepEqual([f[0].file, f[0].column, f[0].message], ['wards.synthetic.csv', 'age', '1 twin rows carry a real value beyond the published bounds held by fewer than 10 persons (a replayed extreme)']);
  });

  it('catches a tail model resting on fewer than k persons beyond its bound, and a tail value one person holds', async function () {
    // 7 real persons are older than 50, each alone at their age.
    const report = await audit(withMetadata((m) => { m.columns[2].tails = { above: { share: 0.1, scale: 10, shape: 0, masses: [{ value: 99, share: 0.2 }] } }; }));
    const f = only(report.findings, 'tail-model');
    assert.deepEqual(f.map((x) => [x.where, x.message]), [
      ['columns.age.tails.above', 'a tail model resting on fewer than 10 persons beyond the bound'],
      ['columns.age.tails.above', 'a tail value held by fewer than 10 persons'],
    ]);
    assert.equal(report.status, 'fail');
  });

  it('catches a tail distance model fitted on fewer than k persons outside its masses', async function () {
    // Below 45: 30 persons aged 40 (a mass k persons hold) and 6 aged 21–26, too few for a fitted distance.
    const report = await audit(withMetadata((m) => {
      m.columns[2].bounds.lower = 45;
      m.columns[2].tails = { below: { share: 0.5, scale: 5, shape: 0, masses: [{ value: 40, share: 0.85 }] } };
    }));
    assert.deepEqual(only(report.findings, 'tail-model').map((x) => [x.where, x.message]), [
      ['columns.age.tails.below', 'a tail\'s distance model resting on fewer than 10 persons outside its masses'],
    ]);
    // An end that is not one of the masses fails; the same tail as its mass alone, ending there, passes.
    const end = await audit(withMetadata((m) => {
      m.columns[2].bounds.lower = 45;
      m.columns[2].tails = { below: { share: 0.5, scale: 0, shape: 0, masses: [{ value: 40, share: 1 }], end: 21 } };
    }));
    assert.deepEqual(only(end.findings, 'tail-model').map((x) => x.message), ['a tail end that is not one of its masses (values at least k persons hold)']);
    const masses = await audit(withMetadata((m) => {
      m.columns[2].bounds.lower = 45;
      m.columns[2].tails = { below: { share: 0.5, scale: 0, shape: 0, masses: [{ value: 40, share: 1 }], end: 40 } };
    }));
    assert.deepEqual(only(masses.findings, 'tail-model'), []);
  });

  it('catches a twin with exactly the real row count', async function () {
    const report = await audit((files) => {
      files['wards.synthetic.csv'] += 'F0100,North Wing,40\nF0101,North Wing,40\nF0102,North Wing,40\nF0103,North Wing,40\nF0104,North Wing,40\nF0105,North Wing,40\n';
    });
    assert.deepEqual(report.findings.map((f) => [f.check, f.file]), [['derivable', 'wards.synthetic.csv']]);
  });

  it('reads the report embedded in evaluation.html as JSON', async function () {
    const report = await audit((files) => {
      const json = JSON.stringify({ columns: [{ column: 'age', stats: { real: { max: 99 } } }] }).replace(/</g, '\\u003c');
      files['evaluation.html'] = `<!doctype html><html><body><script type="application/json" id="twin-report">${json}</script></body></html>`;
    });
    assert.deepEqual(report.findings.map((f) => [f.check, f.file, f.where]), [['exact-extreme', 'evaluation.html', '$report.columns[0].stats.real.max']]);
  });
});

describe('twin audit: its own reading of the real data', function () {
  it('finds names published as categories even when the pack\'s metadata does not flag the column', async function () {
    const root = tempDir('names');
    const names = ['Margaret Thornbury', 'Albert Fenwick', 'Dorothy Ashcombe'];
    const rows = ['policy,owner_name,premium'];
    for (let i = 0; i < 36; i++) rows.push(`Q${String(i).padStart(3, '0')},${names[i % 3]},${100 + (i % 2) * 50}`);
    const real = path.join(root, 'policies.csv');
    fs.writeFileSync(real, rows.join('\n') + '\n');
    const metadata = {
      ...cleanMetadata(),
      dataset: { ...cleanMetadata().dataset, name: 'policies', rows: 35 },
      columns: [
        { name: 'policy', type: 'identifier', format: { kind: 'string' }, missing: 0, disclosure: [], length: { quantiles: { p: [0, 1], values: [4, 4] } }, unique: true },
        // Each name is held by 12 rows (≥ k): a metadata that counts rows would publish them.
        { name: 'owner_name', type: 'categorical', format: { kind: 'string' }, missing: 0, disclosure: [], categories: names.map((value) => ({ value, count: 10 })) },
        { name: 'premium', type: 'integer', format: { kind: 'integer', thousands: false }, missing: 0, disclosure: [], bounds: { lower: 100, upper: 150 }, quantiles: { p: [0, 1], values: [100, 150] }, histogram: { edges: [100, 125, 150], counts: [20, 15] } },
      ],
    };
    const dir = path.join(root, 'pack');
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, 'metadata.json'), JSON.stringify(metadata));
    const { report } = await auditPack(real, dir);
    const ids = report.findings.filter((f) => f.check === 'identifier');
    assert.deepEqual(ids.map((f) => f.where), [0, 1, 2].map((i) => `$.columns[1].categories[${i}].value`), JSON.stringify(report.findings));
    assert.ok(ids.every((f) => f.column === 'owner_name'));
  });
});

describe('twin audit: plain words in prose', function () {
  it('finds a rare one-word category as a published value, not as an ordinary word in a sentence', async function () {
    const root = tempDir('words');
    const rows = ['race,score,cost'];
    for (let i = 0; i < 40; i++) rows.push(`white,${i % 7},${(10 + i).toFixed(2)}`);
    rows.push('native,3,0.00', 'other,4,12.00');
    const real = path.join(root, 'people.csv');
    fs.writeFileSync(real, rows.join('\n') + '\n');
    const m = cleanMetadata();
    m.dataset = { ...m.dataset, name: 'people', rows: 40 };
    m.columns = [
      { name: 'race', type: 'categorical', format: { kind: 'string' }, missing: 0, disclosure: [], categories: [{ value: 'white', count: 40 }, { value: 'native', count: 0 }] },
      { name: 'score', type: 'integer', format: { kind: 'integer', thousands: false }, missing: 0, disclosure: [], bounds: { lower: 0, upper: 5 }, quantiles: { p: [0, 1], values: [0, 5] }, histogram: { edges: [0, 5], counts: [40] } },
      { name: 'cost', type: 'numeric', format: { kind: 'number', decimals: 2, thousands: false }, missing: 0, disclosure: [], bounds: { lower: 10, upper: 50 }, quantiles: { p: [0, 1], values: [10, 50] }, histogram: { edges: [10, 50], counts: [40] } },
    ];
    const dir = path.join(root, 'pack');
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, 'metadata.json'), JSON.stringify(m));
    // "0.00" is no extreme in prose even where a column's minimum is written 0.00 (cost below).
    fs.writeFileSync(path.join(dir, 'DATA_CARD.md'), 'Do not link the twin with other data. Rare categories are merged. Fidelity 0.00.\n');
    const { report } = await auditPack(real, dir);
    const rare = report.findings.filter((f) => f.check === 'rare-value');
    assert.deepEqual(rare.map((f) => [f.file, f.where]), [['metadata.json', '$.columns[0].categories[1].value']]);
    assert.deepEqual(report.findings.filter((f) => f.file === 'DATA_CARD.md'), []);
  });
});

describe('twin audit: field names and labels spelt like a rare category', function () {
  it('does not take another column\'s "Other" label or the format\'s `other` field for the rare race "other", but finds it as a value or a count key', async function () {
    const root = tempDir('fields');
    const rows = ['race,sex'];
    for (let i = 0; i < 40; i++) rows.push(`white,${i % 2 ? 'F' : 'M'}`);
    rows.push('other,F', 'other,M');
    const real = path.join(root, 'people.csv');
    fs.writeFileSync(real, rows.join('\n') + '\n');
    const m = cleanMetadata();
    m.dataset = { ...m.dataset, name: 'people', rows: 40 };
    m.columns = [
      { name: 'race', type: 'categorical', format: { kind: 'string' }, missing: 0, disclosure: [], categories: [{ value: 'white', count: 40 }], other: { categories: 1, count: null, label: 'Other (merged)' } },
      { name: 'sex', type: 'categorical', format: { kind: 'string' }, missing: 0, disclosure: [], categories: [{ value: 'F', count: 20 }, { value: 'M', count: 20 }], other: { categories: 0, count: null, label: 'Other' } },
    ];
    const dir = path.join(root, 'pack');
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, 'metadata.json'), JSON.stringify(m));
    assert.deepEqual((await auditPack(real, dir)).report.findings.filter((f) => f.check === 'rare-value'), []);
    // The same word as a published value of its own column, or as a key holding a count, is the category.
    m.columns[0].categories.push({ value: 'other', count: 0 });
    m.columns[0].byValue = { other: 2 };
    fs.writeFileSync(path.join(dir, 'metadata.json'), JSON.stringify(m));
    const found = (await auditPack(real, dir)).report.findings.filter((f) => f.check === 'rare-value').map((f) => f.where);
    assert.deepEqual(found.sort(), ['$.columns[0].byValue.other', '$.columns[0].categories[1].value']);
  });
});

/** A pack made with a holdout describes the training records only: the audit reads exactly those. */
describe('twin audit: packs made with a holdout', function () {
  it('counts only the training records the split names, and every one of them', async function () {
    const { readRealFacts } = await import('../../../src/core/audit/realFacts');
    const { isHeldOut } = await import('../../../src/core/holdout/split');
    const root = tempDir('split');
    const real = writeRealData(root);
    const metadata = cleanMetadata();
    const split = { share: 0.3, seed: 5 };
    const whole = await readRealFacts(real, metadata, {});
    const training = await readRealFacts(real, metadata, { split });
    let expected = 0;
    for (let position = 0; position < REAL_ROWS; position++) if (!isHeldOut(split, position)) expected++;
    assert.equal(whole.rows, REAL_ROWS);
    assert.equal(training.rows, expected);
    assert.ok(expected > 0.5 * REAL_ROWS && expected < 0.9 * REAL_ROWS, `training rows ${expected} of ${REAL_ROWS}`);
  });
});

/**
 * The unique-row check reads "more often than chance" (DESIGN.md's reading for rare values): a
 * twin drawn from metadata.json alone never saw a real row, yet some of its rows equal a unique
 * real row by chance (a common code on a common day). Synthea's conditions.csv: 8 such rows in the
 * statistical twin, 3–8 in twins from its metadata with other seeds; the check used to fail it.
 */
describe('twin audit: unique real rows against the chance rate', function () {
  this.timeout(300_000);
  const root = tempDir('chance');
  const t0 = Date.UTC(2023, 0, 1);
  const day = (d: number): string => new Date(t0 + d * 86_400_000).toISOString().slice(0, 10);
  const rand = createRandom(21);
  const lines = ['START,STOP,CODE'];
  for (let i = 0; i < 1500; i++) {
    const start = rand.int(1095);
    const u = rand.next();
    lines.push([day(start), day(start + (rand.next() < 0.1 ? 0 : 1 + rand.int(60))), u < 0.4 ? '314529007' : u < 0.7 ? '160903007' : u < 0.9 ? '73595000' : '444814009'].join(','));
  }
  const real = path.join(root, 'conditions.csv');
  fs.writeFileSync(real, lines.join('\n') + '\n');
  const counts = new Map<string, number>();
  for (const l of lines.slice(1)) counts.set(l, (counts.get(l) ?? 0) + 1);
  const copiesIn = (file: string): number => fs.readFileSync(file, 'utf8').trim().split('\n').slice(1).filter((l) => counts.get(l) === 1).length;
  const pack = path.join(root, 'pack');
  fs.mkdirSync(pack);
  const twinFile = path.join(pack, 'conditions.synthetic.csv');

  after(() => fs.rmSync(root, { recursive: true, force: true }));
  before(async () => {
    const metadata = toMetadata(await profileDataset(await openDataset(real)));
    fs.writeFileSync(path.join(pack, 'metadata.json'), metadataToJson(metadata));
  });

  it('passes a twin drawn from metadata.json alone whose copies are chance; fails one that copies more', async () => {
    await generateTwin({ input: path.join(pack, 'metadata.json'), level: 'statistical', rows: 1500, seed: 9, out: twinFile });
    const chance = copiesIn(twinFile);
    assert.ok(chance > 5, `${chance} chance copies (the case must not be vacuous)`);
    const passed = (await auditPack(real, pack)).report.findings.filter((f) => f.check === 'unique-row');
    assert.deepEqual(passed, []);
    // The same twin with 40 of its rows replaced by unique real rows: a replay, beyond chance.
    const twinLines = fs.readFileSync(twinFile, 'utf8').trim().split('\n');
    const uniques = [...counts].filter(([, n]) => n === 1).map(([l]) => l).filter((l) => !twinLines.includes(l));
    for (let i = 0; i < 40; i++) twinLines[1 + i * 30] = uniques[i * 7];
    fs.writeFileSync(twinFile, twinLines.join('\n') + '\n');
    const copies = copiesIn(twinFile);
    assert.ok(copies >= chance + 30, `${copies} copies`);
    const failed = (await auditPack(real, pack)).report.findings.filter((f) => f.check === 'unique-row');
    assert.equal(failed.length, 1, JSON.stringify(failed));
    assert.match(failed[0].message, new RegExp(`^${copies} twin rows equal a real row that is unique in the real data \\(\\d+\\.\\d on average in 10 twins of its size drawn from the pack's metadata\\.json alone: more than chance, p = [0-9.e-]+ < 0\\.01\\)$`));
  });
});

/**
 * A natural-range rule (score is never negative) states 0 because of what the measure is; where
 * the real minimum is 0 and only a few persons hold it, the rule still publishes nothing of theirs.
 * A range rule stating any other real extreme is still caught.
 */
describe('twin audit: natural-range rules', function () {
  this.timeout(300_000);
  const root = tempDir('natural-range');
  const real = path.join(root, 'scores.csv');
  // 200 persons; score 0.00 for 3 of them (i = 0, 97, 194), the rest 0.13–13.71.
  fs.writeFileSync(real, 'id,score\n' + Array.from({ length: 200 }, (_, i) => `P${i},${((i * 13) % 97 / 7).toFixed(2)}`).join('\n') + '\n');

  it('passes a pack whose rule says score ≥ 0 where 0 is the real minimum of three persons', async () => {
    const { createReleasePack } = await import('../../../src/core/release');
    const pack = await createReleasePack({ data: real, level: 'statistical', dir: path.join(root, 'pack'), holdoutShare: { share: 0 } });
    const metadata = JSON.parse(fs.readFileSync(path.join(pack.dir, 'metadata.json'), 'utf8'));
    assert.deepEqual(metadata.rules.filter((r: any) => r.kind === 'range').map((r: any) => [r.column, r.lower]), [['score', 0]]);
    const { report } = await auditPack(real, pack.dir);
    assert.deepEqual(report.findings.filter((f) => f.check === 'exact-extreme'), []);
    assert.equal(pack.audit.status === 'fail', false, JSON.stringify(report.findings));
  });

  it('still catches a range rule whose limit is a real extreme held by fewer than k persons (13.71)', async () => {
    const dir = path.join(root, 'pack');
    const file = path.join(dir, 'metadata.json');
    const metadata = JSON.parse(fs.readFileSync(file, 'utf8'));
    metadata.rules.find((r: any) => r.kind === 'range').upper = 13.71;
    fs.writeFileSync(file, JSON.stringify(metadata, null, 2));
    const { report } = await auditPack(real, dir);
    const f = report.findings.filter((x) => x.check === 'exact-extreme' && x.file === 'metadata.json');
    assert.equal(f.length, 1, JSON.stringify(report.findings));
    assert.match(f[0].where, /^\$\.rules\[\d+\]\.upper$/);
  });
});
