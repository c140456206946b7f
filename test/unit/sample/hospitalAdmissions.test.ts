import { strict as assert } from 'node:assert';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { isTwinError } from '../../../src/core/errors';
import { isValidNhsNumber } from '../../../src/core/nhsNumber';
import { HOSPITAL_SAMPLE_COLUMNS, writeHospitalAdmissionsSample } from '../../../src/core/sample';

type Row = Record<(typeof HOSPITAL_SAMPLE_COLUMNS)[number], string>;

const sha256 = (file: string): string => createHash('sha256').update(fs.readFileSync(file)).digest('hex');
const dayNumber = (datetime: string): number => Date.parse(datetime.slice(0, 10) + 'T00:00:00Z') / 86_400_000;
const minutes = (datetime: string): number => Date.parse(datetime.replace(' ', 'T') + ':00Z') / 60_000;

/** RFC 4180 reader, independent of the project's own reader so that the sample is checked against the standard. */
function parseCsv(text: string): { header: string[]; records: string[][] } {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === '"' && field === '') {
      // Quoted field: runs to the next quote not doubled.
      i++;
      for (;;) {
        const q = text.indexOf('"', i);
        if (q < 0) throw new Error('unterminated quote');
        field += text.slice(i, q);
        if (text[q + 1] === '"') { field += '"'; i = q + 2; } else { i = q + 1; break; }
      }
      if (i < text.length && text[i] !== ',' && text[i] !== '\n') throw new Error(`text after closing quote at ${i}`);
    } else if (c === ',') {
      record.push(field); field = ''; i++;
    } else if (c === '\n') {
      record.push(field); records.push(record); record = []; field = ''; i++;
    } else {
      field += c; i++;
    }
  }
  if (field !== '' || record.length > 0) { record.push(field); records.push(record); }
  const [header, ...rest] = records;
  return { header, records: rest };
}

function pearson(x: number[], y: number[]): number {
  const n = x.length;
  const mx = x.reduce((a, b) => a + b, 0) / n;
  const my = y.reduce((a, b) => a + b, 0) / n;
  let sxy = 0, sxx = 0, syy = 0;
  for (let i = 0; i < n; i++) {
    sxy += (x[i] - mx) * (y[i] - my);
    sxx += (x[i] - mx) ** 2;
    syy += (y[i] - my) ** 2;
  }
  return sxy / Math.sqrt(sxx * syy);
}

function countBy(rows: Row[], column: keyof Row): Map<string, number> {
  const m = new Map<string, number>();
  for (const r of rows) m.set(r[column], (m.get(r[column]) ?? 0) + 1);
  return m;
}

describe('built-in hospital admissions sample', () => {
  let dir: string;
  let file: string;
  let text: string;
  let rows: Row[];
  let result: { rows: number; bytes: number };
  let stages: number[];

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'twin-sample-'));
    file = path.join(dir, 'hospital_admissions.csv');
    stages = [];
    result = await writeHospitalAdmissionsSample(file, {}, { onProgress: (p) => stages.push(p.fraction ?? -1) });
    text = fs.readFileSync(file, 'utf8');
    const { header, records } = parseCsv(text);
    assert.deepEqual(header, [...HOSPITAL_SAMPLE_COLUMNS]);
    rows = records.map((fields, k) => {
      assert.equal(fields.length, header.length, `record ${k + 2}`);
      return Object.fromEntries(header.map((h, j) => [h, fields[j]])) as Row;
    });
  });

  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('writes the header, 20,000 rows and reports the bytes written', () => {
    assert.equal(text.slice(0, text.indexOf('\n')), HOSPITAL_SAMPLE_COLUMNS.join(','));
    assert.equal(rows.length, 20_000);
    assert.equal(result.rows, 20_000);
    assert.equal(result.bytes, fs.statSync(file).size);
    assert.ok(text.endsWith('\n') && !text.includes('\r'));
    assert.equal(stages[stages.length - 1], 1);
    // Only the target is left in the folder: the temporary file was renamed.
    assert.deepEqual(fs.readdirSync(dir), ['hospital_admissions.csv']);
  });

  it('is deterministic: same seed → same bytes; another seed → other bytes; a shorter file is a prefix', async () => {
    const again = path.join(dir, 'again.csv');
    await writeHospitalAdmissionsSample(again, { rows: 20_000, seed: 20261123 });
    assert.equal(sha256(again), sha256(file));
    const other = path.join(dir, 'other.csv');
    await writeHospitalAdmissionsSample(other, { seed: 7 });
    assert.notEqual(sha256(other), sha256(file));
    const short = path.join(dir, 'short.csv');
    await writeHospitalAdmissionsSample(short, { rows: 100 });
    const shortText = fs.readFileSync(short, 'utf8');
    assert.equal(shortText.split('\n').length, 102);
    assert.ok(text.startsWith(shortText));
    for (const f of [again, other, short]) fs.rmSync(f);
  });

  it('gives unique NHS numbers with valid check digits, only from the 999 test range', () => {
    const seen = new Set<string>();
    for (const r of rows) {
      assert.match(r.nhs_number, /^999 \d{3} \d{4}$/);
      assert.ok(isValidNhsNumber(r.nhs_number), r.nhs_number);
      seen.add(r.nhs_number);
    }
    assert.equal(seen.size, rows.length);
  });

  it('keeps dates, length of stay and outcomes consistent', () => {
    let inpatients = 0;
    for (const r of rows) {
      assert.match(r.admission_datetime, /^2024-(0[4-9]|1[0-2])-\d\d \d\d:\d\d$|^2025-0[1-3]-\d\d \d\d:\d\d$/);
      if (r.discharge_datetime === '') {
        // Still in hospital at extraction: no stay, outcome or readmission yet.
        inpatients++;
        assert.equal(r.length_of_stay, '');
        assert.equal(r.outcome, '');
        assert.equal(r.readmitted_30d, '');
        continue;
      }
      assert.match(r.discharge_datetime, /^\d{4}-\d\d-\d\d \d\d:\d\d$/);
      assert.ok(minutes(r.discharge_datetime) > minutes(r.admission_datetime), `${r.admission_datetime} → ${r.discharge_datetime}`);
      assert.ok(r.discharge_datetime < '2025-04-01');
      assert.equal(Number(r.length_of_stay), dayNumber(r.discharge_datetime) - dayNumber(r.admission_datetime));
      assert.ok(['Discharged home', 'Transferred', 'Died'].includes(r.outcome));
      // Readmission does not apply to deaths.
      if (r.outcome === 'Died') assert.equal(r.readmitted_30d, '');
      else assert.ok(r.readmitted_30d === 'Y' || r.readmitted_30d === 'N', r.readmitted_30d);
    }
    assert.ok(inpatients > 50 && inpatients < 1000, `inpatients ${inpatients}`);
  });

  it('carries realistic correlations', () => {
    const discharged = rows.filter((r) => r.length_of_stay !== '');
    const r = pearson(discharged.map((x) => Number(x.age)), discharged.map((x) => Number(x.length_of_stay)));
    assert.ok(r > 0.2, `Pearson(age, LOS) = ${r}`);
    const deathRate = (subset: Row[]): number => subset.filter((x) => x.outcome === 'Died').length / subset.length;
    const old = deathRate(discharged.filter((x) => Number(x.age) >= 75));
    const young = deathRate(discharged.filter((x) => Number(x.age) < 75));
    assert.ok(old > 3 * young, `died ≥75 ${old}, <75 ${young}`);
    // Diagnosis drives the stay: hip fractures stay far longer than chest pain.
    const medianLos = (code: string): number => {
      const v = discharged.filter((x) => x.diagnosis_icd10 === code).map((x) => Number(x.length_of_stay)).sort((a, b) => a - b);
      return v[Math.floor(v.length / 2)];
    };
    assert.ok(medianLos('S72.0') >= 10 && medianLos('R07.4') <= 2, `${medianLos('S72.0')} vs ${medianLos('R07.4')}`);
    // Maternity admissions are women of child-bearing age.
    for (const x of rows.filter((y) => y.admission_method === 'Maternity')) {
      assert.equal(x.sex, 'Female');
      assert.ok(Number(x.age) >= 16 && Number(x.age) <= 47);
    }
    // Sex-specific diagnoses.
    assert.ok(rows.filter((x) => x.diagnosis_icd10 === 'N40').every((x) => x.sex === 'Male'));
  });

  it('has rare categories, leading-zero codes and realistic missingness', () => {
    const sex = countBy(rows, 'sex');
    assert.deepEqual([...sex.keys()].sort(), ['Female', 'Indeterminate', 'Male']);
    const indeterminate = sex.get('Indeterminate') ?? 0;
    assert.ok(indeterminate >= 1 && indeterminate < 10, `Indeterminate ${indeterminate}`);
    const rareDiagnoses = [...countBy(rows, 'diagnosis_icd10')].filter(([, n]) => n < 10).map(([c]) => c);
    assert.ok(rareDiagnoses.length >= 3, `rare diagnoses ${rareDiagnoses.join(' ')}`);
    for (const c of rareDiagnoses) assert.match(c, /^[A-Z]\d\d(\.\d)?$/);
    assert.ok([...countBy(rows, 'postcode_district')].some(([c, n]) => c !== '' && n < 10));

    assert.ok(rows.every((x) => /^\d{3}$/.test(x.ward_code)));
    assert.ok(rows.some((x) => x.ward_code.startsWith('00')));
    assert.ok(rows.every((x) => /^\d+$/.test(x.age) && Number(x.age) <= 100));

    const missing = (c: keyof Row): number => rows.filter((x) => x[c] === '').length / rows.length;
    assert.ok(missing('bmi') > 0.1 && missing('bmi') < 0.2, `bmi ${missing('bmi')}`);
    assert.ok(missing('systolic_bp') > 0.03 && missing('systolic_bp') < 0.07, `bp ${missing('systolic_bp')}`);
    assert.ok(missing('ethnicity') > 0.03 && missing('ethnicity') < 0.08);
    for (const c of ['nhs_number', 'age', 'sex', 'admission_datetime', 'admission_method', 'diagnosis_icd10', 'ward_code'] as const) {
      assert.equal(missing(c), 0, c);
    }
    assert.ok(rows.every((x) => x.bmi === '' || /^\d+\.\d$/.test(x.bmi)));
    assert.ok(rows.every((x) => x.systolic_bp === '' || /^\d+$/.test(x.systolic_bp)));
    // Free text needing CSV quoting, and UTF-8 beyond ASCII.
    assert.ok(rows.some((x) => x.notes.includes('"') && x.notes.includes(',')));
    assert.ok(text.includes('""settled""'));
    assert.ok(rows.some((x) => x.notes.includes('°C')));
  });

  it('refuses bad row counts and seeds with a one-line input error, writing nothing', async () => {
    for (const options of [{ rows: 0 }, { rows: -5 }, { rows: 1.5 }, { rows: Number.NaN }, { seed: 0.5 }]) {
      const target = path.join(dir, 'bad.csv');
      await assert.rejects(writeHospitalAdmissionsSample(target, options), (e: unknown) => {
        assert.ok(isTwinError(e) && e.kind === 'input', String(e));
        assert.ok(!e.message.includes('\n'));
        assert.ok(e.message.includes('bad.csv'));
        return true;
      });
      assert.equal(fs.existsSync(target), false);
    }
  });

  it('reports an unwritable path as an input error and stops when cancelled, leaving no temporary file', async () => {
    const blocker = path.join(dir, 'not-a-folder');
    fs.writeFileSync(blocker, 'x');
    await assert.rejects(writeHospitalAdmissionsSample(path.join(blocker, 'x.csv'), { rows: 10 }),
      (e: unknown) => isTwinError(e) && e.kind === 'input' && e.message.startsWith(path.join(blocker, 'x.csv')));
    fs.rmSync(blocker);

    const sub = fs.mkdtempSync(path.join(dir, 'cancel-'));
    const controller = new AbortController();
    const target = path.join(sub, 'cancelled.csv');
    await assert.rejects(
      writeHospitalAdmissionsSample(target, { rows: 200_000 }, {
        signal: controller.signal,
        onProgress: (p) => { if ((p.fraction ?? 0) > 0.1) controller.abort(); },
      }),
      (e: unknown) => isTwinError(e) && e.kind === 'cancelled');
    assert.deepEqual(fs.readdirSync(sub), []);
  });
});
