import { strict as assert } from 'node:assert';
import { isNhsTestRangeNumber, isValidNhsNumber, nhsCheckDigit } from '../../../src/core/nhsNumber';

describe('nhsNumber', () => {
  it('computes the modulus-11 check digit (NHS Data Dictionary example 943 476 5919)', () => {
    // 9·10+4·9+3·8+4·7+7·6+6·5+5·4+9·3+1·2 = 299; 299 mod 11 = 2; 11 − 2 = 9.
    assert.equal(nhsCheckDigit('943476591'), 9);
    assert.equal(nhsCheckDigit('943 476 591'), 9);
    assert.equal(nhsCheckDigit('943-476-591'), 9);
  });

  it('maps a remainder of 0 to check digit 0 and rejects prefixes whose check would be 10', () => {
    // 999000000: 90+81+72 = 243; 243 mod 11 = 1 → 11 − 1 = 10 → never issued.
    assert.equal(nhsCheckDigit('999000000'), null);
    // 999000001: 243 + 1·2 = 245; 245 mod 11 = 3 → 8.
    assert.equal(nhsCheckDigit('999000001'), 8);
    // 100000001: 10 + 2 = 12 → 12 mod 11 = 1 → 10: invalid. 100000010: 10 + 3 = 13 → 2 → 9.
    assert.equal(nhsCheckDigit('100000001'), null);
    assert.equal(nhsCheckDigit('100000010'), 9);
    // 000000000: sum 0 → 11 → 0.
    assert.equal(nhsCheckDigit('000000000'), 0);
  });

  it('rejects input that is not nine digits', () => {
    assert.equal(nhsCheckDigit('94347659'), null);
    assert.equal(nhsCheckDigit('9434765919'), null);
    assert.equal(nhsCheckDigit('94347659x'), null);
    assert.equal(nhsCheckDigit(''), null);
  });

  it('validates whole NHS numbers in the usual spellings', () => {
    assert.equal(isValidNhsNumber('9434765919'), true);
    assert.equal(isValidNhsNumber('943 476 5919'), true);
    assert.equal(isValidNhsNumber('943-476-5919'), true);
    assert.equal(isValidNhsNumber(' 943 476 5919 '), true);
    assert.equal(isValidNhsNumber('9434765918'), false); // wrong check digit
    assert.equal(isValidNhsNumber('943 476-5919'), false); // mixed separators
    assert.equal(isValidNhsNumber('94347659190'), false);
    assert.equal(isValidNhsNumber('9990000000'), false); // prefix whose check would be 10
    assert.equal(isValidNhsNumber('999 000 0018'), true);
  });

  it('recognises the 999 test range', () => {
    assert.equal(isNhsTestRangeNumber('999 000 0018'), true);
    assert.equal(isNhsTestRangeNumber('943 476 5919'), false);
    assert.equal(isNhsTestRangeNumber('999 000 0017'), false);
  });
});
