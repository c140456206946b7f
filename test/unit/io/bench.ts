/**
 * Reader/writer throughput on a generated ~100 MB CSV (20 columns, ~700,000 rows, one row in
 * ten with a quoted field; `plain` as the third argument for none).
 * Not a unit test (too slow): run with `npx tsx test/unit/io/bench.ts [MB] [plain]`.
 * Prints MB/s for openDataset+batches (parse only) and rows/s for writeDataset.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DEFAULT_CSV_DIALECT, openDataset, writeDataset } from '../../../src/core/io';
import type { ColumnSpec, Table } from '../../../src/core/schema';

function generate(file: string, targetBytes: number, plain: boolean): number {
  const fd = fs.openSync(file, 'w');
  const cities = ['London', 'Leeds', 'York', 'Bath', 'Hull'];
  let x = 12345;
  const rnd = (): number => { x = (x * 1103515245 + 12345) % 2147483648; return x / 2147483648; };
  let bytes = 0, i = 0;
  let chunk = 'id,age,score,name,city,date,flag,v1,v2,v3,v4,v5,v6,v7,v8,v9,code,cat,amount,note\n';
  while (bytes < targetBytes) {
    for (let k = 0; k < 10000; k++, i++) {
      chunk += `${i},${Math.floor(rnd() * 90)},${(rnd() * 100).toFixed(3)},name${Math.floor(rnd() * 1e5)},${cities[i % 5]},2020-0${1 + (i % 9)}-1${i % 9},${i % 2 ? 'TRUE' : 'FALSE'}`;
      for (let j = 0; j < 9; j++) chunk += ',' + (rnd() * 1000).toFixed(2);
      chunk += `,C${String(i % 1000).padStart(4, '0')},cat${i % 7},${(rnd() * 1e4).toFixed(2)},${plain || i % 10 ? 'some note text' : '"some note, text"'}\n`;
    }
    bytes += fs.writeSync(fd, chunk);
    chunk = '';
  }
  fs.closeSync(fd);
  return i;
}

async function main(): Promise<void> {
  const mb = Number(process.argv[2] ?? 100);
  // Optional: a quote-free file (papaparse-style fast path only) with `plain` as the third argument.
  const plain = process.argv[3] === 'plain';
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'twin-bench-'));
  try {
    const file = path.join(dir, 'big.csv');
    const rows = generate(file, mb * 1e6, plain);
    for (let k = 0; k < 3; k++) {
      const t0 = performance.now();
      const c0 = process.cpuUsage();
      const src = await openDataset(file);
      let n = 0;
      for await (const b of src.batches()) n += b.rows.length;
      const s = (performance.now() - t0) / 1000;
      const c = process.cpuUsage(c0);
      const cpu = (c.user + c.system) / 1e6;
      // CPU seconds as well as wall time: on a shared machine the wall figure mostly measures the neighbours.
      console.log(`read  ${(src.sizeBytes / 1e6).toFixed(0)} MB, ${n} rows: ${s.toFixed(2)} s wall (${(src.sizeBytes / 1e6 / s).toFixed(0)} MB/s), ` +
        `${cpu.toFixed(2)} s CPU (${(src.sizeBytes / 1e6 / cpu).toFixed(0)} MB/CPU-s)`);
      if (n !== rows) throw new Error(`expected ${rows} rows, read ${n}`);
    }
    const cols: ColumnSpec[] = [
      { name: 'x', type: 'numeric', format: { kind: 'number', decimals: 2, thousands: false } },
      { name: 'y', type: 'numeric', format: { kind: 'number', decimals: null, thousands: false } },
      { name: 'i', type: 'integer', format: { kind: 'integer', thousands: false } },
      { name: 'd', type: 'date', format: { kind: 'date', pattern: 'yyyy-MM-dd' } },
      { name: 'c', type: 'categorical', format: { kind: 'string' } },
      { name: 's', type: 'text', format: { kind: 'string' } },
    ];
    const n = 65536;
    const table: Table = { rowCount: n, columns: [
      { spec: cols[0], data: { kind: 'number', values: Float64Array.from({ length: n }, (_, i) => i * 1.37) } },
      { spec: cols[1], data: { kind: 'number', values: Float64Array.from({ length: n }, (_, i) => i / 7) } },
      { spec: cols[2], data: { kind: 'number', values: Float64Array.from({ length: n }, (_, i) => i) } },
      { spec: cols[3], data: { kind: 'number', values: Float64Array.from({ length: n }, (_, i) => (i % 20000) * 86400000) } },
      { spec: cols[4], data: { kind: 'category', codes: Int32Array.from({ length: n }, (_, i) => i % 5), categories: ['a', 'b', 'c', 'd', 'e'] } },
      { spec: cols[5], data: { kind: 'string', values: Array.from({ length: n }, (_, i) => 'text ' + i) } },
    ] };
    for (const kind of ['csv', 'parquet', 'arrow'] as const) {
      const t0 = performance.now();
      const dialect = kind === 'csv' ? DEFAULT_CSV_DIALECT : { kind, fields: [] };
      const res = await writeDataset(path.join(dir, `w.${kind}`), { dialect, columns: cols }, Array<Table>(16).fill(table));
      const s = (performance.now() - t0) / 1000;
      console.log(`write ${kind}: ${res.rows} rows × 6 columns, ${(res.bytes / 1e6).toFixed(0)} MB in ${s.toFixed(2)} s`);
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e) => { console.error(String(e)); process.exitCode = 1; });
