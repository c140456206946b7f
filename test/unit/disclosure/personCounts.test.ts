import * as assert from 'node:assert/strict';
import { CappedSets, HashSet32, NumberIndex } from '../../../src/core/disclosure/cappedSets';
import { plainNumberOfBytes } from '../../../src/core/disclosure/personCounts';
import { countAssociationPersons } from '../../../src/core/disclosure/personCells';
import type { ProfileAssociation } from '../../../src/core/profile/types';
import type { ColumnSpec } from '../../../src/core/schema';
import { profileDataset } from '../../../src/core/profile';
import { createRandom } from '../../../src/core/random';
import type { RawValue } from '../../../src/core/format';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { openDataset } from '../../../src/core/io';
import { memorySource, tempDir } from '../profile/helpers';

describe('person counts: capped sets and the number index (issue 17, the person pass)', () => {
  it('capped sets hold the same members as capped Sets, whatever the order of adds', () => {
    const rng = createRandom(7);
    for (const cap of [1, 3, 10]) {
      const sets = new CappedSets(cap);
      const reference: Set<number>[] = [];
      for (let s = 0; s < 300; s++) {
        assert.equal(sets.create(), s);
        reference.push(new Set());
      }
      for (let i = 0; i < 20_000; i++) {
        // Set s draws from s % 17 + 1 persons: some sets never reach the cap, others pass it.
        const s = rng.int(300);
        // 32-bit hashes, signed or unsigned (as personHash gives them): one person either way.
        const person = rng.int((s % 17) + 1) * 0x9e3779b1 | 0;
        sets.add(s, rng.next() < 0.5 ? person : person >>> 0);
        if (reference[s].size < cap) reference[s].add(person >>> 0);
        // Compacting part-way (as the person pass does when it ends) changes no set, and sets grow on after it.
        if (i === 5_000 || i === 12_345) sets.compact();
      }
      if (cap === 10) sets.compact();
      for (let s = 0; s < 300; s++) {
        assert.equal(sets.size(s), reference[s].size, `cap ${cap}, set ${s}`);
        const members: number[] = [];
        sets.forEach(s, (p) => members.push(p));
        assert.deepEqual(members.sort((a, b) => a - b), [...reference[s]].sort((a, b) => a - b));
      }
    }
  });

  it('the number index numbers distinct values as a Map keyed by them does (−0 as +0)', () => {
    const rng = createRandom(11);
    const index = new NumberIndex();
    const map = new Map<number, number>();
    const draws = [0, -0, 1e-300, -1e300, 0.1 + 0.2, 0.3, ...Array.from({ length: 50_000 }, () => Math.round(rng.normal() * 1e4) / 1e3)];
    for (const v of draws) {
      const known = index.get(v);
      assert.equal(known, map.get(v) ?? -1, String(v));
      if (known < 0) {
        index.set(v, map.size);
        map.set(v, map.size);
      }
    }
    assert.equal(index.size, map.size);
    assert.deepEqual(Array.from(index.values()).sort((a, b) => a - b), [...map.keys()].sort((a, b) => a - b));
    assert.ok(Object.is(index.values().find((v) => v === 0), 0), '+0 held, not −0');
  });

  it('plain numbers read from bytes are Number() of their text; anything else is left to the text reading (NaN)', () => {
    const rng = createRandom(13);
    const texts = ['0', '-0', '+0', '5.', '+.5', '.5', '-.25', '007', '1.10', '123456789012345', '-999999999999999', '0.00000000000001', '12345678.1234567'];
    for (let i = 0; i < 20_000; i++) {
      const digits = 1 + rng.int(15);
      let t = '';
      for (let d = 0; d < digits; d++) t += String(rng.int(10));
      const point = rng.int(digits + 1);
      if (rng.next() < 0.8) t = `${t.slice(0, point)}.${t.slice(point)}`;
      texts.push(rng.next() < 0.3 ? `-${t}` : t);
    }
    for (const t of texts) {
      const b = Buffer.from(`,${t},`);
      const v = plainNumberOfBytes(b, 1, b.length - 1);
      assert.ok(Object.is(v, Number(t)), `${t}: ${v} against ${Number(t)}`);
    }
    for (const t of ['', '.', '-', '+', '1e3', '1,234', ' 7', '7 ', '1.2.3', '0x10', 'Infinity', '1234567890123456', '12345678901234.56', '١٢']) {
      const b = Buffer.from(t);
      assert.ok(Number.isNaN(plainNumberOfBytes(b, 0, b.length)), t);
    }
  });

  it('the person hash set counts as a Set of the unsigned hashes does (0 and signed hashes included)', () => {
    const rng = createRandom(17);
    const set = new HashSet32();
    const reference = new Set<number>();
    for (let i = 0; i < 100_000; i++) {
      const h = i % 1000 === 0 ? 0 : (rng.int(60_000) * 0x9e3779b1) | 0;
      set.add(rng.next() < 0.5 ? h : h >>> 0);
      reference.add(h >>> 0);
      if (i % 9973 === 0) assert.equal(set.size, reference.size);
    }
    assert.equal(set.size, reference.size);
  });

  it('a profile with a person key counts the persons of every category and number as a brute-force count does', async () => {
    const rng = createRandom(3);
    const k = 5;
    const rows: RawValue[][] = [];
    for (let r = 0; r < 4000; r++) {
      const person = `P${rng.int(400)}`;
      // Categories of every frequency: a few common, a long tail held by one or two persons.
      const ward = `W${Math.floor(300 * rng.next() ** 4)}`;
      // Numbers with many distinct values and some repeated ones.
      const lab = rng.next() < 0.3 ? String(Math.floor(rng.next() * 20)) : (50 + 10 * rng.normal()).toFixed(2);
      rows.push([person, ward, rng.next() < 0.05 ? '' : lab]);
    }
    const profile = await profileDataset(memorySource(['patient_id', 'ward', 'lab'], rows), { personKey: 'patient_id', disclosure: { threshold: k } });
    const personsOf = (c: number, keep: (v: string) => boolean): number => {
      const set = new Set<string>();
      for (const row of rows) if (row[c] !== '' && keep(String(row[c]))) set.add(String(row[0]));
      return Math.min(k, set.size);
    };

    const ward = profile.columns[1];
    assert.equal(ward.spec.type, 'categorical');
    const wardRows = new Map<string, number>();
    for (const row of rows) wardRows.set(String(row[1]), (wardRows.get(String(row[1])) ?? 0) + 1);
    const categories = ward.persons!.categories;
    assert.ok(categories.length > 10);
    for (const { value, persons } of categories) assert.equal(persons, personsOf(1, (v) => v === value), value);
    assert.deepEqual(categories.map((c) => c.value).sort(), [...wardRows].filter(([, n]) => n >= k).map(([v]) => v).sort());
    const rareValues = new Set([...wardRows].filter(([v, n]) => n < k || personsOf(1, (x) => x === v) < k).map(([v]) => v));
    assert.ok(rareValues.size > 0);
    assert.equal(ward.persons!.rarePersons, personsOf(1, (v) => rareValues.has(v)));

    const lab = profile.columns[2];
    assert.equal(lab.spec.type, 'numeric');
    const perPerson = new Map<string, { min: number; max: number }>();
    for (const row of rows) {
      if (row[2] === '') continue;
      const x = Number(row[2]);
      const m = perPerson.get(String(row[0])) ?? { min: Infinity, max: -Infinity };
      perPerson.set(String(row[0]), { min: Math.min(m.min, x), max: Math.max(m.max, x) });
    }
    const mins = [...perPerson.values()].map((m) => m.min).sort((a, b) => a - b);
    const maxs = [...perPerson.values()].map((m) => m.max).sort((a, b) => b - a);
    assert.equal(lab.persons!.lowest, mins[k - 1]);
    assert.equal(lab.persons!.highest, maxs[k - 1]);
    const personsIn = lab.persons!.personsIn!;
    for (const [lo, hi] of [[0, 1], [3, 4], [0, 20], [49.99, 50.01], [40, 60], [-1e9, 1e9], [75, 200]]) {
      assert.equal(personsIn(lo, hi), personsOf(2, (v) => Number(v) >= lo && Number(v) < hi), `[${lo}, ${hi})`);
    }
  });

  it('past the distinct limit, only categories counted in k rows are tracked; every other value\'s persons join the rare group (brute force)', async () => {
    // Memory flat in rows (issue 17): the person pass keeps sets for the categories the first pass
    // may publish, not for every distinct value of the file.
    const rng = createRandom(11);
    const k = 4;
    const lines = ['patient_id,code'];
    const rows: [string, string][] = [];
    for (let r = 0; r < 3000; r++) {
      const person = `P${rng.int(300)}`;
      // A few common codes, then a long tail of codes seen once, past the distinct limit of 50.
      const code = rng.next() < 0.5 ? `C${rng.int(6)}` : `T${r}`;
      rows.push([person, code]);
      lines.push(`${person},${code}`);
    }
    const file = path.join(tempDir(), 'codes.csv');
    fs.writeFileSync(file, lines.join('\n') + '\n');
    const profile = await profileDataset(await openDataset(file), { personKey: 'patient_id', distinctLimit: 50, maxCategories: 10_000, disclosure: { threshold: k } });
    const code = profile.columns[1];
    assert.equal(code.spec.type, 'categorical');
    assert.equal(code.frequencies.complete, false);
    const candidates = code.frequencies.values.filter((f) => f.count >= k).map((f) => f.value);
    assert.deepEqual(code.persons!.categories.map((c) => c.value).sort(), [...candidates].sort());
    const personsOf = (keep: (v: string) => boolean): number => Math.min(k, new Set(rows.filter(([, v]) => keep(v)).map(([p]) => p)).size);
    for (const { value, persons } of code.persons!.categories) assert.equal(persons, personsOf((v) => v === value), value);
    // The tail's persons (codes seen once, counted or not) make the rare group: at least k of them.
    assert.equal(code.persons!.rarePersons, personsOf((v) => v.startsWith('T')));
    assert.equal(code.persons!.rarePersons, k);
  });

  it('association cells count the distinct persons of each pair of levels, rare levels pooled, zeros included (brute force)', () => {
    const rng = createRandom(5);
    const k = 4;
    const rows: RawValue[][] = [];
    for (let r = 0; r < 3000; r++) {
      const a = `A${Math.floor(12 * rng.next() ** 2)}`;
      const b = rng.next() < 0.1 ? 'NA' : `B${Math.floor(30 * rng.next() ** 3)}`;
      rows.push([`P${rng.int(250)}`, a, b, rng.next() < 0.1 ? null : rng.normal()]);
    }
    // A level held by k + 2 rows of two persons: k rows, too few persons.
    for (let r = 0; r < k + 2; r++) rows.push([`Q${r % 2}`, 'A0', 'Bfew', r]);
    const specs = ['id', 'a', 'b', 'x'].map((name, i) => ({ name, type: i === 0 ? 'identifier' : i === 3 ? 'numeric' : 'categorical' }) as ColumnSpec);
    const tokens = new Set(['', 'NA']);
    const pairs: ProfileAssociation[] = [
      { columns: ['a', 'b'], measure: 'cramersV', value: 0.1, n: 0, minCell: 1e9 },
      { columns: ['b', 'x'], measure: 'correlationRatio', value: 0.1, n: 0, minCell: 1e9 },
      { columns: ['x', 'x'], measure: 'pearson', value: 0.1, n: 0, minCell: 1e9 },
    ];
    countAssociationPersons(pairs, rows, specs, 0, tokens, k);
    const present = (v: RawValue): boolean => v !== null && !tokens.has(String(v));
    const rowsOf = (c: number, v: string): number => rows.filter((row) => present(row[c]) && String(row[c]) === v).length;
    const levels = [1, 2].map((c) => rows.map((row) => (rowsOf(c, String(row[c])) < k ? 'rare' : String(row[c]))));
    const level = (c: number, i: number): string => levels[c - 1][i];
    const persons = (keep: (i: number) => boolean): number => Math.min(k, new Set(rows.filter((_, i) => keep(i)).map((row) => row[0])).size);
    const both = rows.map((row, i) => i).filter((i) => present(rows[i][1]) && present(rows[i][2]));
    const bothSet = new Set(both);
    const levelsA = [...new Set(both.map((i) => level(1, i)))];
    const levelsB = [...new Set(both.map((i) => level(2, i)))];
    let cramer = Infinity;
    for (const x of levelsA) for (const y of levelsB) cramer = Math.min(cramer, persons((i) => bothSet.has(i) && level(1, i) === x && level(2, i) === y));
    assert.equal(pairs[0].minCell, cramer);
    const withX = rows.map((row, i) => i).filter((i) => present(rows[i][2]) && present(rows[i][3]));
    const withXSet = new Set(withX);
    const eta = Math.min(...[...new Set(withX.map((i) => level(2, i)))].map((y) => persons((i) => withXSet.has(i) && level(2, i) === y)));
    assert.equal(pairs[1].minCell, eta);
    assert.ok(eta > 0 && eta < k, `eta's smallest group ${eta}: a test that can tell`);
    assert.equal(pairs[2].minCell, k);
  });
});
