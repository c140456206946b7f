import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import schema from '../../docs/metadata.schema.json';
import { inputError } from './errors';
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
  return out || 'the file';
}

/** One ajv error in words: the field it names and what is wrong. */
function describe(e: ErrorObject): string {
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'required': return `${fieldOf(e.instancePath, String(p.missingProperty))}: is required`;
    case 'enum': return `${fieldOf(e.instancePath)}: must be one of ${(p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
    case 'const': return `${fieldOf(e.instancePath)}: must be ${JSON.stringify(p.allowedValue)}`;
    case 'minimum': return `${fieldOf(e.instancePath)}: must be ≥ ${String(p.limit)}`;
    case 'maximum': return `${fieldOf(e.instancePath)}: must be ≤ ${String(p.limit)}`;
    case 'minItems': return `${fieldOf(e.instancePath)}: must have at least ${String(p.limit)} item${p.limit === 1 ? '' : 's'}`;
    case 'pattern': return `${fieldOf(e.instancePath)}: must be a number or an ISO 8601 date (2021-03-01) or UTC datetime (2021-03-01T09:30:00Z)`;
    case 'type': return `${fieldOf(e.instancePath)}: must be ${String(p.type).replace(/,/g, ' or ')}`;
    default: return `${fieldOf(e.instancePath)}: ${e.message ?? 'is not valid'}`;
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
  if (!e) throw inputError(`malformed ${what}`, { file });
  const column = columnOf(json, e.instancePath);
  throw inputError(`malformed ${what}: ${describe(e)}`, { file, ...(column !== undefined ? { column } : {}) });
}

/**
 * What the schema cannot say, on metadata in memory form (dates as epoch ms): bounds in order,
 * quantiles and histograms well formed, category values distinct.
 * @throws inputError naming the file, column and field.
 */
export function checkMetadataValues(m: Metadata, file: string, what = 'metadata'): void {
  const fail = (i: number, field: string, problem: string): never => {
    throw inputError(`malformed ${what}: columns[${i}].${field}: ${problem}`, { file, column: m.columns[i].name });
  };
  const ascending = (i: number, field: string, values: unknown[], strict: boolean): void => {
    for (let k = 0; k < values.length; k++) {
      const v = values[k];
      if (typeof v !== 'number' || !Number.isFinite(v)) fail(i, `${field}[${k}]`, 'must be a number or an ISO 8601 date or datetime');
      if (k > 0 && (strict ? (v as number) <= (values[k - 1] as number) : (v as number) < (values[k - 1] as number))) fail(i, field, `must be in ${strict ? 'strictly ' : ''}ascending order (item ${k})`);
    }
  };
  const names = new Set<string>();
  m.columns.forEach((c, i) => {
    if (names.has(c.name)) fail(i, 'name', `duplicate column name ${JSON.stringify(c.name)}`);
    names.add(c.name);
    // A released stub of an excluded column (name, type, format) has no figures to check.
    if (c.excluded === true && !('missing' in c)) return;
    if (c.type === 'numeric' || c.type === 'integer' || c.type === 'date' || c.type === 'datetime') {
      const { lower, upper } = c.bounds;
      if (typeof lower !== 'number' || !Number.isFinite(lower)) fail(i, 'bounds.lower', 'must be a number or an ISO 8601 date or datetime');
      if (typeof upper !== 'number' || !Number.isFinite(upper)) fail(i, 'bounds.upper', 'must be a number or an ISO 8601 date or datetime');
      if (lower > upper) fail(i, 'bounds', 'lower must be ≤ upper');
      if (c.quantiles.p.length !== c.quantiles.values.length) fail(i, 'quantiles', 'p and values must have the same length');
      ascending(i, 'quantiles.p', c.quantiles.p, false);
      ascending(i, 'quantiles.values', c.quantiles.values, false);
      if (c.histogram) {
        ascending(i, 'histogram.edges', c.histogram.edges, false);
        if (c.histogram.counts.length !== Math.max(0, c.histogram.edges.length - 1)) fail(i, 'histogram', 'must have one count per bin (one fewer than edges)');
      }
      if (c.mean !== undefined && (typeof c.mean !== 'number' || !Number.isFinite(c.mean))) fail(i, 'mean', 'must be a number or an ISO 8601 date or datetime');
    } else if (c.type === 'categorical' || c.type === 'boolean') {
      // A Set of the values: linear in their number (a million categories check in well under a second).
      const seen = new Set<string>();
      c.categories.forEach((cat, k) => {
        if (seen.has(cat.value)) fail(i, `categories[${k}].value`, 'duplicate category');
        seen.add(cat.value);
      });
    } else if (c.type === 'text' || c.type === 'identifier') {
      if (c.length.quantiles.p.length !== c.length.quantiles.values.length) fail(i, 'length.quantiles', 'p and values must have the same length');
    }
  });
}
