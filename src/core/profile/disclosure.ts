import { parseValue } from '../format';
import type { DisclosureFlag, DisclosureSettings } from '../metadata';
import type { ColumnProfile } from './types';
import type { Inference } from './inferColumn';
import { NEAR_UNIQUE, PATTERN_SHARE } from './inferColumn';

const NAME_HINT = /(^|[^a-z])(name|names|forename|forenames|surname|firstname|lastname|first|last|given|family|middle|maiden)([^a-z]|$)/i;
const NAME_HINT_JOINED = /(first|last|sur|fore|given|family|middle|maiden|full|patient|person)_?name/i;
const DOB_HINT = /(^|[^a-z])(dob|d\.o\.b|birth|born)|birth|date_?of_?birth/i;
/** Names of event dates, which are never dates of birth however widely they spread. */
const EVENT_HINT = /death|died|dod|admi|disch|visit|start|stop|end|event|appoint|arriv|depart|onset|diagnos|treat|test|sample|period|created|updated|modified/i;
const POSTCODE_HINT = /post_?code|postal|zip|pcd|outward|district/i;
const NAME_VALUE = /^[A-Z][A-Za-z'’.-]*\d*(?: [A-Z][A-Za-z'’.-]*\d*){0,3}$/;

/** Whether every value of a date column is the first of a month at midnight (monthly periods, not events). */
function monthStartsOnly(column: ColumnProfile): boolean {
  if (!column.frequencies.complete || column.frequencies.values.length === 0) return false;
  for (const { value } of column.frequencies.values) {
    const ms = parseValue(value, column.spec);
    if (typeof ms !== 'number') return false;
    const d = new Date(ms);
    if (d.getUTCDate() !== 1 || ms % 86_400_000 !== 0) return false;
  }
  return true;
}

/**
 * A key: every value distinct (exactly counted), or a HyperLogLog estimate within its
 * error (≈ 1%, so ≥ 98%) of the non-missing count.
 */
export function isKey(distinct: { count: number; method: 'exact' | 'hyperloglog' }, nonMissing: number): boolean {
  if (nonMissing === 0) return false;
  return distinct.method === 'exact' ? distinct.count === nonMissing : distinct.count >= 0.98 * nonMissing;
}

function pct(x: number): string {
  return `${Math.round(x * 100)}%`;
}

/**
 * Disclosure findings for one column, each with its reason in words (values are never
 * quoted, so the reasons are safe to publish). Checks: direct identifiers by pattern
 * (NHS number, postcode, NI number, email, phone), names (column-name hint + capitalised
 * words), free text, unique and near-unique keys, categories below k, extreme outliers
 * (3×IQR fences), dates of birth and exact (day-precision) event dates.
 */
export function checkDisclosure(
  column: ColumnProfile,
  inference: Inference,
  sample: readonly string[],
  nonMissing: number,
  settings: DisclosureSettings,
): DisclosureFlag[] {
  const flags: DisclosureFlag[] = [];
  const { spec, distinct } = column;
  const k = settings.threshold;
  const id = inference.identifier;
  const type = spec.type;

  if (id) {
    switch (id.pattern) {
      case 'nhs-number': {
        const valid = id.checkDigitValidShare ?? 0;
        flags.push({
          kind: 'nhs-number',
          reason: `${pct(id.share)} of sampled values are written as NHS numbers (10 digits); ${pct(valid)} pass the modulus-11 check digit`
            + (valid < PATTERN_SHARE ? ' (treated as NHS numbers by their form)' : ''),
          action: 'replaced by format-valid fakes',
        });
        break;
      }
      case 'postcode':
        flags.push({ kind: 'postcode', reason: `${pct(id.share)} of sampled values are full UK postcodes (a quasi-identifier locating a household)`, action: 'replaced by format-valid fakes' });
        break;
      case 'ni-number':
        flags.push({ kind: 'ni-number', reason: `${pct(id.share)} of sampled values are National Insurance numbers`, action: 'replaced by format-valid fakes' });
        break;
      case 'email':
        flags.push({ kind: 'email', reason: `${pct(id.share)} of sampled values are email addresses`, action: 'replaced by format-valid fakes' });
        break;
      case 'phone':
        flags.push({ kind: 'phone', reason: `${pct(id.share)} of sampled values are UK phone numbers`, action: 'replaced by format-valid fakes' });
        break;
      case 'uuid':
        break; // a key: reported below as unique/near-unique
    }
  } else if (
    inference.postcodeDistrictShare >= PATTERN_SHARE
    && (POSTCODE_HINT.test(spec.name) || distinct.count >= 20)
    && (type === 'categorical' || type === 'identifier')
  ) {
    flags.push({
      kind: 'postcode',
      reason: `${pct(inference.postcodeDistrictShare)} of sampled values are postcode districts (outward codes): a geographic quasi-identifier`,
      action: 'rare districts merged',
    });
  }

  if ((NAME_HINT.test(spec.name) || NAME_HINT_JOINED.test(spec.name)) && !id && (type === 'categorical' || type === 'text' || type === 'identifier')) {
    let named = 0;
    for (const v of sample) if (NAME_VALUE.test(v)) named++;
    const share = sample.length ? named / sample.length : 0;
    if (share >= 0.8) {
      flags.push({ kind: 'name', reason: `column name suggests personal names and ${pct(share)} of sampled values are capitalised words`, action: 'replaced by fake names' });
    }
  }

  if (type === 'text') {
    flags.push({
      kind: 'free-text',
      reason: `free text (mean length ${Math.round(column.length.mean)} characters, mostly distinct, with spaces) may contain names, dates or other identifying detail`,
      action: 'described by length only; replaced by placeholder text',
    });
  }

  if (nonMissing >= 2 && isKey(distinct, nonMissing)) {
    flags.push({
      kind: 'unique-key',
      reason: distinct.method === 'exact'
        ? 'every non-missing value is distinct: a key that identifies records'
        : 'every non-missing value is distinct as far as a HyperLogLog estimate can tell: a key that identifies records',
      action: 'replaced by format-valid fakes',
    });
  } else if (nonMissing >= 10 && type !== 'numeric' && type !== 'integer' && distinct.count / nonMissing >= NEAR_UNIQUE) {
    flags.push({ kind: 'near-unique', reason: `${pct(distinct.count / nonMissing)} of non-missing values are distinct: nearly every value points to one record`, action: type === 'identifier' ? 'replaced by format-valid fakes' : 'rare values merged' });
  }

  if (type === 'categorical' || type === 'boolean') {
    let rare = 0;
    for (const f of column.frequencies.values) if (f.count < k) rare++;
    const unseen = column.frequencies.complete ? 0 : Math.max(0, distinct.count - column.frequencies.values.length);
    if (rare + unseen > 0) {
      const total = column.frequencies.complete ? `${distinct.count}` : `about ${distinct.count.toLocaleString('en-GB')}`;
      flags.push({
        kind: 'rare-categories',
        // No record count: it would state the suppressed group's size (issue 12, class 8).
        reason: `${rare + unseen} of ${total} categories have fewer than ${k} records`,
        action: 'merged into other',
      });
    }
  }

  const num = column.numeric;
  if (num && (type === 'numeric' || type === 'integer')) {
    const out = num.outliers.low + num.outliers.high;
    if (out > 0) {
      flags.push({
        kind: 'outliers',
        // Which side, never how many: a count of a few extreme records is a small cell.
        reason: `values lie beyond the 3×IQR fences (${[num.outliers.low > 0 ? 'low' : '', num.outliers.high > 0 ? 'high' : ''].filter(Boolean).join(' and ')})`,
        action: 'top/bottom-coded',
      });
    }
  }

  if (num && (type === 'date' || type === 'datetime')) {
    const dobByName = DOB_HINT.test(spec.name);
    // Ages consistent with birth dates: all in the past, spanning decades.
    const now = Date.now();
    const p5 = num.quantiles.values[5];
    const p95 = num.quantiles.values[95];
    const years = (p95 - p5) / (365.25 * 86_400_000);
    // Event datetimes can span decades too (a patient's lifetime of encounters), so only plain dates count here.
    const dobByValues = type === 'date' && num.count >= 30 && !EVENT_HINT.test(spec.name)
      && num.max <= now && num.min >= Date.UTC(1880, 0, 1) && years >= 30;
    if (dobByName || dobByValues) {
      flags.push({
        kind: 'date-of-birth',
        reason: dobByName ? 'column name suggests dates of birth (with sex and postcode, enough to identify most people)' : `values span ${Math.round(years)} years in the past, as dates of birth do`,
        action: settings.dateResolution === 'day' ? 'published to the day (asked for)' : 'coarsened to month',
      });
    } else if (!monthStartsOnly(column)) {
      flags.push({
        kind: 'exact-date',
        reason: type === 'datetime' ? 'exact event times can be linked to known events (an admission, an incident)' : 'day-precision event dates can be linked to known events',
        action: settings.dateResolution === 'day' ? 'published to the day (asked for)' : 'coarsened to month',
      });
    }
  }
  return flags;
}
