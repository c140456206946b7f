import { DEFAULT_DISCLOSURE, METADATA_FORMAT, type Metadata, type MetadataColumn } from '../../../src/core/metadata';
import type { DelimitedDialect } from '../../../src/core/schema';

/** A CSV dialect like most files: comma, minimal quoting, header, LF. */
export const CSV_DIALECT: DelimitedDialect = {
  kind: 'delimited', delimiter: ',', quote: '"', quoting: 'minimal', spaceAfterDelimiter: false, header: true,
  lineEnding: '\n', encoding: 'utf-8', bom: false, finalNewline: true,
};

/** Hand-built disclosure-safe metadata with one column of each kind (figures chosen by hand). */
export function handMetadata(rows = 1000): Metadata {
  const columns: MetadataColumn[] = [
    {
      name: 'id', type: 'identifier', format: { kind: 'string', shape: '999-999-9999', checkDigit: 'nhs-mod11' }, missing: 0,
      disclosure: [{ kind: 'nhs-number', reason: 'valid NHS numbers' }, { kind: 'unique-key', reason: 'every value distinct' }],
      length: { quantiles: { p: [0, 1], values: [12, 12] } }, unique: true,
    },
    {
      name: 'age', type: 'integer', format: { kind: 'integer', thousands: false }, missing: 0.1, disclosure: [],
      bounds: { lower: 18, upper: 90 },
      quantiles: { p: [0.01, 0.25, 0.5, 0.75, 0.99], values: [18, 30, 40, 55, 90] },
      histogram: { edges: [18, 30, 40, 55, 90], counts: [250, 250, 250, 250] },
    },
    {
      name: 'gain', type: 'numeric', format: { kind: 'number', decimals: 2, thousands: false }, missing: 0, disclosure: [],
      bounds: { lower: 0, upper: 1000 },
      quantiles: { p: [0.01, 0.5, 0.9, 0.95, 0.99], values: [0, 0, 0, 500, 1000] },
      histogram: { edges: [0, 100, 1000], counts: [920, 80] },
      pointMasses: [{ value: 0, share: 0.9 }],
    },
    {
      name: 'admitted', type: 'date', format: { kind: 'date', pattern: 'yyyy-MM-dd' }, missing: 0.05, disclosure: [],
      bounds: { lower: Date.UTC(2020, 0, 1), upper: Date.UTC(2020, 11, 31) },
      quantiles: { p: [0, 0.5, 1], values: [Date.UTC(2020, 0, 1), Date.UTC(2020, 3, 1), Date.UTC(2020, 11, 31)] },
      histogram: { edges: [Date.UTC(2020, 0, 1), Date.UTC(2020, 11, 31)], counts: [1000] },
    },
    {
      name: 'ward', type: 'categorical', format: { kind: 'string' }, missing: 0.2, disclosure: [{ kind: 'rare-categories', reason: '2 categories below 10' }],
      categories: [{ value: 'A', count: 600 }, { value: 'B', count: 300 }, { value: 'C', count: 100 }],
      other: { categories: 2, count: null, label: 'Other' },
    },
    {
      name: 'smoker', type: 'boolean', format: { kind: 'boolean', trueToken: 'Y', falseToken: 'N' }, missing: 0, disclosure: [],
      categories: [{ value: 'Y', count: 200 }, { value: 'N', count: 800 }],
    },
    {
      name: 'notes', type: 'text', format: { kind: 'string' }, missing: 0.5, disclosure: [{ kind: 'free-text', reason: 'long free text' }],
      length: { quantiles: { p: [0, 0.5, 1], values: [5, 20, 60] } }, unique: false,
    },
    {
      name: 'postcode', type: 'identifier', format: { kind: 'string' }, missing: 0, disclosure: [{ kind: 'postcode', reason: 'UK postcodes' }],
      length: { quantiles: { p: [0, 1], values: [6, 8] } }, unique: false,
    },
  ];
  return {
    format: METADATA_FORMAT,
    generator: { tool: 'synthetic-twin', version: '0.1.0' },
    dataset: { name: 'hand', rows, dialect: CSV_DIALECT, fingerprint: { method: 'hmac-sha256', hmac: '0'.repeat(64) } },
    disclosure: { ...DEFAULT_DISCLOSURE },
    columns,
    controls: [],
  };
}
