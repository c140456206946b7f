import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { hasStackTrace, tempDir, twin } from '../cli/helpers';
import { checkDatasetMetadata } from '../../../src/core/dataset/metadataV2';
import { linkText } from '../../../src/core/dataset/types';

import { writeHospital } from './hospital';

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
