import type { CategoryMetadataColumn, Metadata } from '../metadata';
import type { CategoryColumnData, Table } from '../schema';
import { twinColumnsOf } from './columns';
import { publishedCategoriesOf } from './marginals';

/**
 * A categorical column that is a function of another in the real rows (a DESCRIPTION of a
 * CODE, a REASONDESCRIPTION of a REASONCODE): in the twin it is set from that column, so a
 * code and its description always agree, as research code that joins on either expects.
 */
export interface DerivedCategory {
  from: string;
  to: string;
  /** Published label of `from` → published label of `to` (null: `to` is missing with it). */
  map: Map<string, string | null>;
  /** `to` when `from` is missing (undefined: not determined). */
  whenMissing?: string | null;
}

/**
 * Pairs of categorical twin columns where every real row with a published value of `from`
 * has one and the same value of `to`, itself published or missing, and so do all rows missing
 * `from`. Each column is derived from at most one other, from the earliest
 * column (in metadata order) that determines it; a derived column never derives another.
 * Only published labels are mapped, so nothing a twin could not already emit appears.
 */
export function findDerivedCategories(metadata: Metadata, table: Table): DerivedCategory[] {
  const columns = twinColumnsOf(metadata)
    .filter((c): c is CategoryMetadataColumn => c.type === 'categorical' || c.type === 'boolean')
    .map((meta) => ({ meta, published: new Set(publishedCategoriesOf(meta)), data: table.columns.find((c) => c.spec.name === meta.name)?.data }))
    .filter((c): c is typeof c & { data: CategoryColumnData } => c.published.size > 0 && c.data?.kind === 'category');
  const derived: DerivedCategory[] = [];
  const isDerived = new Set<string>();
  for (const to of columns) {
    for (const from of columns) {
      if (from === to || isDerived.has(from.meta.name)) continue;
      const d = functionOf(from, to);
      if (!d) continue;
      const both = functionOf(to, from) !== null;
      // One published value determining another is no evidence of a dependency (it may be chance).
      if (!both && [...d.map.values()].filter((v) => v !== null).length < 2) continue;
      // Both ways functional (a code and its one description): the later column follows the earlier.
      if (both && columns.indexOf(from) > columns.indexOf(to) && !isDerived.has(to.meta.name)) continue;
      derived.push(d);
      isDerived.add(to.meta.name);
      break;
    }
  }
  // A column derived from one that is itself derived is set after it.
  const ordered: DerivedCategory[] = [];
  const pending = [...derived];
  while (pending.length) {
    const i = pending.findIndex((d) => !pending.some((e) => e.to === d.from));
    ordered.push(...pending.splice(i < 0 ? 0 : i, 1));
  }
  return ordered;
}

type Column = { meta: { name: string }; published: Set<string>; data: CategoryColumnData };

/** `to` as a function of `from` over the rows with a published `from` (null when it is not one). */
function functionOf(from: Column, to: Column): DerivedCategory | null {
  const UNSET = -3;
  // Per `from` code: the one `to` code seen with it (−1 missing), or −2 when several.
  const seen = new Int32Array(from.data.categories.length + 1).fill(UNSET);
  const missingSlot = from.data.categories.length;
  const fc = from.data.codes, tc = to.data.codes;
  for (let i = 0; i < fc.length; i++) {
    const slot = fc[i] < 0 ? missingSlot : fc[i];
    const t = tc[i] < 0 ? -1 : tc[i];
    if (seen[slot] === UNSET) seen[slot] = t;
    else if (seen[slot] !== t) seen[slot] = -2;
  }
  const map = new Map<string, string | null>();
  const label = (code: number): string | null | undefined => {
    if (code === -1) return null;
    const l = to.data.categories[code];
    return to.published.has(l) ? l : undefined;
  };
  let mapped = 0;
  for (let c = 0; c < from.data.categories.length; c++) {
    if (!from.published.has(from.data.categories[c]) || seen[c] === UNSET) continue;
    if (seen[c] === -2) return null;
    const l = label(seen[c]);
    if (l === undefined) return null;
    map.set(from.data.categories[c], l);
    if (l !== null) mapped++;
  }
  // A column that determines nothing but missingness is no description of it.
  if (mapped === 0) return null;
  const d: DerivedCategory = { from: from.meta.name, to: to.meta.name, map };
  // Rows missing `from` must determine `to` too (a missing code, a missing description), or a
  // twin row missing `from` would pair a drawn `to` with whatever its other columns say.
  if (seen[missingSlot] !== UNSET) {
    const l = seen[missingSlot] === -2 ? undefined : label(seen[missingSlot]);
    if (l === undefined) return null;
    d.whenMissing = l;
  }
  return d;
}

/** Sets each derived column of a made table from its source column, in place. */
export function applyDerivedCategories(table: Table, derived: readonly DerivedCategory[]): void {
  for (const d of derived) {
    const from = table.columns.find((c) => c.spec.name === d.from);
    const to = table.columns.find((c) => c.spec.name === d.to);
    if (!from || !to || from.data.kind !== 'category' || to.data.kind !== 'category') continue;
    const categories = [...to.data.categories];
    const index = new Map(categories.map((c, i) => [c, i]));
    const codeOf = (l: string | null): number => {
      if (l === null) return -1;
      let i = index.get(l);
      if (i === undefined) { i = categories.length; categories.push(l); index.set(l, i); }
      return i;
    };
    // Per source code: the derived code, or −2 (leave the drawn value).
    const byCode = Int32Array.from(from.data.categories, (c) => (d.map.has(c) ? codeOf(d.map.get(c)!) : -2));
    const whenMissing = d.whenMissing === undefined ? -2 : codeOf(d.whenMissing);
    const codes = Int32Array.from(to.data.codes);
    const fc = from.data.codes;
    for (let i = 0; i < codes.length; i++) {
      const v = fc[i] < 0 ? whenMissing : byCode[fc[i]];
      if (v !== -2) codes[i] = v;
    }
    to.data = { kind: 'category', codes, categories };
  }
}
