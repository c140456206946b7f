import { strict as assert } from 'node:assert';
import { fakedColumnsOf } from '../../../../src/core/evaluate/multiTable/evaluateDataset';
import type { Metadata } from '../../../../src/core/metadata';

describe('evaluate: columns a linked twin fakes whole are left out of its per-table scores', () => {
  it('a categorical column with no publishable category is faked (every value rare); one with a published category, a number or an excluded column is not', () => {
    const metadata = {
      columns: [
        { name: 'REACTION', type: 'categorical', format: { kind: 'string' }, categories: [], other: { categories: 10, count: 35, label: 'Other' }, fakeSpace: { kind: 'token', prefix: 'Z' } },
        { name: 'SEVERITY', type: 'categorical', format: { kind: 'string' }, categories: [{ value: 'MODERATE', count: 20 }], other: { categories: 2, count: null, label: 'Other' } },
        { name: 'ZIP', type: 'categorical', format: { kind: 'string' }, categories: [], excluded: true },
        { name: 'COST', type: 'numeric', format: { kind: 'number' } },
        { name: 'ONLY_OTHER', type: 'categorical', format: { kind: 'string' }, categories: [{ value: 'Other', count: 40 }], other: { categories: 9, count: 40, label: 'Other' } },
      ],
    } as unknown as Metadata;
    assert.deepEqual(fakedColumnsOf(metadata), ['REACTION', 'ONLY_OTHER']);
  });
});
