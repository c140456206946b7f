import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { isTwinError } from '../../../src/core/errors';
import type { Metadata } from '../../../src/core/metadata';
import { metadataToJson } from '../../../src/core/metadataJson';
import { profileFile } from '../../../src/core/profile';
import type { Profile } from '../../../src/core/profile/types';
import { applyDecisions, canonicalJson, metadataDigest, signerProblem, signMetadata, signOffHolds, signOffHoldsFor, withSignOffIfHolds } from '../../../src/core/review';
import { writeHospitalAdmissionsSample } from '../../../src/core/sample/hospitalAdmissions';
import { checkMetadata } from '../../../src/core/synth';

describe('sign-off (core/review/signOff)', function () {
  this.timeout(120_000);
  let dir: string;
  let profile: Profile;
  let reviewed: Metadata;
  const NOW = new Date('2026-12-07T09:30:00Z');

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'twin-signoff-'));
    const file = path.join(dir, 'admissions.csv');
    await writeHospitalAdmissionsSample(file, { rows: 1200, seed: 5 });
    profile = (await profileFile(file, {})).profile;
    reviewed = applyDecisions(profile, { excluded: ['notes'] });
  });

  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('records who, when (the UTC day), the note and a digest of what was signed', () => {
    const signed = signMetadata(reviewed, { name: ' Dr A. Reviewer ', role: 'Output checker', note: ' checked ' }, NOW);
    assert.deepEqual(signed.signOff, { name: 'Dr A. Reviewer', role: 'Output checker', date: '2026-12-07', note: 'checked', digest: metadataDigest(reviewed) });
    assert.match(signed.signOff!.digest!, /^[0-9a-f]{64}$/);
    assert.ok(signOffHolds(signed));
    assert.equal(reviewed.signOff, undefined, 'the input is not changed');
  });

  it('holds through metadata.json written and read back (readable dates, about block)', () => {
    const signed = signMetadata(reviewed, { name: 'A', role: 'B' }, NOW);
    const read = checkMetadata(JSON.parse(metadataToJson(signed)), 'reviewed.json');
    assert.ok(signOffHolds(read));
  });

  it('holds when only the tool version differs, and no longer after any change of content', () => {
    const signed = signMetadata(reviewed, { name: 'A', role: 'B' }, NOW);
    assert.ok(signOffHolds({ ...signed, generator: { tool: 'synthetic-twin', version: '99.0.0' } }));
    const edited = JSON.parse(JSON.stringify(signed)) as Metadata;
    edited.disclosure.threshold = 5;
    assert.equal(signOffHolds(edited), false, 'a hand edit of k withdraws it');
    const unexcluded = JSON.parse(JSON.stringify(signed)) as Metadata;
    delete unexcluded.columns.find((c) => c.name === 'notes')!.excluded;
    assert.equal(signOffHolds(unexcluded), false, 'undoing an exclusion withdraws it');
    const other = applyDecisions(profile, { excluded: ['notes', 'bmi'] });
    assert.equal(signOffHoldsFor(other, signed.signOff), false);
  });

  it('does not hold without a digest (a sign-off typed in by hand) or with a forged one', () => {
    assert.equal(signOffHolds({ ...reviewed, signOff: { name: 'A', role: 'B', date: '2026-12-07' } }), false);
    assert.equal(signOffHolds({ ...reviewed, signOff: { name: 'A', role: 'B', date: '2026-12-07', digest: '0'.repeat(64) } }), false);
  });

  it('carries an earlier sign-off only to metadata it signed', () => {
    const signed = signMetadata(reviewed, { name: 'A', role: 'B' }, NOW);
    const again = applyDecisions(profile, { excluded: ['notes'] });
    assert.deepEqual(withSignOffIfHolds(again, signed.signOff).signOff, signed.signOff, 'profiling again gives the same metadata: kept');
    assert.equal(withSignOffIfHolds(applyDecisions(profile, {}), signed.signOff).signOff, undefined, 'other metadata: dropped');
  });

  it('refuses a signer without a name or role, with line breaks or too long', () => {
    assert.equal(signerProblem({ name: 'A', role: 'B' }), null);
    assert.match(signerProblem({ name: ' ', role: 'B' }) ?? '', /needs the name/);
    assert.match(signerProblem({ name: 'A' }) ?? '', /needs the role/);
    assert.match(signerProblem({ name: 'A\nB', role: 'C' }) ?? '', /name must be one line/);
    assert.match(signerProblem({ name: 'A', role: 'C', note: 'x'.repeat(201) }) ?? '', /longer than 200/);
    assert.throws(() => signMetadata(reviewed, { name: '', role: 'B' }), (e: unknown) => isTwinError(e) && e.kind === 'input');
  });

  it('canonical JSON sorts keys at every level and drops undefined fields', () => {
    assert.equal(canonicalJson({ b: 1, a: { d: [1, { f: 2, e: undefined }], c: null } }), '{"a":{"c":null,"d":[1,{"f":2}]},"b":1}');
  });
});
