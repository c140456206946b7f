/**
 * The vocabulary shared by every part of the engine: column types, value
 * formats, file dialects and the in-memory table. Defined once here and
 * imported everywhere (readers, profiler, generators, evaluation, webview).
 */

/** Every column is exactly one of these (DESIGN.md, metadata.json contract). */
export const COLUMN_TYPES = ['numeric', 'integer', 'categorical', 'boolean', 'date', 'datetime', 'text', 'identifier'] as const;
export type ColumnType = (typeof COLUMN_TYPES)[number];

/** Types whose values are held as numbers in memory (dates as epoch milliseconds, UTC). */
export const NUMERIC_TYPES: ReadonlySet<ColumnType> = new Set(['numeric', 'integer', 'date', 'datetime']);
/** Types whose values are held as category codes in memory. */
export const CATEGORY_TYPES: ReadonlySet<ColumnType> = new Set(['categorical', 'boolean']);
/** Types held as strings, never modelled as distributions (faked instead). */
export const STRING_TYPES: ReadonlySet<ColumnType> = new Set(['text', 'identifier']);

export function isNumericType(t: ColumnType): boolean { return NUMERIC_TYPES.has(t); }
export function isCategoryType(t: ColumnType): boolean { return CATEGORY_TYPES.has(t); }

/**
 * Code systems whose values are codes, not quantities (SNOMED CT, ICD, OPCS, Read, LOINC,
 * postcodes, area codes such as wards, LSOAs, FIPS; `code` for a code of no recognised system).
 */
export const CODE_SYSTEMS = ['snomed-ct', 'icd-10', 'icd-9', 'opcs', 'read', 'loinc', 'postcode', 'area', 'code'] as const;
export type CodeSystem = (typeof CODE_SYSTEMS)[number];

/**
 * How the source wrote a column's values: enough to write synthetic values
 * back exactly as the source did (decimal places, separators, date pattern,
 * leading zeros). `formatValue`/`parseValue` in `core/format` interpret it.
 */
export type ValueFormat =
  /** decimals: fixed number of decimal places, or null when the source varies (shortest round-trip form). */
  | { kind: 'number'; decimals: number | null; thousands: boolean; decimalComma?: boolean }
  /** Whole numbers; `thousands` when written like 1,234. */
  | { kind: 'integer'; thousands: boolean }
  /**
   * Date or datetime pattern in Unicode/LDML letters: yyyy MM M dd d MMM HH mm ss SSS, literal text in quotes,
   * e.g. `yyyy-MM-dd`, `dd/MM/yyyy`, `dd-MMM-yyyy`, `yyyy-MM-dd HH:mm:ss`, `yyyy-MM-dd'T'HH:mm:ss'Z'`.
   */
  | { kind: 'date'; pattern: string }
  | { kind: 'datetime'; pattern: string }
  /** The two spellings the source used, e.g. `1`/`0`, `TRUE`/`FALSE`, `Y`/`N`. */
  | { kind: 'boolean'; trueToken: string; falseToken: string }
  /**
   * Codes and identifiers kept verbatim as strings. `shape` describes the characters
   * (e.g. `999-999-9999`, `A9 9AA`; 9 digit, A letter, other chars literal) when one shape dominates.
   */
  | {
      kind: 'string';
      shape?: string;
      /** Several shapes that together cover the values, when no single one dominates (postcodes: `A9 9AA`, `AA9A 9AA`, …). */
      shapes?: string[];
      checkDigit?: 'nhs-mod11';
      /**
       * The values are codes of this system (on categorical columns): a categorical domain, never
       * averaged, never drawn outside the published codes, never a model's target or predictor.
       */
      code?: CodeSystem;
    };

/** Whether a column holds codes (categorical with a `code` format): categories, never quantities. */
export function isCodeColumn(spec: { type: ColumnType; format: ValueFormat }): boolean {
  return spec.format.kind === 'string' && spec.format.code !== undefined;
}

/** A delimited-text dialect, as sniffed (and overridable). */
export interface DelimitedDialect {
  kind: 'delimited';
  delimiter: string;
  quote: string;
  /** How the source quoted fields: only where needed, every field, or every non-numeric field. */
  quoting: 'minimal' | 'all' | 'nonnumeric';
  /** Fields are followed by this many spaces after each delimiter (UCI Adult writes ", "). */
  spaceAfterDelimiter: boolean;
  header: boolean;
  lineEnding: '\n' | '\r\n';
  encoding: TextEncodingName;
  bom: boolean;
  /** Whether the last record ends with a line ending. */
  finalNewline: boolean;
  /** How the source wrote a missing value (default ''): its most common missing spelling, e.g. `NA` or `?`. */
  missingToken?: string;
  /** With quoting 'nonnumeric': the columns whose values the source quoted (R and pandas quote by column type, not by value). */
  quotedColumns?: string[];
  /** Whether the header names were quoted (default: true when quoting is 'all' or 'nonnumeric'). */
  headerQuoted?: boolean;
  /** Whether the header has the space after each delimiter (default: spaceAfterDelimiter; UCI Adult's header has none). */
  headerSpaceAfterDelimiter?: boolean;
}

export type TextEncodingName = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252' | 'latin1';

/** A Parquet or Arrow IPC file: the column schema travels with the file. */
export interface BinaryDialect {
  kind: 'parquet' | 'arrow';
  /** Physical/logical type per column as the source declared it, so the twin gets the same schema. */
  fields: { name: string; type: string; nullable: boolean }[];
}

export type Dialect = DelimitedDialect | BinaryDialect;

/** Name, type and format of one column: the schema a twin must reproduce. */
export interface ColumnSpec {
  name: string;
  type: ColumnType;
  format: ValueFormat;
}

/** Numbers (numeric, integer, date, datetime); NaN marks missing. Dates are epoch milliseconds UTC. */
export interface NumberColumnData { kind: 'number'; values: Float64Array }
/** Categorical and boolean: codes into `categories`; -1 marks missing. */
export interface CategoryColumnData { kind: 'category'; codes: Int32Array; categories: string[] }
/** Text and identifiers: raw strings; null marks missing. */
export interface StringColumnData { kind: 'string'; values: (string | null)[] }
export type ColumnData = NumberColumnData | CategoryColumnData | StringColumnData;

/**
 * A table in memory: column-major typed arrays (the layout of Apache Arrow vectors,
 * converted to and from Arrow at the Parquet/Arrow boundary in `core/io`).
 */
export interface Table {
  rowCount: number;
  columns: { spec: ColumnSpec; data: ColumnData }[];
}

/** Which in-memory layout a column type uses. */
export function dataKindOf(type: ColumnType): ColumnData['kind'] {
  if (isNumericType(type)) return 'number';
  if (isCategoryType(type)) return 'category';
  return 'string';
}
