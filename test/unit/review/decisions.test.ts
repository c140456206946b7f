import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { isTwinError } from '../../../src/core/errors';
import type { Metadata } from '../../../src/core/metadata';
import { metadataToJson } from '../../../src/core/metadataJson';
import { profileFile, toMetadata } from '../../../src/core/profile';
import type { Profile } from '../../../src/core/profile/types';
import { ruleKey } from '../../../src/core/recordRules';
import {
  applyDecisions, applyDecisionsToMetadata, decisionsOf, describeDecisions, emptyDecisions, normaliseDecisions, thresholdProblem,
} from '../../../src/core/review';
import { writeHospitalAdmissionsSample } from '../../../src/core/sample/hospitalAdmissions';
import { checkMetadata } from '../../../src/core/synth';

const inputFails = (pattern: RegExp) => (e: unknown): boolean => isTwinError(e) && e.kind === 'input' && pattern.test(e.message);

describe('review decisions (core/review)', function () {
  this.timeout(120_000);
  let dir: string;
  let profile: Profile;
  let plain: Metadata;

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'twin-review-'));
    const file = path.join(dir, 'admissions.csv');
    await writeHospitalAdmissionsSample(file, { rows: 1500, seed: 11 });
    profile = (await profileFile(file, {})).profile;
    plain = JSON.parse(JSON.stringify(toMetadata(profile))) as Metadata;
  });

  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  const column = (m: Metadata, name: string) => m.columns.find((c) => c.name === name)!;

  it('with no decisions gives exactly the profiler\'s metadata, with no decisions block', () => {
    const m = JSON.parse(JSON.stringify(applyDecisions(profile, emptyDecisions()))) as Metadata;
    assert.deepEqual(m, plain);
    assert.equal(m.decisions, undefined);
  });

  it('excludes a column: marked, recorded as a control, and kept in the decisions', () => {
    const m = applyDecisions(profile, { excluded: ['notes'] });
    assert.equal(column(m, 'notes').excluded, true);
    assert.equal(column(m, 'age').excluded, undefined);
    assert.deepEqual(m.controls.filter((c) => c.control === 'column-excluded').map((c) => c.column), ['notes']);
    assert.deepEqual(m.decisions?.excluded, ['notes']);
    assert.deepEqual(describeDecisions(m.decisions!), ['excluded from the twin and the pack: notes']);
  });

  it('changes a type and re-summarises the column under it (age as categories)', () => {
    assert.equal(column(plain, 'age').type, 'integer');
    const m = applyDecisions(profile, { types: { age: 'categorical' } });
    const age = column(m, 'age');
    assert.equal(age.type, 'categorical');
    assert.ok('categories' in age && age.categories.length > 5, 'categories summarised');
    assert.ok(!('bounds' in age), 'no numeric summary left');
  });

  it('marks an identifier: described by length only; the mark wins over a type change', () => {
    const m = applyDecisions(profile, { identifiers: ['ward_code'], types: { ward_code: 'categorical' } });
    const ward = column(m, 'ward_code');
    assert.equal(ward.type, 'identifier');
    assert.ok('length' in ward && !('categories' in ward));
    assert.deepEqual(describeDecisions(m.decisions!), ['type of ward_code set to categorical', 'marked as identifiers (format only, faked in twins): ward_code']);
  });

  it('refuses a type the column cannot take, and an unknown column, naming the column', () => {
    assert.throws(() => applyDecisions(profile, { types: { sex: 'integer' } }), inputFails(/not numbers or dates, so it cannot be integer/));
    assert.throws(() => applyDecisions(profile, { excluded: ['no_such'] }), (e: unknown) => isTwinError(e) && /no such column/.test(e.message) && /no_such/.test(e.message));
    assert.throws(() => applyDecisions(profile, { types: { age: 'number' as never } }), inputFails(/unknown type "number"/));
  });

  it('applies the reviewer\'s threshold k: a raised k publishes fewer categories', () => {
    const raised = applyDecisions(profile, { threshold: 200 });
    assert.equal(raised.disclosure.threshold, 200);
    const count = (m: Metadata) => { const c = column(m, 'diagnosis_icd10'); return 'categories' in c ? c.categories.length : -1; };
    assert.ok(count(raised) < count(plain), `${count(raised)} < ${count(plain)}`);
    assert.ok(('categories' in column(raised, 'diagnosis_icd10')) && (column(raised, 'diagnosis_icd10') as { categories: { count: number }[] }).categories.every((c) => c.count >= 200));
  });

  it('drops a record rule by key', () => {
    const key = 'order:admission_datetime,discharge_datetime';
    const m = applyDecisions(profile, { droppedRules: [key] });
    assert.deepEqual((m.rules ?? []).filter((r) => !r.keep).map(ruleKey), [key]);
  });

  it('reads the decisions back from metadata, through metadata.json', () => {
    const m = applyDecisions(profile, { excluded: ['notes', 'bmi'], identifiers: ['ward_code'], threshold: 15 });
    const read = checkMetadata(JSON.parse(metadataToJson(m)), 'reviewed.json');
    assert.deepEqual(decisionsOf(read), normaliseDecisions({ excluded: ['bmi', 'notes'], identifiers: ['ward_code'], threshold: 15 }));
  });

  it('recovers decisions from metadata written before the decisions block (exclusions, threshold, dropped rules)', () => {
    const m = JSON.parse(JSON.stringify(applyDecisions(profile, { excluded: ['notes'], threshold: 12, droppedRules: ['order:admission_datetime,discharge_datetime'] }))) as Metadata;
    delete m.decisions;
    assert.deepEqual(decisionsOf(m), normaliseDecisions({ excluded: ['notes'], threshold: 12, droppedRules: ['order:admission_datetime,discharge_datetime'] }));
  });

  it('applies exclusions and rule drops to metadata alone, and undoes an exclusion', () => {
    const excluded = applyDecisionsToMetadata(plain, { excluded: ['notes'] }, 'm.json');
    assert.equal(column(excluded, 'notes').excluded, true);
    assert.equal(column(plain, 'notes').excluded, undefined, 'the input is not changed');
    const undone = applyDecisionsToMetadata(excluded, { excluded: [] }, 'm.json');
    assert.equal(column(undone, 'notes').excluded, undefined);
    assert.equal(undone.controls.some((c) => c.control === 'column-excluded'), false);
    assert.equal(undone.decisions, undefined);
  });

  it('refuses, from metadata alone, a decision that needs the data to re-summarise', () => {
    assert.throws(() => applyDecisionsToMetadata(plain, { types: { age: 'categorical' } }, 'm.json'), inputFails(/changing a column's type re-summarises columns from the data: give the data file/));
    assert.throws(() => applyDecisionsToMetadata(plain, { threshold: 20 }, 'm.json'), inputFails(/the threshold k/));
    // Decisions already applied with the data may be carried unchanged.
    const typed = applyDecisions(profile, { types: { age: 'categorical' } });
    const more = applyDecisionsToMetadata(typed, { ...decisionsOf(typed), excluded: ['notes'] }, 'm.json');
    assert.equal(column(more, 'age').type, 'categorical');
    assert.equal(column(more, 'notes').excluded, true);
  });

  it('honours a k below the default only when a decision records it', () => {
    assert.equal(thresholdProblem(plain), null);
    const lowered = applyDecisions(profile, { threshold: 5 });
    assert.equal(lowered.disclosure.threshold, 5);
    assert.equal(thresholdProblem(lowered), null);
    const edited = { ...plain, disclosure: { ...plain.disclosure, threshold: 5 } };
    assert.match(thresholdProblem(edited) ?? '', /threshold k = 5 is below the default 10 and no reviewer's decision records it/);
    assert.equal(thresholdProblem({ ...plain, disclosure: { ...plain.disclosure, threshold: 30 } }), null, 'a raised k needs no decision');
  });
});
