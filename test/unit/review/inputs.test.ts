import * as assert from 'node:assert/strict';
import { redactValues, retypeColumn, typeChangeProblem, validateEpsilon, validateRows, validateSeed, validateThreshold } from '../../../src/core/review';
import type { ColumnProfile } from '../../../src/core/profile/types';

describe('type changes, input checks and log redaction (core/review)', () => {
  it('typeChangeProblem allows categories, text and identifiers for any column', () => {
    for (const to of ['categorical', 'text', 'identifier'] as const) {
      assert.equal(typeChangeProblem('numeric', to, true, 'number'), null);
      assert.equal(typeChangeProblem('text', to, false, 'string'), null);
    }
    assert.equal(typeChangeProblem('integer', 'integer', true, 'integer'), null);
  });

  it('typeChangeProblem refuses numbers without a numeric summary, dates from numbers, integers from decimals, booleans from non-booleans', () => {
    assert.equal(typeChangeProblem('categorical', 'numeric', false, 'string'), 'the column\'s values are not numbers or dates, so it cannot be numeric');
    assert.equal(typeChangeProblem('integer', 'date', true, 'integer'), 'the column is written as numbers, so it cannot be date');
    assert.equal(typeChangeProblem('date', 'numeric', true, 'date'), 'the column is written as dates, so it cannot be numeric');
    assert.equal(typeChangeProblem('numeric', 'integer', true, 'number'), 'the column has decimals, so it cannot be integer');
    assert.equal(typeChangeProblem('integer', 'numeric', true, 'integer'), null);
    assert.equal(typeChangeProblem('categorical', 'boolean', false, 'string'), 'only columns written with two boolean spellings can be boolean');
    assert.equal(typeChangeProblem('categorical', 'boolean', false, 'boolean'), null);
    assert.equal(typeChangeProblem('date', 'datetime', true, 'date'), null);
  });

  it('retypeColumn gives text types a string format and keeps the column otherwise', () => {
    const c = { name: 'age', spec: { name: 'age', type: 'integer', format: { kind: 'integer' } }, numeric: {} } as unknown as ColumnProfile;
    assert.deepEqual(retypeColumn(c, 'categorical').spec, { name: 'age', type: 'categorical', format: { kind: 'string' } });
    assert.equal(retypeColumn(c, 'integer'), c);
    assert.deepEqual(retypeColumn(c, 'numeric').spec.format, { kind: 'integer' });
  });

  it('validateRows takes empty or 1..100,000,000 with separators', () => {
    assert.equal(validateRows(''), undefined);
    assert.equal(validateRows(' 10,000 '), undefined);
    assert.equal(validateRows('100_000_000'), undefined);
    assert.match(validateRows('0') ?? '', /from 1 to 100,000,000/);
    assert.match(validateRows('100000001') ?? '', /from 1 to 100,000,000/);
    assert.match(validateRows('1.5') ?? '', /whole number/);
    assert.match(validateRows('-3') ?? '', /whole number/);
  });

  it('validateSeed takes whole numbers in the safe range', () => {
    assert.equal(validateSeed('1'), undefined);
    assert.equal(validateSeed('-42'), undefined);
    assert.match(validateSeed('') ?? '', /whole number/);
    assert.match(validateSeed('1e3') ?? '', /whole number/);
    assert.match(validateSeed('9007199254740993') ?? '', /whole number/);
  });

  it('validateEpsilon takes a positive number up to 100', () => {
    assert.equal(validateEpsilon('1'), undefined);
    assert.equal(validateEpsilon('0.1'), undefined);
    assert.equal(validateEpsilon('100'), undefined);
    assert.match(validateEpsilon('0') ?? '', /positive number/);
    assert.match(validateEpsilon('') ?? '', /positive number/);
    assert.match(validateEpsilon('abc') ?? '', /positive number/);
    assert.match(validateEpsilon('101') ?? '', /above 100/);
  });

  it('validateThreshold takes whole numbers from 2', () => {
    assert.equal(validateThreshold('10'), undefined);
    assert.equal(validateThreshold('2'), undefined);
    assert.match(validateThreshold('1') ?? '', /at least 2/);
    assert.match(validateThreshold('7.5') ?? '', /at least 2/);
  });

  it('redactValues removes quoted cell values and keeps names, rows and counts', () => {
    assert.equal(redactValues('row 5, column "age": value "12a" does not match'), 'row 5, column "age": value "…" does not match');
    assert.equal(redactValues('Values "a \\"b\\"" and token "NA" and cell "x"'), 'Values "…" and token "…" and cell "…"');
    assert.equal(redactValues('file "adm.csv" has 3 rows'), 'file "adm.csv" has 3 rows');
  });
});
