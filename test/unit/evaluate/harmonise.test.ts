import * as assert from 'node:assert/strict';
import { harmoniseCategories, normaliseLabel } from '../../../src/core/evaluate/harmonise';
import type { Table } from '../../../src/core/schema';

const categoryTable = (name: string, categories: string[], codes: number[]): Table => ({
  rowCount: codes.length,
  columns: [{ spec: { name, type: 'categorical', format: { kind: 'string' } }, data: { kind: 'category', codes: Int32Array.from(codes), categories } }],
});

describe('evaluate: harmonising a holdout from another export', () => {
  it('normalises labels by case, surrounding spaces and a trailing full stop', () => {
    assert.equal(normaliseLabel(' >50K. '), '>50k');
    assert.equal(normaliseLabel('<=50K'), '<=50k');
  });

  it("renames holdout categories to the real spelling, merging codes, and leaves unmatched ones alone", () => {
    const real = categoryTable('income', ['<=50K', '>50K', 'Other'], [0, 1, 2]);
    // UCI Adult's test file writes ">50K." — and here both spellings occur, plus a category the real data lacks.
    const holdout = categoryTable('income', ['<=50K.', '>50K', '>50K.', 'Unknown'], [0, 1, 2, 3, -1, 2]);
    const { table, notes } = harmoniseCategories(real, holdout);
    const data = table.columns[0].data;
    assert.equal(data.kind, 'category');
    if (data.kind !== 'category') return;
    assert.deepEqual(data.categories, ['<=50K', '>50K', 'Unknown']);
    assert.deepEqual(Array.from(data.codes), [0, 1, 1, 2, -1, 1]);
    assert.equal(notes.length, 1);
    assert.match(notes[0], /2 holdout categories matched/);
    assert.doesNotMatch(notes[0], /50K/, 'notes carry counts, not values');
  });

  it('does not guess when a spelling matches two real categories', () => {
    const real = categoryTable('x', ['A', 'a'], [0, 1]);
    const holdout = categoryTable('x', ['A.'], [0]);
    assert.deepEqual(harmoniseCategories(real, holdout).notes, []);
  });
});
