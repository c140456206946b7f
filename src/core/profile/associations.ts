import type { RawValue } from '../format';
import { isMissing, parseValue } from '../format';
import { KIND_DATE, KIND_DECIMAL, KIND_INTEGER, KIND_SCIENTIFIC, classifyText, createScanResult } from './classifyValue';
import type { ColumnSpec } from '../schema';
import { isCategoryType, isNumericType } from '../schema';
import type { ProfileAssociation } from './types';
import { correlationRatio, cramersV, pearson } from '../math/association';
import { averageRanks } from '../math/ranks';

/** Levels kept per categorical column for associations (the rest pooled with the rare ones). */
const MAX_LEVELS = 200;
/** Distinct texts whose number reading a column remembers while preparing (bounds the memo). */
const MAX_READINGS = 4096;

type Prepared =
  | { kind: 'number'; spec: ColumnSpec; values: Float64Array; complete: boolean; present: number; ownRanks?: Float64Array }
  | { kind: 'category'; spec: ColumnSpec; codes: Int32Array; levels: number; complete: boolean; sizes: Float64Array };

function prepare(column: readonly RawValue[], spec: ColumnSpec, monthFirst: boolean, tokens: ReadonlySet<string>, k: number): Prepared | null {
  const n = column.length;
  if (isNumericType(spec.type)) {
    const values = new Float64Array(n);
    const scan = createScanResult();
    // Repeated texts (most number columns repeat their values) are read once: the reading is a
    // function of the text alone, and skipping isMissing's trim() on padded cells saves garbage.
    const readings = new Map<string, number>();
    let remember = true;
    let complete = true;
    let present = 0;
    for (let i = 0; i < n; i++) {
      const raw = column[i] ?? null;
      let v = NaN;
      if (typeof raw === 'string') {
        const known = remember ? readings.get(raw) : undefined;
        if (known !== undefined) v = known;
        // The profiler's own reading (as in the pass); the column's format is known to accept every such value.
        else {
          if (!isMissing(raw, tokens)) {
            const kind = classifyText(raw, scan);
            if (kind === KIND_INTEGER || kind === KIND_DECIMAL || kind === KIND_SCIENTIFIC) v = scan.value;
            else if (kind === KIND_DATE) v = monthFirst ? scan.altValue : scan.value;
            else {
              const p = parseValue(raw, spec);
              if (typeof p === 'number') v = p;
            }
          }
          if (remember) {
            readings.set(raw, v);
            // This many distinct texts: mostly unique values (times, amounts), where lookups would only miss.
            if (readings.size >= MAX_READINGS) remember = false;
          }
        }
      } else if (raw !== null) {
        const p = parseValue(raw, spec);
        if (typeof p === 'number') v = p;
      }
      if (Number.isFinite(v)) {
        values[i] = v;
        present++;
      } else {
        values[i] = NaN;
        complete = false;
      }
    }
    return { kind: 'number', spec, values, complete, present };
  }
  if (isCategoryType(spec.type)) {
    const seen = new Map<string, number>();
    const raw = new Int32Array(n);
    const counts: number[] = [];
    // Code of each cell text already met (-1: missing), so a repeated text skips isMissing and parseValue.
    const textCodes = new Map<string, number>();
    for (let i = 0; i < n; i++) {
      const r = column[i] ?? null;
      if (typeof r === 'string') {
        const known = textCodes.get(r);
        if (known !== undefined) {
          raw[i] = known;
          if (known >= 0) counts[known]++;
          continue;
        }
      }
      // Categorical cells are their own text (as parseValue gives them); booleans go through their tokens.
      const v = isMissing(r, tokens) ? null : typeof r === 'string' && spec.type === 'categorical' ? r : parseValue(r, spec);
      if (v === null) {
        raw[i] = -1;
        if (typeof r === 'string') textCodes.set(r, -1);
        continue;
      }
      const key = String(v);
      let code = seen.get(key);
      if (code === undefined) {
        code = seen.size;
        seen.set(key, code);
        counts.push(0);
      }
      counts[code]++;
      raw[i] = code;
      if (typeof r === 'string') textCodes.set(r, code);
    }
    // Levels with fewer than k sample rows, and those past the level cap, pool into one "other" level.
    const order = counts.map((c, i) => [c, i] as const).sort((a, b) => b[0] - a[0]);
    const remap = new Int32Array(counts.length).fill(-2);
    let levels = 0;
    for (const [c, i] of order) if (c >= k && levels < MAX_LEVELS - 1) remap[i] = levels++;
    let otherCode = -1;
    for (let i = 0; i < counts.length; i++) {
      if (remap[i] === -2) {
        if (otherCode < 0) otherCode = levels++;
        remap[i] = otherCode;
      }
    }
    const codes = new Int32Array(n);
    const sizes = new Float64Array(levels);
    let complete = true;
    for (let i = 0; i < n; i++) {
      if (raw[i] < 0) {
        codes[i] = -1;
        complete = false;
      } else {
        const code = remap[raw[i]];
        codes[i] = code;
        sizes[code]++;
      }
    }
    return { kind: 'category', spec, codes, levels, complete, sizes };
  }
  return null;
}

/**
 * Counts the rows where both codes are present into `table` (row-major, `colLevels` columns);
 * returns how many rows that was. A small function of its own so the engine optimises it
 * after a few pairs instead of running the whole pair loop unoptimised.
 */
function crossTabulate(a: Int32Array, b: Int32Array, colLevels: number, table: Float64Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) {
    const ca = a[i];
    const cb = b[i];
    if (ca < 0 || cb < 0) continue;
    table[ca * colLevels + cb]++;
    m++;
  }
  return m;
}

/**
 * Pairwise associations on a row sample: Pearson and Spearman for two number/date columns
 * (pairwise-complete rows), Cramér's V (bias-uncorrected) for two categorical/boolean columns,
 * correlation ratio η for a number and a category. Categories with fewer than `k` sample rows
 * are pooled into one level first (and at most 200 levels are kept); each pair records the
 * smallest non-empty cell or group it rests on. Identifier and text columns are skipped.
 */
export function computeAssociations(
  rows: readonly RawValue[][],
  specs: readonly ColumnSpec[],
  monthFirst: readonly boolean[],
  tokens: ReadonlySet<string>,
  k: number,
): ProfileAssociation[] {
  const n = rows.length;
  // One row-major pass splits the sample into columns: reading it column by column instead
  // would touch every row's array once per column (a cache miss each on a 50,000-row sample).
  const columnsOf: RawValue[][] = specs.map(() => new Array<RawValue>(n));
  for (let i = 0; i < n; i++) {
    const row = rows[i];
    for (let c = 0; c < specs.length; c++) columnsOf[c][i] = row[c] ?? null;
  }
  const prepared: Prepared[] = [];
  for (let c = 0; c < specs.length; c++) {
    const p = prepare(columnsOf[c], specs[c], monthFirst[c], tokens, k);
    columnsOf[c] = [];
    if (p) prepared.push(p);
  }
  const out: ProfileAssociation[] = [];
  // Scratch buffers reused by every pair (no per-pair garbage).
  const bufX = new Float64Array(n);
  const bufY = new Float64Array(n);
  const bufG = new Int32Array(n);
  const bufR = new Float64Array(n);
  /** Per doubled own rank (2..2n): kept rows, then their average rank among the kept rows. */
  const rankTally = new Float64Array(2 * n + 2);
  /** Ranks of a column among its own non-missing rows (NaN where missing), computed once. */
  const ownRanks = (P: Extract<Prepared, { kind: 'number' }>): Float64Array => {
    if (P.ownRanks) return P.ownRanks;
    if (P.complete) {
      // Every row present: the ranks of the column as it stands (the same array the general path builds).
      P.ownRanks = averageRanks(P.values);
      return P.ownRanks;
    }
    let m = 0;
    for (let i = 0; i < n; i++) if (P.values[i] === P.values[i]) bufR[m++] = P.values[i];
    const r = averageRanks(bufR.subarray(0, m));
    const full = new Float64Array(n).fill(NaN);
    m = 0;
    for (let i = 0; i < n; i++) if (P.values[i] === P.values[i]) full[i] = r[m++];
    P.ownRanks = full;
    return full;
  };
  for (let a = 0; a < prepared.length; a++) {
    for (let b = a + 1; b < prepared.length; b++) {
      const A = prepared[a];
      const B = prepared[b];
      const columns: [string, string] = [A.spec.name, B.spec.name];
      if (A.kind === 'number' && B.kind === 'number') {
        if (A.complete && B.complete) {
          // No missing value on either side: the pairwise-complete rows are all rows and each
          // column's ranks among them are its own ranks (the same arrays the general path would build).
          if (n < 2) continue;
          const r = pearson(A.values, B.values);
          if (Number.isFinite(r)) out.push({ columns, measure: 'pearson', value: r, n, minCell: n });
          const rho = pearson(ownRanks(A), ownRanks(B));
          if (Number.isFinite(rho)) out.push({ columns, measure: 'spearman', value: rho, n, minCell: n });
          continue;
        }
        // Pairwise-complete rows; a column whose own non-missing rows are exactly those keeps its cached ranks.
        let m = 0;
        for (let i = 0; i < n; i++) {
          const x = A.values[i];
          const y = B.values[i];
          if (x === x && y === y) {
            bufX[m] = x;
            bufY[m] = y;
            m++;
          }
        }
        if (m < 2) continue;
        const x = bufX.subarray(0, m);
        const y = bufY.subarray(0, m);
        const r = pearson(x, y);
        if (Number.isFinite(r)) out.push({ columns, measure: 'pearson', value: r, n: m, minCell: m });
        const ranksOf = (P: Extract<Prepared, { kind: 'number' }>, other: Extract<Prepared, { kind: 'number' }>): Float64Array => {
          const own = ownRanks(P);
          const res = new Float64Array(m);
          let k = 0;
          if (P.present === m) {
            for (let i = 0; i < n; i++) if (own[i] === own[i] && other.values[i] === other.values[i]) res[k++] = own[i];
            return res;
          }
          // Average ranks within the pairwise-complete rows, without sorting again: the column's own
          // average ranks order its values and tie exactly the equal ones, and 2·rank is an integer
          // in 2..2n, so counting the kept rows per own rank gives each tie group's new position.
          const tally = rankTally;
          tally.fill(0);
          for (let i = 0; i < n; i++) if (own[i] === own[i] && other.values[i] === other.values[i]) tally[2 * own[i]]++;
          let before = 0;
          for (let t = 0; t < tally.length; t++) {
            const c = tally[t];
            if (c === 0) continue;
            tally[t] = (2 * before + 1 + c) / 2; // average of ranks before+1..before+c
            before += c;
          }
          for (let i = 0; i < n; i++) if (own[i] === own[i] && other.values[i] === other.values[i]) res[k++] = tally[2 * own[i]];
          return res;
        };
        const rx = ranksOf(A, B);
        const ry = ranksOf(B, A);
        const rho = pearson(rx, ry);
        if (Number.isFinite(rho)) out.push({ columns, measure: 'spearman', value: rho, n: m, minCell: m });
      } else if (A.kind === 'category' && B.kind === 'category') {
        const table = new Float64Array(A.levels * B.levels);
        const m = crossTabulate(A.codes, B.codes, B.levels, table);
        const v = cramersV(table, A.levels, B.levels);
        if (!Number.isFinite(v)) continue;
        // Zero cells count as small cells (ACRO: zeros are disclosive unless declared structural): a
        // deterministic pair (Cramér's V = 1) has zeros and says as much as a cell of one.
        let minCell = Infinity;
        for (let i = 0; i < table.length; i++) if (table[i] < minCell) minCell = table[i];
        out.push({ columns, measure: 'cramersV', value: v, n: m, minCell });
      } else {
        const num = (A.kind === 'number' ? A : B) as Extract<Prepared, { kind: 'number' }>;
        const cat = (A.kind === 'category' ? A : B) as Extract<Prepared, { kind: 'category' }>;
        if (num.complete && cat.complete) {
          // Every row counts: the column arrays and the category's level sizes serve as they are.
          if (n < 2) continue;
          const eta = correlationRatio(num.values, cat.codes, cat.levels);
          if (!Number.isFinite(eta)) continue;
          let minCell = Infinity;
          for (let g = 0; g < cat.levels; g++) if (cat.sizes[g] > 0 && cat.sizes[g] < minCell) minCell = cat.sizes[g];
          out.push({ columns, measure: 'correlationRatio', value: eta, n, minCell });
          continue;
        }
        const sizes = new Float64Array(cat.levels);
        let m = 0;
        for (let i = 0; i < n; i++) {
          const v = num.values[i];
          const g = cat.codes[i];
          if (v !== v || g < 0) continue;
          bufX[m] = v;
          bufG[m] = g;
          sizes[g]++;
          m++;
        }
        if (m < 2) continue;
        const eta = correlationRatio(bufX.subarray(0, m), bufG.subarray(0, m), cat.levels);
        if (!Number.isFinite(eta)) continue;
        let minCell = Infinity;
        for (let g = 0; g < cat.levels; g++) if (sizes[g] > 0 && sizes[g] < minCell) minCell = sizes[g];
        out.push({ columns, measure: 'correlationRatio', value: eta, n: m, minCell });
      }
    }
  }
  return out;
}
