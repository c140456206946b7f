import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import type { CategoryMetadataColumn } from '../../../src/core/metadata';
import { codeSystemOfName, detectCodeSystem, isIcd10Like, isSnomedShaped, verhoeffValid } from '../../../src/core/profile/codes';
import { profileDataset, profileFile, toMetadata } from '../../../src/core/profile';
import { isCodeColumn } from '../../../src/core/schema';
import { DATA, memorySource } from './helpers';

describe('codes are categorical codes, not quantities (issue 13 item 2)', () => {
  it('reads code systems from column names, and counts of codes as quantities', () => {
    assert.equal(codeSystemOfName('CODE'), 'code');
    assert.equal(codeSystemOfName('REASONCODE'), 'code');
    assert.equal(codeSystemOfName('org_code'), 'code');
    assert.equal(codeSystemOfName('diagnosis_icd10'), 'icd-10');
    assert.equal(codeSystemOfName('primaryICD9'), 'icd-9');
    assert.equal(codeSystemOfName('snomed_concept'), 'snomed-ct');
    assert.equal(codeSystemOfName('opcs4'), 'opcs');
    assert.equal(codeSystemOfName('read_code'), 'read');
    assert.equal(codeSystemOfName('ward_code'), 'area');
    assert.equal(codeSystemOfName('LSOA11'), null, 'a word with digits attached is not the system word');
    assert.equal(codeSystemOfName('lsoa'), 'area');
    assert.equal(codeSystemOfName('ZIP'), 'postcode');
    assert.equal(codeSystemOfName('n_codes'), null);
    assert.equal(codeSystemOfName('code_count'), null);
    assert.equal(codeSystemOfName('forward_periods'), null);
    assert.equal(codeSystemOfName('age'), null);
  });

  it('checks SNOMED CT check digits (Verhoeff) and partition digits', () => {
    for (const id of ['410620009', '185345009', '424441002', '449411000124106']) {
      assert.ok(isSnomedShaped(id), id);
      assert.ok(verhoeffValid(id), id);
    }
    assert.ok(!verhoeffValid('410620008'));
    assert.ok(!isSnomedShaped('410620309'), 'partition 30 is not a SNOMED partition');
    assert.ok(!isSnomedShaped('12345'), 'too short');
    assert.ok(isIcd10Like('K80.2') && isIcd10Like('I219') && !isIcd10Like('Kingston'));
  });

  it('detects SNOMED CT by shape without a telling name, and not in plain quantities', () => {
    const codes = ['410620009', '185345009', '424441002', '185349003', '702927004', '424619006', '308335008', '390906007', '698314001', '50849002'];
    assert.equal(detectCodeSystem('concept', codes, true), 'snomed-ct');
    const incomes = Array.from({ length: 50 }, (_, i) => String(120_000 + i * 7919));
    assert.equal(detectCodeSystem('income', incomes, true), null);
  });

  it('types a column of SNOMED codes categorical with a code format; a count column named n_codes stays integer', async () => {
    const codes = ['410620009', '185345009', '424441002', '185349003', '702927004'];
    const rows = Array.from({ length: 300 }, (_, i) => [codes[i % 5], String(i % 7), String(1000 + i)]);
    const { columns } = await profileDataset(memorySource(['CODE', 'n_codes', 'amount'], rows));
    const [code, count, amount] = columns;
    assert.equal(code.spec.type, 'categorical');
    assert.ok(isCodeColumn(code.spec));
    assert.deepEqual(code.spec.format, { kind: 'string', code: 'snomed-ct' });
    assert.equal(count.spec.type, 'integer');
    assert.equal(amount.spec.type, 'integer');
  });

  it('Synthea encounters: CODE and REASONCODE are SNOMED CT categories in metadata.json, with no mean', async () => {
    const { profile } = await profileFile(path.join(DATA, 'synthea/encounters.csv'));
    const m = toMetadata(profile);
    for (const name of ['CODE', 'REASONCODE']) {
      const c = m.columns.find((x) => x.name === name) as CategoryMetadataColumn;
      assert.equal(c.type, 'categorical', name);
      assert.ok(c.format.kind === 'string' && c.format.code === 'snomed-ct', name);
      assert.ok(!('mean' in c), `${name} has no mean`);
      const published = c.categories.filter((x) => x.value !== c.other?.label);
      assert.ok(published.length >= 10 && published.every((x) => /^\d{6,18}$/.test(x.value)), `${name} publishes codes as written`);
    }
    // Costs stay numbers.
    assert.equal(m.columns.find((x) => x.name === 'TOTAL_CLAIM_COST')?.type, 'numeric');
  });

  it('the built-in sample: ICD-10 diagnoses, postcode districts and ward codes are codes', async () => {
    const { writeHospitalAdmissionsSample } = await import('../../../src/core/sample');
    const { tempDir } = await import('./helpers');
    const file = path.join(tempDir(), 'sample.csv');
    await writeHospitalAdmissionsSample(file);
    const { profile } = await profileFile(file);
    const byName = new Map(profile.columns.map((c) => [c.name, c.spec] as const));
    assert.deepEqual(byName.get('diagnosis_icd10')?.format, { kind: 'string', code: 'icd-10' });
    assert.equal((byName.get('postcode_district')?.format as { code?: string }).code, 'postcode');
    assert.equal((byName.get('ward_code')?.format as { code?: string }).code, 'area');
    assert.equal(byName.get('age')?.type, 'integer');
  });
});
