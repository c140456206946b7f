import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { profileLinkedDataset } from '../../../src/core/dataset/profileLinked';
import { linkText } from '../../../src/core/dataset/types';
import { TwinError } from '../../../src/core/errors';
import { emptyLinkDecisions } from '../../../src/core/review/linkDecisions';
import { writeHospital } from './hospital';

describe('review: link decisions (confirm, reject, add)', () => {
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'twin-links-'));
    writeHospital(dir);
  });

  it('a rejected link stays listed as rejected and is used by nothing: no diamond, no summary', async () => {
    const links = { ...emptyLinkDecisions(), rejected: ['diagnoses.patient_id=patients.patient_id'], confirmed: ['admissions.patient_id=patients.patient_id'] };
    const { metadata } = await profileLinkedDataset(dir, { links });
    const status = Object.fromEntries(metadata.relationships.foreignKeys.map((f) => [linkText(f), f.status]));
    assert.deepEqual(status, {
      'admissions.patient_id->patients.patient_id': 'confirmed',
      'diagnoses.admission_id->admissions.admission_id': 'proposed',
      'diagnoses.patient_id->patients.patient_id': 'rejected',
    });
    assert.deepEqual(metadata.relationships.diamonds, []);
    assert.ok(!metadata.summaries!.childrenPerParent.some((c) => c.child.table === 'diagnoses' && c.parent.table === 'patients'));
    assert.ok(!metadata.summaries!.eventsPerPerson.some((e) => e.table === 'diagnoses'));
  });

  it('an added link is confirmed, from the review, with its evidence measured on the data', async () => {
    // Ward W3 is missing from this list of units: 3 of the 4 ward codes are found, too few for discovery.
    fs.writeFileSync(path.join(dir, 'units.csv'), `code,beds\n${['W0', 'W1', 'W2'].map((w, i) => `${w},${10 + i}`).join('\n')}\n`);
    try {
      const before = await profileLinkedDataset(dir);
      assert.ok(!before.metadata.relationships.foreignKeys.some((f) => f.parent.table === 'units'));
      const links = { ...emptyLinkDecisions(), added: ['admissions.ward=units.code'] };
      const { metadata } = await profileLinkedDataset(dir, { links });
      const added = metadata.relationships.foreignKeys.find((f) => linkText(f) === 'admissions.ward->units.code')!;
      assert.deepEqual([added.origin, added.status, added.evidence.inclusion, added.evidence.name, added.optional], ['review', 'confirmed', 0.75, 'none', false]);
    } finally {
      fs.rmSync(path.join(dir, 'units.csv'));
    }
  });

  it('refuses to confirm a link that was not found, and a link naming a missing column, in one line', async () => {
    await assert.rejects(profileLinkedDataset(dir, { links: { ...emptyLinkDecisions(), confirmed: ['admissions.ward=patients.patient_id'] } }),
      (e: unknown) => e instanceof TwinError && /cannot confirm admissions\.ward->patients\.patient_id: no such link was found/.test(e.message));
    await assert.rejects(profileLinkedDataset(dir, { links: { ...emptyLinkDecisions(), added: ['admissions.nope=patients.patient_id'] } }),
      (e: unknown) => e instanceof TwinError && /table admissions has no column "nope"/.test(e.message));
  });
});

describe('dataset: key columns in each table\'s profile', () => {
  it('a foreign key with more distinct values than the category limit is profiled as an identifier, not refused', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'twin-keys-'));
    writeHospital(dir);
    // 240 admissions, each named by two diagnoses: above a category limit of 100.
    const { metadata } = await profileLinkedDataset(dir, { maxCategories: 100 });
    const diagnoses = metadata.tables.find((t) => t.name === 'diagnoses')!.metadata;
    const fk = diagnoses.columns.find((c) => c.name === 'admission_id')!;
    assert.equal(fk.type, 'identifier');
    assert.equal(metadata.tables.find((t) => t.name === 'admissions')!.metadata.columns.find((c) => c.name === 'admission_id')!.type, 'identifier');
    // A column that is not a key still meets the limit.
    fs.writeFileSync(path.join(dir, 'codes.csv'), `code,label\n${Array.from({ length: 150 }, (_, i) => `c${i},L${i % 120}x`).join('\n')}\n`);
    await assert.rejects(profileLinkedDataset(dir, { maxCategories: 100 }), (e: unknown) => e instanceof TwinError && /column "?label"?|more than the limit of 100/.test(e.message));
  });
});
