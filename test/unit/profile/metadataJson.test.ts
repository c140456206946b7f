import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Metadata, NumberMetadataColumn } from '../../../src/core/metadata';
import { metadataFromJson, metadataToJson, stringifyCompact } from '../../../src/core/metadataJson';
import { profileFile, toMetadata } from '../../../src/core/profile';
import { writeHospitalAdmissionsSample } from '../../../src/core/sample/hospitalAdmissions';
import { checkMetadata } from '../../../src/core/synth';

const ROOT = path.resolve(__dirname, '..', '..', '..');

describe('metadata.json as a person reads it', function () {
  this.timeout(120_000);
  let dir: string;
  let sample: string;
  let metadata: Metadata;

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'twin-metadata-json-'));
    sample = path.join(dir, 'admissions.csv');
    await writeHospitalAdmissionsSample(sample, { rows: 1500, seed: 7 });
    const { profile } = await profileFile(sample, {});
    // In-memory form, as every reader sees it (no undefined fields).
    metadata = JSON.parse(JSON.stringify(toMetadata(profile))) as Metadata;
  });

  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('publishes dates as ISO 8601 and a date column\'s sd in days, with no epoch milliseconds', () => {
    const text = metadataToJson(metadata);
    const json = JSON.parse(text) as { columns: Record<string, unknown>[] };
    const admission = json.columns.find((c) => c.name === 'admission_datetime') as { bounds: { lower: unknown; upper: unknown }; histogram: { edges: unknown[] }; quantiles: { values: unknown[] }; mean: unknown; sd: unknown };
    const inMemory = metadata.columns.find((c) => c.name === 'admission_datetime') as NumberMetadataColumn;
    assert.equal(admission.bounds.lower, new Date(inMemory.bounds.lower).toISOString().replace('.000Z', 'Z'));
    assert.match(String(admission.bounds.lower), /^20\d\d-\d\d-01T00:00:00Z$/, 'coarsened to the month, in ISO 8601');
    for (const v of [...admission.histogram.edges, ...admission.quantiles.values, admission.mean]) assert.match(String(v), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    assert.match(String(admission.sd), /^\d+(\.\d+)? days$/);
    assert.equal(Number(String(admission.sd).split(' ')[0]) * 86_400_000, inMemory.sd);
    // No 13-digit epoch-ms figure is left anywhere in the file.
    assert.doesNotMatch(text, /\b1[5-9]\d{11}\b/);
  });

  it('puts number lists on one line and states the rounding and units in words', () => {
    const text = metadataToJson(metadata);
    assert.match(text, /^ {8}"p": \[0, 0\.01, 0\.02,[^\n]*, 1\],?$/m, 'a quantile list is one line');
    assert.match(text, /^ {8}"counts": \[\d+(, \d+)*\]$/m, 'histogram counts are one line');
    const lines = text.split('\n').length;
    const plain = JSON.stringify(metadata, null, 2).split('\n').length;
    assert.ok(lines * 3 < plain, `${lines} lines against ${plain} with one number a line`);
    const about = (JSON.parse(text) as { about: Record<string, string> }).about;
    assert.deepEqual(Object.keys(JSON.parse(text) as object).slice(0, 2), ['format', 'about'], 'the explanation comes first');
    assert.match(about.counts, /rounded to a multiple of 5/);
    assert.match(about.counts, /fewer than 10 records/);
    assert.match(about.numbers, /1% and 99% quantiles/);
    assert.match(about.dates, /ISO 8601 in UTC, coarsened to the month/);
  });

  it('reads back to exactly the in-memory metadata; the older all-numbers form still reads', () => {
    const text = metadataToJson(metadata);
    assert.deepEqual(checkMetadata(JSON.parse(text), 'metadata.json'), metadata);
    assert.deepEqual(checkMetadata(JSON.parse(JSON.stringify(metadata, null, 2)), 'old.json'), metadata);
    assert.deepEqual(metadataFromJson(JSON.parse(JSON.stringify(metadata))), metadata);
  });

  it('leaves values it cannot write back exactly as numbers', () => {
    const date = metadata.columns.find((c) => c.name === 'admission_datetime') as NumberMetadataColumn;
    const odd: Metadata = { ...metadata, columns: [{ ...date, mean: 1.5, sd: 1234.5, bounds: { lower: -1e17, upper: date.bounds.upper } }] };
    const back = checkMetadata(JSON.parse(metadataToJson(odd)), 'odd.json');
    assert.deepEqual(back, odd);
    const column = (JSON.parse(metadataToJson(odd)) as { columns: { mean: unknown; sd: unknown; bounds: { lower: unknown } }[] }).columns[0];
    assert.equal(column.mean, 1.5);
    assert.equal(column.sd, 1234.5);
    assert.equal(column.bounds.lower, -1e17);
  });

  it('stringifyCompact is JSON: parses to the same value', () => {
    const value = { a: [1, 'x', null, true], b: { c: [] as number[], d: {}, e: [{ f: [0.5] }] }, u: undefined };
    assert.deepEqual(JSON.parse(stringifyCompact(value)), JSON.parse(JSON.stringify(value)));
    assert.equal(stringifyCompact([1, 2]), '[1, 2]');
  });

  it('`twin profile` writes the readable form and `twin generate` makes a working twin from it', function () {
    const cli = path.join(ROOT, 'dist', 'cli.js');
    assert.ok(fs.existsSync(cli), 'the CLI is built (node esbuild.mjs)');
    const meta = path.join(dir, 'admissions.metadata.json');
    const profiled = spawnSync(process.execPath, [cli, 'profile', sample, '--out', meta, '--quiet'], { encoding: 'utf8' });
    assert.equal(profiled.status, 0, profiled.stderr);
    const written = JSON.parse(fs.readFileSync(meta, 'utf8')) as { about?: unknown; columns: { name: string; bounds?: { lower: unknown } }[] };
    assert.ok(written.about, 'the about block is there');
    assert.match(String(written.columns.find((c) => c.name === 'admission_datetime')?.bounds?.lower), /^\d{4}-\d\d-01T/);
    const out = path.join(dir, 'twin', 'admissions.synthetic.csv');
    const generated = spawnSync(process.execPath, [cli, 'generate', meta, '--level', 'statistical', '--rows', '400', '--out', out, '--quiet'], { encoding: 'utf8' });
    assert.equal(generated.status, 0, generated.stderr);
    const rows = fs.readFileSync(out, 'utf8').trim().split('\n');
    assert.equal(rows.length, 401);
    const header = rows[0].split(',');
    const at = header.indexOf('admission_datetime');
    const inMemory = metadata.columns.find((c) => c.name === 'admission_datetime') as NumberMetadataColumn;
    const years = rows.slice(1).map((r) => r.split(',')[at]).filter((v) => v !== '').map((v) => Number(v.slice(0, 4)));
    assert.ok(years.length > 350);
    const [lo, hi] = [new Date(inMemory.bounds.lower).getUTCFullYear(), new Date(inMemory.bounds.upper).getUTCFullYear()];
    assert.ok(years.every((y) => y >= lo && y <= hi), `twin dates lie within the published bounds (${lo}–${hi})`);
  });
});
