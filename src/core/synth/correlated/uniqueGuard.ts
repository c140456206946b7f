import type { Table } from '../../schema';
import type { PreparedColumn } from './prepare';

/**
 * Keeps a twin from replaying real records that are unique: synthetic rows equal, on every
 * modelled column, to a real row that occurs exactly once are redrawn — synthpop's statistical
 * disclosure control `sdc(..., rm.replicated.uniques = TRUE)` (Nowok, Raab, Dibben 2016),
 * applied while sampling so the row count is kept. Rows are compared through a 52-bit hash of
 * their values (a collision only causes a needless redraw). Not used by DP methods: it looks at
 * the real rows, which a DP release must not do after the mechanism.
 */
export interface UniqueRowGuard {
  /** Number of unique real rows guarded. */
  readonly uniques: number;
  /** Indices of rows of `table` (a batch of the modelled columns) that equal a unique real row. */
  hits(table: Table): number[];
}

/** Builds the guard from the prepared real columns (values as the model sees them: clipped, rounded, published categories). */
export function uniqueRowGuard(prepared: readonly PreparedColumn[], n: number): UniqueRowGuard {
  const cols = prepared.map((p, i) => ({ p, i })).filter((x) => x.p.kind !== 'fake');
  const counts = new Map<number, number>();
  const realKey = (r: number): number => {
    let h1 = 0x9747b28c, h2 = 0x85ebca6b;
    for (const { p } of cols) {
      let a: number, b: number;
      if (p.kind === 'number') { setWords(p.values[r]); a = u32[0]; b = u32[1]; } else { a = p.kind === 'category' ? p.codes[r] : 0; b = 0x3c6ef372; }
      h1 = mix(h1, a); h1 = mix(h1, b);
      h2 = mix(h2 ^ 0x5bd1e995, b); h2 = mix(h2, a);
    }
    return keyOf(h1, h2);
  };
  for (let r = 0; r < n; r++) { const k = realKey(r); counts.set(k, (counts.get(k) ?? 0) + 1); }
  const uniques = new Set<number>();
  for (const [k, c] of counts) if (c === 1) uniques.add(k);
  return {
    uniques: uniques.size,
    hits(table: Table): number[] {
      const out: number[] = [];
      if (uniques.size === 0 || cols.length === 0) return out;
      const data = cols.map(({ i }) => table.columns[i].data);
      for (let r = 0; r < table.rowCount; r++) {
        let h1 = 0x9747b28c, h2 = 0x85ebca6b;
        for (const d of data) {
          let a: number, b: number;
          if (d.kind === 'number') { setWords(d.values[r]); a = u32[0]; b = u32[1]; } else { a = d.kind === 'category' ? d.codes[r] : 0; b = 0x3c6ef372; }
          h1 = mix(h1, a); h1 = mix(h1, b);
          h2 = mix(h2 ^ 0x5bd1e995, b); h2 = mix(h2, a);
        }
        if (uniques.has(keyOf(h1, h2))) out.push(r);
      }
      return out;
    },
  };
}

/**
 * Replaces the rows of `table` that the guard flags with unflagged rows from fresh draws of
 * `fill` (up to 8 rounds; rows still flagged after that — a domain with nothing else to draw —
 * are kept). Deterministic: the draws come from the model's own stream. Returns how many rows were redrawn.
 */
export function redrawReplicatedUniques(table: Table, guard: UniqueRowGuard, fill: (size: number) => Table): number {
  let bad = guard.hits(table);
  const redrawn = bad.length;
  for (let round = 0; bad.length > 0 && round < 8; round++) {
    const extra = fill(Math.min(65_536, bad.length * 2 + 16));
    const flagged = new Set(guard.hits(extra));
    let k = 0;
    const still: number[] = [];
    for (const r of bad) {
      while (k < extra.rowCount && flagged.has(k)) k++;
      if (k >= extra.rowCount) { still.push(r); continue; }
      copyRow(extra, k++, table, r);
    }
    bad = still;
  }
  return redrawn;
}

function copyRow(from: Table, i: number, to: Table, j: number): void {
  for (let c = 0; c < to.columns.length; c++) {
    const s = from.columns[c].data, d = to.columns[c].data;
    if (s.kind === 'number' && d.kind === 'number') d.values[j] = s.values[i];
    else if (s.kind === 'category' && d.kind === 'category') d.codes[j] = s.codes[i];
  }
}

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);

/** Puts a value's bits in u32[0..1] (one NaN, and −0 equal to 0). */
function setWords(v: number): void {
  f64[0] = Number.isNaN(v) ? NaN : v === 0 ? 0 : v;
}

function mix(h: number, k: number): number {
  k = Math.imul(k, 0xcc9e2d51);
  k = (k << 15) | (k >>> 17);
  k = Math.imul(k, 0x1b873593);
  h ^= k;
  h = (h << 13) | (h >>> 19);
  return (Math.imul(h, 5) + 0xe6546b64) | 0;
}

function keyOf(h1: number, h2: number): number {
  return (h1 >>> 0) * 1048576 + ((h2 >>> 0) & 0xfffff);
}
