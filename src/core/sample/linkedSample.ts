import * as nodePath from 'node:path';
import { mkdir } from 'node:fs/promises';
import type { JobContext } from '../context';
import { inputError, isTwinError, throwIfAborted } from '../errors';
import { t } from '../l10n';
import { openAtomicFile, type AtomicFile } from '../io/atomic';
import { createRandom, type Random } from '../random';
import {
  type AdmissionMethod, type Diagnosis, type Sex,
  EMERGENCY_ADULT, EMERGENCY_CHILD, ELECTIVE, MATERNITY_DX, TRANSFER,
  ETHNICITY_LABELS, ETHNICITY_WEIGHTS_OLDER, ETHNICITY_WEIGHTS_YOUNGER, POSTCODE_DISTRICTS,
} from './hospitalTables';
import { Picker } from './picker';

/** The linked sample's tables, in file order, with their columns. */
export const LINKED_SAMPLE_TABLES = {
  patients: ['patient_id', 'sex', 'birth_date', 'death_date', 'ethnicity', 'postcode_district'],
  admissions: ['admission_id', 'patient_id', 'admission_datetime', 'discharge_datetime', 'admission_method', 'ward_code'],
  diagnoses: ['diagnosis_id', 'admission_id', 'patient_id', 'position', 'icd10_code', 'diagnosis_date'],
  prescriptions: ['prescription_id', 'patient_id', 'admission_id', 'drug', 'dose_mg', 'start_date', 'end_date'],
} as const;
export type LinkedSampleTable = keyof typeof LINKED_SAMPLE_TABLES;

/** Persons written when no count is given (about 50,000 rows over the four tables). */
export const DEFAULT_LINKED_PERSONS = 2_000;
/** Largest person count accepted (about 300 million rows); a guard against typing errors. */
export const MAX_LINKED_PERSONS = 10_000_000;
/** Seed used when none is given, so that every installation ships the same sample. */
export const DEFAULT_LINKED_SEED = 20261207;

export interface LinkedSampleOptions {
  /** Number of persons (rows of patients.csv). Default 2,000. */
  persons?: number;
  /** Seed of the random source; the same seed and person count give the same bytes. Default 20261207. */
  seed?: number;
}

export interface LinkedSampleResult {
  persons: number;
  rows: Record<LinkedSampleTable, number>;
  bytes: number;
  files: Record<LinkedSampleTable, string>;
}

/**
 * Writes the built-in linked sample: an entirely fictional extract of four related tables
 * (`patients.csv`, `admissions.csv`, `diagnoses.csv`, `prescriptions.csv`; UTF-8 CSV, header,
 * minimal quoting, `\n` endings) into the folder `dir`, covering the ten years to the
 * extraction date 2025-04-01. Keys are fakes (`P…`, `A…`, `D…`, `RX…`). Persons are generated
 * one at a time and streamed, so memory stays flat in the number of persons; each file is
 * written atomically. The same seed and person count give byte-identical files.
 *
 * Structure worth twinning: every admission belongs to a patient; every diagnosis belongs to
 * an admission and names the same patient (a "diamond"); prescriptions belong to a patient
 * and, when given in hospital, to one of that patient's admissions (an optional key). Dates
 * obey the logic a researcher's code relies on: nothing before birth or after death,
 * admissions of a person do not overlap, discharge ≥ admission, a diagnosis dated inside its
 * admission, a hospital prescription starting inside its admission, end ≥ start. Admissions
 * and long-term conditions (which drive secondary diagnoses and repeat prescriptions) rise
 * with age; patients still in hospital at extraction have no discharge.
 *
 * @throws TwinError('input') for a person count outside 1..10,000,000, a seed that is not a
 *   safe integer, or a folder that cannot be written.
 */
export async function writeLinkedSample(dir: string, options: LinkedSampleOptions = {}, ctx: JobContext = {}): Promise<LinkedSampleResult> {
  const persons = options.persons ?? DEFAULT_LINKED_PERSONS;
  const seed = options.seed ?? DEFAULT_LINKED_SEED;
  if (!Number.isInteger(persons) || persons < 1 || persons > MAX_LINKED_PERSONS) {
    throw inputError(t('persons must be a whole number from 1 to {0}, not {1}', MAX_LINKED_PERSONS, persons), { file: dir });
  }
  if (!Number.isSafeInteger(seed)) throw inputError(t('seed must be a whole number, not {0}', seed), { file: dir });
  throwIfAborted(ctx.signal);
  const target = nodePath.resolve(dir);
  try {
    await mkdir(target, { recursive: true });
  } catch (e) {
    throw inputError(t('cannot create the folder ({0})', (e as NodeJS.ErrnoException).code ?? (e as Error).message), { file: dir }, e);
  }
  const names = Object.keys(LINKED_SAMPLE_TABLES) as LinkedSampleTable[];
  const files = Object.fromEntries(names.map((n) => [n, nodePath.join(target, `${n}.csv`)])) as Record<LinkedSampleTable, string>;
  const sinks: Partial<Record<LinkedSampleTable, ChunkedSink>> = {};
  try {
    for (const n of names) {
      sinks[n] = new ChunkedSink(await openAtomicFile(files[n]));
      sinks[n]!.add(LINKED_SAMPLE_TABLES[n].join(',') + '\n');
    }
    const out = sinks as Record<LinkedSampleTable, ChunkedSink>;
    const generator = new LinkedGenerator(seed);
    for (let i = 0; i < persons; i++) {
      const person = generator.nextPerson();
      out.patients.add(person.patients);
      out.admissions.add(person.admissions);
      out.diagnoses.add(person.diagnoses);
      out.prescriptions.add(person.prescriptions);
      if ((i & 1023) === 1023 || i === persons - 1) {
        for (const n of names) await out[n].flushIfFull();
        throwIfAborted(ctx.signal);
        ctx.onProgress?.({ stage: t('writing linked sample'), fraction: (i + 1) / persons });
      }
    }
    let bytes = 0;
    for (const n of names) bytes += await out[n].commit();
    return { persons, rows: generator.rows, bytes, files };
  } catch (e) {
    for (const n of names) await sinks[n]?.abort().catch(() => undefined);
    if (isTwinError(e)) throw e;
    throw inputError(t('cannot write the linked sample: {0}', (e as Error).message), { file: dir }, e);
  }
}

/** Text gathered into ~1 MB chunks before each write: few syscalls, bounded memory. */
class ChunkedSink {
  private _chunk = '';
  constructor(private readonly _file: AtomicFile) {}
  add(text: string): void { this._chunk += text; }
  async flushIfFull(): Promise<void> {
    if (this._chunk.length >= 1 << 20) await this._flush();
  }
  async commit(): Promise<number> {
    await this._flush();
    await this._file.commit();
    return this._file.bytes;
  }
  abort(): Promise<void> { return this._file.abort(); }
  private async _flush(): Promise<void> {
    if (this._chunk.length === 0) return;
    const data = Buffer.from(this._chunk, 'utf8');
    this._chunk = '';
    await this._file.write(data);
  }
}

// ---------------------------------------------------------------------------
// The data-generating process. Days are counted from 1970-01-01 (UTC).

const DAY_MS = 86_400_000;
/** The extraction date: no event on or after it. */
const EXTRACTION_DAY = Date.UTC(2025, 3, 1) / DAY_MS;
/** The extract covers events from this day (ten years). */
const WINDOW_START_DAY = Date.UTC(2015, 3, 1) / DAY_MS;

const dayTexts = new Map<number, string>();
function dayText(day: number): string {
  let t = dayTexts.get(day);
  if (t === undefined) {
    t = new Date(day * DAY_MS).toISOString().slice(0, 10);
    dayTexts.set(day, t);
  }
  return t;
}
const MINUTE_TEXT: string[] = Array.from({ length: 1440 },
  (_, m) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`);

/** Long-term conditions: the secondary diagnosis each is coded as, and how its risk rises with age. */
const CONDITIONS = [
  { code: 'E11.9', from: 30, rate: 0.004, cap: 0.22 },
  { code: 'I10', from: 30, rate: 0.008, cap: 0.45 },
  { code: 'J44.9', from: 40, rate: 0.003, cap: 0.14 },
  { code: 'N18.3', from: 50, rate: 0.004, cap: 0.2 },
  { code: 'F03', from: 65, rate: 0.006, cap: 0.18 },
] as const;
/** Repeat prescriptions of each long-term condition: drug and the doses it comes in. */
const CONDITION_DRUGS: readonly (readonly [string, readonly number[]])[][] = [
  [['Metformin', [500, 850, 1000]], ['Gliclazide', [40, 80]]],
  [['Amlodipine', [5, 10]], ['Ramipril', [2.5, 5, 10]]],
  [['Salbutamol', [0.1]], ['Tiotropium', [0.018]]],
  [['Furosemide', [20, 40]]],
  [['Donepezil', [5, 10]]],
];
/** Other secondary diagnoses, any age. */
const OTHER_SECONDARY = ['E78.0', 'F32.9', 'M54.5', 'K21.9', 'E03.9', 'Z87.8', 'F17.1', 'E66.9'];
/** Drugs started in hospital, by the topic of the admission's primary diagnosis. */
const HOSPITAL_DRUGS: Readonly<Record<string, readonly (readonly [string, readonly number[]])[]>> = {
  cardiac: [['Aspirin', [75, 300]], ['Bisoprolol', [1.25, 2.5, 5]], ['Atorvastatin', [20, 40, 80]], ['Furosemide', [40]]],
  resp: [['Amoxicillin', [500]], ['Prednisolone', [30, 40]], ['Doxycycline', [100]]],
  frail: [['Paracetamol', [1000]], ['Nitrofurantoin', [50, 100]], ['Lactulose', [10]]],
  surgical: [['Paracetamol', [1000]], ['Codeine', [30, 60]], ['Enoxaparin', [40]]],
  daycase: [['Paracetamol', [1000]]],
  onc: [['Ondansetron', [4, 8]], ['Dexamethasone', [4, 8]], ['Morphine', [10, 20]]],
  maternity: [['Paracetamol', [1000]], ['Ferrous sulfate', [200]]],
  paeds: [['Paracetamol', [120, 250]], ['Ibuprofen', [100, 200]], ['Amoxicillin', [125, 250]]],
  neuro: [['Aspirin', [300]], ['Clopidogrel', [75]], ['Atorvastatin', [80]]],
  general: [['Paracetamol', [1000]], ['Co-amoxiclav', [625]], ['Omeprazole', [20, 40]]],
};
/** Short courses from the GP. */
const ACUTE_DRUGS: readonly (readonly [string, readonly number[], number])[] = [
  ['Amoxicillin', [500], 7], ['Naproxen', [250, 500], 14], ['Omeprazole', [20], 28], ['Sertraline', [50, 100], 56],
];

const METHODS: readonly AdmissionMethod[] = ['Emergency', 'Elective', 'Maternity', 'Transfer'];

function poisson(rng: Random, mean: number): number {
  // Knuth's method; means here are small (< 30).
  const limit = Math.exp(-mean);
  let k = 0;
  let p = rng.next();
  while (p > limit) { k++; p *= rng.next(); }
  return k;
}

function pickFrom<T>(rng: Random, items: readonly T[]): T {
  return items[rng.int(items.length)];
}

/** A planned end date stops at death. */
function capAt(day: number, deathDay: number | null): number {
  return deathDay !== null && day > deathDay ? deathDay : day;
}

function doseText(dose: number): string {
  return String(dose);
}

interface PersonRows { patients: string; admissions: string; diagnoses: string; prescriptions: string }

interface Admission { id: string; method: AdmissionMethod; dx: Diagnosis; admitDay: number; admitMinute: number; dischargeDay: number | null; dischargeMinute: number }

/** Generates one person and all their events per call, as CSV lines. All randomness comes from the seeded source. */
class LinkedGenerator {
  readonly rows: Record<LinkedSampleTable, number> = { patients: 0, admissions: 0, diagnoses: 0, prescriptions: 0 };
  private readonly _rng: Random;
  private readonly _ethnicityYounger = new Picker(ETHNICITY_LABELS, ETHNICITY_WEIGHTS_YOUNGER);
  private readonly _ethnicityOlder = new Picker(ETHNICITY_LABELS, ETHNICITY_WEIGHTS_OLDER);
  private readonly _postcode = new Picker(POSTCODE_DISTRICTS.map((p) => p[0]), POSTCODE_DISTRICTS.map((p) => p[1]));
  private readonly _diagnosisTables = new Map<string, Picker<Diagnosis>>();
  private readonly _methodTables = new Map<string, Picker<AdmissionMethod>>();

  constructor(seed: number) {
    this._rng = createRandom(seed).fork('linked');
  }

  nextPerson(): PersonRows {
    const rng = this._rng;
    const patientId = 'P' + String(this.rows.patients + 1).padStart(8, '0');
    this.rows.patients++;
    const sex: Sex = rng.next() < 0.49 ? 'Male' : 'Female';
    const age = rng.next() < 0.18 ? rng.int(18) : this._truncatedNormal(58, 20, 18, 104);
    const birthDay = EXTRACTION_DAY - Math.floor(age * 365.25) - 1 - rng.int(365);
    const conditions = CONDITIONS.map((c) => rng.next() < Math.min(c.cap, Math.max(0, age - c.from) * c.rate));
    const burden = conditions.filter(Boolean).length;
    const start = Math.max(WINDOW_START_DAY, birthDay);
    let end = EXTRACTION_DAY; // exclusive
    let deathDay: number | null = null;
    if (rng.next() < Math.min(0.7, 0.01 * Math.exp(0.06 * (age - 50)) * (1 + 0.5 * burden))) {
      deathDay = start + rng.int(end - start);
      end = deathDay + 1;
    }

    // Admissions: at random days in the person's window, in order, never overlapping.
    const years = (end - start) / 365.25;
    const count = poisson(rng, (0.12 + 0.004 * age + 0.12 * burden) * years);
    const days = Array.from({ length: count }, () => start + rng.int(Math.max(1, end - start))).sort((a, b) => a - b);
    const admissions: Admission[] = [];
    let free = start;
    for (const d of days) {
      const admitDay = Math.max(d, free);
      if (admitDay >= end) break;
      const method = this._method(sex, age);
      const dx = this._diagnosis(method, age, sex);
      let los = dx.losMedian === 0 ? (rng.next() < 0.9 ? 0 : 1) : Math.max(0, Math.round(dx.losMedian * Math.exp(dx.losSigma * rng.normal())));
      if (deathDay !== null && admitDay + los > deathDay) los = deathDay - admitDay;
      const admitMinute = method === 'Elective' ? 420 + rng.int(240) : rng.int(1440);
      let dischargeDay: number | null = admitDay + los;
      let dischargeMinute = 600 + rng.int(600);
      if (los === 0 && dischargeMinute <= admitMinute) dischargeMinute = admitMinute + Math.min(1439 - admitMinute, 60 + rng.int(240));
      if (dischargeDay >= EXTRACTION_DAY) dischargeDay = null; // still in hospital at extraction
      this.rows.admissions++;
      admissions.push({ id: 'A' + String(this.rows.admissions).padStart(9, '0'), method, dx, admitDay, admitMinute, dischargeDay, dischargeMinute });
      if (dischargeDay === null) break;
      free = dischargeDay + 1;
    }

    let admissionRows = '';
    let diagnosisRows = '';
    const rx: { start: number; line: string }[] = [];
    for (const a of admissions) {
      const lastDay = a.dischargeDay ?? EXTRACTION_DAY - 1;
      admissionRows += a.id + ',' + patientId + ',' + dayText(a.admitDay) + ' ' + MINUTE_TEXT[a.admitMinute] + ','
        + (a.dischargeDay === null ? '' : dayText(a.dischargeDay) + ' ' + MINUTE_TEXT[a.dischargeMinute]) + ','
        + a.method + ',' + pickFrom(rng, a.dx.wards) + '\n';
      // Diagnoses: the primary, then the person's long-term conditions and a few others, each once.
      const codes = [a.dx.code];
      conditions.forEach((has, i) => { if (has && rng.next() < 0.7) codes.push(CONDITIONS[i].code); });
      for (let k = poisson(rng, 0.3 + 0.008 * age); k > 0; k--) {
        const code = pickFrom(rng, OTHER_SECONDARY);
        if (!codes.includes(code)) codes.push(code);
      }
      codes.forEach((code, i) => {
        this.rows.diagnoses++;
        const day = i === 0 ? a.admitDay : a.admitDay + rng.int(lastDay - a.admitDay + 1);
        diagnosisRows += 'D' + String(this.rows.diagnoses).padStart(10, '0') + ',' + a.id + ',' + patientId + ','
          + (i + 1) + ',' + code + ',' + dayText(day) + '\n';
      });
      // Drugs started in hospital, inside the admission.
      const drugs = HOSPITAL_DRUGS[a.dx.topic] ?? HOSPITAL_DRUGS.general;
      for (let k = poisson(rng, a.dx.losMedian === 0 ? 0.6 : 2.2); k > 0; k--) {
        const [drug, doses] = pickFrom(rng, drugs);
        const s = a.admitDay + rng.int(Math.min(3, lastDay - a.admitDay + 1));
        const e = capAt(s + 3 + rng.int(12), deathDay);
        rx.push({ start: s, line: ',' + a.id + ',' + drug + ',' + doseText(pickFrom(rng, doses)) + ',' + dayText(s) + ',' + dayText(e) + '\n' });
      }
    }
    // Prescriptions from the GP: repeats for long-term conditions and short courses, inside the person's window.
    const span = Math.max(1, end - start);
    conditions.forEach((has, i) => {
      if (!has) return;
      const [drug, doses] = pickFrom(rng, CONDITION_DRUGS[i]);
      const dose = doseText(pickFrom(rng, doses));
      for (let k = poisson(rng, 2.5 * years); k > 0; k--) {
        const s = start + rng.int(span);
        const e = capAt(s + (rng.next() < 0.7 ? 28 : 56), deathDay);
        rx.push({ start: s, line: ',,' + drug + ',' + dose + ',' + dayText(s) + ',' + dayText(e) + '\n' });
      }
    });
    for (let k = poisson(rng, 0.5 * years); k > 0; k--) {
      const [drug, doses, days] = pickFrom(rng, ACUTE_DRUGS);
      const s = start + rng.int(span);
      rx.push({ start: s, line: ',,' + drug + ',' + doseText(pickFrom(rng, doses)) + ',' + dayText(s) + ',' + dayText(capAt(s + days, deathDay)) + '\n' });
    }
    rx.sort((a, b) => a.start - b.start);
    let prescriptionRows = '';
    for (const r of rx) {
      this.rows.prescriptions++;
      prescriptionRows += 'RX' + String(this.rows.prescriptions).padStart(10, '0') + ',' + patientId + r.line;
    }

    const ethnicity = rng.next() < 0.05 ? '' : (age < 50 ? this._ethnicityYounger : this._ethnicityOlder).pick(rng);
    const postcode = rng.next() < 0.01 ? '' : this._postcode.pick(rng);
    const patientRow = patientId + ',' + sex + ',' + dayText(birthDay) + ',' + (deathDay === null ? '' : dayText(deathDay)) + ','
      + ethnicity + ',' + postcode + '\n';
    return { patients: patientRow, admissions: admissionRows, diagnoses: diagnosisRows, prescriptions: prescriptionRows };
  }

  private _truncatedNormal(mean: number, sd: number, lo: number, hi: number): number {
    for (;;) {
      const x = Math.round(mean + sd * this._rng.normal());
      if (x >= lo && x <= hi) return x;
    }
  }

  private _method(sex: Sex, age: number): AdmissionMethod {
    const maternity = sex === 'Female' && age >= 16 && age <= 47 ? 10 : 0;
    const adult = age >= 16 ? 1 : 0;
    const key = `${maternity}|${adult}`;
    let picker = this._methodTables.get(key);
    if (!picker) {
      picker = new Picker(METHODS, [60, 30 * (adult || 0.2), maternity, 4 * adult]);
      this._methodTables.set(key, picker);
    }
    return picker.pick(this._rng);
  }

  /** Primary diagnosis given method, age band and sex; tables are built once per combination. */
  private _diagnosis(method: AdmissionMethod, age: number, sex: Sex): Diagnosis {
    let list: readonly Diagnosis[];
    switch (method) {
      case 'Maternity': list = MATERNITY_DX; break;
      case 'Transfer': list = TRANSFER; break;
      case 'Elective': list = ELECTIVE; break;
      case 'Emergency': list = age < 16 ? EMERGENCY_CHILD : EMERGENCY_ADULT; break;
    }
    const band = age < 40 ? 0 : age < 70 ? 1 : 2;
    const key = `${method}|${age < 16 ? 'c' : 'a'}|${band}|${sex}`;
    let picker = this._diagnosisTables.get(key);
    if (!picker) {
      const weights = list.map((d) => {
        if (d.sex && d.sex !== sex) return 0;
        if (d.ageProfile === 'old') return d.weight * [0.25, 1, 2.5][band];
        if (d.ageProfile === 'young') return d.weight * [2.5, 1, 0.3][band];
        return d.weight;
      });
      picker = new Picker(list, weights.some((w) => w > 0) ? weights : list.map(() => 1));
      this._diagnosisTables.set(key, picker);
    }
    return picker.pick(this._rng);
  }
}
