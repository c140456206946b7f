import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { openDataset } from '../../../src/core/io';
import { profileLinkedDataset } from '../../../src/core/dataset/profileLinked';
import { discoverDiamonds } from '../../../src/core/dataset/discoverDiamonds';
import { writeLinkedSample } from '../../../src/core/sample';

describe('dataset: profiling a linked dataset reads each table at most three times (issue 15 item 8, issue 17)', function () {
  this.timeout(300_000);
  let dir: string;
  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'twin-reads-'));
    await writeLinkedSample(dir, { persons: 300 });
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('keys, profile (persons counted in its pass), then the diamonds and the summaries from one shared read: 3 reads a table, under the person or not (4 and 3 before, 5 and 3 before that)', async () => {
    const { metadata, reads } = await profileLinkedDataset(dir);
    assert.deepEqual(reads, { admissions: 3, diagnoses: 3, patients: 3, prescriptions: 3 });
    // The diamonds are those the separate diamond pass finds.
    const sources = new Map<string, Awaited<ReturnType<typeof openDataset>>>();
    for (const t of metadata.tables) sources.set(t.name, await openDataset(path.join(dir, t.file)));
    const alone = await discoverDiamonds(metadata.relationships.foreignKeys, metadata.relationships.primaryKeys, async (t) => sources.get(t)!);
    assert.ok(alone.length >= 1);
    assert.deepEqual(metadata.relationships.diamonds, alone);
    assert.ok(metadata.relationships.diamonds.some((d) => d.table === 'diagnoses' && d.ancestor === 'patients' && d.agreement === 1));
    assert.ok((metadata.summaries?.childrenPerParent.length ?? 0) >= 4);
  });
});
