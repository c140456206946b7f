import { DERIVED_FORMULAS, deriveValue, sameValue } from '../recordRules';

/** Columns (from the left) whose values are followed row by row for order and derived rules. */
export const MAX_RULE_COLUMNS = 48;
/** Of those, columns tried as derived from two others (the candidates grow with the cube). */
export const MAX_DERIVED_COLUMNS = 24;

/** A candidate rule still unbroken: how many rows (and, with a person key, persons up to k) it rests on. */
interface Support {
  rows: number;
  /** Person-key hashes seen on applicable rows, until k of them; null once k were seen. */
  persons: Set<number> | null;
}

interface OrderCandidate extends Support { first: number; second: number }
interface DerivedCandidate extends Support {
  first: number; second: number; column: number;
  /** Bit i: DERIVED_FORMULAS[i] has held on every row so far. */
  mask: number;
  /** Rows with both inputs but no value, and with a value but an input missing. */
  inputsWithoutValue: number;
  valueWithoutInputs: number;
}

/** A tracker's state after one byte range, as plain data (crosses a thread). */
export interface RulePart {
  orders: OrderCandidate[];
  derived: DerivedCandidate[];
  min: Float64Array;
  max: Float64Array;
}

/** What the pass found: every candidate that held on every row it applied to. */
export interface TrackedRules {
  /** first ≤ second on every row where both were numbers. */
  orders: { first: number; second: number; rows: number; persons: number }[];
  derived: { first: number; second: number; column: number; /** Bit i: DERIVED_FORMULAS[i] held on every row. */ mask: number; rows: number; persons: number; missingFollows: boolean }[];
}

/**
 * Follows candidate record rules through the profiler's single pass, so that a published rule
 * is verified on every row, not a sample. The pass writes each batch's numbers (NaN: missing or
 * not a number) into {@link slot}s and calls {@link endBatch}; candidates are made after the first
 * batch among the columns still reading as numbers and dropped at their first broken row, so the
 * cost after the first rows is that of the rules that hold. Pairs whose ranges do not overlap are
 * dropped too: the order is then implied by the columns' own ranges, which twins keep anyway.
 * Shared missingness is followed by the accumulators themselves (a hash of the missing rows).
 * Memory: one batch of numbers for at most {@link MAX_RULE_COLUMNS} columns.
 */
export class RuleTracker {
  private readonly slots: (Float64Array | null)[];
  private readonly columns: number[];
  private orders: OrderCandidate[] = [];
  private derived: DerivedCandidate[] = [];
  private started = false;
  private readonly min: Float64Array;
  private readonly max: Float64Array;

  constructor(width: number, private batchRows: number, private readonly k: number) {
    this.columns = [];
    for (let c = 0; c < width && this.columns.length < MAX_RULE_COLUMNS; c++) this.columns.push(c);
    this.slots = new Array(width).fill(null);
    for (const c of this.columns) this.slots[c] = new Float64Array(batchRows);
    this.min = new Float64Array(width).fill(Infinity);
    this.max = new Float64Array(width).fill(-Infinity);
  }

  /** The array column `c`'s numbers of the current batch go into, or null when it is not followed. */
  slot(c: number): Float64Array | null {
    return this.slots[c];
  }

  /** Makes room for a batch of `rows` rows. */
  beginBatch(rows: number): void {
    if (rows <= this.batchRows) return;
    this.batchRows = rows;
    for (const c of this.columns) if (this.slots[c]) this.slots[c] = new Float64Array(rows);
  }

  /**
   * Checks the batch's `rows` rows against every live candidate. `isNumber(c)`: whether column c
   * still reads as numbers or dates (a column that stopped is dropped with its candidates).
   * `persons`: per row, a hash of the person key when one is declared.
   */
  endBatch(rows: number, isNumber: (c: number) => boolean, persons?: Int32Array): void {
    for (const c of this.columns) {
      if (!this.slots[c]) continue;
      if (!isNumber(c)) {
        this.slots[c] = null;
        continue;
      }
      const v = this.slots[c] as Float64Array;
      let lo = this.min[c];
      let hi = this.max[c];
      for (let r = 0; r < rows; r++) {
        const x = v[r];
        if (x < lo) lo = x;
        if (x > hi) hi = x;
      }
      this.min[c] = lo;
      this.max[c] = hi;
    }
    if (!this.started) {
      this.started = true;
      this.makeCandidates();
    }
    this.orders = this.orders.filter((o) => this.slots[o.first] && this.slots[o.second] && this.checkOrder(o, rows, persons));
    this.derived = this.derived.filter((d) => this.slots[d.first] && this.slots[d.second] && this.slots[d.column] && this.checkDerived(d, rows, persons));
  }

  /** The candidates that held on every row. */
  result(): TrackedRules {
    const count = (s: Support): number => (s.persons ? s.persons.size : this.k);
    return {
      // Ranges that do not overlap imply the order: nothing to publish or enforce.
      orders: this.orders.filter((o) => this.max[o.first] > this.min[o.second]).map((o) => ({ first: o.first, second: o.second, rows: o.rows, persons: count(o) })),
      derived: this.derived.map((d) => ({
        first: d.first, second: d.second, column: d.column, mask: d.mask, rows: d.rows, persons: count(d),
        missingFollows: d.inputsWithoutValue === 0 && d.valueWithoutInputs === 0,
      })),
    };
  }

  /** The candidates still unbroken and the ranges seen, as plain data (a worker's partial profile of a byte range). */
  toPart(): RulePart {
    return { orders: this.orders, derived: this.derived, min: this.min, max: this.max };
  }

  /**
   * Folds in the parts of every byte range of a file (core/profile/parallel): a candidate holds
   * when it held in every range (each range made its candidates among the columns reading as
   * numbers in its first batch: a column missing from one range's candidates stopped being a
   * number somewhere, as one pass would have found); rows add up, persons are united up to k.
   * `declared`: a person key was declared (its hashes were followed).
   */
  mergeParts(parts: readonly RulePart[], declared: boolean): void {
    this.started = true;
    const key = (c: OrderCandidate | DerivedCandidate): string => ('column' in c ? `${c.first}:${c.second}:${c.column}` : `${c.first}:${c.second}`);
    const unite = <T extends OrderCandidate | DerivedCandidate>(lists: T[][], fold: (into: T, from: T) => void): T[] => {
      const maps = lists.map((l) => new Map(l.map((c) => [key(c), c])));
      const out: T[] = [];
      for (const c of lists[0]) {
        const merged: T = { ...c, persons: c.persons ? new Set(c.persons) : null };
        let held = true;
        for (let p = 1; p < maps.length && held; p++) {
          const other = maps[p].get(key(c));
          if (!other) held = false;
          else {
            merged.rows += other.rows;
            if (merged.persons && other.persons) for (const h of other.persons) merged.persons.add(h);
            else merged.persons = null;
            fold(merged, other);
          }
        }
        if (!held) continue;
        if (merged.persons && (merged.persons.size >= this.k || (!declared && merged.rows >= this.k))) merged.persons = null;
        out.push(merged);
      }
      return out;
    };
    for (const part of parts) {
      for (let c = 0; c < this.min.length; c++) {
        if (part.min[c] < this.min[c]) this.min[c] = part.min[c];
        if (part.max[c] > this.max[c]) this.max[c] = part.max[c];
      }
    }
    this.orders = unite(parts.map((p) => p.orders), () => undefined);
    this.derived = unite(parts.map((p) => p.derived), (into, from) => {
      into.mask &= from.mask;
      into.inputsWithoutValue += from.inputsWithoutValue;
      into.valueWithoutInputs += from.valueWithoutInputs;
    }).filter((d) => d.mask !== 0);
  }

  private makeCandidates(): void {
    const live = this.columns.filter((c) => this.slots[c]);
    for (const a of live) for (const b of live) if (a !== b) this.orders.push({ first: a, second: b, rows: 0, persons: new Set() });
    const all = (1 << DERIVED_FORMULAS.length) - 1;
    const sumBit = 1 << DERIVED_FORMULAS.findIndex((f) => f.op === 'sum');
    const few = live.slice(0, MAX_DERIVED_COLUMNS);
    for (const c of few) {
      for (const a of few) {
        if (a === c) continue;
        for (const b of few) {
          if (b === c || b === a) continue;
          // a + b is tried once per unordered pair.
          this.derived.push({ first: a, second: b, column: c, mask: a < b ? all : all & ~sumBit, rows: 0, persons: new Set(), inputsWithoutValue: 0, valueWithoutInputs: 0 });
        }
      }
    }
  }

  private addPerson(s: Support, persons: Int32Array | undefined, r: number): void {
    if (!s.persons) return;
    if (!persons) {
      if (s.rows >= this.k) s.persons = null;
      return;
    }
    s.persons.add(persons[r]);
    if (s.persons.size >= this.k) s.persons = null;
  }

  private checkOrder(o: OrderCandidate, rows: number, persons: Int32Array | undefined): boolean {
    const a = this.slots[o.first] as Float64Array;
    const b = this.slots[o.second] as Float64Array;
    // While the ranges so far do not overlap, every row holds: only count. Whether the final
    // ranges overlap is decided at the end (result), so the answer does not depend on where
    // batches (or a parallel pass's byte ranges) begin.
    const holds = this.max[o.first] <= this.min[o.second];
    for (let r = 0; r < rows; r++) {
      const x = a[r];
      const y = b[r];
      if (x !== x || y !== y) continue;
      if (!holds && x > y) return false;
      o.rows++;
      if (o.persons) this.addPerson(o, persons, r);
    }
    return true;
  }

  private checkDerived(d: DerivedCandidate, rows: number, persons: Int32Array | undefined): boolean {
    const a = this.slots[d.first] as Float64Array;
    const b = this.slots[d.second] as Float64Array;
    const c = this.slots[d.column] as Float64Array;
    let mask = d.mask;
    for (let r = 0; r < rows; r++) {
      const x = a[r];
      const y = b[r];
      const z = c[r];
      const inputs = x === x && y === y;
      if (z !== z) {
        if (inputs) d.inputsWithoutValue++;
        continue;
      }
      if (!inputs) {
        d.valueWithoutInputs++;
        continue;
      }
      for (let i = 0, bit = 1; i < DERIVED_FORMULAS.length; i++, bit <<= 1) {
        if ((mask & bit) !== 0 && !sameValue(z, deriveValue(DERIVED_FORMULAS[i], x, y))) mask &= ~bit;
      }
      if (mask === 0) return false;
      d.rows++;
      if (d.persons) this.addPerson(d, persons, r);
    }
    d.mask = mask;
    return true;
  }
}
