import { strict as assert } from 'node:assert';
import type { RawValue } from '../../../src/core/format';
import type { StringMetadataColumn } from '../../../src/core/metadata';
import { ownUnits, personsOf, publishMultiplicity, rankGroups, type KeyCount } from '../../../src/core/disclosure/multiplicity';
import { profileDataset, toMetadata } from '../../../src/core/profile';
import { checkRankGroups } from '../../../src/core/audit/checkRankGroups';
import type { AuditFinding } from '../../../src/core/audit/types';
import { memorySource } from '../profile/helpers';

const S = { threshold: 10, rounding: 5 };

/** An encounter key shaped like Synthea's (a UUID). */
const uuid = (i: number): string => `7d3c2f4e-${(1000 + i).toString(16).padStart(4, '0')}-4a1b-9c2d-${(0x5e6f7a8b9c0d + i * 7919).toString(16).padStart(12, '0')}`;

/**
 * 90 encounters of 90 patients with 1–3 diagnoses each, and 10 encounters of one patient with 50
 * diagnoses each: by keys alone the top rank group is that one patient's ten encounters, and its
 * mean (50) a figure about one person.
 */
function encounters(): KeyCount[] {
  const out: KeyCount[] = [];
  for (let i = 0; i < 90; i++) out.push({ count: 1 + (i % 3), person: 1000 + i });
  for (let i = 0; i < 10; i++) out.push({ count: 50, person: 7 });
  return out;
}

describe('rows per key: rank groups of ≥ k keys of ≥ k persons (DESIGN: the person is the unit)', () => {
  it('keys as their own units: ten keys make a group', () => {
    const m = publishMultiplicity(ownUnits(encounters().map((e) => e.count)), S)!;
    assert.equal(m.groups[m.groups.length - 1].mean, 50, 'by keys alone, one patient’s ten encounters are a group');
  });

  it('keys of one person never make a group on their own: merged until the group holds k persons', () => {
    const keys = encounters();
    const m = publishMultiplicity(keys, S)!;
    const top = m.groups[m.groups.length - 1];
    assert.notEqual(top.mean, 50);
    // The top group holds the one patient's 10 encounters and at least 10 other patients' ones.
    const sorted = [...keys].sort((a, b) => a.count - b.count);
    for (const [a, b] of rankGroups(sorted, 10)) assert.ok(personsOf(sorted, a, b) >= 10, `group [${a}, ${b}) holds ≥ 10 persons`);
    // Hand-computed: the top 10 + 10 keys are ten 3s and the ten 50s: mean 26.5.
    assert.equal(top.mean, 26.5);
    assert.equal(m.keys, 100);
  });

  it('a key spanning many persons (an organisation) counts each of them', () => {
    const keys: KeyCount[] = Array.from({ length: 20 }, (_, i) => ({ count: 100 + i, person: Array.from({ length: 10 }, (_, j) => i * 10 + j) }));
    const sorted = [...keys].sort((a, b) => a.count - b.count);
    assert.deepEqual(rankGroups(sorted, 10), [[0, 10], [10, 20]]);
  });

  it('profiling with a person key: an encounter key’s groups count patients', async () => {
    const rows: RawValue[][] = [];
    encounters().forEach((e, i) => {
      for (let r = 0; r < e.count; r++) rows.push([`P${e.person}`, uuid(i), r % 2 ? 'a' : 'b']);
    });
    const p = await profileDataset(memorySource(['PATIENT', 'ENCOUNTER', 'CODE'], rows), { personKey: 'PATIENT' });
    const m = toMetadata(p);
    const enc = m.columns.find((c) => c.name === 'ENCOUNTER') as StringMetadataColumn;
    assert.equal(enc.type, 'identifier');
    assert.ok(enc.multiplicity, 'a repeated key has a published multiplicity');
    assert.ok(!enc.multiplicity.groups.some((g) => g.mean === 50), JSON.stringify(enc.multiplicity));
    assert.ok(m.controls.some((c) => c.column === 'ENCOUNTER' && c.control === 'key-multiplicity-groups' && /of at least 10 persons/.test(c.detail)));
  });

  it('the audit fails a group of one person’s keys (published by keys alone) and passes the person-aware one', () => {
    const keys = encounters();
    const byKeys: AuditFinding[] = [];
    checkRankGroups(publishMultiplicity(ownUnits(keys.map((e) => e.count)), S)!, keys, 10, 5, 'metadata.json', 'x', 'rows per ENCOUNTER', byKeys);
    assert.equal(byKeys.length, 1, JSON.stringify(byKeys));
    assert.match(byKeys[0].message, /fewer than 10 persons/);
    const byPersons: AuditFinding[] = [];
    checkRankGroups(publishMultiplicity(keys, S)!, keys, 10, 5, 'metadata.json', 'x', 'rows per ENCOUNTER', byPersons);
    assert.deepEqual(byPersons, []);
  });
});
