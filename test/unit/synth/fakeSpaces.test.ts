import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Metadata } from '../../../src/core/metadata';
import { profileFile, toMetadata } from '../../../src/core/profile';
import { createRandom } from '../../../src/core/random';
import { generateTwin } from '../../../src/core/synth';
import { chooseFakeSpace, occupiedFromBeginnings } from '../../../src/core/synth/fakeSpaces';
import { readStrings } from './twinStructure.helpers';

/**
 * No fake equals a real value (issue 13 item 4), one identifier kind per column, on a fictional
 * extract whose real values sit exactly where the fakes used to come from: NHS numbers in the 999
 * test range, postcodes in area ZZ, NI numbers starting QQ, phone numbers in Ofcom's drama ranges,
 * emails at example.invalid, names and notes beginning with the name/text markers, a unique key
 * and a repeated key. Twins from metadata.json alone (structural, statistical) and from the data
 * (copula) must share no value with the real column.
 */
function nhs(first9: number): string {
  for (let p = first9; ; p++) {
    const d = String(p);
    let sum = 0;
    for (let k = 0; k < 9; k++) sum += Number(d[k]) * (10 - k);
    const check = (11 - (sum % 11)) % 11;
    if (check !== 10) return `${d.slice(0, 3)} ${d.slice(3, 6)} ${d.slice(6)}${check}`;
  }
}

function writeExtract(dir: string, rows = 400): string {
  const rng = createRandom(11);
  const letters = 'ABDEFGHJLNPQRSTUWXYZ';
  const lines = ['row_id,nhs_number,postcode,ni_number,phone,email,patient_name,mrn,patient_id,notes,age'];
  for (let i = 0; i < rows; i++) {
    const n = nhs(999_000_000 + rng.int(999_000));
    const postcode = `ZZ${10 + rng.int(80)} ${rng.int(10)}${letters[rng.int(20)]}${letters[rng.int(20)]}`;
    // Mostly valid NI numbers (so the column is recognised), one in twenty with the fakes' old prefix QQ.
    const ni = `${i % 20 === 0 ? 'QQ' : 'AB'}${String(100000 + i).slice(-6)}${'ABCD'[rng.int(4)]}`;
    const phone = `07700 900${String(rng.int(1000)).padStart(3, '0')}`;
    const email = `zz${String(i).padStart(6, '0')}@example.invalid`;
    const name = `Xq${['orem', 'ipsa', 'dolo'][rng.int(3)]} ${['Amet', 'Sitt', 'Elit'][rng.int(3)]}${i}`;
    const mrn = `Z${String(100000 + i)}`;
    // 40 patients with UUIDs starting ff (the first UUID marker), a repeated key.
    const p = rng.int(40);
    const patient = `ff${String(p).padStart(6, '0')}-2c43-4d4b-8eab-9eabf5929c${String(p).padStart(2, '0')}`;
    const notes = `Xq lorem ipsum dolor sit amet ${rng.int(100000)} consectetur`;
    lines.push([i + 1, n, postcode, ni, phone, email, name, mrn, patient, notes, 20 + rng.int(60)].join(','));
  }
  const file = path.join(dir, 'extract.csv');
  fs.writeFileSync(file, lines.join('\n') + '\n');
  return file;
}

describe('no fake equals a real value: fakes from a space the real values do not occupy (issue 13 item 4)', function () {
  this.timeout(300_000);
  let dir: string;
  let file: string;
  let metadata: Metadata;
  let real: Map<string, (string | null)[]>;
  const twins: { label: string; values: Map<string, (string | null)[]> }[] = [];

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'twin-fake-spaces-'));
    file = writeExtract(dir);
    const { profile } = await profileFile(file);
    metadata = toMetadata(profile);
    const metaFile = path.join(dir, 'metadata.json');
    fs.writeFileSync(metaFile, JSON.stringify(metadata));
    real = await readStrings(file);
    for (const [level, input] of [['structural', metaFile], ['statistical', metaFile], ['correlated', file]] as const) {
      const out = path.join(dir, `${level}.csv`);
      await generateTwin({ input, level, out, seed: 3 });
      twins.push({ label: `${level} from ${input === file ? 'the data' : 'metadata.json'}`, values: await readStrings(out) });
    }
  });

  const kinds: [string, string, string][] = [
    ['nhs_number', 'nhs-number', '99'],
    ['postcode', 'postcode', 'Z'],
    ['ni_number', 'ni-number', 'QQ'],
    ['phone', 'phone', '07'],
    ['email', 'email', 'zz'],
    ['patient_name', 'name', 'Xq'],
    ['mrn', 'shape', 'Z'],
    ['patient_id', 'shape', 'F'],
    ['notes', 'text', 'Xq'],
  ];
  for (const [column, kind, taken] of kinds) {
    it(`${kind} (${column}): the metadata records a free beginning, and no twin value equals a real one`, () => {
      const c = metadata.columns.find((x) => x.name === column)!;
      assert.ok(c.fakeSpace, `${column} has a fake space`);
      assert.equal(c.fakeSpace.kind, kind);
      assert.ok(c.fakeSpace.prefix !== null && c.fakeSpace.prefix.toUpperCase() !== taken.toUpperCase(), `${column}: moved off ${taken} (${c.fakeSpace.prefix})`);
      const realValues = new Set(real.get(column)!.filter((v): v is string => v !== null));
      for (const twin of twins) {
        const values = twin.values.get(column)!.filter((v): v is string => v !== null);
        assert.ok(values.length > 300, `${twin.label} ${column} has values`);
        const equal = values.filter((v) => realValues.has(v));
        assert.equal(equal.length, 0, `${twin.label} ${column}: ${equal.length} fakes equal real values, e.g. ${equal[0]}`);
        assert.ok(values.every((v) => v.toUpperCase().startsWith(c.fakeSpace!.prefix!.toUpperCase())), `${twin.label} ${column}: every fake begins ${c.fakeSpace.prefix}`);
      }
    });
  }

  it('unique integer key (row_id 1–400): fakes start at 1000, above every real value', () => {
    const c = metadata.columns.find((x) => x.name === 'row_id')!;
    assert.deepEqual(c.fakeSpace, { kind: 'unique-integer', prefix: '1000' });
    for (const twin of twins) {
      const values = twin.values.get('row_id')!.map(Number);
      assert.equal(new Set(values).size, values.length, `${twin.label}: unique`);
      assert.ok(values.every((v) => v >= 1000), `${twin.label}: every fake above the real IDs (min ${Math.min(...values)})`);
    }
  });

  it('the repeated key (patient_id, 40 patients) keeps repeating in the twins, with fresh keys', () => {
    const c = metadata.columns.find((x) => x.name === 'patient_id')!;
    assert.ok(c.type === 'identifier' && c.multiplicity, 'a repeated key with its rows-per-key groups');
    for (const twin of twins) {
      const distinct = new Set(twin.values.get('patient_id')).size;
      assert.ok(distinct >= 20 && distinct <= 80, `${twin.label}: ${distinct} fake patients`);
    }
  });

  it('chooses the next candidate when the preferred ones are taken, and says when none is free', () => {
    const nhsColumn = metadata.columns.find((x) => x.name === 'nhs_number')!;
    assert.deepEqual(chooseFakeSpace(nhsColumn, occupiedFromBeginnings(['99', '98', '3'])), { kind: 'nhs-number', prefix: '97' });
    const all = Array.from({ length: 10 }, (_, d) => `9${d}`);
    assert.deepEqual(chooseFakeSpace(nhsColumn, occupiedFromBeginnings(all)), { kind: 'nhs-number', prefix: null });
  });
});
