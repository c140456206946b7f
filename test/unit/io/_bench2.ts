import * as fs from 'node:fs';
import Papa from 'papaparse';
import { openDataset } from '../../../src/core/io';
async function papa(): Promise<number> {
  const t0 = performance.now(); const p = new Papa.Parser({ delimiter: ',', newline: '\n', quoteChar: '"' }); let pending = ''; let rows = 0; let n = 0;
  for await (const c of fs.createReadStream('/tmp/scratch/big.csv', { highWaterMark: 1 << 20 })) { n += (c as Buffer).length; const input = pending + (c as Buffer).toString('utf8'); const r = p.parse(input, 0, true); rows += r.data.length; pending = input.slice(r.meta.cursor); }
  return n / 1e6 / ((performance.now() - t0) / 1000);
}
async function reader(): Promise<number> {
  const t0 = performance.now();
  const s = await openDataset('/tmp/scratch/big.csv');
  let n = 0;
  for await (const b of s.batches()) n += b.rows.length;
  return s.sizeBytes / 1e6 / ((performance.now() - t0) / 1000);
}
(async () => {
  for (let k = 0; k < 3; k++) console.log('papa', (await papa()).toFixed(0), 'reader', (await reader()).toFixed(0));
})();
