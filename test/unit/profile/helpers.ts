import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { RawValue } from '../../../src/core/format';
import type { DatasetSource, RawBatch } from '../../../src/core/io/types';
import type { DelimitedDialect } from '../../../src/core/schema';

export const CSV_DIALECT: DelimitedDialect = {
  kind: 'delimited', delimiter: ',', quote: '"', quoting: 'minimal', spaceAfterDelimiter: false, header: true,
  lineEnding: '\n', encoding: 'utf-8', bom: false, finalNewline: true,
};

export function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'twin-profile-test-'));
}

/**
 * An in-memory DatasetSource over rows given as arrays (as a reader would hand them over),
 * backed by a small file on disk so that the profile's fingerprint has something to hash.
 */
export function memorySource(columnNames: string[], rows: RawValue[][], batchSize = 1000): DatasetSource {
  const dir = tempDir();
  const file = path.join(dir, 'data.csv');
  const text = [columnNames.join(','), ...rows.map((r) => r.map((v) => (v === null ? '' : String(v))).join(','))].join('\n') + '\n';
  fs.writeFileSync(file, text);
  return {
    path: file,
    name: 'data',
    format: 'delimited',
    dialect: CSV_DIALECT,
    columnNames,
    sizeBytes: Buffer.byteLength(text),
    async *batches(): AsyncIterable<RawBatch> {
      for (let i = 0; i < rows.length; i += batchSize) {
        yield { rows: rows.slice(i, i + batchSize), firstRow: i + 2, bytesRead: Math.round((text.length * Math.min(rows.length, i + batchSize)) / Math.max(1, rows.length)) };
      }
    },
  };
}

/** One column's rows from a list of values. */
export function column(values: RawValue[]): RawValue[][] {
  return values.map((v) => [v]);
}

export const DATA = path.resolve(__dirname, '../../../../shared/data');
