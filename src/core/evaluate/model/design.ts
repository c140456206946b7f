import type { ColumnData, Table } from '../../schema';

/**
 * Design matrices for the regression models (pMSE propensity model, utility
 * models), stored as fixed-width sparse rows: one slot for the intercept,
 * two per numeric column (standardised value, missing indicator), one per
 * categorical column (its level's one-hot term). A row of a model with many
 * one-hot levels has only a handful of non-zeros, so X'WX costs
 * rows × slots² instead of rows × terms².
 */

export interface NumberEncoder {
  kind: 'number';
  column: string;
  mean: number;
  sd: number;
  term: number;
  /** Term of the missing indicator; −1 when the fitting data had no missing values. */
  missingTerm: number;
}

export interface CategoryEncoder {
  kind: 'category';
  column: string;
  /** Term of each kept level; the reference level (most frequent) maps to −1. */
  levelTerm: Map<string, number>;
  /** Term of the merged rare/unknown levels; −1 when nothing was merged (unknown levels then fall to the reference). */
  otherTerm: number;
  /** Term of "missing" as a level (the other term when it was merged); −1 = the reference level (also when the fitting data had none). */
  missingTerm: number;
  reference: string;
}

export type Encoder = NumberEncoder | CategoryEncoder;

export interface Design {
  /** Term names; term 0 is '(intercept)'. */
  terms: string[];
  encoders: Encoder[];
  /** Columns left out (constant numeric, single-level categorical), with why. */
  dropped: { column: string; reason: string }[];
}

export interface DesignOptions {
  /** Most one-hot levels kept per categorical column (by frequency); the rest are merged. */
  maxLevels: number;
  /** Levels seen fewer times than this in the fitting data are merged into one "other" term. */
  minLevelCount: number;
}

/** Fixed-width sparse rows: slot s of row i is (index[i·width + s], value[…]); index −1 = empty slot. */
export interface SparseRows {
  rows: number;
  width: number;
  index: Int32Array;
  value: Float64Array;
}

/** Minimal view of a column for design building: its name and data. */
export interface DesignColumn {
  name: string;
  data: ColumnData;
}

function columnsOf(table: Table, names: readonly string[]): ColumnData[] {
  return names.map((n) => {
    const c = table.columns.find((col) => col.spec.name === n);
    if (!c) throw new Error(`design: column ${n} not in table`);
    return c.data;
  });
}

/**
 * Builds a design from the fitting tables (levels and standardisation taken over all of them):
 * numeric/date columns standardised by their mean and sd, with a missing indicator when any
 * value is missing; categorical columns one-hot against the most frequent level, rare levels
 * (and levels beyond `maxLevels`) merged into one "other" term, missing as its own level.
 */
export function fitDesign(tables: readonly Table[], columns: readonly string[], options: DesignOptions): Design {
  const terms = ['(intercept)'];
  const encoders: Encoder[] = [];
  const dropped: { column: string; reason: string }[] = [];
  const datas = tables.map((t) => columnsOf(t, columns));
  columns.forEach((name, ci) => {
    const parts = datas.map((d) => d[ci]);
    const first = parts[0];
    if (first.kind === 'number') {
      let n = 0;
      let s = 0;
      let missing = 0;
      for (const p of parts) {
        const v = (p as { values: Float64Array }).values;
        for (let i = 0; i < v.length; i++) {
          if (Number.isNaN(v[i])) missing++;
          else {
            s += v[i];
            n++;
          }
        }
      }
      const m = n > 0 ? s / n : 0;
      let ss = 0;
      for (const p of parts) {
        const v = (p as { values: Float64Array }).values;
        for (let i = 0; i < v.length; i++) if (!Number.isNaN(v[i])) ss += (v[i] - m) * (v[i] - m);
      }
      const sd = n > 1 ? Math.sqrt(ss / (n - 1)) : 0;
      if (!(sd > 0) && missing === 0) {
        dropped.push({ column: name, reason: 'constant' });
        return;
      }
      const term = sd > 0 ? terms.push(name) - 1 : -1;
      const missingTerm = missing > 0 && n > 0 ? terms.push(`${name}=(missing)`) - 1 : -1;
      encoders.push({ kind: 'number', column: name, mean: m, sd: sd > 0 ? sd : 1, term, missingTerm });
    } else if (first.kind === 'category') {
      const counts = new Map<string, number>();
      let missing = 0;
      for (const p of parts) {
        const c = p as { codes: Int32Array; categories: string[] };
        const local = new Float64Array(c.categories.length);
        for (let i = 0; i < c.codes.length; i++) {
          if (c.codes[i] < 0) missing++;
          else local[c.codes[i]]++;
        }
        c.categories.forEach((cat, k) => {
          if (local[k] > 0) counts.set(cat, (counts.get(cat) ?? 0) + local[k]);
        });
      }
      const MISSING = '\u0000missing';
      if (missing > 0) counts.set(MISSING, missing);
      const ranked = [...counts.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
      if (ranked.length < 2) {
        dropped.push({ column: name, reason: 'a single level' });
        return;
      }
      const reference = ranked[0][0];
      const levelTerm = new Map<string, number>();
      levelTerm.set(reference, -1);
      let merged = 0;
      let missingTerm = -1;
      for (let k = 1; k < ranked.length; k++) {
        const [cat, count] = ranked[k];
        if (count < options.minLevelCount || k > options.maxLevels) {
          merged++;
          continue;
        }
        const t = terms.push(cat === MISSING ? `${name}=(missing)` : `${name}=${cat}`) - 1;
        if (cat === MISSING) missingTerm = t;
        else levelTerm.set(cat, t);
      }
      const otherTerm = merged > 0 ? terms.push(`${name}=(other)`) - 1 : -1;
      // A merged "missing" level goes to the other term; a reference "missing" level to the reference.
      if (missing > 0 && missingTerm === -1 && reference !== MISSING) missingTerm = otherTerm;
      encoders.push({ kind: 'category', column: name, levelTerm, otherTerm, missingTerm, reference: reference === MISSING ? '(missing)' : reference });
    } else {
      dropped.push({ column: name, reason: 'text or identifier' });
    }
  });
  return { terms, encoders, dropped };
}

/** Encodes a table's rows with a design (levels unknown to the design go to its "other" term, else the reference). */
export function encodeRows(design: Design, table: Table): SparseRows {
  const names = design.encoders.map((e) => e.column);
  const datas = columnsOf(table, names);
  let width = 1;
  for (const e of design.encoders) width += e.kind === 'number' ? 2 : 1;
  const rows = table.rowCount;
  const index = new Int32Array(rows * width).fill(-1);
  const value = new Float64Array(rows * width);
  for (let i = 0; i < rows; i++) {
    index[i * width] = 0;
    value[i * width] = 1;
  }
  let slot = 1;
  design.encoders.forEach((e, k) => {
    const data = datas[k];
    if (e.kind === 'number') {
      if (data.kind !== 'number') throw new Error(`design: column ${e.column} is not numeric`);
      const v = data.values;
      for (let i = 0; i < rows; i++) {
        const base = i * width + slot;
        const x = v[i];
        if (Number.isNaN(x)) {
          if (e.missingTerm >= 0) {
            index[base + 1] = e.missingTerm;
            value[base + 1] = 1;
          }
        } else if (e.term >= 0) {
          index[base] = e.term;
          value[base] = (x - e.mean) / e.sd;
        }
      }
      slot += 2;
    } else {
      if (data.kind !== 'category') throw new Error(`design: column ${e.column} is not categorical`);
      const map = new Int32Array(data.categories.length);
      data.categories.forEach((cat, c) => {
        const t = e.levelTerm.get(cat);
        map[c] = t === undefined ? e.otherTerm : t;
      });
      const missingTerm = e.missingTerm;
      const codes = data.codes;
      for (let i = 0; i < rows; i++) {
        const c = codes[i];
        const t = c < 0 ? missingTerm : map[c];
        if (t >= 0) {
          index[i * width + slot] = t;
          value[i * width + slot] = 1;
        }
      }
      slot += 1;
    }
  });
  return { rows, width, index, value };
}

/** Stacks two encoded row sets (same design). */
export function stackRows(a: SparseRows, b: SparseRows): SparseRows {
  if (a.width !== b.width) throw new Error('stackRows: widths differ');
  const index = new Int32Array(a.index.length + b.index.length);
  index.set(a.index);
  index.set(b.index, a.index.length);
  const value = new Float64Array(a.value.length + b.value.length);
  value.set(a.value);
  value.set(b.value, a.value.length);
  return { rows: a.rows + b.rows, width: a.width, index, value };
}

/** Linear predictor x_i·β for every row. */
export function linearPredictor(x: SparseRows, beta: Float64Array): Float64Array {
  const out = new Float64Array(x.rows);
  const { width, index, value } = x;
  for (let i = 0; i < x.rows; i++) {
    let s = 0;
    const base = i * width;
    for (let k = 0; k < width; k++) {
      const t = index[base + k];
      if (t >= 0) s += value[base + k] * beta[t];
    }
    out[i] = s;
  }
  return out;
}

/** How many rows have a non-zero in each term (terms with none cannot be estimated). */
export function termSupport(x: SparseRows, terms: number): Float64Array {
  const out = new Float64Array(terms);
  for (let i = 0; i < x.index.length; i++) {
    const t = x.index[i];
    if (t >= 0 && x.value[i] !== 0) out[t]++;
  }
  return out;
}
