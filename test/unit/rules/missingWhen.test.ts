import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { evaluateRecordLogic } from '../../../src/core/evaluate/recordLogic';
import { openDataset } from '../../../src/core/io';
import { DEFAULT_DISCLOSURE, type Metadata, type MissingWhenRule, type RecordRule } from '../../../src/core/metadata';
import { columnSpecsOf, profileDataset, toMetadata } from '../../../src/core/profile';
import { createRandom } from '../../../src/core/random';
import { countViolations, ruleKey, ruleProblem } from '../../../src/core/recordRules';
import { generateTwin } from '../../../src/core/synth/generateTwin';
import { loadTable } from '../../../src/core/table/loadTable';

/**
 * A fictional ward extract (issue 13, missingness set by a value): no discharge date exactly when
 * the outcome is "Still admitted"; a readmission flag only for patients who went home or were
 * transferred; an escort recorded exactly when the outcome is "Absconded" (30 rows of 3 patients:
 * fewer than k persons, so no rule may name it); a pager missing on "Died" rows except one (no rule).
 * `outcome_code` recodes the outcome (one code per outcome), so it decides the same missingness.
 * `patient` is the person key.
 */
const CODES: Record<string, string> = { Home: 'H1', Transferred: 'T2', Died: 'D3', 'Still admitted': 'S4', Absconded: 'A5' };

function wardCsv(rows: number): string {
  const rng = createRandom(7);
  const lines = ['patient,outcome,discharged,readmitted,escort,pager,ward,outcome_code'];
  let spoiled = false;
  for (let i = 0; i < rows; i++) {
    const u = rng.next();
    const absconded = i % 20 === 5 && i < 600;
    const outcome = absconded ? 'Absconded' : u < 0.55 ? 'Home' : u < 0.7 ? 'Transferred' : u < 0.85 ? 'Died' : 'Still admitted';
    const discharged = outcome === 'Still admitted' ? '' : `2024-0${1 + rng.int(9)}-1${rng.int(10)}`;
    const readmitted = outcome === 'Home' || outcome === 'Transferred' ? (rng.next() < 0.2 ? 'Y' : 'N') : '';
    const escort = outcome === 'Absconded' ? `E${rng.int(9)}` : '';
    const spare = outcome === 'Died' && i > 100 && !spoiled;
    if (spare) spoiled = true;
    const pager = outcome === 'Died' && !spare ? '' : ['bleep-1', 'bleep-2', 'bleep-3'][rng.int(3)];
    lines.push([absconded ? `A${i % 3}` : `P${i}`, outcome, discharged, readmitted, escort, pager, ['A', 'B', 'C'][rng.int(3)], CODES[outcome]].join(','));
  }
  return lines.join('\n') + '\n';
}

const whenRules = (rules: readonly RecordRule[] | undefined): MissingWhenRule[] => (rules ?? []).filter((r): r is MissingWhenRule => r.kind === 'missing-when');

describe('record rules: missingness set by another column\'s value', function () {
  this.timeout(180000);
  let dir: string;
  let file: string;
  let metadata: Metadata;
  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'twin-missing-when-'));
    file = path.join(dir, 'ward.csv');
    fs.writeFileSync(file, wardCsv(2000));
    metadata = toMetadata(await profileDataset(await openDataset(file), { personKey: 'patient' }));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('finds "discharged missing exactly when outcome is Still admitted" and the readmission rule, verified on every row', () => {
    const found = whenRules(metadata.rules);
    const discharged = found.find((r) => r.column === 'discharged');
    assert.ok(discharged, JSON.stringify(metadata.rules));
    assert.deepEqual({ when: discharged.when, values: discharged.values, missing: discharged.missing }, { when: 'outcome', values: ['Still admitted'], missing: true });
    assert.equal(discharged.reason, 'discharged is missing exactly when outcome is "Still admitted"');
    const readmitted = found.find((r) => r.column === 'readmitted');
    assert.ok(readmitted);
    // Worded by the values it is present at: the missing side holds "Absconded", which is not published.
    assert.deepEqual({ values: readmitted.values, missing: readmitted.missing }, { values: ['Home', 'Transferred'], missing: false });
    // The outcome's code decides the same missingness: one rule per column, not two that a twin would enforce in turn.
    assert.equal(found.filter((r) => r.column === 'discharged').length, 1);
    assert.equal(found.filter((r) => r.column === 'readmitted').length, 1);
    // One pager on a Died row breaks that candidate: no rule.
    assert.equal(found.find((r) => r.column === 'pager'), undefined);
    assert.equal(ruleKey(discharged), 'missing-when:discharged|outcome');
    assert.equal(ruleProblem(discharged), null);
    assert.match(ruleProblem({ ...discharged, values: [] }) ?? '', /one or more values/);
  });

  it('never names a category held by fewer than k persons (the escort rule rests on "Absconded": withheld)', () => {
    assert.equal(whenRules(metadata.rules).find((r) => r.column === 'escort'), undefined);
    assert.ok(!JSON.stringify(metadata.rules).includes('Absconded'));
    assert.ok(metadata.controls.some((c) => c.column === 'escort' && /rule withheld/.test(c.detail)), JSON.stringify(metadata.controls));
  });

  for (const [level, method] of [['structural', 'structural'], ['statistical', 'statistical'], ['correlated', 'copula'], ['correlated', 'cart']] as const) {
    it(`${level}/${method}: every twin row keeps the rules (from the data and from metadata.json alone)`, async () => {
      const out = path.join(dir, `ward.${method}.csv`);
      const metaFile = path.join(dir, 'metadata.json');
      fs.writeFileSync(metaFile, JSON.stringify(metadata));
      const input = level === 'correlated' ? file : metaFile;
      await generateTwin({ input, level, method, out, rows: 3000, seed: 5 });
      const twin = (await loadTable(await openDataset(out), columnSpecsOf(metadata))).table;
      for (const rule of whenRules(metadata.rules)) {
        const c = countViolations(rule, twin);
        assert.ok(c);
        assert.equal(c.violations, 0, `${rule.reason}: ${c.violations} of ${c.applicable}`);
      }
      // Not vacuous: both sides of the discharge rule occur in the twin.
      const outcome = twin.columns.find((c) => c.spec.name === 'outcome')?.data;
      assert.ok(outcome && outcome.kind === 'category');
      const still = outcome.categories.indexOf('Still admitted');
      const rows = Array.from(outcome.codes).filter((x) => x === still).length;
      assert.ok(rows > 100 && rows < 2900, `Still admitted on ${rows} of 3000 twin rows`);
    });
  }

  it('a structural twin breaks the rule when a reviewer drops it (keep: false)', async () => {
    const dropped = JSON.parse(JSON.stringify(metadata)) as Metadata;
    for (const r of whenRules(dropped.rules)) r.keep = false;
    const metaFile = path.join(dir, 'dropped.json');
    fs.writeFileSync(metaFile, JSON.stringify(dropped));
    const out = path.join(dir, 'ward.dropped.csv');
    await generateTwin({ input: metaFile, level: 'structural', out, rows: 3000, seed: 5 });
    const twin = (await loadTable(await openDataset(out), columnSpecsOf(metadata))).table;
    const rule = whenRules(metadata.rules).find((r) => r.column === 'discharged') as MissingWhenRule;
    assert.ok((countViolations(rule, twin)?.violations ?? 0) > 300);
  });

  it('evaluation reads the rule from the real table: real 0, a twin with discharge dates shuffled breaks it', async () => {
    const source = await openDataset(file);
    const real = (await loadTable(source, columnSpecsOf(metadata))).table;
    const discharged = real.columns.find((c) => c.spec.name === 'discharged');
    assert.ok(discharged && discharged.data.kind === 'number');
    const values = Float64Array.from(discharged.data.values);
    // Rotate by 7 rows: a date lands on some "Still admitted" rows, a gap on some others.
    const rotated = values.map((_, i) => values[(i + 7) % values.length]);
    const twin = { ...real, columns: real.columns.map((c) => (c === discharged ? { spec: c.spec, data: { kind: 'number' as const, values: rotated } } : c)) };
    const report = evaluateRecordLogic(real, twin, null, DEFAULT_DISCLOSURE);
    const reading = report.rules.find((r) => r.kind === 'missing-when' && r.columns[0] === 'discharged');
    assert.ok(reading, JSON.stringify(report.rules.map((r) => r.rule)));
    assert.deepEqual(reading.columns, ['discharged', 'outcome']);
    assert.deepEqual(reading.real, { applicable: 2000, violations: 0, rate: 0 });
    let expected = 0;
    const outcome = real.columns.find((c) => c.spec.name === 'outcome')?.data;
    assert.ok(outcome && outcome.kind === 'category');
    for (let r = 0; r < real.rowCount; r++) {
      const still = outcome.categories[outcome.codes[r]] === 'Still admitted';
      if (still !== (rotated[r] !== rotated[r])) expected++;
    }
    assert.ok(expected > 100);
    assert.equal(reading.synthetic.violations, expected);
  });
});
