import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { profileLinkedDataset } from '../../../src/core/dataset/profileLinked';
import type { DatasetMetadata } from '../../../src/core/dataset/types';
import { DEFAULT_MISSING_TOKENS } from '../../../src/core/format';
import { heldOutRows, isHeldOut, personColumnsOf, splitDatasetTables } from '../../../src/core/holdout';
import { openDataset } from '../../../src/core/io';
import { evaluatePersonPrivacy, personRecordPlan, personRecords } from '../../../src/core/evaluate/personLevel';
import type { Table } from '../../../src/core/schema';
import { loadTable } from '../../../src/core/table/loadTable';

/**
 * A hand-made linked extract: 60 patients, each with 1–4 visits (a date and a code). The twin
 * has 60 fake patients: T000 copies real patient P007's whole record (attributes, every visit's
 * date and code), T001 copies P011's attributes but not their visits, the rest are new persons.
 */
const PERSONS = 60;
const CODES = ['A01', 'B02', 'C03', 'D04', 'E05'];
const SEXES = ['F', 'M'];

function patientRow(i: number): { sex: string; birth: string; region: string } {
  return { sex: SEXES[i % 2], birth: `${1940 + ((i * 7) % 50)}-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + ((i * 3) % 28)).padStart(2, '0')}`, region: `R${i % 4}` };
}

function visitsOf(i: number): { date: string; code: string }[] {
  const n = 1 + (i % 4);
  return Array.from({ length: n }, (_, v) => ({ date: `20${10 + ((i + v) % 10)}-0${1 + v}-1${v}`, code: CODES[(i + 2 * v) % CODES.length] }));
}

function writeFolder(dir: string, ids: (i: number) => string, visitsFor: (i: number) => { date: string; code: string }[], attrsFor: (i: number) => ReturnType<typeof patientRow>): void {
  fs.mkdirSync(dir, { recursive: true });
  const patients = ['patient_id,sex,birth_date,region'];
  const visits = ['visit_id,patient_id,visit_date,code'];
  let v = 0;
  for (let i = 0; i < PERSONS; i++) {
    const a = attrsFor(i);
    patients.push(`${ids(i)},${a.sex},${a.birth},${a.region}`);
    for (const e of visitsFor(i)) visits.push(`V${String(v++).padStart(4, '0')},${ids(i)},${e.date},${e.code}`);
  }
  fs.writeFileSync(path.join(dir, 'patients.csv'), patients.join('\n') + '\n');
  fs.writeFileSync(path.join(dir, 'visits.csv'), visits.join('\n') + '\n');
}

async function readTables(dir: string, d: DatasetMetadata): Promise<Map<string, Table>> {
  const out = new Map<string, Table>();
  for (const t of d.tables) {
    const specs = t.metadata.columns.map((c) => ({ name: c.name, type: c.type, format: c.format }));
    out.set(t.name, (await loadTable(await openDataset(path.join(dir, t.file)), specs, { missingTokens: [...DEFAULT_MISSING_TOKENS], cells: true })).table);
  }
  return out;
}

const column = (t: Table, name: string) => t.columns.find((c) => c.spec.name === name)!.data;

describe('person-level privacy of a linked twin (hand-made extract)', function () {
  this.timeout(120_000);
  let root: string;
  let d: DatasetMetadata;
  let real: Map<string, Table>;
  let twin: Map<string, Table>;

  before(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'twin-person-level-'));
    writeFolder(path.join(root, 'real'), (i) => `P${String(i).padStart(3, '0')}`, visitsOf, patientRow);
    // Twin person t: T000 = P007 whole; T001 = P011's attributes with other visits; others new.
    const twinSource = (t: number): number => (t === 0 ? 7 : t === 1 ? 11 : 100 + t);
    writeFolder(path.join(root, 'twin'), (i) => `T${String(i).padStart(3, '0')}`,
      (t) => (t === 1 ? [{ date: '2019-09-19', code: 'A01' }] : visitsOf(twinSource(t))),
      (t) => (t < 2 ? patientRow(twinSource(t)) : { ...patientRow(twinSource(t)), birth: `${1941 + ((t * 11) % 49)}-06-15` }));
    d = (await profileLinkedDataset(path.join(root, 'real'))).metadata;
    real = await readTables(path.join(root, 'real'), d);
    twin = await readTables(path.join(root, 'twin'), d);
  });
  after(() => fs.rmSync(root, { recursive: true, force: true }));

  it('makes one record per person: attributes, rows per person, first and last visit in days from birth, most frequent code', () => {
    assert.equal(d.relationships.personTable, 'patients');
    const plan = personRecordPlan(d)!;
    assert.deepEqual(plan.attributes, ['sex', 'birth_date', 'region']);
    assert.equal(plan.birthColumn, 'birth_date');
    assert.deepEqual(plan.events, [{ table: 'visits', personColumn: 'patient_id', dateColumn: 'visit_date', codeColumn: 'code' }]);
    const records = personRecords(plan, real);
    assert.equal(records.rowCount, PERSONS);
    assert.deepEqual(records.columns.map((c) => c.spec.name), [
      'sex', 'birth_date', 'region', 'visits: rows', 'visits: first visit_date (days from birth)', 'visits: last visit_date (days from birth)', 'visits: most frequent code',
    ]);
    // P007: born 1989-08-22 (1940 + 49, month 8, day 22), four visits 2017-01-10, 2018-02-11, 2019-03-12, 2010-04-13; codes C03 E05 B02 D04.
    const p = 7;
    const day = (s: string) => Date.parse(`${s}T00:00:00Z`) / 86_400_000;
    assert.equal((column(records, 'visits: rows') as { values: Float64Array }).values[p], 4);
    assert.equal((column(records, 'visits: first visit_date (days from birth)') as { values: Float64Array }).values[p], day('2010-04-13') - day('1989-08-22'));
    assert.equal((column(records, 'visits: last visit_date (days from birth)') as { values: Float64Array }).values[p], day('2019-03-12') - day('1989-08-22'));
    // Four codes once each: the first in text order.
    const top = column(records, 'visits: most frequent code') as { codes: Int32Array; categories: string[] };
    assert.equal(top.categories[top.codes[p]], 'B02');
    // P000: one visit, code A01.
    assert.equal((column(records, 'visits: rows') as { values: Float64Array }).values[0], 1);
    assert.equal(top.categories[top.codes[0]], 'A01');
  });

  it('counts the one twin person whose whole record copies a real one; a copy of the attributes alone is not a person-level match', async () => {
    const r = await evaluatePersonPrivacy(d, real, twin, null);
    assert.ok(r);
    assert.deepEqual(r.persons, { real: PERSONS, synthetic: PERSONS, holdout: null });
    assert.equal(r.privacy.exactMatches.count, 1);
    assert.equal(r.privacy.baseline, 'none');
    // The row-level view of the patients table sees two copies (T000 and T001's attributes).
    const patientsOnly = await evaluatePersonPrivacy({ ...d, tables: d.tables.filter((t) => t.name === 'patients'), relationships: { ...d.relationships, foreignKeys: [] } }, real, twin, null);
    assert.equal(patientsOnly!.privacy.exactMatches.count, 2);
    // The copied person's distance to the closest real record is 0.
    assert.equal(r.privacy.dcr.synthetic.min, 0);
  });

  it('holds out every row of a held-out person in every table, by the seeded hash of the person key', () => {
    const split = { share: 0.3, seed: 5 };
    assert.deepEqual([...personColumnsOf(d)], [['patients', 'patient_id'], ['visits', 'patient_id']]);
    const { training, holdout } = splitDatasetTables(d, real, split);
    const ids = (t: Table | undefined, name: string) => (column(t!, name) as { values: (string | null)[] }).values;
    const heldPatients = new Set(ids(holdout.get('patients'), 'patient_id'));
    const expected = Array.from({ length: PERSONS }, (_, i) => `P${String(i).padStart(3, '0')}`).filter((id) => isHeldOut(split, id));
    assert.deepEqual([...heldPatients].sort(), expected);
    assert.ok(expected.length > 5 && expected.length < 30, `${expected.length} held out`);
    // Visits follow their patient: each side's visits name only that side's patients, and no row is lost.
    const trainingPatients = new Set(ids(training.get('patients'), 'patient_id'));
    assert.ok(ids(holdout.get('visits'), 'patient_id').every((id) => heldPatients.has(id!)));
    assert.ok(ids(training.get('visits'), 'patient_id').every((id) => trainingPatients.has(id!)));
    assert.equal(training.get('visits')!.rowCount + holdout.get('visits')!.rowCount, real.get('visits')!.rowCount);
    const expectedVisits = expected.reduce((a, id) => a + visitsOf(Number(id.slice(1))).length, 0);
    assert.equal(holdout.get('visits')!.rowCount, expectedVisits);
  });

  it('a table under a parent with no person column of its own follows its parent row', () => {
    // Notes under visits (note → visit), with no patient column of their own.
    const visits = real.get('visits')!;
    const visitIds = (column(visits, 'visit_id') as { values: (string | null)[] }).values;
    const notes: Table = { rowCount: visitIds.length, columns: [{ spec: { name: 'visit_id', type: 'identifier', format: { kind: 'string' } }, data: { kind: 'string', values: [...visitIds] } }] };
    const withNotes: DatasetMetadata = {
      ...d,
      tables: [...d.tables, { ...d.tables[0], name: 'notes', file: 'notes.csv', metadata: { ...d.tables[0].metadata, dataset: { ...d.tables[0].metadata.dataset, personKey: undefined } } }],
      relationships: { ...d.relationships, foreignKeys: [...d.relationships.foreignKeys, { ...d.relationships.foreignKeys[0], child: { table: 'notes', column: 'visit_id' }, parent: { table: 'visits', column: 'visit_id' } }] },
    };
    const tables = new Map([...real, ['notes', notes]]);
    const masks = heldOutRows(withNotes, tables, { share: 0.3, seed: 5 });
    assert.deepEqual([...masks.get('notes')!], [...masks.get('visits')!]);
  });

  it('with a holdout, compares the twin with the held-out persons: the copy counts against a baseline of 0', async () => {
    const split = { share: 0.3, seed: 5 };
    assert.equal(isHeldOut(split, 'P007'), false, 'the copied person is a training person');
    const { training, holdout } = splitDatasetTables(d, real, split);
    const r = await evaluatePersonPrivacy(d, training, twin, holdout);
    assert.equal(r!.privacy.baseline, 'holdout');
    assert.equal(r!.persons.holdout, [...Array(PERSONS).keys()].filter((i) => isHeldOut(split, `P${String(i).padStart(3, '0')}`)).length);
    assert.equal(r!.privacy.exactMatches.count, 1);
    assert.equal(r!.privacy.exactMatches.holdoutCount, 0);
  });
});
