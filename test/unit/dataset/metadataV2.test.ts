import { strict as assert } from 'node:assert';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { profileFile, toMetadata } from '../../../src/core/profile';
import { metadataToJson } from '../../../src/core/metadataJson';
import { checkDatasetMetadata, datasetMetadataToJson, datasetOfTable, tableFormatOf } from '../../../src/core/dataset/metadataV2';
import { DATASET_METADATA_FORMAT } from '../../../src/core/dataset/types';
import { TwinError } from '../../../src/core/errors';

async function smallMetadata() {
  const dir = mkdtempSync(join(tmpdir(), 'twin-v2-'));
  const file = join(dir, 'visits.csv');
  const lines = ['id,kind,when'];
  for (let i = 0; i < 60; i++) lines.push(`V${1000 + i},${i % 3 === 0 ? 'a' : 'b'},2020-0${1 + (i % 9)}-15`);
  writeFileSync(file, `${lines.join('\n')}\n`);
  const { profile } = await profileFile(file, {}, {});
  return toMetadata(profile);
}

describe('dataset metadata v2', () => {
  it('reads the old single-table format as a one-table dataset with no links', async () => {
    const m = await smallMetadata();
    const d = checkDatasetMetadata(JSON.parse(metadataToJson(m)), 'metadata.json');
    assert.equal(d.format, DATASET_METADATA_FORMAT);
    assert.equal(d.tables.length, 1);
    assert.equal(d.tables[0].name, 'visits');
    assert.equal(d.tables[0].file, 'visits.csv');
    assert.deepEqual(d.relationships, { primaryKeys: [], foreignKeys: [], diamonds: [] });
    assert.deepEqual(d.tables[0].metadata.columns.map((c) => c.name), ['id', 'kind', 'when']);
  });

  it('round-trips through its readable text, dates back to epoch ms', async () => {
    const m = await smallMetadata();
    const d = datasetOfTable(m, 'visits.parquet');
    const text = datasetMetadataToJson(d);
    assert.match(text, /"format": "twin-metadata\/2"/);
    assert.match(text, /"2020-0\d-01"/); // ISO dates in the readable form
    const back = checkDatasetMetadata(JSON.parse(text), 'metadata.json');
    assert.equal(back.tables[0].format, 'parquet');
    assert.deepEqual(back.tables[0].metadata.columns, m.columns);
  });

  it('refuses a link to a column the dataset does not have, in one line', async () => {
    const m = await smallMetadata();
    const d = datasetOfTable(m);
    d.relationships.foreignKeys.push({
      child: { table: 'visits', column: 'kind' }, parent: { table: 'visits', column: 'nope' }, optional: false, selfReference: true,
      evidence: { inclusion: 1, name: 'none' }, origin: 'review', status: 'confirmed',
    });
    assert.throws(() => checkDatasetMetadata(JSON.parse(datasetMetadataToJson(d)), 'm.json'),
      (e: unknown) => e instanceof TwinError && /relationships\.foreignKeys\[0\]/.test(e.message));
  });

  it('names table formats from file names', () => {
    assert.deepEqual(['a.csv', 'b.TSV', 'c.parquet', 'd.feather', 'e.arrow', 'f.txt'].map(tableFormatOf), ['csv', 'tsv', 'parquet', 'arrow', 'arrow', 'csv']);
  });
});
