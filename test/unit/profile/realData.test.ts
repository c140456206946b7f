import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { CategoryMetadataColumn, NumberMetadataColumn } from '../../../src/core/metadata';
import { profileFile, toMetadata } from '../../../src/core/profile';
import type { Profile } from '../../../src/core/profile';
import { DATA } from './helpers';
import { requireOrSkip } from '../skip';

function need(this: Mocha.Context, file: string): string {
  const p = path.join(DATA, file);
  requireOrSkip(this, fs.existsSync(p), `../shared/data/${file} is not present`);
  return p;
}

describe('profile acceptance on real data (../shared/data)', function () {
  this.timeout(60_000);
  const col = (p: Profile, name: string) => {
    const c = p.columns.find((x) => x.name === name);
    assert.ok(c, `column ${name}`);
    return c;
  };

  it('Synthea immunizations: a constant cost column (1,775 rows, a count rounded past the total) publishes its point mass as a share of at most 1', async function () {
    const { profile } = await profileFile(need.call(this, 'synthea/immunizations.csv'));
    const m = toMetadata(profile);
    const cost = m.columns.find((c) => c.name === 'BASE_COST') as NumberMetadataColumn;
    assert.deepEqual(cost.pointMasses, [{ value: 136, share: 1 }]);
    for (const c of m.columns) for (const pm of (c as NumberMetadataColumn).pointMasses ?? []) assert.ok(pm.share <= 1, `${c.name}: ${pm.share}`);
  });

  it('UCI Adult: 15 columns, 32,561 rows, 6 integer + 9 categorical, ? missing, rare native-country', async function () {
    const { profile } = await profileFile(need.call(this, 'adult/adult.csv'));
    assert.equal(profile.dataset.rows, 32_561);
    assert.equal(profile.columns.length, 15);
    const types = profile.columns.map((c) => c.spec.type);
    assert.equal(types.filter((t) => t === 'integer' || t === 'numeric').length, 6);
    assert.equal(types.filter((t) => t === 'categorical').length, 9);
    const workclass = col(profile, 'workclass');
    assert.equal(workclass.missing, 1836);
    assert.ok(Math.abs(workclass.missingFraction - 0.0564) < 0.0001);
    const country = col(profile, 'native-country');
    assert.equal(country.frequencies.values.find((f) => f.value === 'Holand-Netherlands')?.count, 1);
    assert.ok(country.flags.some((f) => f.kind === 'rare-categories'));
    const age = col(profile, 'age');
    assert.equal(age.numeric?.min, 17);
    assert.equal(age.numeric?.max, 90);
    assert.ok(Math.abs(age.numeric!.mean - 38.5816) < 1e-4);
    const gain = col(profile, 'capital-gain');
    assert.ok(Math.abs(gain.numeric!.pointMasses[0].share - 0.9167) < 1e-3);

    const m = toMetadata(profile);
    const c = m.columns.find((x) => x.name === 'native-country') as CategoryMetadataColumn;
    assert.ok(!c.categories.some((x) => x.value === 'Holand-Netherlands'));
    const a = m.columns.find((x) => x.name === 'age') as NumberMetadataColumn;
    assert.ok(a.bounds.upper < 90, 'no maximum published');
    const pair = m.associations!.pairs.find((x) => x.columns.join() === 'sex,income');
    assert.ok(pair && pair.measure === 'cramersV' && pair.value > 0.2 && pair.value < 0.25, `sex×income V ${pair?.value}`);
  });

  it('A&E: Health Service ID is an NHS-number identifier, Postcode flagged, Arrival Time a datetime', async function () {
    const { profile } = await profileFile(need.call(this, 'ae/hospital_ae_data.csv'));
    assert.equal(profile.dataset.rows, 10_000);
    const id = col(profile, 'Health Service ID');
    assert.equal(id.spec.type, 'identifier');
    assert.deepEqual(id.spec.format, { kind: 'string', shape: '999-999-9999' });
    assert.ok(id.flags.some((f) => f.kind === 'nhs-number'));
    const postcode = col(profile, 'Postcode');
    assert.ok(postcode.flags.some((f) => f.kind === 'postcode'));
    assert.equal(postcode.spec.type, 'identifier');
    assert.ok(postcode.spec.format.kind === 'string' && postcode.spec.format.shapes?.includes('AA9A 9AA'));
    const arrival = col(profile, 'Arrival Time');
    assert.deepEqual(arrival.spec.format, { kind: 'datetime', pattern: 'yyyy-MM-dd HH:mm:ss' });
    assert.ok(arrival.flags.some((f) => f.kind === 'exact-date'));
    assert.equal(col(profile, 'Hospital').spec.type, 'categorical');
  });

  it('NHS-R stranded: admit_date is a dd/MM/yyyy date, 0/1 flags are booleans', async function () {
    const { profile } = await profileFile(need.call(this, 'nhsr/stranded_data.csv'));
    assert.deepEqual(col(profile, 'admit_date').spec.format, { kind: 'date', pattern: 'dd/MM/yyyy' });
    assert.deepEqual(col(profile, 'care.home.referral').spec.format, { kind: 'boolean', trueToken: '1', falseToken: '0' });
    assert.equal(col(profile, 'age').spec.type, 'integer');
  });
});
