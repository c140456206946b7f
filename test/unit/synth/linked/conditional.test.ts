import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createRandom } from '../../../../src/core/random';
import type { ColumnData, Table } from '../../../../src/core/schema';
import { generateLinked, readTables, type LinkedGenerateResult, type LinkSpec, type ReadTable } from '../../../../src/core/synth/linked';
import { findGenerator } from '../../../../src/core/synth/registry';

const TABLES = ['patients', 'encounters', 'procedures'];
const PRIMARY_KEYS = { patients: 'Id', encounters: 'Id' };
const LINKS: LinkSpec[] = [
  { parentTable: 'patients', parentKey: 'Id', childTable: 'encounters', childKey: 'PATIENT' },
  { parentTable: 'encounters', parentKey: 'Id', childTable: 'procedures', childKey: 'ENCOUNTER' },
];
/** The procedure an encounter of each class nearly always has, and how many it has from 2015 on (none before). */
const PROCEDURE: Record<string, { code: string; count: number }> = {
  ambulatory: { code: 'check-up', count: 1 }, inpatient: { code: 'surgery', count: 3 }, emergency: { code: 'x-ray', count: 2 },
};
const CLASSES = Object.keys(PROCEDURE);
const DAY = 86_400_000;
const iso = (ms: number): string => new Date(ms).toISOString().slice(0, 10);
const Y2015 = Date.UTC(2015, 0, 1);

/**
 * 400 patients, 3–9 encounters each (2005–2024) of three classes; procedures only at encounters
 * from 2015 on, as many as the class says, each the class's own procedure 9 times in 10, on the
 * encounter's day. A procedure's code follows its encounter's class, and which encounters have
 * procedures follows both the class and the date.
 */
function writeFixture(dir: string): void {
  const rng = createRandom(11);
  const patients = ['Id,SEX'];
  const encounters = ['Id,PATIENT,CLASS,START'];
  const procedures = ['ENCOUNTER,CODE,DATE'];
  let e = 0;
  for (let p = 0; p < 400; p++) {
    const id = `P${String(p).padStart(4, '0')}`;
    patients.push(`${id},${rng.next() < 0.5 ? 'F' : 'M'}`);
    for (let k = 3 + rng.int(7); k > 0; k--) {
      const enc = `E${String(e++).padStart(5, '0')}`;
      const cls = CLASSES[rng.next() < 0.6 ? 0 : rng.next() < 0.5 ? 1 : 2];
      const start = Date.UTC(2005, 0, 1) + rng.int(20 * 365) * DAY;
      encounters.push(`${enc},${id},${cls},${iso(start)}`);
      if (start < Y2015) continue;
      for (let m = 0; m < PROCEDURE[cls].count; m++) {
        const code = rng.next() < 0.9 ? PROCEDURE[cls].code : PROCEDURE[CLASSES[rng.int(3)]].code;
        procedures.push(`${enc},${code},${iso(start)}`);
      }
    }
  }
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'patients.csv'), patients.join('\n') + '\n');
  fs.writeFileSync(path.join(dir, 'encounters.csv'), encounters.join('\n') + '\n');
  fs.writeFileSync(path.join(dir, 'procedures.csv'), procedures.join('\n') + '\n');
}

const column = (t: Table, name: string): ColumnData => t.columns.find((c) => c.spec.name === name)!.data;
const labelAt = (d: ColumnData, r: number): string | null => (d.kind === 'category' ? (d.codes[r] < 0 ? null : d.categories[d.codes[r]]) : d.kind === 'string' ? d.values[r] : String(d.values[r]));

/** Each procedure's encounter row (by its key), with the encounter's class and start. */
function joined(t: ReadTable[]): { cls: string; start: number; code: string }[] {
  const enc = t.find((x) => x.name === 'encounters')!.table!;
  const proc = t.find((x) => x.name === 'procedures')!.table!;
  const rowOf = new Map<string, number>();
  for (let r = 0; r < enc.rowCount; r++) rowOf.set(labelAt(column(enc, 'Id'), r)!, r);
  const start = column(enc, 'START') as { values: Float64Array };
  return Array.from({ length: proc.rowCount }, (_, i) => {
    const r = rowOf.get(labelAt(column(proc, 'ENCOUNTER'), i)!)!;
    return { cls: labelAt(column(enc, 'CLASS'), r)!, start: start.values[r], code: labelAt(column(proc, 'CODE'), i)! };
  });
}

describe('synth: linked child rows conditioned on their parent (a procedure follows its encounter\'s class and date)', function () {
  this.timeout(600_000);
  let dir: string;
  let real: ReadTable[];
  let twin: ReadTable[];
  let result: LinkedGenerateResult;

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'twin-conditional-'));
    writeFixture(path.join(dir, 'real'));
    const files = (sub: string) => TABLES.map((n) => ({ name: n, path: path.join(dir, sub, `${n}.csv`) }));
    real = await readTables(files('real'), { withRows: true, personKeys: { encounters: 'PATIENT' } });
    fs.mkdirSync(path.join(dir, 'twin'));
    result = await generateLinked({
      tables: real.map((t) => ({ ...t, outPath: path.join(dir, 'twin', `${t.name}.csv`) })),
      primaryKeys: PRIMARY_KEYS, links: LINKS, personTable: 'patients',
    }, { generator: findGenerator('correlated'), seed: 3 });
    twin = await readTables(files('twin'), { withRows: true });
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('a twin procedure is its encounter\'s class\'s own procedure about as often as in the real rows (9 in 10), not as often as chance', () => {
    const agree = (rows: { cls: string; code: string }[]): number => rows.filter((x) => PROCEDURE[x.cls].code === x.code).length / rows.length;
    const r = agree(joined(real)), t = agree(joined(twin));
    assert.ok(r > 0.9, `real ${r}`);
    // Drawn without its parent, a code agrees with the class at about the share of its most common code (~0.5).
    // Conditioned, it agrees at 0.78–0.81 (seeds 1–6, measured alike before and after batches
    // were seeded one by one, issue 17): 0.8 was the median, so the bound sits below that spread.
    assert.ok(t >= 0.75, `twin ${t}`);
    const plan = result.plan.find((p) => p.table === 'procedures')!;
    assert.deepEqual(plan.conditionedOn, { columns: ['CLASS', 'START'], datesFollowParent: true });
  });

  it('which encounters have procedures follows both their class and their date (children per parent cut by a second parent column)', () => {
    const rows = joined(twin);
    const early = rows.filter((x) => x.start < Y2015).length;
    // Real: none. Drawn alike for every encounter, half would be (2005–2014 is half the span); the
    // date strata are quintiles of the encounters' dates, so the one holding 1 January 2015 mixes both.
    assert.ok(early / rows.length < 0.25, `${early} of ${rows.length} twin procedures at encounters before 2015 (real: none)`);
    const enc = twin.find((x) => x.name === 'encounters')!.table!;
    const perClass = (cls: string): number => {
      let encounters = 0;
      const start = column(enc, 'START') as { values: Float64Array };
      for (let r = 0; r < enc.rowCount; r++) if (labelAt(column(enc, 'CLASS'), r) === cls && start.values[r] >= Y2015) encounters++;
      return rows.filter((x) => x.cls === cls && x.start >= Y2015).length / encounters;
    };
    assert.ok(perClass('inpatient') > perClass('emergency') && perClass('emergency') > perClass('ambulatory'), `per encounter from 2015: ${CLASSES.map((c) => `${c} ${perClass(c).toFixed(2)}`).join(', ')}`);
    const plan = result.plan.find((p) => p.table === 'procedures')!;
    assert.deepEqual([plan.stratifiedBy, plan.stratifiedWithin].sort(), ['CLASS', 'START']);
  });

  it('a procedure is on its encounter\'s day (its date keeps its offset from the parent\'s)', () => {
    const proc = twin.find((x) => x.name === 'procedures')!.table!;
    const date = column(proc, 'DATE') as { values: Float64Array };
    const rows = joined(twin);
    rows.forEach((x, i) => assert.equal(date.values[i], x.start, `procedure ${i}`));
  });
});
