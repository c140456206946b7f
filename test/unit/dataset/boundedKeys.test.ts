import { strict as assert } from 'node:assert';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDataset, type DatasetSource } from '../../../src/core/io';
import { datasetFilesOf } from '../../../src/core/dataset/tables';
import { scanKeys, type KeyPassLimits, type TableKeys } from '../../../src/core/dataset/scanKeys';
import { discoverRelationships } from '../../../src/core/dataset/discover';
import { discoverDiamonds } from '../../../src/core/dataset/discoverDiamonds';
import { collectSummaryFacts } from '../../../src/core/dataset/summaryFacts';
import { linkText, type Relationships } from '../../../src/core/dataset/types';
import { profileDataset, columnSpecsOf } from '../../../src/core/profile';
import type { ColumnSpec } from '../../../src/core/schema';
import { writeLinkedSample } from '../../../src/core/sample';
import { resolveDisclosure } from '../../../src/core/profile';
import { publishRelationshipSummaries } from '../../../src/core/disclosure/relationships';
import { checkRelationshipSummaries } from '../../../src/core/audit/checkRelationships';
import type { AuditFinding } from '../../../src/core/audit/types';
import type { ControlRecord } from '../../../src/core/metadata';
import type { DatasetMetadata } from '../../../src/core/dataset/types';

/** The key pass, discovery and diamonds of a folder, with the key pass's memory bounds given. */
async function keysOf(dir: string, limits: KeyPassLimits = {}): Promise<{ scans: TableKeys[]; rel: Relationships; open: (t: string) => Promise<DatasetSource> }> {
  const files = datasetFilesOf(dir);
  const sources = new Map<string, DatasetSource>();
  for (const t of files.tables) sources.set(t.name, await openDataset(t.path));
  const scans: TableKeys[] = [];
  for (const t of files.tables) scans.push(await scanKeys(t.name, sources.get(t.name)!, {}, undefined, limits));
  const found = discoverRelationships(scans, files.declared);
  const rate = (table: string, column: string): number => scans.find((s) => s.table === table)?.columns.find((c) => c.name === column)?.counts?.rate ?? 1;
  const open = async (t: string): Promise<DatasetSource> => sources.get(t)!;
  const diamonds = await discoverDiamonds(found.foreignKeys, found.primaryKeys, open, {}, undefined, rate);
  return { scans, rel: { ...found, diamonds }, open };
}

const column = (scans: readonly TableKeys[], table: string, name: string) => scans.find((s) => s.table === table)!.columns.find((c) => c.name === name)!;
const spillFolders = (): number => readdirSync(tmpdir()).filter((f) => f.startsWith('twin-keys-')).length;

describe('dataset: the key pass in bounded memory (issue 15 item 8)', function () {
  this.timeout(120_000);
  let dir: string;
  before(async () => {
    dir = join(mkdtempSync(join(tmpdir(), 'twin-bounded-')), 'linked');
    await writeLinkedSample(dir, { persons: 2_000 });
  });

  it('past its bound (2,048 values, runs of 4,096 hashes) finds the same keys, links, evidence and diamonds as the exact pass', async () => {
    const before = spillFolders();
    const exact = await keysOf(dir);
    const bounded = await keysOf(dir, { keyValues: 2_048, runLength: 4_096 });
    // The bound is really passed: prescriptions' ~42,000 ids are sampled and their uniqueness spilled in runs.
    const rx = column(bounded.scans, 'prescriptions', 'prescription_id');
    assert.ok(rx.counts!.rate < 1 && rx.counts!.size < 2_048, `rate ${rx.counts!.rate}`);
    assert.equal(rx.unique, true, 'uniqueness decided exactly from every row');
    assert.equal(column(exact.scans, 'prescriptions', 'prescription_id').counts!.rate, 1);
    assert.equal(spillFolders(), before, 'the spill folder is removed when each table is done');
    assert.deepEqual(bounded.rel.primaryKeys, exact.rel.primaryKeys);
    assert.deepEqual(bounded.rel.foreignKeys.map(linkText), exact.rel.foreignKeys.map(linkText));
    assert.deepEqual(bounded.rel.foreignKeys.map((f) => f.evidence), exact.rel.foreignKeys.map((f) => f.evidence));
    assert.equal(bounded.rel.personTable, exact.rel.personTable);
    assert.deepEqual(bounded.rel.diamonds, exact.rel.diamonds);
    assert.ok(exact.rel.diamonds.length > 0 && exact.rel.foreignKeys.length >= 4);
  });

  it('the summaries past the bound: the kept parents with exact child counts, and their share', async () => {
    const exact = await keysOf(dir);
    const bounded = await keysOf(dir, { keyValues: 512 });
    const specs = new Map<string, readonly ColumnSpec[]>();
    for (const t of datasetFilesOf(dir).tables) specs.set(t.name, columnSpecsOf(await profileDataset(await bounded.open(t.name), { associationRows: 0 })));
    const all = await collectSummaryFacts(exact.scans, exact.rel, specs, exact.open);
    const kept = await collectSummaryFacts(bounded.scans, bounded.rel, specs, bounded.open);
    for (const link of all.links) {
      const sampled = kept.links.find((l) => linkText(l.fk) === linkText(link.fk))!;
      assert.equal(link.kept, 1);
      assert.ok(sampled.kept < 1 && sampled.parents.length < 512, `${linkText(link.fk)}: kept ${sampled.kept}`);
      // A uniform share of parents: children per kept parent average as over all (within 20%).
      const mean = (ps: readonly { count: number }[]): number => ps.reduce((a, p) => a + p.count, 0) / ps.length;
      assert.ok(Math.abs(mean(sampled.parents) / mean(link.parents) - 1) < 0.2, `${linkText(link.fk)}: ${mean(sampled.parents)} vs ${mean(link.parents)}`);
      // Every kept parent is one of all: its count is one of the exact counts, its person a real person.
      const exactCounts = new Set(link.parents.map((p) => p.count));
      const persons = new Set(link.parents.map((p) => p.person));
      for (const p of sampled.parents) assert.ok(exactCounts.has(p.count) && persons.has(p.person));
    }
    // Published from the kept share: counts scaled to the whole, and the audit, walking the same
    // share, finds every rank group on ≥ k persons (walked in published units it would run off the end).
    const settings = resolveDisclosure();
    const controls: ControlRecord[] = [];
    const summaries = publishRelationshipSummaries(kept, settings, controls);
    const whole = publishRelationshipSummaries(all, settings, []);
    const link = (x: typeof summaries) => x.childrenPerParent.find((c) => c.child.table === 'prescriptions' && c.child.column === 'patient_id')!;
    assert.ok(Math.abs(link(summaries).distribution.keys / link(whole).distribution.keys - 1) < 0.1, `${link(summaries).distribution.keys} vs ${link(whole).distribution.keys}`);
    assert.ok(controls.some((c) => /from a fixed [\d.]+% of parents chosen by key hash/.test(c.detail)));
    const findings: AuditFinding[] = [];
    checkRelationshipSummaries({ summaries } as DatasetMetadata, kept, settings.threshold, settings.rounding, 'metadata.json', findings);
    assert.deepEqual(findings.filter((f) => f.severity === 'fail'), []);
  });

  it('uniqueness stays exact across spilled runs: one repeated id among 20,000 makes the column no key', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'twin-bounded-dup-'));
    const ids = Array.from({ length: 20_000 }, (_, i) => `E${String(i).padStart(6, '0')}`);
    writeFileSync(join(folder, 'events.csv'), `event_id,score\n${ids.map((id, i) => `${id},${i % 7}`).join('\n')}\n`);
    const withRepeat = [...ids.slice(0, 12_345), ids[17], ...ids.slice(12_345)];
    writeFileSync(join(folder, 'events_repeat.csv'), `event_id,score\n${withRepeat.map((id, i) => `${id},${i % 7}`).join('\n')}\n`);
    const { scans, rel } = await keysOf(folder, { keyValues: 256, runLength: 1_000 });
    assert.equal(column(scans, 'events', 'event_id').unique, true);
    assert.equal(column(scans, 'events_repeat', 'event_id').unique, false);
    assert.deepEqual(rel.primaryKeys.map((k) => `${k.table}.${k.column}`), ['events.event_id']);
  });
});
