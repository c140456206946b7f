import { strict as assert } from 'node:assert';
import type { Metadata } from '../../../src/core/metadata';
import type { Table } from '../../../src/core/schema';
import { applyDerivedCategories, findDerivedCategories } from '../../../src/core/synth/derivedCategories';

/** A categorical column of the metadata publishing `labels`. */
const meta = (name: string, labels: string[]) => ({
  name, type: 'categorical', format: { kind: 'string' }, missing: 0, disclosure: [], distinct: labels.length,
  categories: labels.map((value) => ({ value, count: 10 })),
});
const cat = (name: string, values: (string | null)[]): Table['columns'][number] => {
  const categories = [...new Set(values.filter((v): v is string => v !== null))];
  return { spec: { name, type: 'categorical' } as Table['columns'][number]['spec'], data: { kind: 'category', categories, codes: Int32Array.from(values, (v) => (v === null ? -1 : categories.indexOf(v))) } };
};

describe('synth: derived categories (a code and its description stay together)', () => {
  const code = ['A', 'A', 'B', 'B', 'C', 'C', null, 'A'];
  const desc = ['alpha', 'alpha', 'beta', 'beta', 'gamma', 'gamma', null, 'alpha'];
  const noise = ['x', 'y', 'x', 'y', 'x', 'y', 'x', 'y'];
  const metadata = { columns: [meta('CODE', ['A', 'B', 'C']), meta('DESCRIPTION', ['alpha', 'beta', 'gamma']), meta('OTHER', ['x', 'y'])], disclosure: { threshold: 1, rounding: 1 } } as unknown as Metadata;
  const table: Table = { rowCount: 8, columns: [cat('CODE', code), cat('DESCRIPTION', desc), cat('OTHER', noise)] };

  it('finds DESCRIPTION as a function of CODE (the later of two columns that determine each other), nothing for an unrelated column', () => {
    const found = findDerivedCategories(metadata, table);
    assert.deepEqual(found.map((d) => [d.from, d.to]), [['CODE', 'DESCRIPTION']]);
    assert.deepEqual([...found[0].map], [['A', 'alpha'], ['B', 'beta'], ['C', 'gamma']]);
    assert.equal(found[0].whenMissing, null);
  });

  it('sets the derived column from its source on made rows, whatever was drawn', () => {
    const made: Table = { rowCount: 4, columns: [cat('CODE', ['C', 'A', null, 'B']), cat('DESCRIPTION', ['alpha', 'alpha', 'beta', 'gamma']), cat('OTHER', ['x', 'x', 'y', 'y'])] };
    applyDerivedCategories(made, findDerivedCategories(metadata, table));
    const d = made.columns[1].data as { codes: Int32Array; categories: string[] };
    assert.deepEqual(Array.from(d.codes, (c) => (c < 0 ? null : d.categories[c])), ['gamma', 'alpha', null, 'beta']);
  });

  it('a label that is not published is never mapped to: no dependency is used', () => {
    const unpublished = { ...metadata, columns: [meta('CODE', ['A', 'B', 'C']), meta('DESCRIPTION', ['alpha', 'beta']), meta('OTHER', ['x', 'y'])] } as unknown as Metadata;
    assert.deepEqual(findDerivedCategories(unpublished, table).filter((d) => d.to === 'DESCRIPTION'), []);
  });
});
