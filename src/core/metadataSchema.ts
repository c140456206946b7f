import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import schema from '../../docs/metadata.schema.json';
import { inputError } from './errors';
import { t } from './l10n';
import type { Metadata } from './metadata';

/**
 * metadata.json checked on read against its JSON Schema (docs/metadata.schema.json, which also
 * documents the format), then for what a schema cannot say: bounds in order, quantile and
 * histogram lists of matching lengths and ascending. Every problem is one line naming the
 * field, e.g. `columns[3].missing: must be ≤ 1`. Work is linear in the size of the file.
 */

let compiled: ValidateFunction | null = null;

function validator(): ValidateFunction {
  // Compiled once, on first use: most commands never read a metadata file.
  compiled ??= new Ajv({ allErrors: false, strict: false }).compile(schema);
  return compiled;
}

/** `/columns/3/missing` → `columns[3].missing`. */
function fieldOf(instancePath: string, extra?: string): string {
  const parts = instancePath.split('/').slice(1).map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  if (extra !== undefined) parts.push(extra);
  let out = '';
  for (const p of parts) out += /^\d+$/.test(p) ? `[${p}]` : out === '' ? p : `.${p}`;
  return out || t('the file');
}

/** One ajv error in words: the field it names and what is wrong. */
function describe(e: ErrorObject): string {
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'required': return t('{0}: is required', fieldOf(e.instancePath, String(p.missingProperty)));
    case 'enum': return t('{0}: must be one of {1}', fieldOf(e.instancePath), (p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', '));
    case 'const': return t('{0}: must be {1}', fieldOf(e.instancePath), JSON.stringify(p.allowedValue));
    case 'minimum': return t('{0}: must be ≥ {1}', fieldOf(e.instancePath), String(p.limit));
    case 'maximum': return t('{0}: must be ≤ {1}', fieldOf(e.instancePath), String(p.limit));
    case 'minItems': return p.limit === 1 ? t('{0}: must have at least 1 item', fieldOf(e.instancePath)) : t('{0}: must have at least {1} items', fieldOf(e.instancePath), String(p.limit));
    case 'pattern': return t('{0}: must be a number or an ISO 8601 date (2021-03-01) or UTC datetime (2021-03-01T09:30:00Z)', fieldOf(e.instancePath));
    // JSON type names (string, number…) are the schema's own words: kept, joined in the reader's language.
    case 'type': return t('{0}: must be {1}', fieldOf(e.instancePath), String(p.type).split(',').reduce((a, b) => t('{0} or {1}', a, b)));
    // ajv's own message for a keyword the schema rarely uses: English from the library.
    default: return `${fieldOf(e.instancePath)}: ${e.message ?? t('is not valid')}`;
  }
}

/** The column a field path is in, for the error's `column`. */
function columnOf(json: unknown, instancePath: string): string | undefined {
  const m = /^\/columns\/(\d+)(\/|$)/.exec(instancePath);
  if (!m) return undefined;
  const c = (json as { columns?: { name?: unknown }[] }).columns?.[Number(m[1])];
  return typeof c?.name === 'string' ? c.name : undefined;
}

/**
 * Validates parsed metadata.json (readable form) against the schema.
 * @throws inputError naming the file, the column when there is one, and the field.
 */
export function validateMetadataJson(json: unknown, file: string, what = 'metadata'): void {
  const validate = validator();
  if (validate(json)) return;
  const errors = validate.errors ?? [];
  // The innermost error says most; ajv's summary of an `if`/`then` adds nothing to it.
  const e = errors.find((x) => x.keyword !== 'if') ?? errors[0];
  if (!e) throw inputError(t('malformed {0}', what), { file });
  const column = columnOf(json, e.instancePath);
  throw inputError(t('malformed {0}: {1}', what, describe(e)), { file, ...(column !== undefined ? { column } : {}) });
}

/**
 * What the schema cannot say, on metadata in memory form (dates as epoch ms): bounds in order,
 * quantiles and histograms well formed, category values distinct.
 * @throws inputError naming the file, column and field.
 */
export function checkMetadataValues(m: Metadata, file: string, what = 'metadata'): void {
  const fail = (i: number, field: string, problem: string): never => {
    throw inputError(t('malformed {0}: columns[{1}].{2}: {3}', what, i, field, problem), { file, column: m.columns[i].name });
  };
  const ascending = (i: number, field: string, values: unknown[], strict: boolean): void => {
    for (let k = 0; k < values.length; k++) {
      const v = values[k];
      if (typeof v !== 'number' || !Number.isFinite(v)) fail(i, `${field}[${k}]`, t('must be a number or an ISO 8601 date or datetime'));
      if (k > 0 && (strict ? (v as number) <= (values[k - 1] as number) : (v as number) < (values[k - 1] as number))) fail(i, field, strict ? t('must be in strictly ascending order (item {0})', k) : t('must be in ascending order (item {0})', k));
    }
  };
  const names = new Set<string>();
  m.columns.forEach((c, i) => {
    if (names.has(c.name)) fail(i, 'name', t('duplicate column name {0}', JSON.stringify(c.name)));
    names.add(c.name);
    // A released stub of an excluded column (name, type, format) has no figures to check.
    if (c.excluded === true && !('missing' in c)) return;
    if (c.type === 'numeric' || c.type === 'integer' || c.type === 'date' || c.type === 'datetime') {
      const { lower, upper } = c.bounds;
      if (typeof lower !== 'number' || !Number.isFinite(lower)) fail(i, 'bounds.lower', t('must be a number or an ISO 8601 date or datetime'));
      if (typeof upper !== 'number' || !Number.isFinite(upper)) fail(i, 'bounds.upper', t('must be a number or an ISO 8601 date or datetime'));
      if (lower > upper) fail(i, 'bounds', t('lower must be ≤ upper'));
      if (c.quantiles.p.length !== c.quantiles.values.length) fail(i, 'quantiles', t('p and values must have the same length'));
      ascending(i, 'quantiles.p', c.quantiles.p, false);
      ascending(i, 'quantiles.values', c.quantiles.values, false);
      if (c.histogram) {
        ascending(i, 'histogram.edges', c.histogram.edges, false);
        if (c.histogram.counts.length !== Math.max(0, c.histogram.edges.length - 1)) fail(i, 'histogram', t('must have one count per bin (one fewer than edges)'));
      }
      if (c.mean !== undefined && (typeof c.mean !== 'number' || !Number.isFinite(c.mean))) fail(i, 'mean', t('must be a number or an ISO 8601 date or datetime'));
    } else if (c.type === 'categorical' || c.type === 'boolean') {
      // A Set of the values: linear in their number (a million categories check in well under a second).
      const seen = new Set<string>();
      c.categories.forEach((cat, k) => {
        if (seen.has(cat.value)) fail(i, `categories[${k}].value`, t('duplicate category'));
        seen.add(cat.value);
      });
    } else if (c.type === 'text' || c.type === 'identifier') {
      if (c.length.quantiles.p.length !== c.length.quantiles.values.length) fail(i, 'length.quantiles', t('p and values must have the same length'));
    }
  });
}
