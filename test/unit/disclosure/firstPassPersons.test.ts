import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { countPersons } from '../../../src/core/disclosure/personCounts';
import { DEFAULT_MISSING_TOKENS, missingTokenSet } from '../../../src/core/format';
import { openDataset } from '../../../src/core/io';
import { profileDataset } from '../../../src/core/profile';
import type { Profile, PersonProfile } from '../../../src/core/profile/types';
import { createRandom, type Random } from '../../../src/core/random';
import { tempDir } from '../profile/helpers';

/**
 * Persons counted during the first pass (issue 17: one read of the file instead of two) must be
 * exactly what the second pass counts: each file is profiled (persons counted in the pass), then
 * the second pass is run on the same columns and every person figure compared, personsIn at many
 * ranges and at every value.
 */

const pad = (n: number, w: number): string => String(n).padStart(w, '0');
const DAY = 86_400_000;

function writeCsv(header: string[], rows: string[][]): string {
  const file = path.join(tempDir(), 'persons.csv');
  fs.writeFileSync(file, [header.join(','), ...rows.map((r) => r.join(','))].join('\n') + '\n');
  return file;
}

function isoDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** Both ways of counting on one file; `inPass`: whether the pass is expected to have counted them. */
async function compare(file: string, options: { k: number; distinctLimit?: number; personKey?: string }, inPass: boolean): Promise<Profile> {
  const stages: string[] = [];
  const profile = await profileDataset(await openDataset(file), {
    ...(options.personKey ? { personKey: options.personKey } : {}), distinctLimit: options.distinctLimit, maxCategories: 100_000, disclosure: { threshold: options.k },
  }, { onProgress: (p) => stages.push(p.stage) });
  assert.ok(profile.dataset.personKey, 'a person key');
  // Whether the pass counted them: a second pass then reports its progress stage.
  assert.equal(stages.includes('counting persons'), !inPass, stages.join(', '));
  const c = profile.columns.findIndex((col) => col.name === profile.dataset.personKey!.column);
  const reference = await countPersons(await openDataset(file), profile.columns, c, missingTokenSet(DEFAULT_MISSING_TOKENS), options.k);
  profile.columns.forEach((col, i) => comparePersons(col.persons, reference.columns[i], col.name, col.frequencies.values.map((f) => Number(f.value))));
  return profile;
}

function comparePersons(got: PersonProfile | undefined, want: PersonProfile | undefined, name: string, values: number[]): void {
  if (!want) {
    assert.equal(got, undefined, name);
    return;
  }
  assert.ok(got, name);
  assert.deepEqual(got.categories, want.categories, `${name}: categories`);
  assert.equal(got.rarePersons, want.rarePersons, `${name}: rare persons`);
  assert.equal(got.lowest, want.lowest, `${name}: lowest`);
  assert.equal(got.highest, want.highest, `${name}: highest`);
  assert.deepEqual(got.keyPersons ? [...got.keyPersons] : undefined, want.keyPersons ? [...want.keyPersons] : undefined, `${name}: key persons`);
  assert.equal(got.personsIn === undefined, want.personsIn === undefined, `${name}: personsIn`);
  if (got.personsIn && want.personsIn) {
    const finite = values.filter(Number.isFinite).sort((a, b) => a - b);
    const probes: [number, number][] = [[-Infinity, Infinity]];
    if (want.lowest !== undefined && want.highest !== undefined) {
      const lo = want.lowest;
      const span = want.highest - lo || 1;
      for (let i = 0; i < 40; i++) probes.push([lo + (span * i) / 40, lo + (span * (i + 1.5)) / 40]);
    }
    for (const v of finite.slice(0, 200)) probes.push([v, v + Math.max(Number.EPSILON * Math.abs(v), Number.MIN_VALUE)]);
    for (const [lo, hi] of probes) assert.equal(got.personsIn(lo, hi), want.personsIn(lo, hi), `${name}: persons in [${lo}, ${hi})`);
  }
}

/** Rows of a realistic extract: categories, codes, numbers and dates of every kind the pass reads. */
function extract(rng: Random, rows: number, monthFirst: boolean): { header: string[]; rows: string[][] } {
  const header = ['patient_id', 'ward', 'code', 'smoker', 'encounter', 'age', 'lab', 'cost', 'weight', 'admitted', 'born', 'seen_at', 'stamp', 'note'];
  const out: string[][] = [];
  const start = Date.UTC(2018, 0, 1);
  for (let r = 0; r < rows; r++) {
    // Some rows hold no person (a missing key): their cells count for no one.
    const person = rng.next() < 0.03 ? '' : `P${pad(rng.int(Math.max(10, rows / 8)), 6)}`;
    const ward = rng.next() < 0.05 ? '' : `W${Math.floor(60 * rng.next() ** 3)}`;
    // Codes written as digits (a column named code: categories), past the distinct limit.
    const code = String(100 + Math.floor(400 * rng.next() ** 4));
    const smoker = rng.next() < 0.2 ? 'Y' : 'N';
    // Encounter ids, a few repeated (98% distinct: an identifier, counted as a repeated key).
    const encounter = `E${pad(Math.floor(r * 0.98), 6)}`;
    const age = String(Math.round(50 + 20 * rng.normal()));
    const lab = rng.next() < 0.1 ? 'NA' : (4 + rng.normal()).toFixed(3);
    // Integers and decimals mixed (varying places), negatives among them.
    const cost = rng.next() < 0.3 ? String(rng.int(200) - 20) : (rng.next() * 900).toFixed(1 + rng.int(2));
    const weight = (60 + 15 * rng.normal()).toFixed(1);
    const day = start + rng.int(1500) * DAY;
    const admitted = isoDay(day);
    const d = new Date(day - rng.int(30_000) * DAY);
    const [dd, mm, yyyy] = [pad(d.getUTCDate(), 2), pad(d.getUTCMonth() + 1, 2), String(d.getUTCFullYear())];
    const born = monthFirst ? `${mm}/${dd}/${yyyy}` : `${dd}/${mm}/${yyyy}`;
    const seen = new Date(day + rng.int(DAY)).toISOString().slice(0, 19);
    const stamp = new Date(day + rng.int(DAY)).toISOString().slice(0, 23) + 'Z';
    const note = rng.next() < 0.5 ? '' : `seen ${rng.int(1e6)} times`;
    out.push([person, ward, code, smoker, encounter, age, lab, cost, weight, admitted, born, seen, stamp, note]);
  }
  return { header, rows: out };
}

describe('persons counted in the first pass equal the second pass (issue 17, one read)', function () {
  this.timeout(120_000);

  it('categories, codes past the distinct limit, repeated keys, numbers and dates (day-first)', async () => {
    const { header, rows } = extract(createRandom(5), 6000, false);
    const profile = await compare(writeCsv(header, rows), { k: 5, distinctLimit: 200 }, true);
    const types = Object.fromEntries(profile.columns.map((c) => [c.name, c.spec.type]));
    assert.deepEqual(types, {
      patient_id: 'identifier', ward: 'categorical', code: 'categorical', smoker: 'boolean', encounter: 'identifier', age: 'integer', lab: 'numeric',
      cost: 'numeric', weight: 'numeric', admitted: 'date', born: 'date', seen_at: 'datetime', stamp: 'datetime', note: 'text',
    });
  });

  it('ambiguous dates read month-first, and a threshold of 1', async () => {
    const { header, rows } = extract(createRandom(8), 3000, true);
    for (const k of [1, 10]) {
      const profile = await compare(writeCsv(header, rows), { k }, true);
      assert.equal((profile.columns[10].spec.format as { pattern: string }).pattern, 'MM/dd/yyyy');
      assert.equal(profile.columns[4].spec.type, 'identifier');
      assert.ok(profile.columns[4].persons?.keyPersons, 'a repeated key with its persons');
    }
  });

  it('a column that stops reading as numbers, and numbers as categories: the first spelling follows them', async () => {
    const rng = createRandom(13);
    const rows: string[][] = [];
    for (let r = 0; r < 4000; r++) {
      const person = `P${rng.int(300)}`;
      // Numbers, then (a quarter in) words as well: the numbers' counts move to their texts.
      const grade = r > 1000 && rng.next() < 0.2 ? ['unknown', 'n/a', 'other'][rng.int(3)] : String(1 + Math.floor(8 * rng.next() ** 2));
      const stage = String(rng.int(4) + 1);
      rows.push([person, grade, stage, (rng.next() * 10).toFixed(2)]);
    }
    const profile = await compare(writeCsv(['patient_id', 'grade', 'stage_code', 'score'], rows), { k: 5 }, true);
    assert.equal(profile.columns[1].spec.type, 'categorical');
    assert.equal(profile.columns[2].spec.type, 'categorical');
  });

  it('a declared key; a number written two ways in a category, a second person-named column: the second pass counts', async () => {
    const rng = createRandom(21);
    const rows: string[][] = [];
    for (let r = 0; r < 2000; r++) {
      const level = ['1', '1.0', '2', '2.50', '3'][rng.int(5)];
      rows.push([`S${r}`, `P${rng.int(150)}`, level, (rng.next() * 100).toFixed(1)]);
    }
    const file = writeCsv(['subject', 'mrn', 'level_code', 'value'], rows);
    // "subject" is named like a person key but never repeats: the key is the second, so the pass followed the wrong column.
    await compare(file, { k: 4 }, false);
    // Declared: followed from the start, but the level's numbers have two spellings each.
    await compare(file, { k: 4, personKey: 'mrn' }, false);
  });
});
