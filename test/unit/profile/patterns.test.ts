import { strict as assert } from 'node:assert';
import {
  isEmail, isNiNumber, isPhoneNumber, isUkPostcode, isUkPostcodeDistrict, isUuid, isValidNhsNumber, shapeOf,
} from '../../../src/core/profile/patterns';

describe('identifier patterns', () => {
  it('NHS number modulus-11 check digit', () => {
    assert.equal(isValidNhsNumber('943 476 5919'), true); // sum 299, 299 mod 11 = 2, check 9
    assert.equal(isValidNhsNumber('9434765919'), true);
    assert.equal(isValidNhsNumber('943-476-5919'), true);
    assert.equal(isValidNhsNumber('943 476 5910'), false);
    assert.equal(isValidNhsNumber('943 476 591'), false);
    assert.equal(isValidNhsNumber('943-476 5919'), false, 'mixed separators');
    // 401 023 2137: sum 92, 92 mod 11 = 4, check 7
    assert.equal(isValidNhsNumber('401 023 2137'), true);
    // 123456789?: sum 210, 210 mod 11 = 1, check would be 10 → no valid number starts 123456789
    assert.equal(isValidNhsNumber('1234567890'), false);
    assert.equal(isValidNhsNumber('1234567891'), false);
  });

  it('UK postcodes, full and outward-only', () => {
    for (const p of ['EC3N 3DH', 'W1A 0AX', 'M1 1AE', 'B33 8TH', 'CR2 6XH', 'DN55 1PT', 'SW1A1AA']) assert.ok(isUkPostcode(p), p);
    for (const p of ['EC3N', 'W1A 0AXX', '12345', 'ABC 123', 'EC3N 3CH']) assert.ok(!isUkPostcode(p), p);
    assert.ok(isUkPostcodeDistrict('EC3N'));
    assert.ok(isUkPostcodeDistrict('M1'));
    assert.ok(!isUkPostcodeDistrict('EC3N 3DH'));
  });

  it('National Insurance numbers (HMRC rules)', () => {
    assert.ok(isNiNumber('AB 12 34 56 C'));
    assert.ok(!isNiNumber('QQ 12 34 56 C'), 'Q is never used as a prefix letter');
    assert.ok(isNiNumber('AB123456D'));
    assert.ok(!isNiNumber('GB123456A'), 'GB prefix unused');
    assert.ok(!isNiNumber('DA123456A'), 'D not allowed first');
    assert.ok(!isNiNumber('AB123456E'), 'suffix A–D');
  });

  it('emails, phone numbers, UUIDs', () => {
    assert.ok(isEmail('jane.doe@nhs.net'));
    assert.ok(!isEmail('jane.doe@nhs'));
    assert.ok(!isEmail('not an email'));
    assert.ok(isPhoneNumber('020 7946 0958'));
    assert.ok(isPhoneNumber('(020) 7946 0958'));
    assert.ok(isPhoneNumber('+44 7700 900123'));
    assert.ok(isPhoneNumber('07700900123'));
    assert.ok(!isPhoneNumber('744-256-9522'));
    assert.ok(!isPhoneNumber('12345'));
    assert.ok(isUuid('3c1c5636-2c43-bd4b-6eab-9eabf5929c55'));
    assert.ok(!isUuid('3c1c5636-2c43-bd4b-6eab'));
  });

  it('shapes', () => {
    assert.equal(shapeOf('744-256-9522'), '999-999-9999');
    assert.equal(shapeOf('EC3N 3DH'), 'AA9A 9AA');
    assert.equal(shapeOf('007'), '999');
  });
});
