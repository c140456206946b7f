import type { ColumnData, ColumnSpec } from '../../schema';
import { english } from '../../l10n/stored';

/**
 * Whether a column may enter a utility model (as target or predictor): an analysis a researcher
 * would run models outcomes and measurements, never identifiers, keys, codes, dates or free text.
 * A row number, a patient key or a SNOMED code as a regressor (or as the outcome) makes every
 * utility figure meaningless, so such columns are left out with the reason stated.
 */
export type ModelRole = { usable: true } | { usable: false; reason: string };

/** Names of keys: whole words or snake/camel/dot-separated parts (id, key, uuid, MRN, NHS number, reference). */
const KEY_NAME = /(^|[^a-z])(id|ids|key|uuid|guid|mrn|nhs|ref|serial)([^a-z]|$)/i;
/**
 * Names of code systems (code, ICD, SNOMED, OPCS, LOINC, postcode). A code held as a number has no
 * arithmetic meaning, so it is never a numeric term; as a category with few levels it is a factor.
 */
const CODE_NAME = /(^|[^a-z])(code|codes|icd\d*|snomed|opcs|loinc|postcode|zip)([^a-z]|$)|code$/i;
/** Person and organisation keys in long tables, by name (Synthea's PATIENT, PAYER, ORGANIZATION, PROVIDER). */
const ENTITY_NAME = /^(patient|person|subject|participant|member|customer|client|organi[sz]ation|provider|payer|encounter|practice|hospital_id|gp)$/i;
/** Values that are keys whatever the column is called: UUIDs, long hex strings, long digit strings. */
const KEY_VALUE = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[0-9a-f]{16,}|\d{6,})$/i;
/** A categorical with more levels than this is a key or a code list, not a factor a model can use. */
export const MAX_MODEL_LEVELS = 50;

/** The model role of one column of the real table. */
export function modelRoleOf(spec: ColumnSpec, data: ColumnData): ModelRole {
  const t = spec.type;
  if (t === 'identifier') return { usable: false, reason: english('an identifier') };
  if (t === 'text') return { usable: false, reason: english('free text') };
  if (t === 'date' || t === 'datetime') return { usable: false, reason: english('a date') };
  const name = spec.name.replace(/([a-z])([A-Z])/g, '$1_$2');
  if (KEY_NAME.test(name)) return { usable: false, reason: english('a key by its name') };
  if (data.kind === 'number' && CODE_NAME.test(name)) return { usable: false, reason: english('a code by its name (a number without arithmetic meaning)') };
  if (ENTITY_NAME.test(spec.name.trim())) return { usable: false, reason: english('a key (names a person or organisation)') };
  if (data.kind === 'string') return { usable: false, reason: english('not numeric or categorical') };
  if (data.kind === 'category') {
    const used = usedLevels(data.codes, data.categories);
    if (used.length > MAX_MODEL_LEVELS) return { usable: false, reason: english('a key or code ({0} distinct values)', used.length) };
    if (used.length > 0 && used.filter((c) => KEY_VALUE.test(c.trim())).length >= 0.9 * used.length) return { usable: false, reason: english('a key (its values are key-like)') };
    return { usable: true };
  }
  if (t === 'integer' && isRowIndex(data.values)) return { usable: false, reason: english('a row number or key (every value distinct)') };
  return { usable: true };
}

function usedLevels(codes: Int32Array, categories: string[]): string[] {
  const used = new Uint8Array(categories.length);
  for (let i = 0; i < codes.length; i++) if (codes[i] >= 0) used[codes[i]] = 1;
  return categories.filter((_, k) => used[k] === 1);
}

/** An integer column whose present values are (almost) all distinct: a row number or a numeric key, not a count or a measurement. */
function isRowIndex(values: Float64Array): boolean {
  const present: number[] = [];
  for (let i = 0; i < values.length; i++) if (!Number.isNaN(values[i])) present.push(values[i]);
  if (present.length < 20) return false;
  return new Set(present).size >= 0.95 * present.length;
}
