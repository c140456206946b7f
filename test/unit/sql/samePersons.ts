/** What "the same persons" means for a person-keyed profile made in a database and one made from the file. */
import { strict as assert } from 'node:assert';
import type { Profile } from '../../../src/core/profile';
import { toMetadata } from '../../../src/core/profile';

/**
 * Every column's person counts equal the file's (categories by value, the rare categories' persons,
 * the k-th person from each end, persons in ranges of values, each repeated key's persons); and the
 * fixture's point: a category held by k rows or more but fewer than k persons is not published.
 */
export function assertSamePersons(file: Profile, db: Profile): void {
  const k = file.disclosure.threshold;
  let rareInPersons = 0;
  file.columns.forEach((f, i) => {
    const d = db.columns[i];
    const at = `${f.name}: persons`;
    assert.equal(Boolean(d.persons), Boolean(f.persons), at);
    if (!f.persons || !d.persons) return;
    const byValue = (p: typeof f.persons): Map<string, number> => new Map(p!.categories.map((c) => [c.value, c.persons]));
    assert.deepEqual(byValue(d.persons), byValue(f.persons), `${at} per category`);
    assert.equal(d.persons.rarePersons, f.persons.rarePersons, `${at} of the rare categories`);
    assert.equal(d.persons.lowest, f.persons.lowest, `${at}: k-th from the bottom`);
    assert.equal(d.persons.highest, f.persons.highest, `${at}: k-th from the top`);
    assert.equal(Boolean(d.persons.personsIn), Boolean(f.persons.personsIn), `${at} in ranges`);
    if (f.persons.personsIn && d.persons.personsIn && f.numeric) {
      const { min, max } = f.numeric;
      for (let j = 0; j < 40; j++) {
        const lo = min + ((max - min) * j) / 40;
        const hi = lo + ((max - min) * (1 + (j % 5))) / 80;
        assert.equal(d.persons.personsIn(lo, hi), f.persons.personsIn(lo, hi), `${at} in [${lo}, ${hi})`);
      }
    }
    assert.equal(Boolean(d.persons.keyPersons), Boolean(f.persons.keyPersons), `${at} per key`);
    if (f.persons.keyPersons && d.persons.keyPersons) {
      const count = (v: number | readonly number[] | undefined): number => (v === undefined ? 0 : typeof v === 'number' ? 1 : v.length);
      assert.equal(d.persons.keyPersons.size, f.persons.keyPersons.size, `${at}: keys`);
      for (const [key, persons] of f.persons.keyPersons) assert.equal(count(d.persons.keyPersons.get(key)), count(persons), `${at} of key ${key}`);
    }
    for (const c of f.persons.categories) {
      const rows = f.frequencies.values.find((v) => v.value === c.value)?.count ?? 0;
      if (rows >= k && c.persons < k) {
        rareInPersons++;
        const published = toMetadata(db).columns[i] as { categories?: { value: string }[] };
        assert.ok(!published.categories?.some((p) => p.value === c.value), `${f.name}=${c.value}: ${rows} rows but ${c.persons} persons, published`);
      }
    }
  });
  assert.ok(rareInPersons > 0, 'the fixture has a category with at least k rows but fewer than k persons');
}
