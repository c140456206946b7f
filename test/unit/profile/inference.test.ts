import { strict as assert } from 'node:assert';
import type { RawValue } from '../../../src/core/format';
import { profileDataset } from '../../../src/core/profile';
import type { ColumnProfile, ProfileOptions } from '../../../src/core/profile';
import { column, memorySource } from './helpers';

async function profileColumn(values: RawValue[], options: ProfileOptions = {}, name = 'x'): Promise<ColumnProfile> {
  const p = await profileDataset(memorySource([name], column(values)), options);
  return p.columns[0];
}

/** Repeats a list to n values (so that distinct/row ratios look like real data). */
function repeat<T>(values: T[], n: number): T[] {
  return Array.from({ length: n }, (_, i) => values[i % values.length]);
}

describe('type inference and format capture', () => {
  it('codes with leading zeros stay strings (categorical, shape 999)', async () => {
    const c = await profileColumn(repeat(['007', '012', '123', '450'], 200));
    assert.equal(c.spec.type, 'categorical');
    assert.deepEqual(c.spec.format, { kind: 'string', shape: '999' });
    assert.equal(c.frequencies.values.find((f) => f.value === '007')?.count, 50);
  });

  it('integer vs numeric, fixed vs varying decimals', async () => {
    assert.deepEqual((await profileColumn(['1', '2', '-3', '40'])).spec, { name: 'x', type: 'integer', format: { kind: 'integer', thousands: false } });
    assert.deepEqual((await profileColumn(['1.50', '2.25', '-0.10'])).spec.format, { kind: 'number', decimals: 2, thousands: false });
    assert.deepEqual((await profileColumn(['1.5', '2.25'])).spec.format, { kind: 'number', decimals: null, thousands: false });
    assert.deepEqual((await profileColumn(['1', '2.5', '3'])).spec.format, { kind: 'number', decimals: null, thousands: false });
    assert.equal((await profileColumn(['1e3', '2.5E-2'])).spec.type, 'numeric');
  });

  it('thousands separators', async () => {
    const c = await profileColumn(['1,234', '12', '1,000,000', '999']);
    assert.deepEqual(c.spec.format, { kind: 'integer', thousands: true });
    assert.equal(c.numeric?.max, 1_000_000);
    assert.equal(c.numeric?.min, 12);
    const d = await profileColumn(['1,234.50', '12.00', '3,000.25']);
    assert.deepEqual(d.spec.format, { kind: 'number', decimals: 2, thousands: true });
    close(d.numeric!.mean, (1234.5 + 12 + 3000.25) / 3);
    // A badly grouped number is not a number.
    assert.equal((await profileColumn(['1,23', '45'])).spec.type, 'categorical');
  });

  it('dates: ISO, UK day-first, US month-first when proven, dd-MMM-yyyy', async () => {
    assert.deepEqual((await profileColumn(['2020-01-31', '2021-12-01'])).spec.format, { kind: 'date', pattern: 'yyyy-MM-dd' });
    const uk = await profileColumn(['29/12/2020', '01/02/2021', '05/06/2021']);
    assert.deepEqual(uk.spec.format, { kind: 'date', pattern: 'dd/MM/yyyy' });
    assert.equal(uk.numeric?.min, Date.UTC(2020, 11, 29));
    assert.equal(uk.numeric?.max, Date.UTC(2021, 5, 5)); // 5 June, day first
    const ambiguous = await profileColumn(['01/02/2021', '05/06/2021']);
    assert.equal((ambiguous.spec.format as { pattern: string }).pattern, 'dd/MM/yyyy', 'UK reading when nothing proves otherwise');
    const us = await profileColumn(['12/29/2020', '01/02/2021']);
    assert.deepEqual(us.spec.format, { kind: 'date', pattern: 'MM/dd/yyyy' });
    assert.equal(us.numeric?.max, Date.UTC(2021, 0, 2));
    assert.deepEqual((await profileColumn(['01-Jan-2020', '15-Mar-2021'])).spec.format, { kind: 'date', pattern: 'dd-MMM-yyyy' });
    assert.deepEqual((await profileColumn(['01-JAN-2020', '15-MAR-2021'])).spec.format, { kind: 'date', pattern: 'dd-NNN-yyyy' });
    assert.deepEqual((await profileColumn(['1/2/2020', '15/11/2021'])).spec.format, { kind: 'date', pattern: 'd/M/yyyy' });
    assert.equal((await profileColumn(['31/02/2020', '01/01/2020'])).spec.type, 'categorical', '31 February is no date');
  });

  it('datetimes: space or T, seconds, fraction, Z', async () => {
    const a = await profileColumn(['2019-04-07 02:16:52', '2019-04-05 20:40:47']);
    assert.deepEqual(a.spec, { name: 'x', type: 'datetime', format: { kind: 'datetime', pattern: 'yyyy-MM-dd HH:mm:ss' } });
    assert.equal(a.numeric?.min, Date.UTC(2019, 3, 5, 20, 40, 47));
    assert.deepEqual((await profileColumn(['2022-07-20T07:13:55Z', '2022-08-24T07:28:55Z'])).spec.format, { kind: 'datetime', pattern: "yyyy-MM-dd'T'HH:mm:ss'Z'" });
    assert.deepEqual((await profileColumn(['2022-07-20T07:13:55.123', '2022-08-24T07:28:55.000'])).spec.format, { kind: 'datetime', pattern: "yyyy-MM-dd'T'HH:mm:ss.SSS" });
    assert.deepEqual((await profileColumn(['29/12/2020 14:05', '01/01/2021 09:00'])).spec.format, { kind: 'datetime', pattern: 'dd/MM/yyyy HH:mm' });
    assert.equal((await profileColumn(['2020-01-01', '2020-01-01 10:00:00'])).spec.type, 'categorical', 'mixed patterns are not one date format');
  });

  it('booleans: exactly two tokens, tokens kept as written', async () => {
    assert.deepEqual((await profileColumn(repeat(['0', '1'], 100))).spec.format, { kind: 'boolean', trueToken: '1', falseToken: '0' });
    assert.deepEqual((await profileColumn(['Y', 'N', 'N'])).spec.format, { kind: 'boolean', trueToken: 'Y', falseToken: 'N' });
    assert.deepEqual((await profileColumn(['FALSE', 'TRUE'])).spec.format, { kind: 'boolean', trueToken: 'TRUE', falseToken: 'FALSE' });
    assert.deepEqual((await profileColumn(['yes', 'No'])).spec.format, { kind: 'boolean', trueToken: 'yes', falseToken: 'No' });
    assert.equal((await profileColumn(['0', '1', '2'])).spec.type, 'integer');
    assert.equal((await profileColumn(['Male', 'Female'])).spec.type, 'categorical');
    assert.equal((await profileColumn(['1', '1', '1'])).spec.type, 'integer', 'one value is not a boolean');
  });

  it('missing tokens: defaults and a custom list', async () => {
    const c = await profileColumn(['1', 'NA', '', '?', 'N/A', 'NULL', '.', ' NA ', '3', null]);
    assert.equal(c.missing, 8);
    assert.equal(c.missingFraction, 0.8);
    assert.equal(c.spec.type, 'integer');
    const d = await profileColumn(['1', '-99', '3', 'NA'], { missingTokens: ['-99'] });
    assert.equal(d.missing, 1);
    assert.equal(d.spec.type, 'categorical', '"NA" is a value when not a missing token');
  });

  it('identifiers: near-unique codes and pattern matches', async () => {
    const codes = Array.from({ length: 500 }, (_, i) => `P${String(i).padStart(5, '0')}`);
    const c = await profileColumn(codes);
    assert.equal(c.spec.type, 'identifier');
    assert.deepEqual(c.spec.format, { kind: 'string', shape: 'A99999' });
    assert.ok(c.flags.some((f) => f.kind === 'unique-key'));

    const emails = Array.from({ length: 50 }, (_, i) => `person${i % 40}@example.org`);
    const e = await profileColumn(emails);
    assert.equal(e.spec.type, 'identifier');
    assert.ok(e.flags.some((f) => f.kind === 'email'));

    // Valid NHS numbers written plain: identifier with the check-digit scheme, not an integer.
    const nhs = await profileColumn(repeat(['9434765919', '4010232137'], 20));
    assert.equal(nhs.spec.type, 'identifier');
    assert.deepEqual(nhs.spec.format, { kind: 'string', shape: '9999999999', checkDigit: 'nhs-mod11' });
    assert.ok(nhs.flags.some((f) => f.kind === 'nhs-number'));

    const ni = await profileColumn(['AB 12 34 56 C', 'CE 65 43 21 A', 'AB 11 22 33 D']);
    assert.equal(ni.spec.type, 'identifier');
    assert.ok(ni.flags.some((f) => f.kind === 'ni-number'));

    const phones = await profileColumn(['020 7946 0958', '07700 900123', '0161 496 0000']);
    assert.ok(phones.flags.some((f) => f.kind === 'phone'));
  });

  it('free text vs categorical', async () => {
    const words = ['patient', 'reported', 'pain', 'after', 'a', 'fall', 'at', 'home', 'and', 'was', 'seen'];
    const notes = Array.from({ length: 300 }, (_, i) => `${words[i % 11]} ${words[(i * 7) % 11]} ${words[(i * 3) % 11]} note number ${i}`);
    const t = await profileColumn(notes);
    assert.equal(t.spec.type, 'text');
    assert.ok(t.flags.some((f) => f.kind === 'free-text'));
    const hospitals = await profileColumn(repeat(['Kingston Hospital', 'Barnet Hospital', 'Northwick Park & St Marks Hospital'], 300));
    assert.equal(hospitals.spec.type, 'categorical');
    assert.equal(hospitals.distinct.count, 3);
  });

  it('typed (Parquet/Arrow) values map directly', async () => {
    assert.equal((await profileColumn([1, 2, 3, null])).spec.type, 'integer');
    assert.deepEqual((await profileColumn([1.5, 2, NaN])).spec.format, { kind: 'number', decimals: null, thousands: false });
    assert.equal((await profileColumn([1n, 2n])).spec.type, 'integer');
    assert.equal((await profileColumn([true, false, true])).spec.type, 'boolean');
    const d = await profileColumn([new Date(Date.UTC(2020, 0, 1)), new Date(Date.UTC(2021, 5, 1))]);
    assert.deepEqual(d.spec.format, { kind: 'date', pattern: 'yyyy-MM-dd' });
    assert.equal(d.numeric?.max, Date.UTC(2021, 5, 1));
    const t = await profileColumn([new Date(Date.UTC(2020, 0, 1, 10, 30))]);
    assert.equal(t.spec.type, 'datetime');
  });
});

const close = (a: number, b: number, tol = 1e-9): void => assert.ok(Math.abs(a - b) <= tol, `${a} ≠ ${b}`);

describe('profileDataset statistics', () => {
  it('exact moments and quantiles of a small column', async () => {
    const c = await profileColumn(['2', '4', '4', '4', '5', '5', '7', '9']);
    const n = c.numeric!;
    assert.equal(n.count, 8);
    assert.equal(n.method, 'exact');
    close(n.mean, 5);
    close(n.sd, Math.sqrt(32 / 7));
    close(n.quantiles.values[50], 4.5);
    close(n.quantiles.values[25], 4);
    close(n.quantiles.values[75], 5.5);
    assert.equal(n.quantiles.values[0], 2);
    assert.equal(n.quantiles.values[100], 9);
    assert.equal(n.histogram.counts.reduce((a, b) => a + b, 0), 8);
    assert.equal(c.distinct.count, 5);
    assert.equal(c.distinct.method, 'exact');
  });

  it('reservoir above exactRowLimit, HyperLogLog above distinctLimit (methods recorded)', async () => {
    const values = Array.from({ length: 5000 }, (_, i) => String(i));
    const c = await profileColumn(values, { exactRowLimit: 1000, distinctLimit: 100, seed: 3 });
    assert.equal(c.numeric?.method, 'reservoir sample of 1000 values (seed 3)');
    close(c.numeric!.mean, 2499.5);
    assert.equal(c.numeric?.min, 0);
    assert.equal(c.numeric?.max, 4999);
    assert.ok(Math.abs(c.numeric!.quantiles.values[50] - 2499.5) < 300);
    assert.equal(c.distinct.method, 'hyperloglog');
    assert.ok(Math.abs(c.distinct.count - 5000) < 150, `distinct ${c.distinct.count}`);
    assert.equal(c.frequencies.complete, false);
  });

  it('high-cardinality text: HyperLogLog past the cap, lookups stop when values stop recurring', async () => {
    const values = Array.from({ length: 100_000 }, (_, i) => (i % 10 === 0 ? 'common' : `ref-${i}`));
    const p = await profileDataset(memorySource(['ref'], column(values)), { distinctLimit: 1000 });
    const c = p.columns[0];
    assert.equal(c.distinct.method, 'hyperloglog');
    assert.ok(Math.abs(c.distinct.count - 90_001) < 0.03 * 90_001, `distinct ${c.distinct.count}`);
    assert.equal(c.frequencies.complete, false);
    assert.equal(c.frequencies.values[0].value, 'common');
    assert.ok(c.frequencies.values[0].count >= 6_500 && c.frequencies.values[0].count <= 10_000, 'counted until lookups stopped');
    assert.ok(p.notes.some((n) => n.startsWith('ref: values rarely recurred')));
  });

  it('text lengths', async () => {
    const c = await profileColumn(['a', 'bb', 'ccc', 'dddd']);
    assert.equal(c.length.min, 1);
    assert.equal(c.length.max, 4);
    close(c.length.mean, 2.5);
    close(c.length.quantiles.values[50], 2.5);
  });

  it('point masses (a column that is mostly zeros)', async () => {
    const values = [...Array(92).fill('0'), ...Array.from({ length: 8 }, (_, i) => String(1000 * (i + 1)))];
    const c = await profileColumn(values);
    assert.deepEqual(c.numeric?.pointMasses, [{ value: 0, count: 92, share: 0.92 }]);
  });

  it('associations: Pearson, Spearman, Cramér\'s V, correlation ratio', async () => {
    const rows: RawValue[][] = [];
    for (let i = 0; i < 100; i++) {
      const g = i < 50 ? 'a' : 'b';
      rows.push([String(i), String(i * i), g, i % 2 === 0 ? 'even' : 'odd', i < 50 ? 'lo' : 'hi']);
    }
    const p = await profileDataset(memorySource(['x', 'sq', 'g', 'parity', 'half'], rows));
    const get = (a: string, b: string, m: string): number | undefined => p.associations.pairs.find((x) => x.columns[0] === a && x.columns[1] === b && x.measure === m)?.value;
    close(get('x', 'sq', 'spearman')!, 1);
    assert.ok(get('x', 'sq', 'pearson')! > 0.96 && get('x', 'sq', 'pearson')! < 0.97); // r of i and i² on 0..99 ≈ 0.9689
    close(get('g', 'half', 'cramersV')!, 1);
    close(get('g', 'parity', 'cramersV')!, 0);
    // η of x on g: SS_between = 2·50·25² = 62500, SS_total = 100·(100²−1)/12 = 83325
    close(get('x', 'g', 'correlationRatio')!, Math.sqrt(62500 / 83325));
    assert.equal(p.associations.method, 'all 100 rows');
  });
});

describe('disclosure flags', () => {
  it('rare categories below k, unique keys, outliers, exact dates, dates of birth, names, postcodes', async () => {
    const rows: RawValue[][] = [];
    const names = ['Alice Smith', 'Bob Jones', 'Carol White', 'Dan Brown', 'Eve Green'];
    for (let i = 0; i < 200; i++) {
      rows.push([
        i < 195 ? 'common' : 'rare',
        String(i + 1),
        i === 0 ? '100000' : String(10 + (i % 10)),
        `2020-${String(1 + (i % 12)).padStart(2, '0')}-15`,
        `${1930 + (i % 60)}-0${1 + (i % 9)}-1${i % 10}`,
        names[i % 5],
        ['EC3N', 'W1A', 'M1', 'B33', 'SW1A', 'DN55', 'CR2', 'LS1', 'G2', 'NE1'][i % 10],
      ]);
    }
    const p = await profileDataset(memorySource(['cat', 'key', 'amount', 'admitted', 'dob', 'patient_name', 'postcode_district'], rows));
    const flags = (name: string): string[] => p.columns.find((c) => c.name === name)!.flags.map((f) => f.kind);
    assert.deepEqual(flags('cat'), ['rare-categories']);
    assert.ok(flags('key').includes('unique-key'));
    assert.ok(flags('amount').includes('outliers'));
    assert.deepEqual(flags('admitted'), ['exact-date']);
    assert.ok(flags('dob').includes('date-of-birth'));
    assert.ok(flags('patient_name').includes('name'));
    assert.ok(flags('postcode_district').includes('postcode'));
    const rare = p.columns[0].flags[0];
    assert.match(rare.reason, /^1 of 2 categories have fewer than 10 records/);
    assert.ok(!rare.reason.includes('rare'), 'reasons never quote values');
  });
});
