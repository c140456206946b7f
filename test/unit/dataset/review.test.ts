import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { hasStackTrace, tempDir, twin } from '../cli/helpers';
import { checkDatasetMetadata } from '../../../src/core/dataset/metadataV2';
import { linkText, type DatasetMetadata } from '../../../src/core/dataset/types';
import { linkDecisionsOf, updateLinkDecisions } from '../../../src/core/review/linkDecisions';
import { writeHospital } from './hospital';

const read = (file: string): DatasetMetadata => checkDatasetMetadata(JSON.parse(fs.readFileSync(file, 'utf8')), file);
const statuses = (d: DatasetMetadata): Record<string, string> => Object.fromEntries(d.relationships.foreignKeys.map((f) => [linkText(f), `${f.origin}/${f.status}`]));

describe('twin review <dataset metadata.json>: link decisions', () => {
  let data: string;
  let out: string;
  let metadata: string;
  before(() => {
    data = tempDir('review-links');
    writeHospital(data);
    out = tempDir('review-links-out');
    metadata = path.join(out, 'metadata.json');
    const r = twin(['profile', data, '--out', metadata, '-q']);
    assert.equal(r.status, 0, r.stderr);
  });

  it('confirms a found link on the metadata alone: only its status changes', () => {
    const reviewed = path.join(out, 'confirmed.json');
    const r = twin(['review', metadata, '--confirm-link', 'admissions.patient_id=patients.patient_id', '--out', reviewed, '-q']);
    assert.equal(r.status, 0, r.stderr);
    const result = JSON.parse(r.stdout) as { decisions: string[]; profiled: boolean };
    assert.deepEqual([result.decisions, result.profiled], [['link confirmed: admissions.patient_id->patients.patient_id'], false]);
    const before = read(metadata);
    const after = read(reviewed);
    assert.equal(statuses(after)['admissions.patient_id->patients.patient_id'], 'discovered/confirmed');
    assert.equal(statuses(after)['diagnoses.patient_id->patients.patient_id'], 'discovered/proposed');
    assert.deepEqual(after.summaries, before.summaries);
    assert.deepEqual(after.tables, before.tables);
  });

  it('rejects a link with the data: profiled again, the diamond and its summaries gone; earlier confirmations kept', () => {
    const confirmed = path.join(out, 'confirmed.json');
    const reviewed = path.join(out, 'rejected.json');
    const r = twin(['review', confirmed, '--reject-link', 'diagnoses.patient_id=patients.patient_id', '--data', data, '--out', reviewed, '-q']);
    assert.equal(r.status, 0, r.stderr);
    assert.equal((JSON.parse(r.stdout) as { profiled: boolean }).profiled, true);
    const d = read(reviewed);
    assert.deepEqual(statuses(d), {
      'admissions.patient_id->patients.patient_id': 'discovered/confirmed',
      'diagnoses.admission_id->admissions.admission_id': 'discovered/proposed',
      'diagnoses.patient_id->patients.patient_id': 'discovered/rejected',
    });
    assert.deepEqual(d.relationships.diamonds, []);
    assert.ok(!d.summaries!.childrenPerParent.some((c) => c.child.table === 'diagnoses' && c.parent.table === 'patients'));
    assert.ok(read(metadata).summaries!.childrenPerParent.some((c) => c.child.table === 'diagnoses' && c.parent.table === 'patients'));
  });

  it('refuses to add or reject a link without the data, and link flags on a single table\'s metadata, in one line', () => {
    const r = twin(['review', metadata, '--reject-link', 'diagnoses.patient_id=patients.patient_id', '--out', path.join(out, 'x.json'), '-q']);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /give the real data folder \(or its dataset\.json\)/);
    assert.ok(!hasStackTrace(r.stderr));
    const one = path.join(out, 'patients.json');
    assert.equal(twin(['profile', path.join(data, 'patients.csv'), '--out', one, '-q']).status, 0);
    const r2 = twin(['review', one, '--link', 'a.b=c.d', '--out', path.join(out, 'y.json')]);
    assert.equal(r2.status, 2);
    assert.match(r2.stderr, /are for the metadata\.json of a dataset of several tables/);
    assert.ok(!fs.existsSync(path.join(out, 'x.json')) && !fs.existsSync(path.join(out, 'y.json')));
  });

  it('refuses tables of another version (a changed table\'s fingerprint differs)', () => {
    const changed = tempDir('review-links-changed');
    writeHospital(changed);
    fs.appendFileSync(path.join(changed, 'patients.csv'), 'P9999,1990-01-15,F\n');
    const r = twin(['review', metadata, '--reject-link', 'diagnoses.patient_id=patients.patient_id', '--data', changed, '--out', path.join(out, 'z.json'), '-q']);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /another version of the table patients/);
  });

  it('the later decision about a link wins; decisions are read back from the links\' status', () => {
    const after = updateLinkDecisions(
      { added: ['a.x->b.id'], confirmed: ['c.y->b.id'], rejected: ['d.z->b.id'] },
      { added: [], confirmed: ['d.z=b.id'], rejected: ['a.x=b.id', 'c.y = b.id'] },
    );
    assert.deepEqual(after, { added: [], confirmed: ['d.z->b.id'], rejected: ['c.y->b.id'] });
    const d = read(path.join(out, 'rejected.json'));
    assert.deepEqual(linkDecisionsOf(d.relationships), {
      added: [], confirmed: ['admissions.patient_id->patients.patient_id'], rejected: ['diagnoses.patient_id->patients.patient_id'],
    });
  });
});
