import { openDataset } from '../../../src/core/io';
async function main() {
  for (const f of process.argv.slice(2)) {
    const t0 = Date.now();
    const s = await openDataset(f);
    let n = 0; let first: unknown = null;
    for await (const b of s.batches()) { if (!first) first = b.rows[0]; n += b.rows.length; }
    const dt = (Date.now() - t0) / 1000;
    console.log(f, JSON.stringify(s.dialect), s.columnNames.length, n, JSON.stringify(first), (s.sizeBytes / 1e6 / dt).toFixed(1), 'MB/s');
  }
}
main().catch((e) => { console.error(String(e)); process.exit(1); });
