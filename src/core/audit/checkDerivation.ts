import { pinsLeftOutTotal, subtractionBand } from '../disclosure/derivation';
import type { RealFacts } from './realFacts';
import type { AuditFinding } from './types';
import type { JsonSite, JsonValue } from './walkJson';

type JsonObject = { [key: string]: JsonValue };

/**
 * Secondary suppression: a column's published category counts (rounded), beside a published
 * row count and missing share, give the size of the categories left out (suppressed or dropped)
 * by subtraction. When that group holds fewer than k rows and an attacker who knows the rounding
 * can pin it to a band narrower than k/2 (and the subtraction lands within k/2 of its true size),
 * the suppressed figure can be derived: a failure.
 * Looks for any object that publishes `categories: [{value, count}]` (and maybe `other: {count}`)
 * about a real column, with the row count taken from the document's own `dataset.rows`.
 */
export function checkCategoryDerivation(obj: JsonObject, site: JsonSite, file: string, root: JsonValue, facts: RealFacts, out: AuditFinding[]): void {
  const col = site.column !== null ? facts.columns.get(site.column) : undefined;
  const cats = obj.categories;
  if (!col?.values || !Array.isArray(cats)) return;
  const published = cats.filter((c): c is JsonObject => typeof c === 'object' && c !== null && !Array.isArray(c) && typeof c.value === 'string' && typeof c.count === 'number');
  if (published.length === 0) return;
  const other = obj.other as JsonObject | undefined;
  const otherCount = other && typeof other.count === 'number' ? other.count : null;
  const listed = new Set(published.map((c) => c.value as string));
  let nonMissing = 0;
  let listedTrue = 0;
  for (const [value, n] of col.values) {
    nonMissing += n;
    if (listed.has(value)) listedTrue += n;
  }
  // Persons are capped at k per value; the subtraction is exact for row-level data.
  if (facts.personKey !== null) return;
  // A published `other` count covers every category left out: nothing is hidden then.
  const hidden = otherCount !== null ? 0 : nonMissing - listedTrue;
  if (hidden <= 0 || hidden >= facts.k) return;
  const rows = publishedRows(root);
  if (rows === null) return;
  const missingShare = typeof obj.missing === 'number' ? obj.missing : 0;
  const estimate = rows * (1 - missingShare) - published.reduce((s, c) => s + (c.count as number), 0) - (otherCount ?? 0);
  const error = Math.abs(estimate - hidden);
  // The publisher's rule (disclosure/derivation), and the estimate does land within k/2. A column
  // whose category counts were rounded more coarsely says so (`countRounding`).
  const countRounding = typeof obj.countRounding === 'number' && obj.countRounding > 0 ? obj.countRounding : facts.rounding;
  const parts = [
    { terms: published.length + (otherCount !== null ? 1 : 0), rounding: countRounding },
    { terms: 1 + (missingShare > 0 ? 1 : 0), rounding: facts.rounding },
  ];
  const band = subtractionBand(parts);
  if (pinsLeftOutTotal(parts, facts.k) && error < facts.k / 2) {
    out.push({
      check: 'derivable', severity: 'fail', file, where: `${site.path}.categories`, column: site.column!,
      message: `the published row count and missing share minus these rounded counts give the suppressed categories' total to within ±${Math.max(1, Math.ceil(band))} (it is below k = ${facts.k})`,
    });
  }
}

/** The row count a document publishes (`dataset.rows`, or `metadata.dataset.rows` in a recipe). */
function publishedRows(root: JsonValue): number | null {
  const get = (o: JsonValue, ...keys: string[]): JsonValue | undefined => {
    let at: JsonValue | undefined = o;
    for (const key of keys) at = at && typeof at === 'object' && !Array.isArray(at) ? at[key] : undefined;
    return at;
  };
  const rows = get(root, 'dataset', 'rows') ?? get(root, 'metadata', 'dataset', 'rows');
  return typeof rows === 'number' ? rows : null;
}
