import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { hasStackTrace, tempDir, twin } from '../cli/helpers';
import { checkDatasetMetadata } from '../../../src/core/dataset/metadataV2';
import { linkText } from '../../../src/core/dataset/types';

const pad = (n: number, w = 4): string => String(n).padStart(w, '0');

/** 60 patients with birth dates; 3–5 admissions each, dated after birth; two diagnoses per admission. */
function writeHospital(dir: string): void {
  const patients = ['patient_id,birth_date,sex'];
  const admissions = ['admission_id,patient_id,admitted,ward'];
  const diagnoses = ['diagnosis_id,admission_id,patient_id,icd10'];
  let a = 0;
  for (let p = 0; p < 60; p++) {
    patients.push(`P${pad(p)},19${40 + (p % 50)}-0${1 + (p % 9)}-15,${p % 2 ? 'F' : 'M'}`);
    for (let j = 0; j < 3 + (p % 3); j++, a++) {
      admissions.push(`A${pad(a)},P${pad(p)},20${10 + j}-0${1 + (a % 9)}-1${a % 10},W${a % 4}`);
      for (let d = 0; d < 2; d++) diagnoses.push(`D${pad(a * 2 + d, 5)},A${pad(a)},P${pad(p)},J${pad(a % 30, 2)}`);
    }
  }
  fs.writeFileSync(path.join(dir, 'patients.csv'), `${patients.join('\n')}\n`);
  fs.writeFileSync(path.join(dir, 'admissions.csv'), `${admissions.join('\n')}\n`);
  fs.writeFileSync(path.join(dir, 'diagnoses.tsv'), `${diagnoses.join('\n').replace(/,/g, '\t')}\n`);
}

describe('twin profile <folder> (linked dataset)', () => {
  it('writes one twin-metadata/2 file: every table, keys, links, the diamond, and summaries counted in persons', () => {
    const dir = tempDir('linked');
    writeHospital(dir);
    const out = path.join(tempDir('linked-out'), 'metadata.json');
    const r = twin(['profile', dir, '--out', out]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stderr, /person table: patients/);
    assert.match(r.stderr, /diagnoses\.patient_id = diagnoses\.admission_id → admissions\.patient_id → patients/);
    const d = checkDatasetMetadata(JSON.parse(fs.readFileSync(out, 'utf8')), out);
    assert.deepEqual(d.tables.map((t) => [t.name, t.file, t.format]), [['admissions', 'admissions.csv', 'csv'], ['diagnoses', 'diagnoses.tsv', 'tsv'], ['patients', 'patients.csv', 'csv']]);
    assert.deepEqual(d.relationships.foreignKeys.map(linkText).sort(), ['admissions.patient_id->patients.patient_id', 'diagnoses.admission_id->admissions.admission_id', 'diagnoses.patient_id->patients.patient_id']);
    // Child tables count persons through their link to the person table.
    assert.equal(d.tables.find((t) => t.name === 'diagnoses')!.metadata.dataset.personKey, 'patient_id');
    const s = d.summaries!;
    const perPatient = s.eventsPerPerson.find((e) => e.table === 'admissions')!;
    assert.equal(perPatient.noneShare, 0);
    // 20 patients each with 3, 4 and 5 admissions: groups of ≥ 10 persons with those means.
    assert.deepEqual(perPatient.distribution.groups.map((g) => g.mean), [3, 4, 5]);
    const perAdmission = s.childrenPerParent.find((c) => c.child.table === 'diagnoses' && c.parent.table === 'admissions')!;
    assert.deepEqual(perAdmission.distribution.groups.map((g) => [g.mean, g.sd]), [[2, 0]]);
    const offset = s.timeOffsets.find((o) => o.table === 'admissions')!;
    assert.equal(offset.from, 'birth');
    assert.ok(offset.offset.quantiles.values.every((v) => v > 0), 'every admission after birth');
    assert.ok(s.eventGaps.some((g) => g.table === 'admissions' && g.gap.quantiles.values.length >= 2));
  });

  it('refuses a dataset.json naming a column a table does not have, in one line', () => {
    const dir = tempDir('linked-bad');
    writeHospital(dir);
    fs.writeFileSync(path.join(dir, 'dataset.json'), JSON.stringify({ tables: ['patients.csv', 'admissions.csv'], foreignKeys: [{ child: 'admissions.who', parent: 'patients.patient_id' }] }));
    const r = twin(['profile', path.join(dir, 'dataset.json')]);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /declared key admissions\.who: the table has no column "who"/);
    assert.ok(!hasStackTrace(r.stderr));
  });
});
