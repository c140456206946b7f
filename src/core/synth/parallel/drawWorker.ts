// A thread of a parallel generation: fits the model again (the same seed gives the same model)
// and draws the batches it is asked for, formatted and encoded for delimited output (drawParallel.ts).
import { parentPort, workerData } from 'node:worker_threads';
import { encodeText } from '../../io/encoding';
import { delimitedRows } from '../../io/writeDelimited';
import { createRandom } from '../../random';
import { findGenerator } from '../registry';
import { twinBatchesOf } from '../twinBatches';
import type { DrawReply, DrawRequest } from './drawParallel';

async function start(request: DrawRequest, port: NonNullable<typeof parentPort>): Promise<void> {
  const generator = findGenerator(request.level, request.method, request.epsilon);
  const model = await generator.fit({ metadata: request.metadata, table: request.table, epsilon: request.epsilon }, { rng: createRandom(request.seed).fork('fit') });
  const batches = twinBatchesOf(model, request.metadata, request.rows, request.seed, request.extremes, request.batchRows);
  const d = request.delimited;
  const format = d ? delimitedRows(d.dialect, d.columns, d.spreadsheetSafe) : null;
  const reply = (m: DrawReply, transfer: ArrayBuffer[] = []): void => port.postMessage(m, transfer);
  // Messages that arrived while the model was fitted wait in the port's queue until this listener is added.
  port.on('message', ({ index }: { index: number }) => {
    try {
      const table = batches.batch(index);
      if (!format || !d) return reply({ ok: true, index, rowCount: table.rowCount, table });
      const encoded = [...format.rows(table, d.dialect.header || index > 0)].map((text) => encodeText(text, d.dialect.encoding));
      // A buffer of its own moves to the main thread without a copy; a slice of Node's pool is copied.
      const own = encoded.filter((b) => b.byteOffset === 0 && b.byteLength === b.buffer.byteLength).map((b) => b.buffer as ArrayBuffer);
      reply({ ok: true, index, rowCount: table.rowCount, encoded }, own);
    } catch (e) {
      reply({ ok: false, error: e instanceof Error ? e.message : String(e) });
    }
  });
}

if (parentPort && workerData && (workerData as { kind?: string }).kind === 'twin-draw-batches') {
  const port = parentPort;
  start(workerData as DrawRequest, port).catch((e: unknown) => port.postMessage({ ok: false, error: e instanceof Error ? e.message : String(e) } satisfies DrawReply));
}
