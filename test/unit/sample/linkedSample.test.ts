import { strict as assert } from 'node:assert';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { isTwinError } from '../../../src/core/errors';
import { LINKED_SAMPLE_TABLES, writeLinkedSample, type LinkedSampleTable } from '../../../src/core/sample';

type Rows = Record<string, string>[];
const day = (text: string): number => Date.parse(text.slice(0, 10) + 'T00:00:00Z') / 86_400_000;
const minutes = (datetime: string): number => Date.parse(datetime.replace(' ', 'T') + ':00Z') / 60_000;
const sha256 = (file: string): string => createHash('sha256').update(fs.readFileSync(file)).digest('hex');

/** The sample never quotes (no label holds a comma, quote or line break), so a split reads it exactly. */
function readTable(dir: string, table: LinkedSampleTable): Rows {
  const lines = fs.readFileSync(path.join(dir, `${table}.csv`), 'utf8').split('\n');
  assert.equal(lines.pop(), '', 'the file ends with a line ending');
  const header = lines.shift()!.split(',');
  assert.deepEqual(header, [...LINKED_SAMPLE_TABLES[table]]);
  return lines.map((line) => {
    const cells = line.split(',');
    assert.equal(cells.length, header.length, line);
    return Object.fromEntries(header.map((h, i) => [h, cells[i]]));
  });
}

describe('sample: the built-in linked sample (patients, admissions, diagnoses, prescriptions)', function () {
  this.timeout(120_000);
  let dir: string;
  let tables: Record<LinkedSampleTable, Rows>;

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'twin-linked-'));
    const result = await writeLinkedSample(path.join(dir, 'a'), { persons: 1500 });
    tables = {
      patients: readTable(path.join(dir, 'a'), 'patients'),
      admissions: readTable(path.join(dir, 'a'), 'admissions'),
      diagnoses: readTable(path.join(dir, 'a'), 'diagnoses'),
      prescriptions: readTable(path.join(dir, 'a'), 'prescriptions'),
    };
    for (const t of Object.keys(tables) as LinkedSampleTable[]) assert.equal(result.rows[t], tables[t].length);
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('the same seed and person count give byte-identical files; another seed gives others', async () => {
    await writeLinkedSample(path.join(dir, 'b'), { persons: 1500 });
    await writeLinkedSample(path.join(dir, 'c'), { persons: 1500, seed: 7 });
    for (const t of Object.keys(LINKED_SAMPLE_TABLES)) {
      assert.equal(sha256(path.join(dir, 'b', `${t}.csv`)), sha256(path.join(dir, 'a', `${t}.csv`)), t);
      assert.notEqual(sha256(path.join(dir, 'c', `${t}.csv`)), sha256(path.join(dir, 'a', `${t}.csv`)), t);
    }
  });

  it('one patient per person, primary keys unique, about 30 events per person', () => {
    assert.equal(tables.patients.length, 1500);
    for (const [t, key] of [['patients', 'patient_id'], ['admissions', 'admission_id'], ['diagnoses', 'diagnosis_id'], ['prescriptions', 'prescription_id']] as const) {
      assert.equal(new Set(tables[t].map((r) => r[key])).size, tables[t].length, t);
    }
    const events = tables.admissions.length + tables.diagnoses.length + tables.prescriptions.length;
    assert.ok(events / 1500 > 20 && events / 1500 < 40, `${events / 1500} events per person`);
    // Some persons have no admission (children per parent includes zeros).
    const admitted = new Set(tables.admissions.map((r) => r.patient_id));
    assert.ok(admitted.size < 1500 && admitted.size > 900, `${admitted.size} admitted`);
  });

  it('every key joins: admissions → patients, diagnoses → admissions and the same patient (diamond), prescriptions → patients and optionally an admission of that patient', () => {
    const patients = new Set(tables.patients.map((r) => r.patient_id));
    const admissionPatient = new Map(tables.admissions.map((r) => [r.admission_id, r.patient_id]));
    for (const a of tables.admissions) assert.ok(patients.has(a.patient_id));
    for (const d of tables.diagnoses) assert.equal(admissionPatient.get(d.admission_id), d.patient_id, d.diagnosis_id);
    let inHospital = 0;
    for (const p of tables.prescriptions) {
      assert.ok(patients.has(p.patient_id));
      if (p.admission_id !== '') {
        inHospital++;
        assert.equal(admissionPatient.get(p.admission_id), p.patient_id, p.prescription_id);
      }
    }
    assert.ok(inHospital > 0 && inHospital < tables.prescriptions.length, 'the admission key of a prescription is optional');
  });

  it('date logic: nothing before birth or after death, admissions of a person never overlap, discharge ≥ admission, diagnoses and hospital prescriptions inside their admission, end ≥ start', () => {
    const person = new Map(tables.patients.map((r) => [r.patient_id, { birth: day(r.birth_date), death: r.death_date ? day(r.death_date) : Infinity }]));
    const admission = new Map(tables.admissions.map((r) => [r.admission_id, r]));
    const lastEnd = new Map<string, number>();
    let deaths = 0;
    for (const p of person.values()) if (p.death !== Infinity) { deaths++; assert.ok(p.death >= p.birth); }
    assert.ok(deaths > 30 && deaths < 600, `${deaths} deaths`);
    const extraction = day('2025-04-01');
    for (const a of tables.admissions) {
      const p = person.get(a.patient_id)!;
      const start = day(a.admission_datetime);
      assert.ok(start >= p.birth && start <= p.death && start < extraction, a.admission_id);
      if (a.discharge_datetime !== '') {
        assert.ok(minutes(a.discharge_datetime) >= minutes(a.admission_datetime), a.admission_id);
        assert.ok(day(a.discharge_datetime) <= p.death, a.admission_id);
      }
      const prev = lastEnd.get(a.patient_id);
      if (prev !== undefined) assert.ok(start > prev, `${a.admission_id} overlaps the previous admission`);
      lastEnd.set(a.patient_id, a.discharge_datetime === '' ? Infinity : day(a.discharge_datetime));
    }
    for (const d of tables.diagnoses) {
      const a = admission.get(d.admission_id)!;
      const t = day(d.diagnosis_date);
      assert.ok(t >= day(a.admission_datetime) && (a.discharge_datetime === '' || t <= day(a.discharge_datetime)), d.diagnosis_id);
    }
    for (const r of tables.prescriptions) {
      const p = person.get(r.patient_id)!;
      const s = day(r.start_date);
      const e = day(r.end_date);
      assert.ok(e >= s && s >= p.birth && e <= p.death, r.prescription_id);
      if (r.admission_id !== '') {
        const a = admission.get(r.admission_id)!;
        assert.ok(s >= day(a.admission_datetime) && (a.discharge_datetime === '' || s <= day(a.discharge_datetime)), r.prescription_id);
      }
    }
  });

  it('children per parent depend on the parent: older persons have more admissions', () => {
    const birthYear = new Map(tables.patients.map((r) => [r.patient_id, Number(r.birth_date.slice(0, 4))]));
    const count = new Map<string, number>();
    for (const a of tables.admissions) count.set(a.patient_id, (count.get(a.patient_id) ?? 0) + 1);
    const meanFor = (pred: (y: number) => boolean): number => {
      const ids = [...birthYear].filter(([, y]) => pred(y)).map(([id]) => id);
      return ids.reduce((s, id) => s + (count.get(id) ?? 0), 0) / ids.length;
    };
    assert.ok(meanFor((y) => y < 1950) > 1.5 * meanFor((y) => y >= 1990));
  });

  it('rejects a person count out of range with a one-line input error', async () => {
    await assert.rejects(writeLinkedSample(path.join(dir, 'x'), { persons: 0 }), (e: unknown) => isTwinError(e) && /persons must be/.test((e as Error).message));
  });
});
