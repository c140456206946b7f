import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { evaluateLinks } from '../../../../src/core/evaluate/multiTable';
import { writeLinkedSample } from '../../../../src/core/sample';
import { generateLinked, readTables, type LinkSpec, type ReadTable } from '../../../../src/core/synth/linked';
import { findGenerator } from '../../../../src/core/synth/registry';

const TABLES = ['patients', 'admissions', 'diagnoses', 'prescriptions'];
const PRIMARY_KEYS = { patients: 'patient_id', admissions: 'admission_id', diagnoses: 'diagnosis_id', prescriptions: 'prescription_id' };
const LINKS: LinkSpec[] = [
  { parentTable: 'patients', parentKey: 'patient_id', childTable: 'admissions', childKey: 'patient_id' },
  { parentTable: 'admissions', parentKey: 'admission_id', childTable: 'diagnoses', childKey: 'admission_id' },
  { parentTable: 'patients', parentKey: 'patient_id', childTable: 'diagnoses', childKey: 'patient_id' },
  { parentTable: 'patients', parentKey: 'patient_id', childTable: 'prescriptions', childKey: 'patient_id' },
  { parentTable: 'admissions', parentKey: 'admission_id', childTable: 'prescriptions', childKey: 'admission_id', optional: true },
];

type Rows = Record<string, string>[];
/** The twin is written in the sample's dialect (no quoting needed), so a split reads it. */
function readCsv(file: string): Rows {
  const lines = fs.readFileSync(file, 'utf8').split('\n').filter((l) => l !== '');
  const header = lines.shift()!.split(',');
  return lines.map((l) => { const c = l.split(','); return Object.fromEntries(header.map((h, i) => [h, c[i] ?? ''])); });
}
const day = (text: string): number => Date.parse(text.slice(0, 10) + 'T00:00:00Z') / 86_400_000;

describe('synth: linked twins (patients, admissions, diagnoses, prescriptions)', function () {
  this.timeout(600_000);
  let dir: string;
  let real: ReadTable[];

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'twin-linked-gen-'));
    await writeLinkedSample(path.join(dir, 'real'), { persons: 400 });
    real = await readTables(TABLES.map((n) => ({ name: n, path: path.join(dir, 'real', `${n}.csv`) })), {
      withRows: true, personKeys: { admissions: 'patient_id', diagnoses: 'patient_id', prescriptions: 'patient_id' },
    });
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  async function generate(level: string, out: string, persons?: number, seed = 3) {
    fs.mkdirSync(path.join(dir, out), { recursive: true });
    return generateLinked({
      tables: real.map((t) => ({ ...t, outPath: path.join(dir, out, `${t.name}.csv`) })),
      primaryKeys: PRIMARY_KEYS, links: LINKS, personTable: 'patients',
    }, { generator: findGenerator(level), seed, ...(persons ? { persons } : {}), batchPersons: 150 });
  }

  function checkTwin(out: string): Record<string, Rows> {
    const t = Object.fromEntries(TABLES.map((n) => [n, readCsv(path.join(dir, out, `${n}.csv`))]));
    // Keys unique, every reference resolves, the diamond agrees, the optional key stays within the person.
    for (const [n, key] of Object.entries(PRIMARY_KEYS)) assert.equal(new Set(t[n].map((r) => r[key])).size, t[n].length, `${n} keys unique`);
    const patients = new Map(t.patients.map((r) => [r.patient_id, r]));
    const admissions = new Map(t.admissions.map((r) => [r.admission_id, r]));
    for (const a of t.admissions) assert.ok(patients.has(a.patient_id));
    for (const d of t.diagnoses) assert.equal(admissions.get(d.admission_id)?.patient_id, d.patient_id, 'diamond');
    let optional = 0;
    for (const p of t.prescriptions) {
      assert.ok(patients.has(p.patient_id));
      if (p.admission_id === '') optional++;
      else assert.equal(admissions.get(p.admission_id)?.patient_id, p.patient_id, 'same person');
    }
    assert.ok(optional > 0 && optional < t.prescriptions.length);
    // Date logic the real data keeps: nothing before birth or after death, diagnoses inside their admission.
    for (const a of t.admissions) {
      const p = patients.get(a.patient_id)!;
      if (p.birth_date && a.admission_datetime) assert.ok(day(a.admission_datetime) >= day(p.birth_date), `admission before birth: ${a.admission_datetime} < ${p.birth_date}`);
      if (p.death_date && a.admission_datetime) assert.ok(day(a.admission_datetime) <= day(p.death_date), 'admission after death');
    }
    for (const d of t.diagnoses) {
      const a = admissions.get(d.admission_id)!;
      if (d.diagnosis_date && a.discharge_datetime) assert.ok(day(d.diagnosis_date) <= day(a.discharge_datetime), 'diagnosis after discharge');
      const p = patients.get(d.patient_id)!;
      if (d.diagnosis_date && p.death_date) assert.ok(day(d.diagnosis_date) <= day(p.death_date), 'diagnosis after death');
    }
    for (const r of t.prescriptions) {
      const p = patients.get(r.patient_id)!;
      for (const c of ['start_date', 'end_date']) {
        if (!r[c]) continue;
        if (p.birth_date) assert.ok(day(r[c]) >= day(p.birth_date), `${c} before birth`);
        if (p.death_date) assert.ok(day(r[c]) <= day(p.death_date), `${c} after death`);
      }
    }
    return t;
  }

  for (const level of ['structural', 'statistical', 'correlated']) {
    it(`${level}: keys join exactly (referential integrity 1 on every link), diamonds agree, no date-logic violation`, async () => {
      const result = await generate(level, level);
      assert.deepEqual(result.tables.map((t) => t.name), TABLES);
      assert.equal(result.personTable, 'patients');
      checkTwin(level);
      const twin = await readTables(TABLES.map((n) => ({ name: n, path: path.join(dir, level, `${n}.csv`) })), { withRows: true });
      const e = evaluateLinks(Object.fromEntries(real.map((t) => [t.name, t.table!])), Object.fromEntries(twin.map((t) => [t.name, t.table!])), LINKS);
      for (const l of e.links) {
        assert.equal(l.referentialIntegrity, 1, `${l.childTable}.${l.childKey}`);
        assert.ok(l.cardinalityShapeSimilarity! >= 0.8, `${l.childTable}.${l.childKey}: CSS ${l.cardinalityShapeSimilarity}`);
      }
    });
  }

  it('the same seed gives the same files byte for byte; another seed another twin', async () => {
    const a = await generate('correlated', 'again-a', undefined, 11);
    const b = await generate('correlated', 'again-b', undefined, 11);
    const c = await generate('correlated', 'again-c', undefined, 12);
    assert.deepEqual(a.tables.map((t) => t.sha256), b.tables.map((t) => t.sha256));
    assert.notDeepEqual(a.tables.map((t) => t.sha256), c.tables.map((t) => t.sha256));
  });

  it('--persons sets the size: twice the persons, about twice the events, keys still joining', async () => {
    const r = await generate('statistical', 'scaled', 800);
    const rows = Object.fromEntries(r.tables.map((t) => [t.name, t.rows]));
    assert.equal(rows.patients, 800);
    const realAdmissions = real.find((t) => t.name === 'admissions')!.table!.rowCount;
    assert.ok(rows.admissions > 1.6 * realAdmissions && rows.admissions < 2.4 * realAdmissions, `${rows.admissions} vs ${realAdmissions}`);
    checkTwin('scaled');
  });

  it('correlated: children per parent follow the parent (older persons have more admissions)', async () => {
    await generate('correlated', 'conditioned');
    const t = checkTwin('conditioned');
    const count = new Map<string, number>();
    for (const a of t.admissions) count.set(a.patient_id, (count.get(a.patient_id) ?? 0) + 1);
    const meanFor = (pred: (y: number) => boolean): number => {
      const ids = t.patients.filter((p) => p.birth_date && pred(Number(p.birth_date.slice(0, 4))));
      return ids.reduce((s, p) => s + (count.get(p.patient_id) ?? 0), 0) / Math.max(1, ids.length);
    };
    assert.ok(meanFor((y) => y < 1955) > 1.3 * meanFor((y) => y >= 1985), `${meanFor((y) => y < 1955)} vs ${meanFor((y) => y >= 1985)}`);
  });
});
