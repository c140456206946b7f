import { apparentDateRange, apparentRange } from '../disclosure/coarsen';
import { NATURAL_RANGE_LIMITS } from '../recordRules';
import { extremesOf, isNumberLike, personsBetween, type RealFacts } from './realFacts';
import type { AuditFinding } from './types';
import { decimalsOf, type JsonSite } from './walkJson';

/** Keys whose numbers are counts of records or persons. */
const COUNT_KEY = /^(count|counts|n|frequency|freq|frequencies|records|persons|support|cells?)$|Counts?$/;
/** Keys whose numbers are values on a column's own scale (bounds, quantiles, bin edges). */
const VALUE_KEY = /^(lower|upper|min|max|minimum|maximum|low|high|lo|hi|edges|values|value|median|mode|quantiles?|bounds|range|start|end|q\d+|p\d+)$/i;
/** Keys whose numbers are the dataset's row count. */
const ROWS_KEY = /^(rows|records|total|n|count)$/i;
/** Keys whose numbers are missing shares or counts. */
const MISSING_KEY = /^missing(Share|Fraction|Rate|Count)?$/i;
/** Keys under which figures describe the twin, not the real data. */
const TWIN_KEY = /^(synthetic|twin|syn)$/i;

/**
 * Checks one number of a JSON file: a count below k persons (small cell), a value on a column's
 * scale that fewer than k persons hold at its published precision (rare number; an exact extreme
 * when it is the column's minimum or maximum), the exact row count or an exact missing count
 * (derivable: DESIGN.md publishes counts rounded), and the source's exact byte size.
 */
export function checkJsonNumber(x: number, site: JsonSite, file: string, facts: RealFacts, out: AuditFinding[]): void {
  const key = figureKey(site);
  const where = site.path;
  const col = site.column !== null ? facts.columns.get(site.column) : undefined;
  const column = site.column !== null ? { column: site.column } : {};
  // The recipe's `output` fingerprint is the twin file's own size, which can equal the source's by chance.
  if (/bytes|size/i.test(key) && x === facts.fingerprint.bytes && !site.keys.some((k) => k === 'output' || TWIN_KEY.test(k))) {
    out.push({ check: 'fingerprint', severity: 'fail', file, where, message: 'the exact byte size of the real data file (with the other figures, a test of guessed records)' });
    return;
  }
  if (site.keys.some((k) => TWIN_KEY.test(k))) return;
  const k = facts.k;
  if (col && MISSING_KEY.test(key)) {
    checkMissing(x, key, col.missingRows, facts, file, where, site.column!, out);
    return;
  }
  if (COUNT_KEY.test(key) && Number.isInteger(x)) {
    if (x > 0 && x < k) out.push({ check: 'small-cell', severity: 'fail', file, where, ...column, message: `a count of ${x}, below the threshold k = ${k}` });
    else if (x === 0 && col && Array.isArray(site.parent?.[key])) out.push({ check: 'small-cell', severity: 'warn', file, where, ...column, message: 'a zero cell (zeros disclose as much as small cells unless structural)' });
  }
  if (ROWS_KEY.test(key) && x === facts.rows && facts.rows % facts.rounding !== 0 && !col) {
    out.push({ check: 'derivable', severity: 'fail', file, where, message: `the exact real row count (published counts are rounded to ${facts.rounding}); with rounded figures it lets small groups be derived` });
    return;
  }
  // A natural-range rule's limit (score ≥ 0) says what the measure is, not what anyone holds.
  if (site.parent?.kind === 'range' && (key === 'lower' || key === 'upper') && NATURAL_RANGE_LIMITS.has(x)) return;
  if (col && isNumberLike(col.spec) && VALUE_KEY.test(key) && !site.keys.some((k) => /^(p|probabilities|share|shares|score)$/i.test(k))) {
    const isDate = col.spec.type === 'date' || col.spec.type === 'datetime';
    // An extreme is judged at the digits written (a bound of 90 is the maximum 90) ...
    const [lo, hi] = precisionRange(x, isDate);
    const ext = extremesOf(col)!;
    const which = ext.min >= lo && ext.min <= hi ? 'minimum' : ext.max >= lo && ext.max <= hi ? 'maximum' : null;
    if (which !== null) {
      const held = personsBetween(col, lo, hi);
      if (held > 0 && held < k) out.push({ check: 'exact-extreme', severity: 'fail', file, where, ...column, message: `the real ${which} at the published precision, held by fewer than ${k} persons` });
      return;
    }
    // ... any other value on the grid its written form suggests (35 reads as 32.5–37.5, 40 as 35–45;
    // 2014-03-01 as March 2014, 2010-01-01 as 2010–2019). A grid cell is half-open, [lo, hi): the
    // publisher counts it the same way (core/disclosure/coarsen). A date that is not midnight is an instant.
    const [alo, ahi] = isDate ? apparentDateRange(x) : gridRange(x);
    const held = personsBetween(col, alo, ahi, alo < ahi);
    if (held > 0 && held < k) out.push({ check: 'rare-number', severity: 'fail', file, where, ...column, message: `a value held by fewer than ${k} persons at the published precision` });
  }
}

/** A missing share or count from which the exact number of missing values follows. */
function checkMissing(x: number, key: string, missing: number, facts: RealFacts, file: string, where: string, column: string, out: AuditFinding[]): void {
  if (missing === 0 || missing % facts.rounding === 0) return;
  let exact: boolean;
  if (/count/i.test(key) || x > 1) exact = x === missing;
  else {
    // The share pins the count when only one whole number of rows fits its published precision.
    const eps = 0.5 * 10 ** -decimalsOf(x);
    const lo = Math.ceil((x - eps) * facts.rows - 1e-9);
    const hi = Math.floor((x + eps) * facts.rows + 1e-9);
    exact = lo === hi && lo === missing;
  }
  if (exact) out.push({ check: 'derivable', severity: 'fail', file, where, column, message: `gives the exact number of missing values of ${JSON.stringify(column)} (published counts are rounded to ${facts.rounding})` });
}

/**
 * The values a published number stands for at its precision: ±half a unit of its last decimal;
 * for dates (epoch ms) the month or day it names when it falls on the first instant of one.
 */
export function precisionRange(x: number, isDate: boolean): [number, number] {
  if (isDate && Number.isInteger(x)) {
    const d = new Date(x);
    const midnight = d.getUTCHours() === 0 && d.getUTCMinutes() === 0 && d.getUTCSeconds() === 0 && d.getUTCMilliseconds() === 0;
    if (midnight && d.getUTCDate() === 1) return [x, Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1) - 1];
    if (midnight) return [x, x + 86_400_000 - 1];
    return [x, x];
  }
  const d = decimalsOf(x);
  if (d >= 15) return [x, x];
  const half = 0.5 * 10 ** -d;
  return [x - half + 1e-12 * Math.abs(x), x + half - 1e-12 * Math.abs(x)];
}

/** What a figure is: its key, or its parent's when the key only says whose it is (`median.real`). */
function figureKey(site: JsonSite): string {
  const n = site.keys.length;
  if (n >= 2 && /^(real|training|train|holdout|test)$/i.test(site.keys[n - 1])) return site.keys[n - 2];
  return site.key ?? '';
}

/** The cell a published number's digits suggest (one rule with the publisher: core/disclosure/coarsen). */
export const gridRange = apparentRange;
