import { strict as assert } from 'node:assert';
import { dateTicks, formatCount, formatFixed, formatNumber, formatPercent, formatTick, niceTicks, truncate } from '../../../webview/format';

describe('webview number formatting', () => {
  it('formats scores, numbers and counts', () => {
    assert.equal(formatPercent(0.87345), '87.3%');
    assert.equal(formatPercent(0.0004299, 2), '0.04%');
    assert.equal(formatPercent(null), '—');
    assert.equal(formatPercent(Number.NaN), '—');
    assert.equal(formatNumber(0.012345), '0.0123');
    assert.equal(formatNumber(6.4), '6.40');
    assert.equal(formatNumber(-1.05), '-1.05');
    assert.equal(formatNumber(2), '2');
    assert.equal(formatNumber(188585.4, 4), '188,585');
    assert.equal(formatNumber(1234.5678, 6), '1,234.57');
    assert.equal(formatNumber(0.00001234), '1.23e-5');
    assert.equal(formatCount(32561), '32,561');
    assert.equal(formatFixed(2), '2.00');
    assert.equal(formatFixed(-1.2), '-1.20');
  });

  it('picks round ticks (1, 2, 2.5, 5 × 10^k)', () => {
    assert.deepEqual(niceTicks(0, 1, 5), [0, 0.25, 0.5, 0.75, 1]);
    assert.deepEqual(niceTicks(17, 90, 5), [20, 40, 60, 80]);
    assert.deepEqual(niceTicks(0, 0.43, 4), [0, 0.2, 0.4]);
    assert.deepEqual(niceTicks(3, 3), [3]);
  });

  it('puts date ticks on calendar boundaries', () => {
    const day = 86400000;
    const iso = (ts: number[]): string[] => ts.map((t) => new Date(t).toISOString().slice(0, 10));
    assert.deepEqual(iso(dateTicks(Date.UTC(2015, 0, 1), Date.UTC(2015, 0, 1) + 4 * 365 * day, 5)), ['2015-01-01', '2016-01-01', '2017-01-01', '2018-01-01']);
    assert.deepEqual(iso(dateTicks(Date.UTC(1931, 5, 1), Date.UTC(2004, 2, 1), 5)), ['1940-01-01', '1960-01-01', '1980-01-01', '2000-01-01']);
    assert.deepEqual(iso(dateTicks(Date.UTC(2020, 0, 15), Date.UTC(2020, 9, 20), 5)), ['2020-03-01', '2020-05-01', '2020-07-01', '2020-09-01']);
    assert.deepEqual(iso(dateTicks(Date.UTC(2020, 0, 1), Date.UTC(2020, 0, 11), 5)), ['2020-01-01', '2020-01-03', '2020-01-05', '2020-01-07', '2020-01-09', '2020-01-11']);
    assert.deepEqual(dateTicks(5, 5), []);
  });

  it('labels ticks for numbers and dates', () => {
    assert.equal(formatTick(25000), '25k');
    assert.equal(formatTick(1500000), '1.5M');
    assert.equal(formatTick(0.125), '0.125');
    const day = 86400000;
    assert.equal(formatTick(Date.UTC(2017, 2, 5), 'date', 5 * 365 * day), '2017');
    assert.equal(formatTick(Date.UTC(2017, 2, 5), 'date', 200 * day), '2017-03');
    assert.equal(formatTick(Date.UTC(2017, 2, 5), 'date', 20 * day), '2017-03-05');
  });

  it('truncates by characters, not UTF-16 units', () => {
    assert.equal(truncate('hours-per-week', 20), 'hours-per-week');
    assert.equal(truncate('hours-per-week', 6), 'hours…');
    assert.equal(truncate('😀😀😀😀', 3), '😀😀…');
  });
});
