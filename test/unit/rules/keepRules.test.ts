import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { openDataset } from '../../../src/core/io';
import type { Metadata, OrderRule, RecordRule } from '../../../src/core/metadata';
import { profileDataset, toMetadata, columnSpecsOf } from '../../../src/core/profile';
import { createRandom } from '../../../src/core/random';
import { countViolations } from '../../../src/core/recordRules';
import { writeHospitalAdmissionsSample } from '../../../src/core/sample';
import type { Table } from '../../../src/core/schema';
import { generateTwin } from '../../../src/core/synth/generateTwin';
import { applyRules, planRules } from '../../../src/core/synth/rules';
import { loadTable } from '../../../src/core/table/loadTable';

const DATA = path.resolve(__dirname, '../../../../shared/data');
const RUNS: [string, string, number?][] = [
  ['structural', 'structural'], ['statistical', 'statistical'],
  ['correlated', 'copula'], ['correlated', 'cart'], ['correlated', 'privbayes', 1],
];

/** Data CI provides must be there under CI=true; elsewhere a missing file skips with its name. */
function needFile(ctx: Mocha.Context, file: string): void {
  if (fs.existsSync(file)) return;
  if (process.env.CI === 'true') throw new Error(`test data missing under CI: ${file}`);
  ctx.skip();
}

const label = (r: RecordRule): string =>
  r.kind === 'order' ? `${r.columns[0]} ≤ ${r.columns[1]}` : r.kind === 'derived' ? `${r.column} derived` : r.kind === 'range' ? `${r.column} range` : r.kind === 'missing-when' ? `${r.column} ${r.missing ? 'missing' : 'present'} when ${r.when}` : `${r.columns.join('+')} missing together`;

/** Every kept rule of the metadata, with its violations in `table`. */
function violationsOf(metadata: Metadata, table: Table): { rule: string; violations: number; applicable: number }[] {
  return (metadata.rules ?? []).filter((r) => r.keep).map((r) => {
    const c = countViolations(r, table);
    assert.ok(c, `rule ${label(r)} names a column the twin lacks`);
    return { rule: label(r), ...c };
  });
}

/**
 * Issue 13's done-when for record logic: on the built-in sample and three public extracts, the
 * twin of every level and method keeps every rule the real data keeps (orders, derived columns
 * exactly, shared missingness, ranges). Before the rules were enforced, 28–50% of twin rows had
 * discharge before admission (STOP before START) and length of stay agreed in 0.2–5% of rows.
 */
describe('record rules kept by construction at every level and method', function () {
  this.timeout(300000);
  const datasets: { name: string; file: () => string; expect: string[] }[] = [
    { name: 'built-in sample', file: () => sampleFile, expect: ['admission_datetime ≤ discharge_datetime', 'length_of_stay derived', 'discharge_datetime+length_of_stay+outcome missing together', 'readmitted_30d present when outcome'] },
    { name: 'synthea encounters', file: () => path.join(DATA, 'synthea/encounters.csv'), expect: ['START ≤ STOP', 'REASONCODE+REASONDESCRIPTION missing together'] },
    { name: 'nhsr stranded', file: () => path.join(DATA, 'nhsr/stranded_data.csv'), expect: ['age range'] },
    { name: 'A&E', file: () => path.join(DATA, 'ae/hospital_ae_data.csv'), expect: ['Time in A&E (mins) range'] },
  ];
  let dir: string;
  let sampleFile: string;
  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'twin-keep-rules-'));
    sampleFile = path.join(dir, 'hospital_admissions.csv');
    await writeHospitalAdmissionsSample(sampleFile, { rows: 6000 });
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  for (const d of datasets) {
    describe(d.name, () => {
      let metadata: Metadata;
      before(async function () {
        needFile(this, d.file());
        const source = await openDataset(d.file());
        metadata = toMetadata(await profileDataset(source));
        const real = (await loadTable(source, columnSpecsOf(metadata))).table;
        for (const v of violationsOf(metadata, real)) assert.equal(v.violations, 0, `real data breaks ${v.rule}`);
      });

      it('finds the rules its records keep', () => {
        const found = (metadata.rules ?? []).map(label);
        for (const e of d.expect) assert.ok(found.includes(e), `${e} not in ${found.join('; ')}`);
      });

      for (const [level, method, epsilon] of RUNS) {
        it(`${level}/${method}: zero violations, derived columns exact`, async () => {
          const out = path.join(dir, `${d.name.replace(/\W+/g, '_')}.${method}.synthetic.csv`);
          await generateTwin({ input: d.file(), level, method, epsilon, out, rows: 3000, seed: 11 });
          const twin = (await loadTable(await openDataset(out), columnSpecsOf(metadata))).table;
          const counts = violationsOf(metadata, twin);
          assert.ok(counts.length > 0);
          for (const v of counts) assert.equal(v.violations, 0, `${v.rule}: ${v.violations} of ${v.applicable} twin rows`);
          // The rules are not kept vacuously: orders and derived columns apply to most twin rows.
          for (const v of counts) if (!v.rule.endsWith('missing together')) assert.ok(v.applicable > 1000, `${v.rule} applies to ${v.applicable} rows`);
        });
      }
    });
  }
});

describe('record rules: the reviewer\'s switch and the drawing', () => {
  it('keep: false leaves a rule out of the twin (a structural twin then breaks the order)', async function () {
    this.timeout(60000);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'twin-keep-false-'));
    try {
      const file = path.join(dir, 'ward.csv');
      await writeHospitalAdmissionsSample(file, { rows: 3000 });
      const metadata = toMetadata(await profileDataset(await openDataset(file)));
      const metaFile = path.join(dir, 'metadata.json');
      const order = (metadata.rules ?? []).find((r): r is OrderRule => r.kind === 'order');
      assert.ok(order);
      const count = async (keep: boolean): Promise<number> => {
        order.keep = keep;
        fs.writeFileSync(metaFile, JSON.stringify(metadata));
        const out = path.join(dir, `twin-${keep}.csv`);
        await generateTwin({ input: metaFile, level: 'structural', out, seed: 3 });
        const twin = (await loadTable(await openDataset(out), columnSpecsOf(metadata))).table;
        return countViolations(order, twin)?.violations ?? -1;
      };
      assert.equal(await count(true), 0);
      assert.ok((await count(false)) > 300);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('never fills an identifier from another twin row (a key must stay unique)', () => {
    const specs = [
      { name: 'id', type: 'identifier' as const, format: { kind: 'string' as const } },
      { name: 'note', type: 'text' as const, format: { kind: 'string' as const } },
      { name: 'code', type: 'categorical' as const, format: { kind: 'string' as const } },
    ];
    const rules: RecordRule[] = [
      { kind: 'missing-together', columns: ['id', 'note'], keep: true, reason: '' },
      { kind: 'missing-together', columns: ['id', 'note', 'code'], keep: true, reason: '' },
    ];
    const plan = planRules({ rules } as Metadata, specs);
    assert.deepEqual(plan.missing.map((r) => r.columns), [['note', 'code']]);
  });

  it('draws chains and several predecessors in order, from the published gaps', () => {
    const DAY = 86_400_000;
    const n = 2000;
    const rng = createRandom(5);
    const col = (name: string, fill: () => number) => ({ spec: { name, type: 'date' as const, format: { kind: 'date' as const, pattern: 'yyyy-MM-dd' } }, data: { kind: 'number' as const, values: Float64Array.from({ length: n }, fill) } });
    const base = Date.UTC(2020, 0, 1);
    const table: Table = {
      rowCount: n,
      columns: [
        col('birth', () => base - rng.int(30000) * DAY),
        col('referral', () => base + rng.int(400) * DAY),
        col('admission', () => base + rng.int(400) * DAY),
        col('discharge', () => (rng.next() < 0.1 ? NaN : base + rng.int(400) * DAY)),
      ],
    };
    const gap = (lo: number, hi: number): OrderRule['gap'] => ({ unit: 'day', quantiles: { p: [0, 0.5, 1], values: [lo, (lo + hi) / 2, hi] } });
    const rules: RecordRule[] = [
      { kind: 'order', columns: ['admission', 'discharge'], keep: true, reason: '', gap: gap(0, 20) },
      { kind: 'order', columns: ['referral', 'discharge'], keep: true, reason: '', gap: gap(1, 60) },
      { kind: 'order', columns: ['birth', 'admission'], keep: true, reason: '', gap: gap(0, 36000) },
      { kind: 'order', columns: ['referral', 'admission'], keep: true, reason: '', gap: gap(0, 30) },
    ];
    const metadata = { rules } as Metadata;
    applyRules(table, planRules(metadata, table.columns.map((c) => c.spec)), createRandom(9));
    for (const r of rules) assert.equal(countViolations(r, table)?.violations, 0, label(r));
    const [, referral, admission, discharge] = table.columns.map((c) => (c.data as { values: Float64Array }).values);
    let missing = 0;
    for (let i = 0; i < n; i++) {
      if (discharge[i] !== discharge[i]) {
        missing++;
        continue;
      }
      // Whole days, within the largest gap above the latest predecessor.
      assert.equal((discharge[i] - base) % DAY, 0);
      const top = Math.max(admission[i], referral[i] + DAY);
      assert.ok(discharge[i] >= top && discharge[i] <= Math.max(admission[i] + 20 * DAY, referral[i] + 60 * DAY));
    }
    assert.ok(missing > 100, 'missing second values stay missing');
  });
});
