import { MAX_RULE_COLUMNS } from './ruleTracker';

/** Distinct values past which a column is no longer followed as a condition (an outcome, a status). */
export const MAX_CONDITION_VALUES = 64;
/** A value key: the cell was missing. */
export const KEY_MISSING = -2;
/** A value key: a value that is not followed (a number, or past the column's distinct cap). */
export const KEY_NONE = -1;

/** A column missing on the rows of some values of a condition column and present on the rest. */
export interface MissingWhenCandidate {
  column: number;
  when: number;
  /** Value keys of `when` on whose rows `column` was always missing, and always present. */
  missingKeys: number[];
  presentKeys: number[];
  /** Where `when` was missing: `column` always missing (true), always present (false); null: never. */
  whenMissing: boolean | null;
}

/** A {@link MissingWhenTracker}'s state after one byte range, as plain data. */
export interface MissingWhenPart {
  followed: boolean[];
  first: Uint32Array[];
  agree: Uint32Array[];
  seen: Uint8Array[];
}

/**
 * Follows "column B is missing exactly when column A takes one of some values" through the
 * profiler's single pass, for every pair among the first {@link MAX_RULE_COLUMNS} columns. The pass
 * writes, per batch, each condition column's value key per row ({@link keySlot}: the accumulator's
 * index of the text, {@link KEY_MISSING}, or {@link KEY_NONE}) and marks missing cells
 * ({@link markMissing}). Per condition column and value, the tracker keeps the missing pattern of the
 * value's first row and, per other column, whether every later row of that value agreed with it
 * (bit sets): a pair holds when every value's rows agreed. A condition column is dropped at its
 * first number or its {@link MAX_CONDITION_VALUES + 1}th value, or once no pair with it can hold.
 * Memory: one batch of bits and keys, and two bit sets per value of each followed column.
 */
export class MissingWhenTracker {
  private readonly followed: number;
  private readonly words: number;
  private bits: Uint32Array;
  private readonly keys: (Int32Array | null)[];
  /** Per condition column: for value entry e (MAX_CONDITION_VALUES: missing), its first row's bits and the agreeing columns. */
  private readonly first: Uint32Array[] = [];
  private readonly agree: Uint32Array[] = [];
  private readonly seen: Uint8Array[] = [];

  constructor(width: number, private batchRows: number) {
    this.followed = Math.min(width, MAX_RULE_COLUMNS);
    this.words = Math.max(1, Math.ceil(this.followed / 32));
    this.bits = new Uint32Array(batchRows * this.words);
    this.keys = new Array(this.followed).fill(null);
    const entries = (MAX_CONDITION_VALUES + 1) * this.words;
    for (let c = 0; c < this.followed; c++) {
      this.keys[c] = new Int32Array(batchRows);
      this.first.push(new Uint32Array(entries));
      this.agree.push(new Uint32Array(entries));
      this.seen.push(new Uint8Array(MAX_CONDITION_VALUES + 1));
    }
  }

  /** The array column `c`'s value keys of the current batch go into, or null when it is not followed. */
  keySlot(c: number): Int32Array | null {
    return c < this.followed ? this.keys[c] : null;
  }

  /** Whether column `c`'s missing cells are followed. */
  follows(c: number): boolean {
    return c < this.followed;
  }

  /** Makes room for a batch of `rows` rows and clears the missing marks. */
  beginBatch(rows: number): void {
    if (rows > this.batchRows) {
      this.batchRows = rows;
      this.bits = new Uint32Array(rows * this.words);
      for (let c = 0; c < this.followed; c++) if (this.keys[c]) this.keys[c] = new Int32Array(rows);
    } else this.bits.fill(0, 0, rows * this.words);
  }

  /** Row `r` of the batch is missing in column `c` (a followed column). */
  markMissing(r: number, c: number): void {
    this.bits[r * this.words + (c >>> 5)] |= 1 << (c & 31);
  }

  /** Folds the batch's rows into every condition column still followed. */
  endBatch(rows: number): void {
    const w = this.words;
    const bits = this.bits;
    for (let c = 0; c < this.followed; c++) {
      const keys = this.keys[c];
      if (!keys) continue;
      const first = this.first[c];
      const agree = this.agree[c];
      const seen = this.seen[c];
      let dropped = false;
      for (let r = 0; r < rows; r++) {
        const k = keys[r];
        if (k === KEY_NONE || k >= MAX_CONDITION_VALUES) {
          dropped = true;
          break;
        }
        const e = k === KEY_MISSING ? MAX_CONDITION_VALUES : k;
        const base = e * w;
        const row = r * w;
        if (!seen[e]) {
          seen[e] = 1;
          for (let i = 0; i < w; i++) {
            first[base + i] = bits[row + i];
            agree[base + i] = 0xffffffff;
          }
        } else {
          for (let i = 0; i < w; i++) agree[base + i] &= ~(bits[row + i] ^ first[base + i]);
        }
      }
      if (dropped || !this.anyPair(c)) this.keys[c] = null;
    }
  }

  /** The tracker's state after one byte range, as plain data (crosses a thread). */
  toPart(): MissingWhenPart {
    return { followed: this.keys.map((k) => k !== null), first: this.first, agree: this.agree, seen: this.seen };
  }

  /**
   * Folds in the parts of every byte range of a file, in file order (core/profile/parallel).
   * `globalKey(p, c, k)`: the merged accumulator's key of part p's value key k in column c
   * (value keys are the accumulators' first-seen indexes, which differ between ranges). A value's
   * first row is that of the first range holding it; a column pair holds when it agreed on every
   * row of every range; a condition column is dropped when a range dropped it or its merged
   * keys reach {@link MAX_CONDITION_VALUES}, as one pass would have.
   */
  mergeParts(parts: readonly MissingWhenPart[], globalKey: (p: number, c: number, k: number) => number): void {
    const w = this.words;
    for (let c = 0; c < this.followed; c++) {
      const first = this.first[c];
      const agree = this.agree[c];
      const seen = this.seen[c];
      let dropped = false;
      for (let p = 0; p < parts.length && !dropped; p++) {
        const part = parts[p];
        if (!part.followed[c]) {
          dropped = true;
          break;
        }
        for (let e = 0; e <= MAX_CONDITION_VALUES; e++) {
          if (!part.seen[c][e]) continue;
          const g = e === MAX_CONDITION_VALUES ? e : globalKey(p, c, e);
          if (g < 0 || g >= MAX_CONDITION_VALUES && e !== MAX_CONDITION_VALUES) {
            dropped = true;
            break;
          }
          const pf = part.first[c];
          const pa = part.agree[c];
          if (!seen[g]) {
            seen[g] = 1;
            for (let i = 0; i < w; i++) {
              first[g * w + i] = pf[e * w + i];
              agree[g * w + i] = pa[e * w + i];
            }
          } else {
            for (let i = 0; i < w; i++) agree[g * w + i] &= pa[e * w + i] & ~(pf[e * w + i] ^ first[g * w + i]);
          }
        }
      }
      if (dropped) this.keys[c] = null;
    }
  }

  /** The pairs that held on every row: per condition column still followed, each column whose missingness its values decide. */
  result(): MissingWhenCandidate[] {
    const out: MissingWhenCandidate[] = [];
    for (let c = 0; c < this.followed; c++) {
      if (!this.keys[c]) continue;
      const alive = this.alive(c);
      const seen = this.seen[c];
      const first = this.first[c];
      for (let b = 0; b < this.followed; b++) {
        if (b === c || (alive[b >>> 5] & (1 << (b & 31))) === 0) continue;
        const missingAt = (e: number): boolean => (first[e * this.words + (b >>> 5)] & (1 << (b & 31))) !== 0;
        const missingKeys: number[] = [];
        const presentKeys: number[] = [];
        for (let e = 0; e < MAX_CONDITION_VALUES; e++) if (seen[e]) (missingAt(e) ? missingKeys : presentKeys).push(e);
        const whenMissing = seen[MAX_CONDITION_VALUES] ? missingAt(MAX_CONDITION_VALUES) : null;
        out.push({ column: b, when: c, missingKeys, presentKeys, whenMissing });
      }
    }
    return out;
  }

  /** Columns whose missingness agreed on every row of every value of condition column `c`. */
  private alive(c: number): Uint32Array {
    const w = this.words;
    const out = new Uint32Array(w).fill(0xffffffff);
    const seen = this.seen[c];
    const agree = this.agree[c];
    for (let e = 0; e <= MAX_CONDITION_VALUES; e++) {
      if (!seen[e]) continue;
      for (let i = 0; i < w; i++) out[i] &= agree[e * w + i];
    }
    return out;
  }

  /** Whether some other followed column still agrees on every value of `c`. */
  private anyPair(c: number): boolean {
    const alive = this.alive(c);
    for (let b = 0; b < this.followed; b++) if (b !== c && (alive[b >>> 5] & (1 << (b & 31))) !== 0) return true;
    return false;
  }
}
