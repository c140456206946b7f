/**
 * A byte-order mark (U+FEFF) inside a file, at the start of a record: what is left when files
 * are concatenated (`cat a.csv b.csv`) or saved twice by a spreadsheet. It is no part of the
 * value, yet it would stay in a column name and turn an integer column categorical, so readers
 * remove it wherever a record starts and count it (the profile notes the count).
 */

const BOM_CHAR = 0xfeff;

/** Removes a leading U+FEFF from the first field of each row; returns how many were removed. */
export function stripRecordBoms(rows: string[][]): number {
  let removed = 0;
  for (const row of rows) {
    const first = row[0];
    if (first !== undefined && first.charCodeAt(0) === BOM_CHAR) {
      let k = 1;
      while (first.charCodeAt(k) === BOM_CHAR) k++;
      row[0] = first.slice(k);
      removed++;
    }
  }
  return removed;
}

/** The same on cells (UTF-8 byte ranges, `width` per row): moves each row's first cell past its EF BB BF. */
export function stripRecordBomCells(bytes: Uint8Array, starts: Int32Array, ends: Int32Array, rows: number, width: number): number {
  let removed = 0;
  for (let r = 0; r < rows; r++) {
    const i = r * width;
    let s = starts[i];
    const e = ends[i];
    if (s + 3 > e || bytes[s] !== 0xef || bytes[s + 1] !== 0xbb || bytes[s + 2] !== 0xbf) continue;
    while (s + 3 <= e && bytes[s] === 0xef && bytes[s + 1] === 0xbb && bytes[s + 2] === 0xbf) s += 3;
    starts[i] = s;
    removed++;
  }
  return removed;
}

/** A column name without leading byte-order marks. */
export function withoutBom(name: string): string {
  let k = 0;
  while (name.charCodeAt(k) === BOM_CHAR) k++;
  return k ? name.slice(k) : name;
}
