import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { withoutExcludedFigures } from '../../../src/core/disclosure/excludedColumns';
import { protectMetadata } from '../../../src/core/disclosure/protectMetadata';
import { releasedValue } from '../../../src/core/disclosure/released';
import type { Metadata } from '../../../src/core/metadata';
import { metadataToJson } from '../../../src/core/metadataJson';
import { profileFile } from '../../../src/core/profile';
import { applyDecisions, metadataDigest, signMetadata, signOffHolds } from '../../../src/core/review';
import { writeHospitalAdmissionsSample } from '../../../src/core/sample/hospitalAdmissions';
import { checkMetadata } from '../../../src/core/synth';

describe('an excluded column in released metadata (disclosure/excludedColumns)', function () {
  this.timeout(120_000);
  let reviewed: Metadata;

  before(async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'twin-excluded-'));
    const file = path.join(dir, 'admissions.csv');
    await writeHospitalAdmissionsSample(file, { rows: 1500, seed: 9 });
    const { profile } = await profileFile(file, { associationRows: 1500 });
    reviewed = applyDecisions(profile, { excluded: ['discharge_datetime', 'bmi'] });
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('keeps only name, type and format; drops its controls, associations and record rules', () => {
    assert.ok((reviewed.associations?.pairs ?? []).some((p) => p.columns.includes('bmi')), 'the reviewed metadata has an association with bmi');
    assert.ok((reviewed.rules ?? []).some((r) => JSON.stringify(r).includes('discharge_datetime')), 'and a rule on discharge_datetime');
    const out = withoutExcludedFigures(reviewed);
    const bmi = out.columns.find((c) => c.name === 'bmi')!;
    assert.deepEqual(Object.keys(bmi).sort(), ['disclosure', 'excluded', 'format', 'name', 'type']);
    assert.equal(out.columns.length, reviewed.columns.length, 'every column still named');
    assert.equal((out.associations?.pairs ?? []).some((p) => p.columns.includes('bmi') || p.columns.includes('discharge_datetime')), false);
    assert.equal((out.rules ?? []).some((r) => JSON.stringify(r).includes('discharge_datetime')), false);
    assert.deepEqual(out.controls.filter((c) => c.column === 'bmi').map((c) => c.control), ['column-excluded']);
    assert.deepEqual(out.columns.find((c) => c.name === 'age'), reviewed.columns.find((c) => c.name === 'age'), 'other columns untouched');
    assert.deepEqual(withoutExcludedFigures(out), out, 'idempotent');
  });

  it('is what protectMetadata releases, and it reads back as metadata', () => {
    const released = releasedValue(protectMetadata(reviewed), 'metadata.json');
    assert.deepEqual(JSON.parse(JSON.stringify(released)), JSON.parse(JSON.stringify(withoutExcludedFigures(reviewed))));
    const read = checkMetadata(JSON.parse(metadataToJson(released)), 'metadata.json');
    assert.equal(read.columns.find((c) => c.name === 'bmi')?.excluded, true);
  });

  it('a sign-off of the reviewed metadata holds for its released copy (same digest)', () => {
    const signed = signMetadata(reviewed, { name: 'A', role: 'B' });
    const released = releasedValue(protectMetadata(signed), 'metadata.json');
    assert.equal(metadataDigest(released), metadataDigest(reviewed));
    assert.ok(signOffHolds(released));
  });
});
