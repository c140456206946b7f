/**
 * A value as a reader hands it over: delimited text gives strings exactly as
 * written; Parquet/Arrow give typed values (numbers, booleans, 64-bit integers
 * as bigint, dates and timestamps as Date); null is a missing cell.
 */
export type RawValue = string | number | boolean | bigint | Date | null;
