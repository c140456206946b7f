import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Metadata } from '../../../src/core/metadata';
import { profileFile, toMetadata } from '../../../src/core/profile';
import { dropRules, ruleKey } from '../../../src/core/recordRules';
import { writeHospitalAdmissionsSample } from '../../../src/core/sample/hospitalAdmissions';
import { isTwinError } from '../../../src/core/errors';

describe('a reviewer\'s keep/drop decisions on record rules', function () {
  this.timeout(120_000);
  let metadata: Metadata;

  before(async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'twin-rule-decisions-'));
    const file = path.join(dir, 'admissions.csv');
    await writeHospitalAdmissionsSample(file, { rows: 1500, seed: 3 });
    metadata = toMetadata((await profileFile(file, {})).profile);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('names each rule of the sample by its kind and columns, uniquely and stably', async () => {
    const keys = (metadata.rules ?? []).map(ruleKey);
    assert.ok(keys.includes('order:admission_datetime,discharge_datetime'), `keys: ${keys.join(' | ')}`);
    assert.equal(new Set(keys).size, keys.length, 'no two rules share a key');
  });

  it('drops exactly the named rules and refuses a rule the metadata does not have', () => {
    const rules = structuredClone(metadata.rules ?? []);
    assert.ok(rules.every((r) => r.keep), 'every published rule starts kept');
    dropRules(rules, ['order:admission_datetime,discharge_datetime']);
    assert.deepEqual(rules.filter((r) => !r.keep).map(ruleKey), ['order:admission_datetime,discharge_datetime']);
    assert.throws(() => dropRules(rules, ['order:discharge_datetime,admission_datetime']), (e: unknown) => isTwinError(e) && /no record rule "order:discharge_datetime,admission_datetime"/.test((e as Error).message));
  });
});
