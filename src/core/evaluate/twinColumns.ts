import type { ColumnSpec } from '../schema';

/**
 * How the columns of a synthetic file line up with the real data's: by exact name, else by a
 * spelling other tools give the same name (R's `make.names` turns `education-num` into
 * `education.num` and `1st` into `X1st`; case and punctuation differ) when exactly one file
 * column has it. Order never matters.
 */
export interface TwinColumnMatch {
  /** Real column name → the synthetic file's column name that holds it. */
  fileColumnOf: Map<string, string>;
  /** Real columns found under another spelling, in the real column order. */
  renamed: { column: string; fileColumn: string }[];
  /** Real columns the synthetic file does not have, in the real column order. */
  missing: string[];
  /** Synthetic-file columns matching no real column, in file order. */
  extra: string[];
  /** Whether the matched columns come in another order than the real data's. */
  reordered: boolean;
}

/** A column name without case, punctuation or spaces: `education-num`, `education.num` and `Education_Num` agree. */
function looseName(name: string): string {
  return name.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
}

/** The loose forms a tool may have made of `name` (R prefixes `X` to a name not starting with a letter). */
function looseForms(name: string): string[] {
  const loose = looseName(name);
  return /^\p{L}/u.test(name) ? [loose] : [loose, 'x' + loose];
}

/**
 * Matches the synthetic file's columns to the real columns (`specs`, in real order).
 * @example matchTwinColumns([{ name: 'education-num', … }], ['education.num']).renamed // => [{ column: 'education-num', fileColumn: 'education.num' }]
 */
export function matchTwinColumns(specs: readonly ColumnSpec[], fileColumns: readonly string[]): TwinColumnMatch {
  const fileColumnOf = new Map<string, string>();
  const taken = new Set<string>();
  const fileSet = new Set(fileColumns);
  for (const s of specs) {
    if (fileSet.has(s.name)) { fileColumnOf.set(s.name, s.name); taken.add(s.name); }
  }
  // File columns not matched exactly, by loose form; a form shared by two of them matches neither.
  const byLoose = new Map<string, string | null>();
  for (const f of fileColumns) {
    if (taken.has(f)) continue;
    const key = looseName(f);
    byLoose.set(key, byLoose.has(key) ? null : f);
  }
  const renamed: { column: string; fileColumn: string }[] = [];
  const missing: string[] = [];
  for (const s of specs) {
    if (fileColumnOf.has(s.name)) continue;
    const candidates = looseForms(s.name).map((k) => byLoose.get(k)).filter((f): f is string => typeof f === 'string' && !taken.has(f));
    const unique = [...new Set(candidates)];
    if (unique.length === 1) {
      fileColumnOf.set(s.name, unique[0]);
      taken.add(unique[0]);
      renamed.push({ column: s.name, fileColumn: unique[0] });
    } else {
      missing.push(s.name);
    }
  }
  const extra = fileColumns.filter((f) => !taken.has(f));
  const position = new Map(fileColumns.map((f, i) => [f, i] as const));
  const order = specs.flatMap((s) => { const f = fileColumnOf.get(s.name); return f === undefined ? [] : [position.get(f)!]; });
  const reordered = order.some((p, i) => i > 0 && p < order[i - 1]);
  return { fileColumnOf, renamed, missing, extra, reordered };
}
