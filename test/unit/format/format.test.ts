import { strict as assert } from 'node:assert';
import type { ColumnSpec, ValueFormat } from '../../../src/core/schema';
import {
  DEFAULT_MISSING_TOKENS, formatDate, formatValue, isMissing, missingTokenSet, parseDate, parseNumberFast, parseValue,
} from '../../../src/core/format';

const num = (format: ValueFormat, type: ColumnSpec['type'] = 'numeric'): ColumnSpec => ({ name: 'x', type, format });

describe('format: numbers', () => {
  it('parseNumberFast accepts plain decimals and rejects everything else', () => {
    assert.equal(parseNumberFast('2174'), 2174);
    assert.equal(parseNumberFast('-1.5e3'), -1500);
    assert.equal(parseNumberFast('+0.25'), 0.25);
    assert.equal(parseNumberFast('.5'), 0.5);
    assert.equal(parseNumberFast('5.'), 5);
    assert.equal(parseNumberFast('1E-2'), 0.01);
    for (const bad of ['', ' 1', '1 ', '1,234', '0x10', 'Infinity', 'NaN', '-', '.', '1e', '1e+', '1.2.3', '--1', '12a']) {
      assert.ok(Number.isNaN(parseNumberFast(bad)), bad);
    }
  });

  it('shortest form round-trips 36.7999992370605 and integers', () => {
    const spec = num({ kind: 'number', decimals: null, thousands: false });
    for (const s of ['36.7999992370605', '0.1', '-2.5', '1e-7', '123456789.123']) {
      const v = parseValue(s, spec) as number;
      assert.equal(formatValue(v, spec), s);
    }
    const int = num({ kind: 'integer', thousands: false }, 'integer');
    assert.equal(parseValue('2174', int), 2174);
    assert.equal(formatValue(2174, int), '2174');
    assert.equal(formatValue(-0.2, int), '0');
    assert.equal(formatValue(2.5, int), '3');
  });

  it('fixed decimals and thousands separators', () => {
    const spec = num({ kind: 'number', decimals: 2, thousands: true });
    assert.equal(parseValue('1,234.50', spec), 1234.5);
    assert.equal(formatValue(1234.5, spec), '1,234.50');
    assert.equal(formatValue(-1234567.891, spec), '-1,234,567.89');
    assert.equal(formatValue(999.999, spec), '1,000.00');
    assert.equal(formatValue(12, spec), '12.00');
    assert.equal(parseValue('1,23.5', spec), null, 'badly grouped');
    const int = num({ kind: 'integer', thousands: true }, 'integer');
    assert.equal(parseValue('12,345,678', int), 12345678);
    assert.equal(formatValue(12345678, int), '12,345,678');
    const comma = num({ kind: 'number', decimals: 2, thousands: true, decimalComma: true });
    assert.equal(parseValue('1.234,50', comma), 1234.5);
    assert.equal(formatValue(1234.5, comma), '1.234,50');
    const plainComma = num({ kind: 'number', decimals: 1, thousands: false, decimalComma: true });
    assert.equal(parseValue('3,5', plainComma), 3.5);
    assert.equal(formatValue(3.5, plainComma), '3,5');
  });

  it('typed values (Parquet/Arrow) pass through', () => {
    const spec = num({ kind: 'integer', thousands: false }, 'integer');
    assert.equal(parseValue(12n, spec), 12);
    assert.equal(parseValue(3.5, num({ kind: 'number', decimals: null, thousands: false })), 3.5);
    assert.equal(parseValue('abc', spec), null);
    assert.equal(parseValue(null, spec), null);
  });
});

describe('format: strings, codes and booleans', () => {
  it('keeps leading-zero codes verbatim', () => {
    const spec: ColumnSpec = { name: 'code', type: 'identifier', format: { kind: 'string', shape: '99999' } };
    assert.equal(parseValue('00123', spec), '00123');
    assert.equal(formatValue('00123', spec), '00123');
  });

  it('booleans use the source tokens', () => {
    const spec: ColumnSpec = { name: 'b', type: 'boolean', format: { kind: 'boolean', trueToken: 'Y', falseToken: 'N' } };
    assert.equal(parseValue('Y', spec), 'Y');
    assert.equal(parseValue('N', spec), 'N');
    assert.equal(parseValue('maybe', spec), null);
    assert.equal(parseValue(true, spec), 'Y');
    assert.equal(formatValue('N', spec), 'N');
    assert.equal(formatValue('true', spec), 'Y');
    assert.equal(formatValue(0, spec), 'N');
    const tf: ColumnSpec = { name: 'b', type: 'boolean', format: { kind: 'boolean', trueToken: 'TRUE', falseToken: 'FALSE' } };
    assert.equal(formatValue('false', tf), 'FALSE');
  });

  it('missing tokens', () => {
    const set = missingTokenSet();
    assert.deepEqual([...DEFAULT_MISSING_TOKENS], ['', 'NA', 'N/A', 'NULL', '.', '?']);
    assert.equal(isMissing('NA', set), true);
    assert.equal(isMissing(' ? ', set), true);
    assert.equal(isMissing('', set), true);
    assert.equal(isMissing(null, set), true);
    assert.equal(isMissing(NaN, set), true);
    assert.equal(isMissing('na', set), false);
    assert.equal(isMissing('0', set), false);
    assert.equal(isMissing(0, set), false);
    assert.equal(isMissing(false, set), false);
    assert.equal(isMissing('-', missingTokenSet(['-'])), true);
  });
});

describe('format: dates', () => {
  const cases: [string, string, number][] = [
    ['29/12/2020', 'dd/MM/yyyy', Date.UTC(2020, 11, 29)],
    ['01-Jan-1999', 'dd-MMM-yyyy', Date.UTC(1999, 0, 1)],
    ['29-FEB-2024', 'dd-NNN-yyyy', Date.UTC(2024, 1, 29)],
    ['2019-04-07 02:16:52', 'yyyy-MM-dd HH:mm:ss', Date.UTC(2019, 3, 7, 2, 16, 52)],
    ['2022-07-20T07:13:55Z', "yyyy-MM-dd'T'HH:mm:ss'Z'", Date.UTC(2022, 6, 20, 7, 13, 55)],
    ['1969-07-20T20:17:40.123Z', "yyyy-MM-dd'T'HH:mm:ss.SSS'Z'", Date.UTC(1969, 6, 20, 20, 17, 40, 123)],
    ['3/7/2021', 'M/d/yyyy', Date.UTC(2021, 2, 7)],
    ['12/31/2021 11:05 PM', 'MM/dd/yyyy hh:mm a', Date.UTC(2021, 11, 31, 23, 5)],
    ['0001-01-01', 'yyyy-MM-dd', -62135596800000],
    ["o'clock 2020", "'o''clock' yyyy", Date.UTC(2020, 0, 1)],
  ];
  for (const [text, pattern, ms] of cases) {
    it(`${pattern} reads and writes ${text}`, () => {
      assert.equal(parseDate(text, pattern), ms);
      assert.equal(formatDate(ms, pattern), text);
    });
  }

  it('rejects dates that do not exist or do not match', () => {
    assert.equal(parseDate('31/02/2020', 'dd/MM/yyyy'), null);
    assert.equal(parseDate('29/02/2019', 'dd/MM/yyyy'), null);
    assert.equal(parseDate('29/02/1900', 'dd/MM/yyyy'), null);
    assert.equal(parseDate('29/02/2000', 'dd/MM/yyyy'), Date.UTC(2000, 1, 29));
    assert.equal(parseDate('0000-00-00', 'yyyy-MM-dd'), null);
    assert.equal(parseDate('2020-13-01', 'yyyy-MM-dd'), null);
    assert.equal(parseDate('2020-01-01 24:00:00', 'yyyy-MM-dd HH:mm:ss'), null);
    assert.equal(parseDate('2020-01-01 23:60:00', 'yyyy-MM-dd HH:mm:ss'), null);
    assert.equal(parseDate('2020-01-01x', 'yyyy-MM-dd'), null);
    assert.equal(parseDate('20-01-01', 'yyyy-MM-dd'), null);
    assert.equal(parseDate('01-jan-2020', 'dd-MMM-yyyy'), null, 'month names keep their case');
    assert.equal(parseDate('1/1/2020', 'dd/MM/yyyy'), null);
  });

  it('date columns through parseValue/formatValue', () => {
    const spec: ColumnSpec = { name: 'd', type: 'date', format: { kind: 'date', pattern: 'dd/MM/yyyy' } };
    assert.equal(parseValue('29/12/2020', spec), 1609200000000);
    assert.equal(formatValue(1609200000000, spec), '29/12/2020');
    assert.equal(parseValue(new Date(86400000), spec), 86400000);
    assert.equal(parseValue('31/02/2020', spec), null);
  });

  it('round-trips every day across four centuries', () => {
    const pattern = 'yyyy-MM-dd';
    for (let day = -150000; day < 150000; day += 7) {
      const ms = day * 86400000;
      assert.equal(parseDate(formatDate(ms, pattern), pattern), ms);
    }
    assert.equal(formatDate(Date.UTC(1600, 1, 29), pattern), '1600-02-29');
  });

  it('unsupported letters are reported', () => {
    assert.throws(() => parseDate('2020', 'YYYY'), /not supported/);
  });
});
