import { strict as assert } from 'node:assert';
import type { CategoryMetadataColumn } from '../../../src/core/metadata';
import { isCodeColumn } from '../../../src/core/schema';
import { isRepeatedKey, rowsPerKey } from '../../../src/core/synth/keys';
import { DATASETS, datasetWithTwins } from './twinStructure.helpers';

/**
 * Issue 13 items 2–4 on the built-in sample and three real extracts, at every level and method:
 * codes stay inside their published domain, repeated keys keep their rows-per-key structure, and
 * no fake identifier equals a real value.
 */
describe('twins keep codes, keys and fakes honest (sample, Synthea encounters, NHS-R stranded, A&E)', function () {
  this.timeout(600_000);

  for (const name of DATASETS) {
    describe(name, () => {
      it('no twin writes a code outside the published domain, at any level or method', async () => {
        const d = await datasetWithTwins(name);
        const codeColumns = d.twins[0].metadata.columns.filter((c) => c.type === 'categorical' && isCodeColumn(c)) as CategoryMetadataColumn[];
        if (name === 'sample' || name === 'synthea/encounters.csv') assert.ok(codeColumns.length >= 2, `${name} has code columns`);
        for (const c of codeColumns) {
          // Whatever the typing, a twin's codes are codes the real data holds.
          const real = new Set(d.real.get(c.name));
          for (const twin of d.twins) {
            const invented = (twin.values.get(c.name) ?? []).filter((v) => v !== null && !real.has(v));
            assert.equal(invented.length, 0, `${twin.method} ${c.name}: ${invented.length} invented codes, e.g. ${invented.slice(0, 3).join(', ')}`);
          }
        }
        for (const twin of d.twins) {
          for (const meta of twin.metadata.columns) {
            if (meta.type !== 'categorical' || !isCodeColumn(meta)) continue;
            const c = meta as CategoryMetadataColumn;
            const domain = new Set(c.categories.filter((x) => c.other === undefined || x.value !== c.other.label).map((x) => x.value));
            const outside = (twin.values.get(c.name) ?? []).filter((v) => v !== null && !domain.has(v));
            assert.equal(outside.length, 0, `${twin.method} ${c.name}: ${outside.length} codes outside the domain, e.g. ${outside.slice(0, 3).join(', ')}`);
          }
        }
      });

      it('repeated keys: fake keys repeat with the real rows-per-key distribution (KS complement ≥ 0.9 where ≥ 2k keys), at every level', async () => {
        const d = await datasetWithTwins(name);
        const keyColumns = d.twins[0].metadata.columns.filter(isRepeatedKey).map((c) => c.name);
        if (name === 'synthea/encounters.csv') assert.deepEqual(keyColumns, ['PATIENT', 'ORGANIZATION', 'PROVIDER', 'PAYER']);
        if (name === 'ae/hospital_ae_data.csv') assert.deepEqual(keyColumns, ['Postcode'], 'shared postcodes repeat');
        for (const column of keyColumns) {
          const real = rowsPerKey(d.real.get(column) ?? []);
          for (const twin of d.twins) {
            const fake = rowsPerKey(twin.values.get(column) ?? []);
            const ks = 1 - ksStatistic(real, fake);
            if (real.length >= 20) assert.ok(ks >= 0.9, `${twin.method} ${column}: KS complement of rows per key ${ks.toFixed(3)} (${real.length} real keys, ${fake.length} fake)`);
            else assert.ok(fake.length < (twin.values.get(column) ?? []).length / 10, `${twin.method} ${column}: keys repeat`);
          }
        }
      });

      it('no fake identifier or text equals a real value, at any level or method', async () => {
        const d = await datasetWithTwins(name);
        const faked = d.twins[0].metadata.columns.filter((c) => c.type === 'identifier' || c.type === 'text');
        if (name !== 'nhsr/stranded_data.csv') assert.ok(faked.length > 0, `${name} has identifiers or text`);
        for (const c of faked) {
          assert.ok(c.fakeSpace?.prefix, `${c.name}: a beginning free of real values was found`);
          const real = new Set(d.real.get(c.name));
          for (const twin of d.twins) {
            const equal = (twin.values.get(c.name) ?? []).filter((v) => v !== null && real.has(v));
            assert.equal(equal.length, 0, `${twin.method} ${c.name}: ${equal.length} fakes equal real values`);
          }
        }
      });
    });
  }
});

/** Two-sample Kolmogorov–Smirnov statistic. */
function ksStatistic(a: number[], b: number[]): number {
  const x = [...a].sort((p, q) => p - q);
  const y = [...b].sort((p, q) => p - q);
  let i = 0;
  let j = 0;
  let d = 0;
  while (i < x.length && j < y.length) {
    const v = Math.min(x[i], y[j]);
    while (i < x.length && x[i] <= v) i++;
    while (j < y.length && y[j] <= v) j++;
    d = Math.max(d, Math.abs(i / x.length - j / y.length));
  }
  return d;
}
