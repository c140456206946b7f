import { strict as assert } from 'node:assert';
import { formatValue, parseValue } from '../../../src/core/format';
import { profileDataset } from '../../../src/core/profile';
import { column, memorySource } from './helpers';

/** Every inferred format must read and write the source's own values back unchanged (core/format). */
describe('inferred formats round-trip through core/format', () => {
  const cases: string[][] = [
    ['29/12/2020', '01/02/2021'],
    ['12/29/2020', '01/02/2021'],
    ['1/2/2020', '15/11/2021'],
    ['01-Jan-2020', '15-Mar-2021'],
    ['01-JAN-2020', '15-MAR-2021'],
    ['2019-04-07 02:16:52', '2019-04-05 20:40:47'],
    ["2022-07-20T07:13:55Z", '2022-08-24T07:28:55Z'],
    ['2022-07-20T07:13:55.120', '2022-08-24T07:28:55.000'],
    ['29/12/2020 14:05', '01/01/2021 09:00'],
    ['1,234', '12', '1,000,000'],
    ['1,234.50', '12.00'],
    ['36.7999992370605', '35', '0.5'],
    ['0.10', '-2.50'],
    ['1', '0'],
    ['Y', 'N'],
  ];
  for (const values of cases) {
    it(values.join(' | '), async () => {
      const p = await profileDataset(memorySource(['x'], column(values)));
      const spec = p.columns[0].spec;
      for (const v of values) {
        const parsed = parseValue(v, spec);
        assert.notEqual(parsed, null, `${v} did not parse as ${JSON.stringify(spec.format)}`);
        assert.equal(formatValue(parsed as number | string, spec), v, JSON.stringify(spec.format));
      }
    });
  }
});
