import { parseValue } from '../format';
import type { DisclosureFlag, DisclosureSettings } from '../metadata';
import type { ColumnProfile } from './types';
import type { Inference } from './inferColumn';
import { NEAR_UNIQUE, PATTERN_SHARE } from './inferColumn';
import { english } from '../l10n/stored';

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

/** The action for a direct identifier (stored English; shown through the catalogue). */
const FAKES = english('replaced by format-valid fakes');

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
          reason: valid < PATTERN_SHARE
            ? english('{0} of sampled values are written as NHS numbers (10 digits); {1} pass the modulus-11 check digit (treated as NHS numbers by their form)', pct(id.share), pct(valid))
            : english('{0} of sampled values are written as NHS numbers (10 digits); {1} pass the modulus-11 check digit', pct(id.share), pct(valid)),
          action: FAKES,
        });
        break;
      }
      case 'postcode':
        flags.push({ kind: 'postcode', reason: english('{0} of sampled values are full UK postcodes (a quasi-identifier locating a household)', pct(id.share)), action: FAKES });
        break;
      case 'ni-number':
        flags.push({ kind: 'ni-number', reason: english('{0} of sampled values are National Insurance numbers', pct(id.share)), action: FAKES });
        break;
      case 'email':
        flags.push({ kind: 'email', reason: english('{0} of sampled values are email addresses', pct(id.share)), action: FAKES });
        break;
      case 'phone':
        flags.push({ kind: 'phone', reason: english('{0} of sampled values are UK phone numbers', pct(id.share)), action: FAKES });
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
      reason: english('{0} of sampled values are postcode districts (outward codes): a geographic quasi-identifier', pct(inference.postcodeDistrictShare)),
      action: english('rare districts merged'),
    });
  }

  if ((NAME_HINT.test(spec.name) || NAME_HINT_JOINED.test(spec.name)) && !id && (type === 'categorical' || type === 'text' || type === 'identifier')) {
    let named = 0;
    for (const v of sample) if (NAME_VALUE.test(v)) named++;
    const share = sample.length ? named / sample.length : 0;
    if (share >= 0.8) {
      flags.push({ kind: 'name', reason: english('column name suggests personal names and {0} of sampled values are capitalised words', pct(share)), action: english('replaced by fake names') });
    }
  }

  if (type === 'text') {
    flags.push({
      kind: 'free-text',
      reason: english('free text (mean length {0} characters, mostly distinct, with spaces) may contain names, dates or other identifying detail', Math.round(column.length.mean)),
      action: english('described by length only; replaced by placeholder text'),
    });
  }

  if (nonMissing >= 2 && isKey(distinct, nonMissing)) {
    flags.push({
      kind: 'unique-key',
      reason: distinct.method === 'exact'
        ? english('every non-missing value is distinct: a key that identifies records')
        : english('every non-missing value is distinct as far as a HyperLogLog estimate can tell: a key that identifies records'),
      action: FAKES,
    });
  } else if (nonMissing >= 10 && type !== 'numeric' && type !== 'integer' && distinct.count / nonMissing >= NEAR_UNIQUE) {
    flags.push({ kind: 'near-unique', reason: english('{0} of non-missing values are distinct: nearly every value points to one record', pct(distinct.count / nonMissing)), action: type === 'identifier' ? FAKES : english('rare values merged') });
  }

  if (type === 'categorical' || type === 'boolean') {
    let rare = 0;
    for (const f of column.frequencies.values) if (f.count < k) rare++;
    const unseen = column.frequencies.complete ? 0 : Math.max(0, distinct.count - column.frequencies.values.length);
    if (rare + unseen > 0) {
      flags.push({
        kind: 'rare-categories',
        // No record count: it would state the suppressed group's size (issue 12, class 8).
        reason: column.frequencies.complete ? english('{0} of {1} categories have fewer than {2} records', rare + unseen, distinct.count, k)
          : english('{0} of about {1} categories have fewer than {2} records', rare + unseen, distinct.count.toLocaleString('en-GB'), k),
        action: english('merged into other'),
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
        reason: num.outliers.low > 0 && num.outliers.high > 0 ? english('values lie beyond the 3×IQR fences (low and high)')
          : num.outliers.low > 0 ? english('values lie beyond the 3×IQR fences (low)') : english('values lie beyond the 3×IQR fences (high)'),
        action: english('top/bottom-coded'),
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
        reason: dobByName ? english('column name suggests dates of birth (with sex and postcode, enough to identify most people)') : english('values span {0} years in the past, as dates of birth do', Math.round(years)),
        action: settings.dateResolution === 'day' ? english('published to the day (asked for)') : english('coarsened to month'),
      });
    } else if (!monthStartsOnly(column)) {
      flags.push({
        kind: 'exact-date',
        reason: type === 'datetime' ? english('exact event times can be linked to known events (an admission, an incident)') : english('day-precision event dates can be linked to known events'),
        action: settings.dateResolution === 'day' ? english('published to the day (asked for)') : english('coarsened to month'),
      });
    }
  }
  return flags;
}
