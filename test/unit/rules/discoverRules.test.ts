import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { openDataset } from '../../../src/core/io';
import type { DerivedRule, Metadata, OrderRule, RecordRule } from '../../../src/core/metadata';
import { profileDataset, toMetadata } from '../../../src/core/profile';
import { createRandom } from '../../../src/core/random';
import { checkMetadata } from '../../../src/core/synth/recipe';

const DAY = 86_400_000;
const pad = (n: number): string => String(n).padStart(2, '0');
const stamp = (ms: number): string => {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
};

/**
 * A fictional ward extract: stays with admission ≤ discharge, length of stay in calendar days,
 * patients still admitted with no discharge, stay or outcome; a bill that is the sum of two parts;
 * a percentage. `spoil` breaks one rule on one row near the end of the file (outside most samples).
 */
function wardCsv(rows: number, spoil?: 'order' | 'stay' | 'missing' | 'sum'): string {
  const rng = createRandom(42);
  const lines = ['id,admitted,discharged,stay,outcome,drugs,nursing,bill,pain_pct'];
  const start = Date.UTC(2023, 0, 1);
  for (let i = 0; i < rows; i++) {
    const a = start + rng.int(300) * DAY + rng.int(1440) * 60_000;
    let b = a + Math.floor(-Math.log(1 - rng.next()) * 4 * DAY / 60_000) * 60_000 + 30 * 60_000;
    const still = rng.next() < 0.1;
    let stay = Math.floor(b / DAY) - Math.floor(a / DAY);
    let outcome = rng.next() < 0.8 ? 'Home' : 'Transferred';
    const drugs = rng.int(50000) / 100;
    const nursing = rng.int(90000) / 100;
    let bill = Math.round((drugs + nursing) * 100) / 100;
    const last = i === rows - 2;
    if (last && spoil === 'order') b = a - DAY;
    if (last && spoil === 'stay') stay += 1;
    if (last && spoil === 'sum') bill += 0.01;
    const missingOutcome = still || (last && spoil === 'missing');
    if (still) outcome = '';
    lines.push([
      `P${i}`, stamp(a), still ? '' : stamp(b), still ? '' : String(stay), missingOutcome ? '' : outcome,
      drugs.toFixed(2), nursing.toFixed(2), bill.toFixed(2), String(rng.int(101)),
    ].join(','));
  }
  return lines.join('\n') + '\n';
}

async function rulesOf(csv: string, name = 'ward.csv'): Promise<RecordRule[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'twin-rules-'));
  try {
    const file = path.join(dir, name);
    fs.writeFileSync(file, csv);
    return toMetadata(await profileDataset(await openDataset(file))).rules ?? [];
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const find = <K extends RecordRule['kind']>(rules: RecordRule[], kind: K, column: string): Extract<RecordRule, { kind: K }> | undefined =>
  rules.find((r) => r.kind === kind && (r.kind === 'order' ? r.columns[1] === column : r.kind === 'missing-together' ? r.columns.includes(column) : r.column === column)) as never;

describe('record rules: discovery in the profiler', function () {
  this.timeout(60000);
  let rules: RecordRule[];
  before(async () => {
    rules = await rulesOf(wardCsv(12000));
  });

  it('finds the order, with a gap distribution that rests on ≥ k records per interval and no exact extreme', () => {
    const order = find(rules, 'order', 'discharged') as OrderRule;
    assert.ok(order, JSON.stringify(rules));
    assert.deepEqual(order.columns, ['admitted', 'discharged']);
    assert.equal(order.keep, true);
    assert.equal(order.gap.unit, 'minute');
    const { p, values } = order.gap.quantiles;
    assert.ok(p.length >= 2 && p.length <= 101);
    assert.equal(p[0], 0);
    assert.equal(p[p.length - 1], 1);
    // Every gap is at least 30 minutes; the published lowest is k records in, never the minimum itself.
    assert.ok(values[0] > 30, `${values[0]}`);
    for (let i = 1; i < values.length; i++) assert.ok(values[i] >= values[i - 1]);
    // ~5,000 sampled gaps and k = 10: at most 100 intervals of ≥ 10 each.
    assert.equal(p.length, 101);
  });

  it('finds the length of stay as calendar days between the two, present exactly when both are', () => {
    const stay = find(rules, 'derived', 'stay') as DerivedRule;
    assert.ok(stay, JSON.stringify(rules));
    assert.deepEqual(stay.from, ['admitted', 'discharged']);
    assert.deepEqual(stay.formula, { op: 'difference', unit: 'calendar-day' });
    assert.equal(stay.missingFollows, true);
  });

  it('finds a total that is a sum, named as the sum (not as a difference)', () => {
    const bill = find(rules, 'derived', 'bill') as DerivedRule;
    assert.ok(bill, JSON.stringify(rules));
    assert.deepEqual(bill.from, ['drugs', 'nursing']);
    assert.deepEqual(bill.formula, { op: 'sum' });
    assert.equal(rules.filter((r) => r.kind === 'derived').length, 2, 'the parts are not also derived from the total');
  });

  it('finds shared missingness and natural ranges', () => {
    const together = find(rules, 'missing-together', 'discharged');
    assert.ok(together);
    assert.deepEqual([...together.columns].sort(), ['discharged', 'outcome', 'stay']);
    const pct = find(rules, 'range', 'pain_pct');
    assert.ok(pct);
    assert.equal(pct.lower, 0);
    assert.equal(pct.upper, 100);
    assert.equal(find(rules, 'range', 'drugs')?.upper, undefined);
  });

  for (const spoil of ['order', 'stay', 'missing', 'sum'] as const) {
    it(`verifies every row: one record breaking the ${spoil} rule near the end of the file withdraws it`, async () => {
      const spoiled = await rulesOf(wardCsv(12000, spoil));
      const has = (kind: RecordRule['kind'], column: string): boolean => !!find(spoiled, kind, column);
      if (spoil === 'order') assert.ok(!has('order', 'discharged'));
      if (spoil === 'stay') assert.ok(!has('derived', 'stay') && has('order', 'discharged'));
      if (spoil === 'sum') assert.ok(!has('derived', 'bill') && has('derived', 'stay'));
      if (spoil === 'missing') {
        const together = find(spoiled, 'missing-together', 'discharged');
        assert.deepEqual(together?.columns.sort(), ['discharged', 'stay']);
      }
    });
  }

  it('publishes no rule resting on fewer than k records', async () => {
    const few = await rulesOf(wardCsv(9));
    assert.deepEqual(few, []);
  });

  it('reads metadata without rules (older files) and refuses a malformed rule in one line', () => {
    const meta: Metadata = {
      format: 'twin-metadata/1', generator: { tool: 'synthetic-twin', version: '0' },
      dataset: { name: 'x', rows: 1, dialect: { kind: 'parquet', fields: [] }, fingerprint: { method: 'hmac-sha256', hmac: '0'.repeat(64) } },
      disclosure: { threshold: 10, rounding: 5, tailQuantile: 0.01, dateResolution: 'month' },
      columns: [{ name: 'a', type: 'text', format: { kind: 'string' }, missing: 0, disclosure: [], length: { quantiles: { p: [0.5], values: [3] } }, unique: false }], controls: [],
    };
    assert.equal(checkMetadata(JSON.parse(JSON.stringify(meta)), 'm.json').rules, undefined);
    const bad = { ...meta, rules: [{ kind: 'order', columns: ['a', 'b'], keep: 'yes' }] };
    assert.throws(() => checkMetadata(bad, 'm.json'), /rules\[0\] \(keep must be true or false\)/);
    const unknown = { ...meta, rules: [{ kind: 'magic', keep: true }] };
    assert.throws(() => checkMetadata(unknown, 'm.json'), /unknown rule kind "magic"/);
  });
});
