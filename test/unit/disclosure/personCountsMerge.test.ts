import * as assert from 'node:assert/strict';
import { PersonCounter } from '../../../src/core/disclosure/personCounts';
import { profileDataset } from '../../../src/core/profile';
import { createRandom } from '../../../src/core/random';
import type { RawValue } from '../../../src/core/format';
import { memorySource } from '../profile/helpers';

/** A counter's result as comparable data: the hidden per-key persons and persons-in-range counts included. */
function comparable(result: ReturnType<PersonCounter['result']>, ranges: [number, number][]): unknown {
  return {
    persons: result.persons,
    columns: result.columns.map((p) => p && {
      ...p,
      keyPersons: p.keyPersons ? [...p.keyPersons] : undefined,
      personsIn: p.personsIn ? ranges.map(([lo, hi]) => p.personsIn!(lo, hi)) : undefined,
    }),
  };
}

describe('person counts of byte ranges merged in file order (the person pass on several threads, issue 17)', () => {
  it('any split of the rows, each counted on its own and merged in order, gives the one-pass counts', async () => {
    const rng = createRandom(21);
    const k = 4;
    const rows: RawValue[][] = [];
    for (let r = 0; r < 3000; r++) {
      const person = `P${rng.int(350)}`;
      const ward = `W${Math.floor(200 * rng.next() ** 4)}`;
      // A repeated key (episodes of a few rows each) held by one person or, now and then, two.
      const episode = `E${Math.floor(r / 3)}${rng.next() < 0.02 ? 'x' : ''}`;
      const lab = rng.next() < 0.3 ? String(Math.floor(rng.next() * 20)) : (50 + 10 * rng.normal()).toFixed(2);
      const day = `2020-0${1 + rng.int(9)}-1${rng.int(10)}`;
      rows.push([person, ward, episode, rng.next() < 0.05 ? '' : lab, day]);
    }
    const names = ['patient_id', 'ward', 'episode_id', 'lab', 'seen'];
    const profile = await profileDataset(memorySource(names, rows), { personKey: 'patient_id', keyColumns: ['episode_id'], disclosure: { threshold: k } });
    const columns = profile.columns;
    assert.equal(columns[2].spec.type, 'identifier');
    const feed = (counter: PersonCounter, from: number, to: number): void => {
      for (let r = from; r < to; r++) {
        const person = rows[r][0] as string;
        let h = 0;
        for (let i = 0; i < person.length; i++) h = (Math.imul(h, 31) + person.charCodeAt(i)) | 0;
        counter.addPerson(h);
        for (let c = 1; c < names.length; c++) if (counter.counts(c) && rows[r][c] !== '') counter.offer(c, h, rows[r][c] as string);
      }
    };
    const ranges: [number, number][] = [[0, 1], [3, 4], [0, 20], [40, 60], [-1e9, 1e9], [Date.UTC(2020, 2, 1), Date.UTC(2020, 5, 1)]];
    const one = new PersonCounter(columns, 0, k);
    feed(one, 0, rows.length);
    const expected = comparable(one.result(), ranges);
    for (const seed of [1, 2, 3]) {
      const cut = createRandom(seed);
      const cuts = [0, ...Array.from({ length: 1 + cut.int(5) }, () => cut.int(rows.length)).sort((a, b) => a - b), rows.length];
      const merged = new PersonCounter(columns, 0, k);
      for (let i = 0; i + 1 < cuts.length; i++) {
        const part = new PersonCounter(columns, 0, k);
        feed(part, cuts[i], cuts[i + 1]);
        // As a worker posts it: plain data through the structured clone.
        merged.mergePart(structuredClone(part.toPart()));
      }
      assert.deepEqual(comparable(merged.result(), ranges), expected, `cuts ${cuts.join(',')}`);
    }
    // The counts are the brute-force ones (so the comparison above is of something).
    const wardPersons = new Set(rows.filter((r) => r[1] === 'W0').map((r) => r[0]));
    assert.ok(one.result().columns[2]!.keyPersons!.size > 900, 'the repeated key is counted per key');
    assert.ok(one.result().columns[4]!.personsIn, 'the date column is counted as numbers');
    assert.equal(one.result().columns[1]!.categories.find((c) => c.value === 'W0')!.persons, Math.min(k, wardPersons.size));
  });
});
