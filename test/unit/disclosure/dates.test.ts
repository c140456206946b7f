import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { apparentDateRange } from '../../../src/core/disclosure/coarsen';
import { CLI, twin, tempDir } from '../cli/helpers';

const utc = (y: number, m = 1, d = 1) => Date.UTC(y, m - 1, d);

describe('disclosure: a published date is read as the period its written form names (issue 12, class 7)', () => {
  before(function () {
    if (!fs.existsSync(CLI)) throw new Error('dist/cli.js missing: run `node esbuild.mjs` first');
  });

  it('reads a date as its instant, day, month, year, five or ten years, from how it is written', () => {
    assert.deepEqual(apparentDateRange(utc(2014, 3, 1) + 9 * 3_600_000), [utc(2014, 3, 1) + 9 * 3_600_000, utc(2014, 3, 1) + 9 * 3_600_000]);
    assert.deepEqual(apparentDateRange(utc(2014, 3, 7)), [utc(2014, 3, 7), utc(2014, 3, 8)]);
    assert.deepEqual(apparentDateRange(utc(2014, 4, 1)), [utc(2014, 4, 1), utc(2014, 5, 1)]);
    assert.deepEqual(apparentDateRange(utc(2013, 1, 1)), [utc(2013), utc(2014)]);
    assert.deepEqual(apparentDateRange(utc(1965, 1, 1)), [utc(1965), utc(1970)]);
    assert.deepEqual(apparentDateRange(utc(1960, 1, 1)), [utc(1960), utc(1970)]);
  });

  it('publishes no date whose month, year or decade (as written) holds 1…k−1 persons, in metadata.json and in the pack', () => {
    const dir = tempDir('dates');
    // 400 admissions 2010–2019, plus a sparse early tail: 1–3 people a year from 1950 to 2009.
    const dates: number[] = [];
    for (let i = 0; i < 400; i++) dates.push(utc(2010) + Math.floor(((i * 7919) % 3650) * 86_400_000));
    for (let y = 1950; y < 2010; y++) for (let j = 0; j < 1 + (y % 3); j++) dates.push(utc(y, 1 + ((y * 5 + j * 4) % 12), 1 + ((y + j * 11) % 27)));
    const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);
    const file = path.join(dir, 'admissions.csv');
    fs.writeFileSync(file, ['admitted', ...dates.map(iso)].join('\n') + '\n');
    const pack = path.join(dir, 'pack');
    const r = twin(['release', file, '--level', 'statistical', '--dir', pack, '--holdout-share', '0', '-q']);
    assert.equal(r.status, 0, r.stderr);
    const m = JSON.parse(fs.readFileSync(path.join(pack, 'metadata.json'), 'utf8'));
    const c = m.columns.find((x: any) => x.name === 'admitted');
    const published: string[] = [c.bounds.lower, c.bounds.upper, ...c.quantiles.values, ...c.histogram.edges];
    assert.ok(published.length > 5);
    for (const v of published) {
      const [lo, hi] = apparentDateRange(Date.parse(v));
      const held = dates.filter((d) => d >= lo && d < hi).length;
      assert.ok(held === 0 || held >= 10, `${v} reads as a period ${iso(lo)}–${iso(hi)} that holds ${held} admissions`);
    }
    // The auditor reads the dates the same way and finds none (one-column rows can match unique real
    // dates by chance; that is the unique-row check's business, not this one's).
    const audit = twin(['audit', file, pack, '--no-results', '-q']);
    assert.deepEqual(audit.stdout.split('\n').filter((l) => /rare-number|exact-extreme|fingerprint/.test(l)), []);
    // The sparse early tail needed periods coarser than a month: some published date is 1 January.
    assert.ok(published.some((v) => /^\d{4}-01-01/.test(v)), published.join(' '));
  });
});
