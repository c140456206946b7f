import assert from 'node:assert/strict';
import { isTwinError } from '../../../src/core/errors';
import type { MetadataColumn, StringMetadataColumn } from '../../../src/core/metadata';
import { isValidNhsNumber } from '../../../src/core/nhsNumber';
import { isNiNumber, isPhoneNumber, isUkPostcode } from '../../../src/core/profile/patterns';
import { createRandom } from '../../../src/core/random';
import { createFaker, fakeKindOf, fillShape, loremText, nhsTestRangeValidCount } from '../../../src/core/synth/fakes';

function idColumn(over: Partial<StringMetadataColumn>): MetadataColumn {
  return {
    name: 'x', type: 'identifier', format: { kind: 'string' }, missing: 0, disclosure: [],
    length: { quantiles: { p: [0, 0.5, 1], values: [6, 8, 10] } }, unique: false, ...over,
  } as StringMetadataColumn;
}

function draw(column: MetadataColumn, n: number, seed = 1): string[] {
  const f = createFaker(column, n, createRandom(seed));
  return Array.from({ length: n }, () => f.next());
}

describe('synth/fakes', () => {
  it('makes NHS numbers in the never-issued 999 range with valid check digits, in the source shape, unique', () => {
    const col = idColumn({ format: { kind: 'string', shape: '999-999-9999', checkDigit: 'nhs-mod11' }, unique: true });
    assert.equal(fakeKindOf(col), 'nhs-number');
    const values = draw(col, 50_000);
    assert.equal(new Set(values).size, 50_000);
    for (const v of values) {
      assert.match(v, /^999-\d{3}-\d{4}$/);
      assert.ok(isValidNhsNumber(v), v);
    }
    const plain = draw(idColumn({ disclosure: [{ kind: 'nhs-number', reason: '' }] }), 100);
    assert.ok(plain.every((v) => /^999\d{7}$/.test(v) && isValidNhsNumber(v)));
  });

  it('counts the valid numbers of the test range, widens to the 9 block beyond it, and refuses more than that', () => {
    // 10^6 nine-digit prefixes, of which those with check value 10 (about 1 in 11) are invalid.
    const n = nhsTestRangeValidCount();
    assert.ok(n > 900_000 && n < 910_000, String(n));
    const col = idColumn({ format: { kind: 'string', checkDigit: 'nhs-mod11' }, unique: true });
    const wide = createFaker(col, n + 1, createRandom(1));
    assert.match(wide.detail, /900 000 0000–999 999 9999/);
    const values = Array.from({ length: 20_000 }, () => wide.next());
    assert.equal(new Set(values).size, values.length);
    assert.ok(values.every((v) => /^9\d{9}$/.test(v) && isValidNhsNumber(v)));
    assert.ok(values.some((v) => !v.startsWith('999')));
    assert.throws(() => createFaker(col, 100_000_000, createRandom(1)), (e: unknown) => isTwinError(e) && e.kind === 'input');
  });

  it('makes reserved emails, drama-range phone numbers, ZZ postcodes and QQ NI numbers', () => {
    const emails = draw(idColumn({ disclosure: [{ kind: 'email', reason: '' }], unique: true }), 2000);
    assert.equal(new Set(emails).size, 2000);
    assert.ok(emails.every((e) => /^user\d{6,}@example\.invalid$/.test(e)));
    const phones = draw(idColumn({ disclosure: [{ kind: 'phone', reason: '' }] }), 500);
    assert.ok(phones.every((p) => isPhoneNumber(p) && /^(07700 900|01632 960|02079 460|0\d{3}4 960)/.test(p)), phones.slice(0, 3).join());
    const postcodes = draw(idColumn({ disclosure: [{ kind: 'postcode', reason: '' }] }), 2000);
    assert.ok(postcodes.every((p) => isUkPostcode(p) && p.startsWith('ZZ') && !p.startsWith('ZZ99')), postcodes.slice(0, 3).join());
    const shaped = draw(idColumn({ format: { kind: 'string', shape: 'AA9A 9AA' }, disclosure: [{ kind: 'postcode', reason: '' }] }), 200);
    assert.ok(shaped.every((p) => /^ZZ\d[A-Z] \d[A-Z]{2}$/.test(p) && isUkPostcode(p)));
    const mixed = draw(idColumn({ format: { kind: 'string', shapes: ['A9 9AA', 'AA9A 9AA'] }, disclosure: [{ kind: 'postcode', reason: '' }] }), 400);
    assert.ok(mixed.every((p) => isUkPostcode(p) && p.startsWith('Z')));
    assert.ok(mixed.some((p) => /^Z\d /.test(p)) && mixed.some((p) => /^ZZ\d[A-Z] /.test(p)));
    const ni = draw(idColumn({ disclosure: [{ kind: 'ni-number', reason: '' }] }), 100);
    // QQ is never issued, so a strict validator rejects it while the shape is right.
    assert.ok(ni.every((v) => /^QQ\d{6}[A-D]$/.test(v) && !isNiNumber(v)));
  });

  it('fills recorded shapes and keeps unique shaped keys unique', () => {
    assert.match(fillShape('AB-99-A', null, 0, createRandom(1)), /^[A-Z][A-Z]-\d\d-[A-Z]$/);
    const col = idColumn({ format: { kind: 'string', shape: 'P99A' }, unique: true });
    const values = draw(col, 2600);
    assert.equal(new Set(values).size, 2600);
    assert.ok(values.every((v) => /^P\d\d[A-Z]$/.test(v)));
    assert.throws(() => createFaker(col, 2601, createRandom(1)), (e: unknown) => isTwinError(e) && e.kind === 'input');
  });

  it('makes UUIDs and tokens for keys without a shape', () => {
    const uuids = draw(idColumn({ length: { quantiles: { p: [0, 1], values: [36, 36] } }, unique: true }), 1000);
    assert.equal(new Set(uuids).size, 1000);
    assert.ok(uuids.every((u) => /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(u)));
    const tokens = draw(idColumn({ unique: true, length: { quantiles: { p: [0, 1], values: [3, 3] } } }), 5000);
    assert.equal(new Set(tokens).size, 5000);
    assert.ok(tokens.every((t) => /^[A-Z0-9]{3}$/.test(t)));
  });

  it('writes placeholder text of the drawn length, never real text', () => {
    const r = createRandom(2);
    for (const n of [1, 5, 17, 80]) {
      const t = loremText(n, r);
      assert.equal(t.length, n);
      assert.ok(!t.endsWith(' '));
    }
    const col = idColumn({ type: 'text', disclosure: [{ kind: 'free-text', reason: '' }], length: { quantiles: { p: [0, 0.5, 1], values: [10, 20, 30] } } });
    const texts = draw(col, 2000);
    const lengths = texts.map((t) => t.length).sort((a, b) => a - b);
    assert.ok(lengths[0] >= 10 && lengths[lengths.length - 1] <= 30);
    assert.ok(Math.abs(lengths[1000] - 20) <= 1, String(lengths[1000]));
    assert.ok(texts.every((t) => /^[a-z ]+$/.test(t)));
  });
});
