import * as assert from 'node:assert/strict';
import { formatDate, parseDate } from '../../../src/core/format';
import { parseDateBytes } from '../../../src/core/format/date';
import { createRandom } from '../../../src/core/random';

describe('format: dates read from bytes (the person pass)', () => {
  it('parseDateBytes gives parseDate`s answer on valid, broken, padded and non-ASCII text, for every kind of pattern', () => {
    const rng = createRandom(23);
    const patterns = ['yyyy-MM-dd', 'dd/MM/yyyy', 'd/M/yyyy', 'yyyy-MM-dd HH:mm:ss', "yyyy-MM-dd'T'HH:mm:ss", 'yyyy-MM-dd HH:mm:ss.SSS', 'dd-MMM-yyyy', 'dd-NNN-yyyy', 'MMMM d, yyyy', 'h:mm a', "dd 'de' MMMM yyyy", 'yyyyMMdd'];
    const mangle = (t: string): string => {
      switch (rng.int(8)) {
        case 0: return t.slice(0, rng.int(t.length + 1));
        case 1: return `${t} `;
        case 2: return t.replace(/\d/, 'x');
        case 3: return t.replace(/[0-9]/g, (d) => (rng.next() < 0.1 ? String((Number(d) + 5) % 10) : d));
        case 4: return `${t}é`;
        case 5: return t.replace('-', '–');
        default: return t;
      }
    };
    let checked = 0;
    for (const pattern of patterns) {
      for (let i = 0; i < 3000; i++) {
        const ms = Math.round((rng.next() * 200 - 100) * 365.25 * 86_400_000);
        const text = mangle(formatDate(ms, pattern));
        const bytes = Buffer.from(`,${text},`);
        assert.equal(parseDateBytes(bytes, 1, bytes.length - 1, pattern), parseDate(text, pattern), `${pattern}: ${JSON.stringify(text)}`);
        checked++;
      }
    }
    for (const [text, pattern] of [['31/02/2020', 'dd/MM/yyyy'], ['29/02/2020', 'dd/MM/yyyy'], ['2020-01-01 24:00:00', 'yyyy-MM-dd HH:mm:ss'], ['12:30 PM', 'h:mm a'], ['01-jan-2020', 'dd-NNN-yyyy'], ['01-JAN-2020', 'dd-NNN-yyyy'], ['', 'yyyy-MM-dd']] as const) {
      const bytes = Buffer.from(text);
      assert.equal(parseDateBytes(bytes, 0, bytes.length, pattern), parseDate(text, pattern), text);
    }
    assert.equal(checked, patterns.length * 3000);
  });
});
