import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import * as nodePath from 'node:path';
import type { JobContext } from '../context';
import { inputError, isTwinError, throwIfAborted } from '../errors';
import { t } from '../l10n';
import { createRandom, type Random } from '../random';
import { tempPathFor } from '../paths';
import { Picker } from './picker';
import {
  type AdmissionMethod, type Diagnosis, type NoteTopic, type Sex,
  EMERGENCY_ADULT, EMERGENCY_CHILD, ELECTIVE, MATERNITY_DX, TRANSFER,
  ETHNICITY_LABELS, ETHNICITY_WEIGHTS_OLDER, ETHNICITY_WEIGHTS_YOUNGER, POSTCODE_DISTRICTS,
  NOTES, NOTE_OPENERS, NOTES_DIED, NOTES_INPATIENT, NOTES_TRANSFERRED,
} from './hospitalTables';

/** Column names of the built-in sample, in file order. */
export const HOSPITAL_SAMPLE_COLUMNS = [
  'nhs_number', 'age', 'sex', 'ethnicity', 'postcode_district', 'admission_datetime', 'discharge_datetime',
  'admission_method', 'diagnosis_icd10', 'length_of_stay', 'outcome', 'readmitted_30d', 'systolic_bp', 'bmi',
  'ward_code', 'notes',
] as const;

/** Rows written when no count is given (about 2 MB). */
export const DEFAULT_SAMPLE_ROWS = 20_000;
/** Seed used when none is given, so that every installation ships the same sample. */
export const DEFAULT_SAMPLE_SEED = 20261123;
/** Largest row count accepted (about 11 GB of CSV); a guard against typing errors. */
export const MAX_SAMPLE_ROWS = 100_000_000;

export interface HospitalSampleOptions {
  /** Number of admissions (data rows, header excluded). Default 20,000. */
  rows?: number;
  /** Seed of the random source; the same seed and row count give the same bytes. Default 20261123. */
  seed?: number;
}

/**
 * Writes the built-in sample: an entirely fictional hospital-admissions
 * extract (one row per admission, financial year 2024/25, extracted on
 * 2025-04-01) as UTF-8 CSV with a header, comma delimiter, minimal quoting and
 * `\n` line endings. It is streamed in chunks, so memory stays bounded for any
 * row count, and written atomically (temporary file beside the target, then
 * renamed). The same seed and row count give byte-identical files.
 *
 * The data-generating process gives realistic structure for demos: NHS-number-like
 * IDs with valid modulus-11 check digits drawn only from the 999 000 0000–999 999 9999
 * test range (never issued to patients) and unique for up to 909,091 rows (every valid
 * number in that range; beyond it numbers recur, like returning patients); age skewed
 * by admission method; maternity only for women aged 16–47; diagnoses (ICD-10, several
 * rare ones) depending on method, age and sex, winter-peaking respiratory illness;
 * length of stay log-normal, rising with age and set by the diagnosis; in-hospital death
 * rising steeply with age and diagnosis; patients still in hospital at extraction have no
 * discharge, stay, outcome or readmission; missing ethnicity, blood pressure, BMI and notes
 * at realistic rates; free-text notes with commas, quotes and a non-ASCII character;
 * ward codes with leading zeros.
 *
 * @throws TwinError('input') for a row count that is not a whole number from 1 to 100,000,000,
 *   a seed that is not a safe integer, or a path that cannot be written.
 */
export async function writeHospitalAdmissionsSample(
  path: string,
  options: HospitalSampleOptions = {},
  ctx: JobContext = {},
): Promise<{ rows: number; bytes: number }> {
  const rows = options.rows ?? DEFAULT_SAMPLE_ROWS;
  const seed = options.seed ?? DEFAULT_SAMPLE_SEED;
  if (!Number.isInteger(rows) || rows < 1 || rows > MAX_SAMPLE_ROWS) {
    throw inputError(t('rows must be a whole number from 1 to {0}, not {1}', MAX_SAMPLE_ROWS, rows), { file: path });
  }
  if (!Number.isSafeInteger(seed)) throw inputError(t('seed must be a whole number, not {0}', seed), { file: path });
  throwIfAborted(ctx.signal);

  const target = nodePath.resolve(path);
  const dir = nodePath.dirname(target);
  const tmp = tempPathFor(target, process.pid, Date.now().toString(36));
  let bytes = 0;
  try {
    await mkdir(dir, { recursive: true });
    const out = createWriteStream(tmp, { flags: 'wx', encoding: 'utf8' });
    try {
      const generator = new AdmissionGenerator(seed);
      let chunk = HOSPITAL_SAMPLE_COLUMNS.join(',') + '\n';
      for (let i = 0; i < rows; i++) {
        chunk += generator.nextRow();
        // ~1 MB chunks: few syscalls, bounded memory.
        if (chunk.length >= 1 << 20 || i === rows - 1) {
          bytes += Buffer.byteLength(chunk, 'utf8');
          if (!out.write(chunk)) await once(out, 'drain');
          chunk = '';
          throwIfAborted(ctx.signal);
          ctx.onProgress?.({ stage: t('writing sample'), fraction: (i + 1) / rows });
        }
      }
      out.end();
      await finished(out);
    } catch (e) {
      out.destroy();
      throw e;
    }
    await rename(tmp, target);
  } catch (e) {
    await rm(tmp, { force: true }).catch(() => undefined);
    if (isTwinError(e)) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    throw inputError(code ? t('cannot write the sample ({0}): {1}', code, (e as Error).message) : t('cannot write the sample: {0}', (e as Error).message), { file: path }, e);
  }
  return { rows, bytes };
}

// ---------------------------------------------------------------------------
// The data-generating process.

/** Admissions are in financial year 2024/25: day 0 is Monday 2024-04-01, day 365 is the extraction date. */
const FIRST_DAY_MS = Date.UTC(2024, 3, 1);
const DAYS_IN_YEAR = 365;
/** 2024-10-01: the first day of the winter half-year. */
const WINTER_START_DAY = 183;
const MAX_LOS = 200;

const DAY_TEXT: string[] = Array.from({ length: DAYS_IN_YEAR + MAX_LOS + 2 },
  (_, d) => new Date(FIRST_DAY_MS + d * 86_400_000).toISOString().slice(0, 10));
const MINUTE_TEXT: string[] = Array.from({ length: 1440 },
  (_, m) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`);
const PAD3: string[] = Array.from({ length: 1000 }, (_, n) => String(n).padStart(3, '0'));

/** Emergency arrivals by hour: a trough overnight, peaking late morning to evening. */
const EMERGENCY_HOURS = [2, 1.6, 1.3, 1.1, 1, 1, 1.2, 1.8, 3, 4.2, 5, 5.4, 5.6, 5.5, 5.4, 5.3, 5.2, 5.1, 5, 4.8, 4.4, 3.8, 3.2, 2.6];
/** Discharges by hour: mostly afternoon, after the ward round. */
const DISCHARGE_HOURS = [0.3, 0.2, 0.1, 0.1, 0.1, 0.1, 0.2, 0.3, 0.6, 1.2, 2.5, 4, 5, 5.5, 6, 6, 5.5, 4.5, 3.5, 2.5, 1.8, 1.2, 0.8, 0.5];

/** A note fragment split around its `{a-b}` number slots. */
interface NoteTemplate { parts: string[]; ranges: [number, number][] }

function compileNote(text: string): NoteTemplate {
  const parts: string[] = [];
  const ranges: [number, number][] = [];
  const slot = /\{(\d+)-(\d+)\}/g;
  let last = 0;
  for (let m = slot.exec(text); m; m = slot.exec(text)) {
    parts.push(text.slice(last, m.index));
    ranges.push([Number(m[1]), Number(m[2])]);
    last = m.index + m[0].length;
  }
  parts.push(text.slice(last));
  return { parts, ranges };
}

function fillNote(rng: Random, template: NoteTemplate): string {
  let text = template.parts[0];
  for (let i = 0; i < template.ranges.length; i++) {
    const [lo, hi] = template.ranges[i];
    text += (lo + rng.int(hi - lo + 1)) + template.parts[i + 1];
  }
  return text;
}

const compileAll = (texts: readonly string[]): NoteTemplate[] => texts.map(compileNote);
const NOTE_TEMPLATES = Object.fromEntries(Object.entries(NOTES).map(([k, v]) => [k, compileAll(v)])) as Record<NoteTopic, NoteTemplate[]>;
const OPENER_TEMPLATES = compileAll(NOTE_OPENERS);
const DIED_TEMPLATES = compileAll(NOTES_DIED);
const TRANSFERRED_TEMPLATES = compileAll(NOTES_TRANSFERRED);
const INPATIENT_TEMPLATES = compileAll(NOTES_INPATIENT);

function pickFrom<T>(rng: Random, items: readonly T[]): T {
  return items[rng.int(items.length)];
}

function clamp(x: number, lo: number, hi: number): number {
  return x < lo ? lo : x > hi ? hi : x;
}

/** Minimal CSV quoting: only fields with a comma, quote or line break are quoted. */
function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? '"' + text.replace(/"/g, '""') + '"' : text;
}

/**
 * Unique NHS-number-like IDs from the 999 test range: a seeded 4-round Feistel
 * permutation of the million six-digit suffixes (a bijection on 1000 × 1000, so no
 * suffix repeats within a cycle), skipping suffixes whose check digit would be 10.
 */
class TestRangeNhsNumbers {
  private readonly _keys: number[];
  private _counter = 0;
  constructor(rng: Random) {
    this._keys = [rng.int(2 ** 32), rng.int(2 ** 32), rng.int(2 ** 32), rng.int(2 ** 32)];
  }

  next(): string {
    for (;;) {
      const suffix = this._permute(this._counter);
      this._counter = (this._counter + 1) % 1_000_000;
      // Weighted sum of the first nine digits 9,9,9,d1..d6 (weights 10..2).
      let sum = 9 * 10 + 9 * 9 + 9 * 8;
      let rest = suffix;
      for (let w = 2; w <= 7; w++) { sum += (rest % 10) * w; rest = Math.floor(rest / 10); }
      let check = 11 - (sum % 11);
      if (check === 10) continue; // this prefix is never issued
      if (check === 11) check = 0;
      const high = Math.floor(suffix / 1000);
      const low = suffix % 1000;
      return '999 ' + PAD3[high] + ' ' + PAD3[low] + check;
    }
  }

  private _permute(x: number): number {
    let left = Math.floor(x / 1000);
    let right = x % 1000;
    for (const key of this._keys) {
      let h = Math.imul(right ^ key, 0x9e3779b1);
      h ^= h >>> 15;
      h = Math.imul(h, 0x85ebca6b);
      h ^= h >>> 13;
      const next = (left + ((h >>> 0) % 1000)) % 1000;
      left = right;
      right = next;
    }
    return left * 1000 + right;
  }
}

const METHODS: readonly AdmissionMethod[] = ['Emergency', 'Elective', 'Maternity', 'Transfer'];
const METHOD_WEIGHTS = [60, 28, 8, 4];

/** Generates one admission per call, as a CSV line. All randomness comes from the seeded source. */
class AdmissionGenerator {
  private readonly _rng: Random;
  private readonly _ids: TestRangeNhsNumbers;
  private readonly _method = new Picker(METHODS, METHOD_WEIGHTS);
  private readonly _ethnicityYounger = new Picker(ETHNICITY_LABELS, ETHNICITY_WEIGHTS_YOUNGER);
  private readonly _ethnicityOlder = new Picker(ETHNICITY_LABELS, ETHNICITY_WEIGHTS_OLDER);
  private readonly _postcode = new Picker(POSTCODE_DISTRICTS.map((p) => p[0]), POSTCODE_DISTRICTS.map((p) => p[1]));
  private readonly _emergencyHour = new Picker(EMERGENCY_HOURS.map((_, h) => h), EMERGENCY_HOURS);
  private readonly _dischargeHour = new Picker(DISCHARGE_HOURS.map((_, h) => h), DISCHARGE_HOURS);
  private readonly _diagnosisTables = new Map<string, Picker<Diagnosis>>();

  constructor(seed: number) {
    const root = createRandom(seed);
    this._ids = new TestRangeNhsNumbers(root.fork('nhs_number'));
    this._rng = root.fork('admissions');
  }

  nextRow(): string {
    const rng = this._rng;
    const method = this._method.pick(rng);
    const age = this._age(method);
    const sex = this._sex(method);
    const dx = this._diagnosis(method, age, sex);

    // Admission time.
    const admitDay = this._admissionDay(method, dx);
    const admitMinute = this._admissionMinute(method);

    // Length of stay (calendar days between admission and discharge dates) and outcome.
    let los: number;
    if (dx.losMedian === 0) {
      los = rng.next() < 0.9 ? 0 : 1 + rng.int(2);
    } else {
      const ageFactor = age >= 16 ? Math.exp(0.012 * (age - 50)) : 1;
      los = Math.round(dx.losMedian * ageFactor * Math.exp(dx.losSigma * rng.normal()) - 0.3);
      // Frail patients often wait for care packages once medically fit.
      if (age >= 80 && method === 'Emergency' && rng.next() < 0.25) los += 2 + rng.int(15);
      los = clamp(los, 0, MAX_LOS);
    }
    const pDeath = age >= 16 ? Math.min(0.6, dx.mortality * Math.exp(0.055 * (age - 70))) : dx.mortality;
    const died = rng.next() < pDeath;
    let dischargeMinute = died ? rng.int(1440) : this._dischargeHour.pick(rng) * 60 + rng.int(60);
    if (los === 0 && dischargeMinute < admitMinute + 90) {
      dischargeMinute = admitMinute + 90 + rng.int(360);
      if (dischargeMinute >= 1440) { los = 1; dischargeMinute -= 1440; }
    }
    const dischargeDay = admitDay + los;
    const inpatient = dischargeDay >= DAYS_IN_YEAR;

    let outcome = '';
    let readmitted = '';
    if (!inpatient) {
      const pTransfer = 0.02 + (age >= 80 ? 0.06 : 0) + (method === 'Transfer' ? 0.1 : 0);
      outcome = died ? 'Died' : rng.next() < pTransfer ? 'Transferred' : 'Discharged home';
      if (!died) {
        const pReadmit = 0.05 + dx.readmission + (age >= 75 ? 0.07 : 0) + (los > 10 ? 0.03 : 0);
        readmitted = rng.next() < pReadmit ? 'Y' : 'N';
      }
    }

    // Observations.
    let systolic = '';
    if (rng.next() >= (age < 16 ? 0.15 : 0.04)) {
      let bp = age < 16 ? 92 + 1.5 * age + 9 * rng.normal() : 118 + 0.45 * (age - 40) + 17 * rng.normal();
      if (dx.code === 'A41.9') bp -= 22;
      else if (dx.code === 'I63.9') bp += 15;
      systolic = String(Math.round(clamp(bp, 62, 238)));
    }
    let bmi = '';
    const bmiMissing = method === 'Emergency' ? (age < 2 ? 0.6 : 0.19) : method === 'Transfer' ? 0.25 : method === 'Maternity' ? 0.08 : 0.05;
    if (rng.next() >= bmiMissing) {
      let b: number;
      if (age < 16) b = clamp(15.5 + 0.3 * Math.max(0, age - 6) + 1.8 * rng.normal(), 11, 35);
      else b = clamp(Math.exp(Math.log(age >= 80 ? 25 : method === 'Maternity' ? 27.5 : 27.2) + 0.19 * rng.normal()), 13, 70);
      bmi = b.toFixed(1);
    }

    const ethnicity = rng.next() < 0.05 ? '' : (age < 50 ? this._ethnicityYounger : this._ethnicityOlder).pick(rng);
    const postcode = rng.next() < 0.01 ? '' : this._postcode.pick(rng);
    const ward = pickFrom(rng, dx.wards);
    const notes = this._notes(dx, outcome, inpatient);

    return this._ids.next() + ',' + age + ',' + sex + ',' + ethnicity + ',' + postcode + ','
      + DAY_TEXT[admitDay] + ' ' + MINUTE_TEXT[admitMinute] + ','
      + (inpatient ? '' : DAY_TEXT[dischargeDay] + ' ' + MINUTE_TEXT[dischargeMinute]) + ','
      + method + ',' + dx.code + ',' + (inpatient ? '' : los) + ',' + outcome + ',' + readmitted + ','
      + systolic + ',' + bmi + ',' + ward + ',' + notes + '\n';
  }

  private _age(method: AdmissionMethod): number {
    const rng = this._rng;
    switch (method) {
      case 'Maternity':
        return this._truncatedNormalAge(30, 5.5, 16, 47);
      case 'Elective':
        return this._truncatedNormalAge(61, 16, 18, 98);
      case 'Transfer':
        return this._truncatedNormalAge(67, 15, 16, 100);
      case 'Emergency': {
        const u = rng.next();
        if (u < 0.14) return rng.next() < 0.35 ? 0 : 1 + Math.floor(15 * rng.next() ** 1.6);
        if (u < 0.14 + 0.86 * 0.3) return this._truncatedNormalAge(36, 13, 16, 100);
        return this._truncatedNormalAge(75, 11, 16, 100);
      }
    }
  }

  /** A rounded normal age redrawn (not clamped) until within bounds, so no spike piles up at the limits. */
  private _truncatedNormalAge(mean: number, sd: number, lo: number, hi: number): number {
    for (;;) {
      const age = Math.round(mean + sd * this._rng.normal());
      if (age >= lo && age <= hi) return age;
    }
  }

  private _sex(method: AdmissionMethod): Sex {
    if (method === 'Maternity') return 'Female';
    const u = this._rng.next();
    if (u < 0.00025) return 'Indeterminate';
    return u < 0.485 ? 'Male' : 'Female';
  }

  /** Diagnosis given method, age band and sex; tables are built once per combination. */
  private _diagnosis(method: AdmissionMethod, age: number, sex: Sex): Diagnosis {
    let list: readonly Diagnosis[];
    let band: number;
    switch (method) {
      case 'Maternity': list = MATERNITY_DX; band = 0; break;
      case 'Transfer': list = TRANSFER; band = 0; break;
      case 'Elective': list = ELECTIVE; band = age < 40 ? 0 : age < 70 ? 1 : 2; break;
      case 'Emergency':
        if (age < 16) { list = EMERGENCY_CHILD; band = age < 1 ? 0 : 1; }
        else { list = EMERGENCY_ADULT; band = age < 40 ? 0 : age < 70 ? 1 : 2; }
        break;
    }
    const key = `${method}|${list === EMERGENCY_CHILD ? 'c' : 'a'}|${band}|${sex}`;
    let picker = this._diagnosisTables.get(key);
    if (!picker) {
      const child = list === EMERGENCY_CHILD;
      const weights = list.map((d) => {
        if (d.sex && d.sex !== sex) return 0;
        let w = d.weight;
        if (child) {
          if (d.ageProfile === 'infant') w *= band === 0 ? 5 : d.code.startsWith('P') ? 0 : 0.05;
          else if (d.ageProfile === 'child') w *= band === 0 ? 0.3 : 1;
        } else if (list !== MATERNITY_DX && list !== TRANSFER) {
          if (d.ageProfile === 'old') w *= [0.25, 1, 2.5][band];
          else if (d.ageProfile === 'young') w *= [2.5, 1, 0.3][band];
        }
        return w;
      });
      picker = new Picker(list, weights);
      this._diagnosisTables.set(key, picker);
    }
    return picker.pick(this._rng);
  }

  private _admissionDay(method: AdmissionMethod, dx: Diagnosis): number {
    const rng = this._rng;
    let day = rng.int(DAYS_IN_YEAR);
    // Winter pressures: respiratory admissions cluster October–March.
    if (dx.winter && day < WINTER_START_DAY && rng.next() < 0.55) day = WINTER_START_DAY + rng.int(DAYS_IN_YEAR - WINTER_START_DAY);
    // Planned admissions are on weekdays (day 0 is a Monday), with the odd weekend list.
    if (method === 'Elective') {
      for (let tries = 0; tries < 4 && day % 7 >= 5; tries++) day = rng.int(DAYS_IN_YEAR);
    }
    return day;
  }

  private _admissionMinute(method: AdmissionMethod): number {
    const rng = this._rng;
    switch (method) {
      case 'Elective': {
        const u = rng.next();
        const hour = u < 0.45 ? 7 : u < 0.7 ? 8 : 9 + rng.int(5);
        return hour * 60 + 5 * rng.int(12);
      }
      case 'Maternity':
        return rng.int(1440);
      default:
        return this._emergencyHour.pick(rng) * 60 + rng.int(60);
    }
  }

  private _notes(dx: Diagnosis, outcome: string, inpatient: boolean): string {
    const rng = this._rng;
    if (rng.next() < 0.35) return '';
    let template: NoteTemplate;
    if (outcome === 'Died' && rng.next() < 0.7) template = pickFrom(rng, DIED_TEMPLATES);
    else if (outcome === 'Transferred' && rng.next() < 0.6) template = pickFrom(rng, TRANSFERRED_TEMPLATES);
    else if (inpatient && rng.next() < 0.6) template = pickFrom(rng, INPATIENT_TEMPLATES);
    else template = pickFrom(rng, NOTE_TEMPLATES[dx.topic]);
    let text = rng.next() < 0.55 ? fillNote(rng, pickFrom(rng, OPENER_TEMPLATES)) : '';
    text += fillNote(rng, template);
    if (rng.next() < 0.3) text += '; ' + fillNote(rng, pickFrom(rng, NOTE_TEMPLATES.general));
    return csvField(text);
  }
}
