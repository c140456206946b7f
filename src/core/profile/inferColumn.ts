import type { ColumnSpec, ColumnType, ValueFormat } from '../schema';
import type { ColumnAccumulator } from './columnAccumulator';
import { DATE_FIRST_OVER_12, DATE_SECOND_OVER_12, datePatternOf } from './classifyValue';
import { detectCodeSystem } from './codes';
import {
  IDENTIFIER_PATTERNS, type IdentifierPattern, isUkPostcodeDistrict, isValidNhsNumber, matchesIdentifier, shapeOf,
} from './patterns';

/** Share of (sampled) values an identifier pattern or a shape must cover. */
export const PATTERN_SHARE = 0.9;
/** distinct / non-missing at or above which a non-numeric column is near-unique. */
export const NEAR_UNIQUE = 0.95;

const BOOLEAN_TRUE = new Set(['1', 'true', 'yes', 'y', 't']);
const BOOLEAN_FALSE = new Set(['0', 'false', 'no', 'n', 'f']);

export interface Inference {
  spec: ColumnSpec;
  reason: string;
  /** For numeric d/m/y dates: whether the month-first reading was chosen. */
  monthFirst: boolean;
  identifier?: { pattern: IdentifierPattern; share: number; checkDigitValidShare?: number };
  /** Shape share in the sample, and the set of shapes when several together cover the values. */
  shapes: { dominant?: string; set?: string[] };
  /** Share of sampled values that are outward postcodes only (`EC3N`). */
  postcodeDistrictShare: number;
}

/** The distinct values of a sample with how often each occurs (a column's sample repeats most of its values). */
function tally(sample: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const v of sample) counts.set(v, (counts.get(v) ?? 0) + 1);
  return counts;
}

/** The best identifier pattern in a sample, with its share (and the NHS check-digit share). */
export function matchIdentifierPatterns(sample: readonly string[]): { pattern: IdentifierPattern; share: number; checkDigitValidShare?: number } | undefined {
  if (sample.length === 0) return undefined;
  // Each distinct value is tested once and counted as often as it occurs.
  const distinct = tally(sample);
  let best: { pattern: IdentifierPattern; share: number } | undefined;
  for (const pattern of IDENTIFIER_PATTERNS) {
    let hits = 0;
    // Ten plain digits count as an NHS number only with a valid check digit; 3-3-4 grouping counts by itself.
    if (pattern === 'nhs-number') {
      for (const [v, n] of distinct) if (matchesIdentifier(pattern, v) && (v.trim().length > 10 || isValidNhsNumber(v))) hits += n;
    } else {
      for (const [v, n] of distinct) if (matchesIdentifier(pattern, v)) hits += n;
    }
    const share = hits / sample.length;
    if (share >= PATTERN_SHARE && (!best || share > best.share)) best = { pattern, share };
  }
  if (!best) return undefined;
  if (best.pattern === 'nhs-number') {
    let valid = 0;
    for (const [v, n] of distinct) if (isValidNhsNumber(v)) valid += n;
    return { ...best, checkDigitValidShare: valid / sample.length };
  }
  return best;
}

/** The shape covering ≥ 90% of a sample, or else up to 8 shapes that together do. */
export function shapesOf(sample: readonly string[]): { dominant?: string; set?: string[] } {
  if (sample.length === 0) return {};
  const counts = new Map<string, number>();
  for (const [v, n] of tally(sample)) {
    if (v.length > 40) return {};
    const s = shapeOf(v);
    counts.set(s, (counts.get(s) ?? 0) + n);
  }
  const sorted = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  if (sorted[0][1] >= PATTERN_SHARE * sample.length) return { dominant: sorted[0][0] };
  const set: string[] = [];
  let covered = 0;
  for (const [shape, n] of sorted) {
    if (set.length >= 8) break;
    set.push(shape);
    covered += n;
    if (covered >= PATTERN_SHARE * sample.length) return { set: set.sort() };
  }
  return {};
}

function hasDigit(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) return true;
  }
  return false;
}

/**
 * Decides a column's type and format from the evidence of the pass.
 * Rules, in order: typed (Parquet/Arrow) values map directly; exactly two distinct values that are
 * boolean tokens (1/0, true/false, yes/no, y/n, t/f, any case) → boolean; every value a date in one
 * pattern → date/datetime; every value a number without leading zeros → integer or numeric; an identifier
 * pattern (NHS number, postcode, NI number, email, phone, UUID) in ≥ 90% of sampled values → identifier;
 * near-unique (distinct/non-missing ≥ 0.95) values without spaces → identifier; long, spaced, mostly
 * distinct values, or near-unique values with spaces → text; otherwise categorical.
 */
export function inferColumn(acc: ColumnAccumulator): Inference {
  const name = acc.name;
  const n = acc.nonMissing;
  const distinct = acc.distinct();
  const spec = (type: ColumnType, format: ValueFormat): ColumnSpec => ({ name, type, format });
  const base = { monthFirst: false, shapes: {}, postcodeDistrictShare: 0 };

  if (n === 0) {
    return { ...base, spec: spec('categorical', { kind: 'string' }), reason: 'every value is missing' };
  }

  // Typed sources.
  const typed = acc.typedNumbers + acc.typedBigints + acc.typedBooleans + acc.typedDates;
  if (typed === n) {
    if (acc.typedBooleans === n) {
      return { ...base, spec: spec('boolean', { kind: 'boolean', trueToken: 'true', falseToken: 'false' }), reason: 'typed boolean values' };
    }
    if (acc.typedDates === n) {
      return acc.typedDatesWithTime > 0
        ? { ...base, spec: spec('datetime', { kind: 'datetime', pattern: "yyyy-MM-dd'T'HH:mm:ss.SSS'Z'" }), reason: 'typed timestamps' }
        : { ...base, spec: spec('date', { kind: 'date', pattern: 'yyyy-MM-dd' }), reason: 'typed dates' };
    }
    if (acc.typedNumbers + acc.typedBigints === n) {
      return acc.typedNonIntegers === 0
        ? { ...base, spec: spec('integer', { kind: 'integer', thousands: false }), reason: 'typed whole numbers' }
        : { ...base, spec: spec('numeric', { kind: 'number', decimals: null, thousands: false }), reason: 'typed numbers' };
    }
  }

  // Boolean: exactly two distinct tokens, one true-like and one false-like.
  if (distinct.method === 'exact' && distinct.count === 2) {
    const [a, b] = acc.spellings(2);
    const la = a.toLowerCase();
    const lb = b.toLowerCase();
    const trueToken = BOOLEAN_TRUE.has(la) && BOOLEAN_FALSE.has(lb) ? a : BOOLEAN_TRUE.has(lb) && BOOLEAN_FALSE.has(la) ? b : null;
    if (trueToken !== null) {
      const falseToken = trueToken === a ? b : a;
      return {
        ...base,
        spec: spec('boolean', { kind: 'boolean', trueToken, falseToken }),
        reason: `two values ${JSON.stringify(trueToken)}/${JSON.stringify(falseToken)} read as true/false`,
      };
    }
  }

  const sample = acc.sample;

  if (acc.mayBeNumber) {
    if (acc.dates === n && !acc.datePatternMixed && acc.datePatternId >= 0) {
      // Numeric d/m/y: day first (UK) unless some value only reads month first.
      const dayFirstProven = (acc.dateFlags & DATE_FIRST_OVER_12) !== 0;
      const monthFirstProven = (acc.dateFlags & DATE_SECOND_OVER_12) !== 0;
      const monthFirst = !dayFirstProven && monthFirstProven && acc.mdyInvalid === 0;
      const invalid = monthFirst ? acc.mdyInvalid : acc.dmyInvalid;
      if (invalid === 0) {
        const { pattern, hasTime } = datePatternOf(acc.datePatternId, acc.dateFlags, monthFirst);
        const type = hasTime ? 'datetime' : 'date';
        return {
          ...base,
          monthFirst,
          spec: spec(type, { kind: type, pattern }),
          reason: `every value is a ${type} written ${pattern}`,
        };
      }
    }
    const numbers = acc.integers + acc.decimals + acc.scientific;
    if (numbers === n) {
      const thousands = acc.thousands > 0;
      // Ten plain digits that mostly pass the NHS check are NHS numbers, not quantities. Numbers
      // here have no leading zeros, so a column whose largest value is under 10^9 holds none.
      if ((acc.num?.moments.max ?? 0) >= 1e9) {
        const nhs = matchIdentifierPatterns(sample);
        if (nhs?.pattern === 'nhs-number') return identifierResult(acc, nhs, shapesOf(sample), base);
      }
      // Codes written as digits (SNOMED CT 410620009, ICD-9 250.01, a column named CODE): categories, not quantities.
      const system = acc.scientific === 0 && acc.thousands === 0 ? detectCodeSystem(name, sample, true) : null;
      if (system !== null) {
        return {
          ...base,
          spec: spec('categorical', { kind: 'string', code: system }),
          reason: `${system === 'code' ? 'codes' : `${system} codes`} written as digits (${system === 'snomed-ct' ? 'Verhoeff check digits' : 'named as codes'}): categories, not quantities`,
        };
      }
      if (acc.decimals === 0 && acc.scientific === 0) {
        return { ...base, spec: spec('integer', { kind: 'integer', thousands }), reason: 'every value is a whole number' + (thousands ? ' (thousands separators)' : '') };
      }
      const fixed = acc.scientific === 0 && acc.integers === 0 && acc.decimalsMin === acc.decimalsMax;
      const decimals = fixed ? acc.decimalsMax : null;
      return {
        ...base,
        spec: spec('numeric', { kind: 'number', decimals, thousands }),
        reason: fixed ? `every value is a number with ${decimals} decimal places` : 'every value is a number (varying decimal places)',
      };
    }
  }

  const identifier = matchIdentifierPatterns(sample);
  const shapes = shapesOf(sample);
  if (identifier) {
    return identifierResult(acc, identifier, shapes, base);
  }

  let district = 0;
  for (const v of sample) if (isUkPostcodeDistrict(v)) district++;
  const postcodeDistrictShare = sample.length ? district / sample.length : 0;

  const ratio = distinct.count / n;
  let withSpace = 0;
  for (const v of sample) if (v.indexOf(' ') >= 0) withSpace++;
  const spaced = sample.length ? withSpace / sample.length : 0;
  const meanLength = acc.lengthSum / n;
  const stringFormat = (withShape: boolean): ValueFormat => {
    const f: { kind: 'string'; shape?: string; shapes?: string[] } = { kind: 'string' };
    if (withShape && shapes.dominant) f.shape = shapes.dominant;
    return f;
  };
  // Categories carry a shape only when they are codes (one shape, digits in nearly every value), e.g. `007` → `999`.
  let withDigits = 0;
  for (const v of sample) if (hasDigit(v)) withDigits++;
  const codeLike = shapes.dominant !== undefined && withDigits >= PATTERN_SHARE * sample.length;

  if (ratio >= NEAR_UNIQUE && n >= 10 && spaced < 0.05) {
    return {
      ...base, shapes, postcodeDistrictShare,
      spec: spec('identifier', stringFormat(true)),
      reason: `${ratio >= 1 ? 'every value is distinct' : 'values are near-unique'} and code-like (no spaces)`,
    };
  }
  if (spaced >= 0.5 && meanLength >= 15 && (ratio >= 0.5 || acc.overflow)) {
    return { ...base, shapes, postcodeDistrictShare, spec: spec('text', { kind: 'string' }), reason: 'long values with spaces, mostly distinct: free text' };
  }
  if (ratio >= NEAR_UNIQUE && n >= 10) {
    // Near-unique values with spaces (full names, addresses): never a distribution to model.
    return { ...base, shapes, postcodeDistrictShare, spec: spec('text', { kind: 'string' }), reason: 'near-unique values with spaces (names, addresses or notes)' };
  }
  const why = acc.leadingZeros > 0 ? 'codes with leading zeros kept as text' : acc.overflow ? 'many distinct values (high cardinality)' : `${distinct.count} distinct values`;
  const format = stringFormat(codeLike) as Extract<ValueFormat, { kind: 'string' }>;
  const system = postcodeDistrictShare >= PATTERN_SHARE ? 'postcode' : detectCodeSystem(name, sample, false);
  if (system !== null) format.code = system;
  return { ...base, shapes, postcodeDistrictShare, spec: spec('categorical', format), reason: system ? `${why}; ${system === 'code' ? 'codes' : `${system} codes`}` : why };
}

function identifierResult(
  acc: ColumnAccumulator,
  identifier: NonNullable<Inference['identifier']>,
  shapes: Inference['shapes'],
  base: { monthFirst: boolean; postcodeDistrictShare: number },
): Inference {
  const f: { kind: 'string'; shape?: string; shapes?: string[]; checkDigit?: 'nhs-mod11' } = { kind: 'string' };
  if (shapes.dominant) f.shape = shapes.dominant;
  else if (shapes.set && identifier.pattern === 'postcode') f.shapes = shapes.set;
  if (identifier.pattern === 'nhs-number' && (identifier.checkDigitValidShare ?? 0) >= PATTERN_SHARE) f.checkDigit = 'nhs-mod11';
  const pct = Math.round(identifier.share * 100);
  return {
    ...base,
    shapes,
    identifier,
    spec: { name: acc.name, type: 'identifier', format: f },
    reason: `${pct}% of sampled values match the ${identifier.pattern} pattern`,
  };
}
