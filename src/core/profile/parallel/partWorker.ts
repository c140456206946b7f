// A worker thread's share of a parallel profile: one byte range of a UTF-8 delimited file,
// scanned as the one-thread pass would and posted back as plain data (profileParallel.ts); then,
// when the file has a person key, the person pass over the same range.
import { parentPort, workerData } from 'node:worker_threads';
import { PersonCounter, feedPersons, type PersonPart } from '../../disclosure/personCounts';
import { cellStreamSpecOf } from '../../io/readDelimited';
import { streamDelimitedCells } from '../../io/readDelimitedCells';
import { createRandom } from '../../random';
import { resolveProfileOptions, scanCellBatches } from '../profileDataset';
import type { PartRequest, PartResult, PersonRequest } from './profileParallel';

async function scan(request: PartRequest): Promise<PartResult> {
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

async function countPersons(request: PartRequest, ask: PersonRequest): Promise<PersonPart> {
  const spec = cellStreamSpecOf(request.source, { count: 0 });
  const counter = new PersonCounter(ask.columns, ask.keyColumn, ask.k);
  const range = { cellBatches: () => streamDelimitedCells(spec, {}, undefined, { start: request.start, end: request.end }), batches: () => { throw new Error('cells only'); } };
  await feedPersons(counter, range, ask.keyColumn, resolveProfileOptions(request.options).tokens);
  return counter.toPart();
}

if (parentPort && workerData && (workerData as { kind?: string }).kind === 'twin-profile-part') {
  const port = parentPort;
  const request = workerData as PartRequest & { persons?: PersonRequest };
  (request.persons ? countPersons(request, request.persons) : scan(request)).then(
    (result) => port.postMessage({ ok: true, result }),
    (e: unknown) => port.postMessage({ ok: false, error: e instanceof Error ? e.message : String(e) }),
  );
}
