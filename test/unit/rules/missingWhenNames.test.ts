import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { openDataset } from '../../../src/core/io';
import type { Metadata, MissingWhenRule, RecordRule } from '../../../src/core/metadata';
import { columnSpecsOf, profileDataset, toMetadata } from '../../../src/core/profile';
import { createRandom } from '../../../src/core/random';
import { countViolations, refillable } from '../../../src/core/recordRules';
import { generateTwin } from '../../../src/core/synth/generateTwin';
import { loadTable } from '../../../src/core/table/loadTable';

/**
 * A fictional patient register (one row per person, as Synthea's patients.csv): a maiden name is
 * recorded exactly when the prefix is "Mrs."; prefixes are missing for children. Maiden names are
 * personal names (an identifier, replaced by fakes) that repeat — no key — so a twin may move its
 * fake names between rows, and the rule applies to them like any column. The person key and a
 * unique hospital number stay out: a key must stay unique.
 */
const SURNAMES = ['Abbott', 'Barlow', 'Carver', 'Dunmore', 'Ellery', 'Fenwick', 'Garside', 'Holroyd', 'Ingleby', 'Jessop', 'Kettle', 'Lomas', 'Marsden', 'Nuttall', 'Ormerod', 'Pickles', 'Quarmby', 'Ramsden', 'Sugden', 'Thwaite'];

function registerCsv(rows: number): string {
  const rng = createRandom(11);
  const lines = ['patient_id,hospital_no,prefix,last_name,maiden_name,ward'];
  for (let i = 0; i < rows; i++) {
    const u = rng.next();
    const prefix = u < 0.25 ? '' : u < 0.55 ? 'Mr.' : u < 0.85 ? 'Mrs.' : 'Ms.';
    const maiden = prefix === 'Mrs.' ? SURNAMES[rng.int(SURNAMES.length)] : '';
    // The hospital number is missing for children too (no prefix), but it is a key: no rule may refill it.
    const hospital = prefix === '' ? '' : `H${String(100000 + i * 7).padStart(7, '0')}`;
    lines.push([`p-${(i * 7919) % 1000003}`, hospital, prefix, SURNAMES[rng.int(SURNAMES.length)], maiden, ['A', 'B', 'C'][rng.int(3)]].join(','));
  }
  return lines.join('\n') + '\n';
}

const whenRules = (rules: readonly RecordRule[] | undefined): MissingWhenRule[] => (rules ?? []).filter((r): r is MissingWhenRule => r.kind === 'missing-when');

describe('record rules: missingness of a repeated name set by another column\'s value', function () {
  this.timeout(180000);
  let dir: string;
  let file: string;
  let metadata: Metadata;
  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'twin-missing-when-names-'));
    file = path.join(dir, 'register.csv');
    fs.writeFileSync(file, registerCsv(1500));
    metadata = toMetadata(await profileDataset(await openDataset(file), { personKey: 'patient_id' }));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('a name that repeats may be refilled; keys and unique names may not', () => {
    assert.equal(refillable('identifier', [{ kind: 'name' }], false), true);
    assert.equal(refillable('identifier', [{ kind: 'name' }], true), false);
    // Most names of a small register are distinct (Synthea's patients.csv less its holdout): still no key.
    assert.equal(refillable('identifier', [{ kind: 'name' }, { kind: 'near-unique' }], false), true);
    assert.equal(refillable('identifier', [{ kind: 'name' }, { kind: 'unique-key' }], false), false);
    assert.equal(refillable('identifier', [{ kind: 'name' }, { kind: 'person-key' }], false), false);
    assert.equal(refillable('identifier', [], false), false);
    assert.equal(refillable('date', [], false), true);
  });

  it('finds "maiden_name present exactly when prefix is Mrs." on the name column, and no rule on the hospital number', () => {
    const maiden = metadata.columns.find((c) => c.name === 'maiden_name');
    assert.ok(maiden && maiden.type === 'identifier' && maiden.disclosure.some((f) => f.kind === 'name') && !maiden.unique, JSON.stringify(maiden));
    const rule = whenRules(metadata.rules).find((r) => r.column === 'maiden_name');
    assert.ok(rule, JSON.stringify(metadata.rules));
    assert.deepEqual({ when: rule.when, values: rule.values, missing: rule.missing }, { when: 'prefix', values: ['Mrs.'], missing: false });
    // The hospital number's gaps follow the prefix too, but it is a key.
    assert.equal(metadata.columns.find((c) => c.name === 'hospital_no')?.type, 'identifier');
    assert.ok(!JSON.stringify(metadata.rules).includes('hospital_no'), JSON.stringify(metadata.rules));
  });

  for (const [level, method] of [['structural', 'structural'], ['statistical', 'statistical'], ['correlated', 'copula'], ['correlated', 'cart']] as const) {
    it(`${level}/${method}: every twin row keeps it, with fake names on the "Mrs." rows and the hospital numbers still unique`, async () => {
      const out = path.join(dir, `register.${method}.csv`);
      const metaFile = path.join(dir, 'metadata.json');
      fs.writeFileSync(metaFile, JSON.stringify(metadata));
      await generateTwin({ input: level === 'correlated' ? file : metaFile, level, method, out, rows: 2000, seed: 3 });
      const twin = (await loadTable(await openDataset(out), columnSpecsOf(metadata))).table;
      const rule = whenRules(metadata.rules).find((r) => r.column === 'maiden_name');
      assert.ok(rule);
      const c = countViolations(rule, twin);
      assert.ok(c);
      assert.equal(c.violations, 0, `${rule.reason}: ${c.violations} of ${c.applicable}`);
      const col = (name: string) => twin.columns.find((x) => x.spec.name === name)!.data;
      const prefix = col('prefix');
      const maiden = col('maiden_name');
      assert.ok(prefix.kind === 'category' && maiden.kind === 'string');
      const mrs = prefix.categories.indexOf('Mrs.');
      let named = 0;
      let mrsRows = 0;
      for (let r = 0; r < twin.rowCount; r++) {
        if (prefix.codes[r] !== mrs) continue;
        mrsRows++;
        if (maiden.values[r] !== null) named++;
      }
      // Not vacuous: the "Mrs." rows all carry a name, and none is a real one.
      assert.ok(mrsRows > 300, `Mrs. on ${mrsRows} twin rows`);
      assert.equal(named, mrsRows);
      for (let r = 0; r < twin.rowCount; r++) assert.ok(maiden.values[r] === null || !SURNAMES.includes(String(maiden.values[r])), String(maiden.values[r]));
      const hospital = col('hospital_no');
      assert.ok(hospital.kind === 'string');
      const numbers = Array.from(hospital.values).filter((v) => v !== null);
      assert.equal(new Set(numbers).size, numbers.length);
    });
  }
});
