import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { evaluateLinks } from '../../../../src/core/evaluate/multiTable';
import { createRandom } from '../../../../src/core/random';
import { generateLinked, readTables, type LinkSpec, type ReadTable } from '../../../../src/core/synth/linked';
import { findGenerator } from '../../../../src/core/synth/registry';

const TABLES = ['patients', 'encounters', 'medications'];
const PRIMARY_KEYS = { patients: 'Id', encounters: 'Id' };
const LINKS: LinkSpec[] = [
  { parentTable: 'patients', parentKey: 'Id', childTable: 'encounters', childKey: 'PATIENT' },
  { parentTable: 'patients', parentKey: 'Id', childTable: 'medications', childKey: 'PATIENT' },
  { parentTable: 'encounters', parentKey: 'Id', childTable: 'medications', childKey: 'ENCOUNTER' },
];
const DRUGS: [string, string][] = [['C1', 'aspirin 75 mg'], ['C2', 'metformin 500 mg'], ['C3', 'ramipril 5 mg'], ['C4', 'atorvastatin 20 mg'], ['C5', 'salbutamol inhaler']];

/**
 * A hand-made extract with a grandchild table under the person: patients → encounters →
 * medications (each naming its encounter and its patient, a diamond). A third of the persons
 * are on long-term drugs, given two to four at every encounter; the others get one at a tenth
 * of their encounters. So medications per patient are far more spread than encounters per
 * patient times medications per encounter would make them.
 */
function writeFixture(dir: string): void {
  const rng = createRandom(7);
  const patients = ['Id,SEX,BIRTH_YEAR'];
  const encounters = ['Id,PATIENT,CLASS'];
  const medications = ['PATIENT,ENCOUNTER,CODE,DESCRIPTION,DOSES'];
  let e = 0;
  for (let p = 0; p < 400; p++) {
    const id = `P${String(p).padStart(4, '0')}`;
    patients.push(`${id},${rng.next() < 0.5 ? 'F' : 'M'},${1930 + rng.int(80)}`);
    const heavy = p % 3 === 0;
    const n = 2 + rng.int(11);
    for (let k = 0; k < n; k++) {
      const enc = `E${String(e++).padStart(5, '0')}`;
      encounters.push(`${enc},${id},${rng.next() < 0.7 ? 'ambulatory' : 'inpatient'}`);
      const meds = heavy ? 2 + rng.int(3) : rng.next() < 0.1 ? 1 : 0;
      for (let m = 0; m < meds; m++) {
        const [code, description] = DRUGS[rng.int(DRUGS.length)];
        medications.push(`${id},${enc},${code},${description},${1 + rng.int(30)}`);
      }
    }
  }
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'patients.csv'), patients.join('\n') + '\n');
  fs.writeFileSync(path.join(dir, 'encounters.csv'), encounters.join('\n') + '\n');
  fs.writeFileSync(path.join(dir, 'medications.csv'), medications.join('\n') + '\n');
}

describe('synth: linked twins of a grandchild table (rows per person, code/description pairs)', function () {
  this.timeout(600_000);
  let dir: string;
  let real: ReadTable[];
  let twin: ReadTable[];

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'twin-grandchild-'));
    writeFixture(path.join(dir, 'real'));
    const files = (sub: string) => TABLES.map((n) => ({ name: n, path: path.join(dir, sub, `${n}.csv`) }));
    real = await readTables(files('real'), { withRows: true, personKeys: { encounters: 'PATIENT', medications: 'PATIENT' } });
    fs.mkdirSync(path.join(dir, 'twin'));
    await generateLinked({
      tables: real.map((t) => ({ ...t, outPath: path.join(dir, 'twin', `${t.name}.csv`) })),
      primaryKeys: PRIMARY_KEYS, links: LINKS, personTable: 'patients',
    }, { generator: findGenerator('correlated'), seed: 5, batchPersons: 150 });
    twin = await readTables(files('twin'), { withRows: true });
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('medications per patient follow the real distribution (CardinalityShapeSimilarity ≥ 0.9 on both links), keys joining', () => {
    const e = evaluateLinks(Object.fromEntries(real.map((t) => [t.name, t.table!])), Object.fromEntries(twin.map((t) => [t.name, t.table!])), LINKS);
    for (const l of e.links) {
      assert.equal(l.referentialIntegrity, 1, `${l.childTable}.${l.childKey}`);
      assert.ok(l.cardinalityShapeSimilarity! >= 0.9, `${l.childTable}.${l.childKey}: CSS ${l.cardinalityShapeSimilarity}`);
    }
  });

  it('every code keeps its one description (no pair the real data does not have)', () => {
    const meds = twin.find((t) => t.name === 'medications')!.table!;
    const col = (name: string) => {
      const d = meds.columns.find((c) => c.spec.name === name)!.data;
      assert.equal(d.kind, 'category');
      return d as { codes: Int32Array; categories: string[] };
    };
    const code = col('CODE'), description = col('DESCRIPTION');
    const allowed = new Set(DRUGS.map(([c, d]) => `${c}|${d}`));
    const seen = new Set<string>();
    for (let i = 0; i < meds.rowCount; i++) {
      const pair = `${code.categories[code.codes[i]]}|${description.categories[description.codes[i]]}`;
      assert.ok(allowed.has(pair), `pair ${pair}`);
      seen.add(pair);
    }
    assert.ok(seen.size >= 4, `${seen.size} pairs`);
  });
});
