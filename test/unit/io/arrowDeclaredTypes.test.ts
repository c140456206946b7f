import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as nodePath from 'node:path';
import {
  DateDay, Decimal, Float64, Int8, LargeUtf8, Table as ArrowTable, TimestampMicrosecond, TimestampMillisecond, Uint16, Utf8,
  tableFromIPC, tableToIPC, util, vectorFromArray,
} from 'apache-arrow';
import { generateTwin } from '../../../src/core/synth/generateTwin';
import { openDataset } from '../../../src/core/io';

/** A 128-bit decimal at `scale` as apache-arrow takes it: four little-endian 32-bit words. */
function decimalWords(v: number, scale: number): Uint32Array {
  let x = BigInt(Math.round(v * 10 ** scale));
  const out = new Uint32Array(4);
  for (let k = 0; k < 4; k++) { out[k] = Number(BigInt.asUintN(32, x)); x >>= 32n; }
  return out;
}

describe('Arrow IPC: declared types read and written back', function () {
  this.timeout(120_000);
  let dir: string;
  before(() => { dir = fs.mkdtempSync(nodePath.join(os.tmpdir(), 'twin-arrow-')); });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('keeps decimal, large string, zoned and plain timestamps, unsigned and small integers', async () => {
    const n = 300;
    const idx = Array.from({ length: n }, (_, i) => i);
    const table = new ArrowTable({
      price: vectorFromArray(idx.map((i) => decimalWords(400 + (i % 50) * 1.25, 2)), new Decimal(2, 10, 128)),
      label: vectorFromArray(idx.map((i) => ['alpha', 'beta', 'gamma'][i % 3]), new LargeUtf8()),
      seen: vectorFromArray(idx.map((i) => new Date(Date.UTC(2021, 0, 1) + i * 3_600_000)), new TimestampMicrosecond('UTC')),
      logged: vectorFromArray(idx.map((i) => new Date(Date.UTC(2022, 5, 1) + i * 60_000)), new TimestampMillisecond()),
      count: vectorFromArray(idx.map((i) => i % 1000), new Uint16()),
      grade: vectorFromArray(idx.map((i) => (i % 5) - 2), new Int8()),
      day: vectorFromArray(idx.map((i) => new Date(Date.UTC(2020, 0, 1 + (i % 200)))), new DateDay()),
      score: vectorFromArray(idx.map((i) => i / 7), new Float64()),
      note: vectorFromArray(idx.map((i) => `n${i % 4}`), new Utf8()),
    });
    const source = nodePath.join(dir, 'typed.arrow');
    fs.writeFileSync(source, tableToIPC(table, 'file'));

    // Read: a decimal is its number (the old reader gave the JSON of its words).
    const opened = await openDataset(source);
    const first = (await opened.batches()[Symbol.asyncIterator]().next()).value as { rows: unknown[][] };
    assert.equal(first.rows[0][0], 400);
    assert.equal(first.rows[1][0], 401.25);

    const out = nodePath.join(dir, 'typed.twin.arrow');
    await generateTwin({ input: source, level: 'correlated', out });
    const twin = tableFromIPC(fs.readFileSync(out));
    assert.deepEqual(twin.schema.fields.map((f) => `${f.name}: ${String(f.type)}`), table.schema.fields.map((f) => `${f.name}: ${String(f.type)}`));
    assert.equal(twin.numRows, n);
    const prices = Array.from({ length: n }, (_, i) => util.bigNumToNumber(twin.getChild('price')!.get(i), 2));
    // Decimals of scale 2 (not floats, not text); the bulk in the real range (a tail model may reach past it).
    for (const p of prices) assert.equal(Math.round(p * 100), p * 100, `price ${p}`);
    const median = [...prices].sort((a, b) => a - b)[n >> 1];
    assert.ok(median >= 400 && median <= 461.25, `median price ${median}`);
    assert.deepEqual(new Set(Array.from({ length: n }, (_, i) => twin.getChild('label')!.get(i))), new Set(['alpha', 'beta', 'gamma']));
  });
});
