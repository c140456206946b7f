import type { Metadata } from './metadata';

/**
 * metadata.json as a person reads it. A person reviews and signs off this file before anything
 * leaves the TRE, so wherever it is written (`twin profile`, release packs, the editor) it is
 * written by {@link metadataToJson}: dates and times as ISO 8601 instead of epoch milliseconds,
 * a date column's spread in days, lists of numbers on one line, and an `about` block stating
 * the rounding and units in words. {@link metadataFromJson} turns the file back into the
 * in-memory form (epoch ms); metadata written before this form (numbers throughout) reads as is.
 */

const DAY_MS = 86_400_000;
/** Longest object written on one line, in characters. */
const SHORT_OBJECT = 100;

/** The readable text of metadata.json (ends with a newline). */
export function metadataToJson(m: Metadata): string {
  const { format, ...rest } = m;
  // `about` follows `format` so it is the first thing a reviewer reads.
  const readable = { format, about: aboutOf(m), ...rest, columns: m.columns.map(readableColumn) };
  return stringifyCompact(readable) + '\n';
}

/**
 * The in-memory form of parsed metadata.json: ISO dates back to epoch ms, a date column's
 * `sd` in days back to ms, the `about` block dropped (it is derived, and rewritten on each write).
 * Anything that is not in the readable form is returned unchanged, for the checks to judge.
 */
export function metadataFromJson(json: unknown): unknown {
  if (!isObject(json)) return json;
  const { about: _derived, ...rest } = json;
  if (!Array.isArray(rest.columns)) return rest;
  return { ...rest, columns: rest.columns.map((c) => (isObject(c) && (c.type === 'date' || c.type === 'datetime') ? dateColumnFrom(c) : c)) };
}

/**
 * JSON indented by two spaces, except that an array of numbers, strings, booleans or nulls
 * goes on one line (`[0, 0.25, 0.5]`), and so does a short object of such values
 * (`{ "value": "F", "count": 755 }`): quantile lists, histograms and category counts stay a line each.
 */
export function stringifyCompact(value: unknown, indent = ''): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    if (value.every((v) => v === null || typeof v !== 'object')) return `[${value.map((v) => JSON.stringify(v) ?? 'null').join(', ')}]`;
    return `[\n${value.map((v) => inner + stringifyCompact(v, inner)).join(',\n')}\n${indent}]`;
  }
  const entries = Object.entries(value).filter(([, v]) => v !== undefined);
  if (entries.length === 0) return '{}';
  if (entries.every(([, v]) => v === null || typeof v !== 'object')) {
    const line = `{ ${entries.map(([k, v]) => `${JSON.stringify(k)}: ${JSON.stringify(v)}`).join(', ')} }`;
    if (line.length <= SHORT_OBJECT) return line;
  }
  return `{\n${entries.map(([k, v]) => `${inner}${JSON.stringify(k)}: ${stringifyCompact(v, inner)}`).join(',\n')}\n${indent}}`;
}

/** The rounding, units and coarsening in force, in words, from the disclosure settings. */
function aboutOf(m: Metadata): Record<string, string> {
  const d = m.disclosure;
  const unit = m.dataset.personKey ? `persons (distinct ${m.dataset.personKey})` : 'records';
  const tail = Math.round(d.tailQuantile * 1000) / 10;
  const upper = Math.round((100 - tail) * 10) / 10;
  return {
    counts: `Counts are rounded to a multiple of ${d.rounding}; no category, cell or bin with fewer than ${d.threshold} ${unit} is published (rarer ones are merged or left out).`,
    numbers: `bounds are the ${tail}% and ${upper}% quantiles (values beyond them are bottom- and top-coded); quantiles and histograms lie within them; missing is the exact share of missing values (0 to 1).`,
    dates: `Dates and times are ISO 8601 in UTC, coarsened to the ${d.dateResolution} or coarser; a published date stands for the period its form names (the first of a month: that month; 1 January: that year, or the five years from it when the year ends in 5, the ten when it ends in 0), which holds no one or at least ${d.threshold} ${m.dataset.personKey ? 'persons' : 'records'}; the sd of a date or datetime column is in days.`,
    review: 'A person reviews this file and signs it off (signOff) before any twin made from it leaves the TRE; this block is rewritten each time the file is written.',
  };
}

function readableColumn(c: Metadata['columns'][number]): unknown {
  // An excluded column's stub (released form) has no figures to convert.
  if ((c.type !== 'date' && c.type !== 'datetime') || !('bounds' in c)) return c;
  const iso = (ms: number): string | number => isoOf(ms, c.type === 'date');
  return {
    ...c,
    bounds: { lower: iso(c.bounds.lower), upper: iso(c.bounds.upper) },
    ...(c.mean !== undefined ? { mean: iso(c.mean) } : {}),
    // A spread in days, when it converts back exactly (whole milliseconds).
    ...(c.sd !== undefined ? { sd: Number.isInteger(c.sd) ? `${c.sd / DAY_MS} days` : c.sd } : {}),
    quantiles: { p: c.quantiles.p, values: c.quantiles.values.map(iso) },
    histogram: { edges: c.histogram.edges.map(iso), counts: c.histogram.counts },
    ...(c.pointMasses ? { pointMasses: c.pointMasses.map((pm) => ({ ...pm, value: iso(pm.value) })) } : {}),
  };
}

/** `2024-04-01` for a date at midnight UTC, else `2024-04-01T09:30:00Z` (milliseconds only when there are some). */
function isoOf(ms: number, dateOnly: boolean): string | number {
  if (!Number.isInteger(ms) || Math.abs(ms) > 8.64e15) return ms;
  const text = new Date(ms).toISOString();
  // Years outside 0000–9999 have a signed ISO form that reads back ambiguously: left as numbers.
  if (!/^\d{4}-/.test(text)) return ms;
  if (dateOnly && text.endsWith('T00:00:00.000Z')) return text.slice(0, 10);
  return text.endsWith('.000Z') ? `${text.slice(0, -5)}Z` : text;
}

/** Epoch ms of a date or UTC date-time as metadata.json writes it (`2024-04-01`, `2024-04-01T09:30:00Z`), else undefined. */
export function isoDateMs(v: string): number | undefined {
  if (!/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?Z)?$/.test(v)) return undefined;
  const ms = Date.parse(v);
  return Number.isNaN(ms) ? undefined : ms;
}

function msOf(v: unknown): unknown {
  if (typeof v !== 'string') return v;
  return isoDateMs(v) ?? v;
}

function dateColumnFrom(c: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...c };
  if (isObject(c.bounds)) out.bounds = { ...c.bounds, lower: msOf(c.bounds.lower), upper: msOf(c.bounds.upper) };
  if ('mean' in c) out.mean = msOf(c.mean);
  if (typeof c.sd === 'string') {
    const days = /^(-?\d+(?:\.\d+)?(?:e-?\d+)?) days$/.exec(c.sd);
    if (days) out.sd = Math.round(Number(days[1]) * DAY_MS);
  }
  if (isObject(c.quantiles) && Array.isArray(c.quantiles.values)) out.quantiles = { ...c.quantiles, values: c.quantiles.values.map(msOf) };
  if (isObject(c.histogram) && Array.isArray(c.histogram.edges)) out.histogram = { ...c.histogram, edges: c.histogram.edges.map(msOf) };
  if (Array.isArray(c.pointMasses)) out.pointMasses = c.pointMasses.map((pm) => (isObject(pm) ? { ...pm, value: msOf(pm.value) } : pm));
  return out;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
