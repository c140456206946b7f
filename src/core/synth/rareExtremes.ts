import type { JobContext } from '../context';
import { throwIfAborted } from '../errors';
import { DEFAULT_MISSING_TOKENS, isMissing, missingTokenSet, parseValue } from '../format';
import type { DatasetSource } from '../io/types';
import type { Metadata, NumberMetadataColumn } from '../metadata';
import { specOfColumn } from './columns';
import { valueStepOf } from './marginals';
import type { RareExtremes } from './tails';

/**
 * The rare extremes of the records a twin is made from and of the whole file (a held-out
 * person's extreme is a real extreme too): one pass over each (one when nothing is held out).
 */
export async function rareExtremesOfSplit(training: DatasetSource, whole: DatasetSource | undefined, metadata: Metadata, missingTokens: readonly string[] | null | undefined, ctx: JobContext = {}): Promise<{ rare: RareExtremes; bounds: Map<string, { lower: number; upper: number; step: number }> }> {
  const own = await rareExtremesOf(training, metadata, missingTokens, ctx);
  if (!whole || whole === training) return own;
  const all = await rareExtremesOf(whole, metadata, missingTokens, ctx);
  for (const [name, few] of all.rare) {
    const set = own.rare.get(name);
    if (set) for (const v of few) set.add(v);
    else own.rare.set(name, few);
  }
  return own;
}

/**
 * One pass over the real records (inside the TRE) for the values beyond each tailed column's
 * published bounds that fewer than k persons hold (rows when the metadata names no person key):
 * the values a twin's tail must not emit (tails.ts, avoidRareExtremes). Never written anywhere.
 */
export async function rareExtremesOf(source: DatasetSource, metadata: Metadata, missingTokens: readonly string[] | null | undefined, ctx: JobContext = {}): Promise<{ rare: RareExtremes; bounds: Map<string, { lower: number; upper: number; step: number }> }> {
  const k = metadata.disclosure?.threshold ?? 10;
  const tokens = missingTokenSet([...(missingTokens ?? DEFAULT_MISSING_TOKENS)]);
  const index = new Map(source.columnNames.map((n, i) => [n, i] as const));
  const keyAt = metadata.dataset.personKey !== undefined ? index.get(metadata.dataset.personKey) : undefined;
  const cols = metadata.columns
    .filter((c): c is NumberMetadataColumn => (c.type === 'numeric' || c.type === 'integer') && !c.excluded && (c as NumberMetadataColumn).tails !== undefined && index.has(c.name))
    .map((c) => ({ meta: c, spec: specOfColumn(c), at: index.get(c.name)!, holders: new Map<number, Set<string>>() }));
  const rare: RareExtremes = new Map();
  const bounds = new Map<string, { lower: number; upper: number; step: number }>();
  if (!cols.length) return { rare, bounds };
  let row = 0;
  for await (const batch of source.batches(ctx)) {
    throwIfAborted(ctx.signal);
    for (const r of batch.rows) {
      row++;
      const person = keyAt !== undefined ? String(r[keyAt] ?? `\u0000${row}`) : String(row);
      for (const c of cols) {
        const raw = r[c.at] ?? null;
        if (raw === null || isMissing(raw, tokens)) continue;
        const x = parseValue(raw, c.spec);
        if (typeof x !== 'number' || !(x < c.meta.bounds.lower || x > c.meta.bounds.upper)) continue;
        let set = c.holders.get(x);
        if (!set) c.holders.set(x, (set = new Set()));
        if (set.size < k) set.add(person);
      }
    }
  }
  for (const c of cols) {
    const few = new Set<number>();
    for (const [v, set] of c.holders) if (set.size < k) few.add(v);
    rare.set(c.meta.name, few);
    bounds.set(c.meta.name, { ...c.meta.bounds, step: valueStepOf(c.meta) });
  }
  return { rare, bounds };
}
