import { strict as assert } from 'node:assert';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDataset } from '../../../src/core/io';
import { datasetFilesOf } from '../../../src/core/dataset/tables';
import { scanKeys } from '../../../src/core/dataset/scanKeys';
import { discoverRelationships } from '../../../src/core/dataset/discover';
import { discoverDiamonds } from '../../../src/core/dataset/discoverDiamonds';
import { linkText, refText, type Relationships } from '../../../src/core/dataset/types';
import { writeLinkedSample } from '../../../src/core/sample';

/** Writes tables (name → CSV lines) into a new folder and returns it. */
function folder(tables: Record<string, string[]>): string {
  const dir = mkdtempSync(join(tmpdir(), 'twin-discover-'));
  for (const [name, lines] of Object.entries(tables)) writeFileSync(join(dir, `${name}.csv`), `${lines.join('\n')}\n`);
  return dir;
}

async function discover(dir: string): Promise<Relationships> {
  const files = datasetFilesOf(dir);
  const sources = new Map<string, Awaited<ReturnType<typeof openDataset>>>();
  for (const t of files.tables) sources.set(t.name, await openDataset(t.path));
  const scans = [];
  for (const t of files.tables) scans.push(await scanKeys(t.name, sources.get(t.name)!));
  const found = discoverRelationships(scans, files.declared);
  const diamonds = await discoverDiamonds(found.foreignKeys, found.primaryKeys, async (t) => sources.get(t)!);
  return { ...found, diamonds };
}

const pad = (n: number, w = 4): string => String(n).padStart(w, '0');

/** 30 patients, 90 admissions (3 each), 180 diagnoses (2 per admission) naming both the admission and its patient. */
function hospital(): Record<string, string[]> {
  const patients = ['patient_id,birth_date,sex'];
  const admissions = ['admission_id,patient_id,admitted,ward_code'];
  const diagnoses = ['diagnosis_id,admission_id,patient_id,icd10,severity'];
  for (let p = 0; p < 30; p++) patients.push(`P${pad(p)},19${50 + p}-03-0${1 + (p % 9)},${p % 2 ? 'F' : 'M'}`);
  for (let a = 0; a < 90; a++) {
    const p = a % 30;
    admissions.push(`A${pad(a)},P${pad(p)},2020-01-${pad(1 + (a % 28), 2)},${a % 5}`);
    for (let d = 0; d < 2; d++) diagnoses.push(`D${pad(a * 2 + d)},A${pad(a)},P${pad(p)},J${pad(a % 40, 2)}.${d},${1 + ((a + d) % 3)}`);
  }
  return { patients, admissions, diagnoses };
}

describe('dataset: relationship discovery', () => {
  it('finds a diamond: a diagnosis names its admission and its patient, who agree', async () => {
    const r = await discover(folder(hospital()));
    assert.deepEqual(r.primaryKeys.map(refText).sort(), ['admissions.admission_id', 'diagnoses.diagnosis_id', 'patients.patient_id']);
    assert.deepEqual(r.foreignKeys.map(linkText).sort(), [
      'admissions.patient_id->patients.patient_id',
      'diagnoses.admission_id->admissions.admission_id',
      'diagnoses.patient_id->patients.patient_id',
    ]);
    assert.equal(r.personTable, 'patients');
    assert.equal(r.diamonds.length, 1);
    const d = r.diamonds[0];
    assert.equal(d.table, 'diagnoses');
    assert.equal(d.ancestor, 'patients');
    assert.equal(refText(d.direct), 'diagnoses.patient_id');
    assert.deepEqual(d.via.map(refText), ['diagnoses.admission_id', 'admissions.patient_id']);
    assert.equal(d.agreement, 1);
  });

  it('reports no diamond when the two paths disagree on some rows', async () => {
    const t = hospital();
    // Every 10th diagnosis names another patient than its admission's.
    t.diagnoses = t.diagnoses.map((line, i) => (i > 0 && i % 10 === 0 ? line.replace(/,P(\d{4}),/, (_, n: string) => `,P${pad((Number(n) + 1) % 30)},`) : line));
    const r = await discover(folder(t));
    assert.equal(r.foreignKeys.length, 3);
    assert.deepEqual(r.diamonds, []);
  });

  it('finds a self-reference (an encounter pointing at the earlier one) and marks it optional', async () => {
    const encounters = ['encounter_id,previous_encounter_id,kind'];
    for (let i = 0; i < 40; i++) encounters.push(`E${pad(i)},${i % 4 === 0 ? '' : `E${pad(i - 1)}`},${i % 3}`);
    const r = await discover(folder({ encounters }));
    assert.deepEqual(r.primaryKeys.map(refText), ['encounters.encounter_id']);
    assert.equal(r.foreignKeys.length, 1);
    const [fk] = r.foreignKeys;
    assert.equal(linkText(fk), 'encounters.previous_encounter_id->encounters.encounter_id');
    assert.equal(fk.selfReference, true);
    assert.equal(fk.optional, true);
    assert.equal(r.personTable, undefined);
  });

  it('finds an optional key (a prescription with no payer) with its evidence', async () => {
    const payers = ['payer_id,name'];
    for (let i = 0; i < 5; i++) payers.push(`PAY${i}X,Payer ${i}`);
    const prescriptions = ['rx_id,payer,dose'];
    for (let i = 0; i < 50; i++) prescriptions.push(`RX${pad(i)},${i % 3 === 0 ? '' : `PAY${i % 5}X`},${(i % 7) + 1}`);
    const r = await discover(folder({ payers, prescriptions }));
    assert.deepEqual(r.foreignKeys.map((f) => [linkText(f), f.optional, f.evidence.inclusion, f.evidence.name]), [['prescriptions.payer->payers.payer_id', true, 1, 'table']]);
  });

  it('links nothing to a table with no relationship, even where bare integers fit inside a key', async () => {
    const t = hospital();
    // Wards numbered 0–4 and severities 1–3 fall inside an integer key 0..29 of another table: no link without a name.
    t.wards = ['number,beds'];
    for (let w = 0; w < 30; w++) t.wards.push(`${w},${10 + w}`);
    t.lookup = ['code,meaning'];
    for (let i = 0; i < 12; i++) t.lookup.push(`C${i}Z,meaning ${i}`);
    const r = await discover(folder(t));
    assert.deepEqual(r.foreignKeys.map(linkText).sort(), [
      'admissions.patient_id->patients.patient_id',
      'diagnoses.admission_id->admissions.admission_id',
      'diagnoses.patient_id->patients.patient_id',
    ]);
    assert.ok(!r.foreignKeys.some((f) => f.parent.table === 'wards' || f.child.table === 'wards' || f.child.table === 'lookup' || f.parent.table === 'lookup'));
  });

  it('keeps declared keys and links from dataset.json, even where the data alone would not link them', async () => {
    const dir = folder({
      people: ['pid,age', ...Array.from({ length: 20 }, (_, i) => `${i},${20 + i}`)],
      visits: ['vid,who', ...Array.from({ length: 40 }, (_, i) => `V${pad(i)},${i % 20}`)],
    });
    writeFileSync(join(dir, 'dataset.json'), JSON.stringify({ name: 'clinic', tables: ['people.csv', 'visits.csv'], primaryKeys: ['people.pid'], foreignKeys: [{ child: 'visits.who', parent: 'people.pid' }], personTable: 'people' }));
    const r = await discover(join(dir, 'dataset.json'));
    assert.deepEqual(r.primaryKeys.find((k) => k.table === 'people'), { table: 'people', column: 'pid', origin: 'declared' });
    assert.deepEqual(r.foreignKeys.map((f) => [linkText(f), f.origin, f.status, f.evidence.inclusion]), [['visits.who->people.pid', 'declared', 'confirmed', 1]]);
    assert.equal(r.personTable, 'people');
  });
});

describe('dataset: discovery on Synthea (15 tables)', () => {
  // Checked by hand against the CSV headers and an independent pandas check of every column
  // against every unique Id column: exactly these columns share values with an Id, all of them
  // fully (inclusion 1); the diamonds agree on every row.
  const expectedLinks = [
    'allergies.ENCOUNTER->encounters.Id', 'allergies.PATIENT->patients.Id',
    'careplans.ENCOUNTER->encounters.Id', 'careplans.PATIENT->patients.Id',
    'conditions.ENCOUNTER->encounters.Id', 'conditions.PATIENT->patients.Id',
    'devices.ENCOUNTER->encounters.Id', 'devices.PATIENT->patients.Id',
    'encounters.ORGANIZATION->organizations.Id', 'encounters.PATIENT->patients.Id', 'encounters.PAYER->payers.Id', 'encounters.PROVIDER->providers.Id',
    'imaging_studies.ENCOUNTER->encounters.Id', 'imaging_studies.PATIENT->patients.Id',
    'immunizations.ENCOUNTER->encounters.Id', 'immunizations.PATIENT->patients.Id',
    'medications.ENCOUNTER->encounters.Id', 'medications.PATIENT->patients.Id', 'medications.PAYER->payers.Id',
    'payer_transitions.PATIENT->patients.Id', 'payer_transitions.PAYER->payers.Id', 'payer_transitions.SECONDARY_PAYER->payers.Id',
    'procedures.ENCOUNTER->encounters.Id', 'procedures.PATIENT->patients.Id',
    'providers.ORGANIZATION->organizations.Id',
    'supplies.ENCOUNTER->encounters.Id', 'supplies.PATIENT->patients.Id',
  ];
  const expectedDiamonds = [
    ...['allergies', 'careplans', 'conditions', 'devices', 'imaging_studies', 'immunizations', 'medications', 'procedures', 'supplies']
      .map((t) => `${t}.PATIENT = ${t}.ENCOUNTER > encounters.PATIENT`),
    'encounters.ORGANIZATION = encounters.PROVIDER > providers.ORGANIZATION',
    'medications.PAYER = medications.ENCOUNTER > encounters.PAYER',
  ].sort();

  it('finds the person table, the keys, every link and every diamond, and no false link', async () => {
    const r = await discover('../shared/data/synthea');
    assert.equal(r.personTable, 'patients');
    assert.deepEqual(r.primaryKeys.map(refText).sort(), ['careplans.Id', 'encounters.Id', 'imaging_studies.Id', 'organizations.Id', 'patients.Id', 'payers.Id', 'providers.Id']);
    assert.deepEqual(r.foreignKeys.map(linkText).sort(), expectedLinks);
    assert.ok(r.foreignKeys.every((f) => f.evidence.inclusion === 1 && f.evidence.name === 'table' && !f.selfReference && f.status === 'proposed'));
    assert.deepEqual(r.foreignKeys.filter((f) => f.optional).map(linkText), ['payer_transitions.SECONDARY_PAYER->payers.Id']);
    assert.deepEqual(r.diamonds.map((d) => `${refText(d.direct)} = ${d.via.map(refText).join(' > ')}`).sort(), expectedDiamonds);
    assert.ok(r.diamonds.every((d) => d.agreement === 1));
  });
});

describe('dataset: discovery on the built-in linked sample', () => {
  it('finds patients, the four keys, the five links (one optional) and both diamonds', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'twin-discover-sample-'));
    await writeLinkedSample(dir, { persons: 400 });
    const r = await discover(dir);
    assert.equal(r.personTable, 'patients');
    assert.deepEqual(r.primaryKeys.map(refText).sort(), ['admissions.admission_id', 'diagnoses.diagnosis_id', 'patients.patient_id', 'prescriptions.prescription_id']);
    assert.deepEqual(r.foreignKeys.map((f) => `${linkText(f)}${f.optional ? ' (optional)' : ''}`).sort(), [
      'admissions.patient_id->patients.patient_id',
      'diagnoses.admission_id->admissions.admission_id',
      'diagnoses.patient_id->patients.patient_id',
      'prescriptions.admission_id->admissions.admission_id (optional)',
      'prescriptions.patient_id->patients.patient_id',
    ]);
    assert.deepEqual(r.diamonds.map((d) => `${refText(d.direct)} = ${d.via.map(refText).join(' > ')}`).sort(), [
      'diagnoses.patient_id = diagnoses.admission_id > admissions.patient_id',
      'prescriptions.patient_id = prescriptions.admission_id > admissions.patient_id',
    ]);
  });
});
