// A worker thread's share of a parallel profile: one byte range of a UTF-8 delimited file,
// scanned as the one-thread pass would and posted back as plain data (profileParallel.ts).
import { parentPort, workerData } from 'node:worker_threads';
import { cellStreamSpecOf } from '../../io/readDelimited';
import { streamDelimitedCells } from '../../io/readDelimitedCells';
import { createRandom } from '../../random';
import { scanCellBatches } from '../profileDataset';
import type { PartRequest, PartResult } from './profileParallel';

async function run(request: PartRequest): Promise<PartResult> {
  const strayBoms = { count: 0 };
  const spec = cellStreamSpecOf(request.source, strayBoms);
  const rng = createRandom(request.seed).fork(`part:${request.index}`);
  const batches = streamDelimitedCells(spec, {}, undefined, { start: request.start, end: request.end });
  const scan = await scanCellBatches(batches, request.columnNames, request.options, rng);
  return {
    rows: scan.rows,
    rowsKey: scan.rowsKey,
    missingKeys: scan.missingKeys,
    columns: scan.accs.map((a) => a.toPart()),
    rules: scan.tracker.toPart(),
    missingWhen: scan.missingWhen.toPart(),
    rowSample: scan.rowSample as string[][],
    patternRows: scan.patternRows as string[][],
    strayBoms: strayBoms.count,
  };
}

if (parentPort && workerData && (workerData as { kind?: string }).kind === 'twin-profile-part') {
  const port = parentPort;
  run(workerData as PartRequest).then(
    (result) => port.postMessage({ ok: true, result }),
    (e: unknown) => port.postMessage({ ok: false, error: e instanceof Error ? e.message : String(e) }),
  );
}
