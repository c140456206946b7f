import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { DatasetSource, RawValue } from '../../../src/core/io';
import type { ColumnSpec, Table } from '../../../src/core/schema';

/** A fresh temp folder for one test file's fixtures. */
export function tempDir(label: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `twin-io-${label}-`));
}

/** Reads every row of a source (small fixtures only). */
export async function readAll(src: DatasetSource): Promise<{ rows: RawValue[][]; firstRows: number[] }> {
  const rows: RawValue[][] = [];
  const firstRows: number[] = [];
  for await (const b of src.batches()) {
    firstRows.push(b.firstRow);
    for (const r of b.rows) rows.push(r);
  }
  return { rows, firstRows };
}

/** Every column as verbatim text: what a byte-exact round trip needs. */
export function textSpecs(src: DatasetSource): ColumnSpec[] {
  return src.columnNames.map((name) => ({ name, type: 'text', format: { kind: 'string' } }));
}

/** Streams a delimited source back as string tables, the dialect's missing token becoming null. */
export async function* asTextTables(src: DatasetSource, specs: ColumnSpec[]): AsyncGenerator<Table> {
  const token = src.dialect.kind === 'delimited' ? src.dialect.missingToken ?? '' : '';
  for await (const b of src.batches()) {
    yield {
      rowCount: b.rows.length,
      columns: specs.map((spec, j) => ({
        spec,
        data: { kind: 'string' as const, values: b.rows.map((r) => (r[j] === token || r[j] === null ? null : String(r[j]))) },
      })),
    };
  }
}
