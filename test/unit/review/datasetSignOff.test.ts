import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { reviewCommand } from '../../../src/cli/commands/review';
import { profileLinkedDataset } from '../../../src/core/dataset/profileLinked';
import { checkDatasetMetadata, datasetMetadataToJson } from '../../../src/core/dataset/metadataV2';
import type { DatasetMetadata } from '../../../src/core/dataset/types';
import { describeSignOff, metadataDigest, reviewedMetadataProblem, signMetadata, signOffHolds } from '../../../src/core/review';
import { reviewDatasetMetadata } from '../../../src/core/review/reviewDataset';
import { writeLinkedSample } from '../../../src/core/sample';
import { fakeIO } from '../release/helpers';

describe('sign-off of a dataset\'s metadata.json (twin-metadata/2, core/review)', function () {
  this.timeout(600_000);
  let dir: string;
  let file: string;
  let metadata: DatasetMetadata;
  const signer = { name: 'Dr A. Reviewer', role: 'Output checker' };
  const now = new Date('2026-12-07T12:00:00Z');

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'twin-dataset-signoff-'));
    const real = path.join(dir, 'hospital');
    await writeLinkedSample(real, { persons: 200 });
    metadata = (await profileLinkedDataset(real)).metadata;
    file = path.join(dir, 'metadata.json');
    fs.writeFileSync(file, datasetMetadataToJson(metadata));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('signs the whole dataset: the digest covers every table, link and summary, and survives writing and reading the file', () => {
    const signed = signMetadata(metadata, signer, now);
    assert.equal(signed.signOff!.date, '2026-12-07');
    assert.equal(signed.signOff!.digest, metadataDigest(metadata));
    assert.ok(signOffHolds(signed));
    const read = checkDatasetMetadata(JSON.parse(datasetMetadataToJson(signed)), file);
    assert.ok(signOffHolds(read), 'read back from metadata.json, the sign-off still holds');
    // A newer tool version (top level or a table's) does not withdraw it.
    assert.ok(signOffHolds({ ...read, generator: { tool: 'synthetic-twin', version: '99.0.0' } }));
    // Any change of content does: a figure of one table, a link's status, a summary, k of a table.
    const edited = JSON.parse(JSON.stringify(read)) as DatasetMetadata;
    edited.tables[1].metadata.dataset.rows += 5;
    assert.equal(signOffHolds(edited), false, 'a table\'s row count edited');
    const link = JSON.parse(JSON.stringify(read)) as DatasetMetadata;
    link.relationships.foreignKeys[0].status = 'rejected';
    assert.equal(signOffHolds(link), false, 'a link rejected by hand');
    const summary = JSON.parse(JSON.stringify(read)) as DatasetMetadata;
    summary.summaries!.childrenPerParent[0].noneShare = 0.5;
    assert.equal(signOffHolds(summary), false, 'a relationship summary edited');
  });

  it('a release refuses unsigned or changed dataset metadata unless allowed; a table\'s k below 10 is refused always', () => {
    assert.match(reviewedMetadataProblem(metadata, { allowUnsigned: false })!, /not signed off/);
    assert.equal(reviewedMetadataProblem(metadata, { allowUnsigned: true }), null);
    const signed = signMetadata(metadata, signer, now);
    assert.equal(reviewedMetadataProblem(signed, { allowUnsigned: false }), null);
    const changed = JSON.parse(JSON.stringify(signed)) as DatasetMetadata;
    changed.dataset.name = 'other';
    assert.match(reviewedMetadataProblem(changed, { allowUnsigned: false })!, /sign-off by Dr A\. Reviewer no longer holds/);
    const lowK = JSON.parse(JSON.stringify(signed)) as DatasetMetadata;
    lowK.tables[0].metadata.disclosure.threshold = 3;
    assert.match(reviewedMetadataProblem(lowK, { allowUnsigned: true })!, /^table admissions: its threshold k = 3 is below the default 10/);
    // The checklist's words: who, when, and the link decisions.
    const confirmed = JSON.parse(JSON.stringify(metadata)) as DatasetMetadata;
    confirmed.relationships.foreignKeys[0].status = 'confirmed';
    const f = confirmed.relationships.foreignKeys[0];
    assert.equal(describeSignOff(signMetadata(confirmed, signer, now)),
      `metadata.json signed off by Dr A. Reviewer (Output checker) on 2026-12-07; decided: link confirmed: ${f.child.table}.${f.child.column}->${f.parent.table}.${f.parent.column}`);
  });

  it('twin review --sign-off signs a dataset\'s metadata.json; a later link decision withdraws the sign-off', async () => {
    const signedPath = path.join(dir, 'signed.json');
    const io = fakeIO(dir);
    await reviewCommand([file, '--sign-off', '--name', signer.name, '--role', signer.role, '--note', 'links checked', '--out', signedPath, '--quiet'], io);
    assert.deepEqual(JSON.parse(io.out()).signOff, { ...signer, date: new Date().toISOString().slice(0, 10), note: 'links checked' });
    const signed = checkDatasetMetadata(JSON.parse(fs.readFileSync(signedPath, 'utf8')), signedPath);
    assert.ok(signOffHolds(signed));
    assert.deepEqual(signed.tables.map((t) => t.metadata.dataset.rows), metadata.tables.map((t) => t.metadata.dataset.rows), 'only the sign-off was added');

    const link = signed.relationships.foreignKeys.find((x) => x.status === 'proposed')!;
    const text = `${link.child.table}.${link.child.column}=${link.parent.table}.${link.parent.column}`;
    const result = await reviewDatasetMetadata({ metadata: signedPath, links: { added: [], confirmed: [text], rejected: [] } });
    assert.equal(result.metadata.signOff, undefined);
    assert.equal(result.withdrawn!.name, signer.name);
    // Signing again in the same step holds for the confirmed link.
    const again = await reviewDatasetMetadata({ metadata: signedPath, links: { added: [], confirmed: [text], rejected: [] }, signer, now });
    assert.ok(signOffHolds(again.metadata));
    assert.equal(again.metadata.relationships.foreignKeys.find((x) => x.child.table === link.child.table && x.child.column === link.child.column)!.status, 'confirmed');
  });
});
