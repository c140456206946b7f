import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { auditPack } from '../../../src/core/audit';
import { profileLinkedDataset } from '../../../src/core/dataset/profileLinked';
import { datasetMetadataToJson } from '../../../src/core/dataset/metadataV2';
import { writeHospital } from '../dataset/hospital';

const temp = (label: string): string => fs.mkdtempSync(path.join(os.tmpdir(), `twin-${label}-`));

describe('twin audit: a linked dataset (metadata.json twin-metadata/2)', () => {
  let real: string;
  let clean: Record<string, unknown>;

  before(async () => {
    real = temp('audit-linked-real');
    writeHospital(real);
    const { metadata } = await profileLinkedDataset(real);
    clean = JSON.parse(datasetMetadataToJson(metadata)) as Record<string, unknown>;
  });

  async function audit(json: unknown) {
    const pack = temp('audit-linked-pack');
    fs.writeFileSync(path.join(pack, 'metadata.json'), JSON.stringify(json, null, 2));
    return (await auditPack(real, pack)).report;
  }

  it('passes the metadata the profiler wrote: every table and every relationship summary', async () => {
    const report = await audit(clean);
    assert.deepEqual(report.findings.map((f) => `${f.check} ${f.where}`), []);
    assert.equal(report.status, 'pass');
  });

  it('sees a per-table figure: a table column bound set to the exact real maximum', async () => {
    const json = structuredClone(clean) as { tables: { name: string; metadata: { columns: { name: string; bounds?: { upper: unknown } }[] } }[] };
    const i = json.tables.findIndex((t) => t.name === 'patients');
    const c = json.tables[i].metadata.columns.findIndex((col) => col.name === 'birth_date');
    json.tables[i].metadata.columns[c].bounds!.upper = '1989-05-15'; // one patient's exact birth date (P0049), the latest
    const report = await audit(json);
    assert.ok(report.findings.some((f) => f.where === `$.tables[${i}].metadata.columns[${c}].bounds.upper` && f.column === 'birth_date' && f.severity === 'fail'), JSON.stringify(report.findings));
  });

  it('sees the relationship summaries: a group of fewer than k parents, and an offset held by one person', async () => {
    const json = structuredClone(clean) as { summaries: { eventsPerPerson: { distribution: { groups: { keys: number }[] } }[]; timeOffsets: { table: string; offset: { quantiles: { values: number[] } } }[] } };
    json.summaries.eventsPerPerson[0].distribution.groups[0].keys = 3;
    const o = json.summaries.timeOffsets.findIndex((x) => x.table === 'admissions');
    // Patient P0059's first admission, in days from their birth: an offset held by one person at day precision.
    const born = Date.parse(`${fs.readFileSync(path.join(real, 'patients.csv'), 'utf8').split('\n').find((l) => l.startsWith('P0059,'))!.split(',')[1]}T00:00:00Z`);
    const admitted = fs.readFileSync(path.join(real, 'admissions.csv'), 'utf8').split('\n').find((l) => l.includes(',P0059,'))!.split(',')[2];
    json.summaries.timeOffsets[o].offset.quantiles.values[1] = (Date.parse(`${admitted}T00:00:00Z`) - born) / 86_400_000;
    const report = await audit(json);
    const where = report.findings.map((f) => `${f.check} ${f.where}`);
    assert.ok(where.includes('small-cell $.summaries.eventsPerPerson[0].distribution.groups[0].keys'), where.join('\n'));
    assert.ok(where.includes(`rare-number $.summaries.timeOffsets[${o}].offset.quantiles.values[1]`), where.join('\n'));
  });
});
