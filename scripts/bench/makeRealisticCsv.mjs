// Writes the realistic benchmark CSV (issue 17): N rows × 20 columns that look like a TRE
// extract — high-cardinality codes (a patient identifier and a procedure code, each with about
// 100,000 distinct values per million rows), measurements with many distinct values, free text
// (quoted where it holds a comma or a quote), datetimes in two spellings, plus the bench file's
// kinds (small categoricals, UK dates, codes with leading zeros, missing values). Deterministic
// from a seed, streamed in bounded memory and written atomically. No quoted newlines: a
// record's end is then every newline, as in most extracts.
import { createWriteStream, existsSync, readFileSync, statSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import { basename, dirname, join } from 'node:path';
import { createPrng } from './makeBenchCsv.mjs';

/** Bump when the file's content changes, so stale cached files are regenerated. */
export const REALISTIC_CSV_VERSION = 1;

export const REALISTIC_COLUMNS = [
  'episode_id', 'patient_id', 'procedure_code', 'age', 'sex', 'region', 'admit_time', 'discharge_time', 'birth_date', 'systolic',
  'creatinine', 'bmi', 'cost', 'lab_result', 'ward', 'smoker', 'status', 'postcode', 'note', 'los_days',
];

const pad = (n, w) => String(n).padStart(w, '0');
const DAY = 86_400_000;
const REGIONS = ['North East', 'North West', 'Yorkshire', 'East Midlands', 'West Midlands', 'East', 'London', 'South East', 'South West'];
const STATUS = ['Active', 'Closed', 'Pending', '"Discharged, home"', 'Transferred', '"Died, in hospital"'];
const LETTERS = 'ABCDEFGHJKLMNPRSTUVWXYZ';
// A small vocabulary for the free text: clinical-looking words, a few common ones repeated.
const WORDS = ('patient seen reviewed bloods taken stable discharged home follow up clinic weeks months pain chest '
  + 'abdominal mild moderate severe no change improved worse referred gp letter sent medication reviewed started stopped dose '
  + 'increased reduced history of hypertension diabetes asthma copd fall fracture infection antibiotics wound dressing '
  + 'physio assessment social care family informed consent obtained procedure uneventful observations within normal range '
  + 'plan repeat scan xray ct mri ultrasound ecg echo results awaited nil by mouth fluids oral intake good poor mobility '
  + 'independent walking frame assistance required the and with for to on in at of a').split(' ');

function procedureCode(i) {
  // letter, two digits, '.', up to three digits, optional suffix: ~distinct per index
  return LETTERS[i % 23] + pad(Math.floor(i / 23) % 100, 2) + '.' + pad(Math.floor(i / 2300) % 1000, 3) + (i >= 2_300_000 ? LETTERS[Math.floor(i / 2_300_000) % 23] : '');
}

/**
 * Writes `rows` rows to `path` (UTF-8, comma, minimal quoting, \n).
 * @returns {Promise<{rows:number, bytes:number}>}
 */
export async function writeRealisticCsv(path, rows, seed = 1, onProgress) {
  const rng = createPrng(seed);
  const codes = Math.max(10, Math.round(rows / 10));
  const patients = Math.max(10, Math.round(rows / 10));
  const start = Date.UTC(2015, 0, 1);
  const isoDays = Array.from({ length: 3700 }, (_, d) => new Date(start + d * DAY).toISOString().slice(0, 10));
  const birthStart = Date.UTC(1910, 0, 1);
  const ukDays = Array.from({ length: 115 * 366 }, (_, d) => {
    const s = new Date(birthStart + d * DAY).toISOString();
    return `${s.slice(8, 10)}/${s.slice(5, 7)}/${s.slice(0, 4)}`;
  });
  const birthOffset = Math.round((start - birthStart) / DAY);
  const two = Array.from({ length: 60 }, (_, i) => pad(i, 2));
  const postcodes = Array.from({ length: 40_000 }, (_, i) => `${LETTERS[i % 23]}${LETTERS[Math.floor(i / 23) % 23]}${1 + (i % 29)} ${(i * 7) % 10}${LETTERS[(i * 3) % 23]}${LETTERS[(i * 11) % 23]}`);
  const zipf = (n) => Math.min(n - 1, Math.floor(n * rng.next() ** 2.5));
  const clock = (ms) => {
    const m = Math.floor(ms / 60_000);
    return two[Math.floor(m / 60) % 24] + ':' + two[m % 60] + ':' + two[Math.floor(ms / 1000) % 60];
  };
  const note = () => {
    const n = 3 + rng.int(18);
    let s = WORDS[rng.int(WORDS.length)];
    let quote = false;
    for (let w = 1; w < n; w++) {
      const u = rng.next();
      if (u < 0.06) { s += ','; quote = true; }
      else if (u < 0.08) s += '.';
      s += ' ' + WORDS[zipf(WORDS.length)];
    }
    if (rng.next() < 0.02) { s += ' ""query""'; quote = true; }
    return quote ? '"' + s + '"' : s;
  };

  await mkdir(dirname(path), { recursive: true });
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  const out = createWriteStream(tmp);
  let bytes = 0;
  try {
    let chunk = REALISTIC_COLUMNS.join(',') + '\n';
    for (let i = 1; i <= rows; i++) {
      const episode = 'E' + pad(1_000_000_000 + i * 7 + rng.int(7), 10);
      const patient = pad(4_000_000_000 + Math.floor(rng.next() * patients) * 97, 10);
      const proc = procedureCode(zipf(codes));
      const age = Math.min(104, Math.max(0, Math.round(52 + 21 * rng.normal())));
      const u = rng.next();
      const sex = u < 0.49 ? 'M' : u < 0.995 ? 'F' : 'U';
      const region = REGIONS[zipf(REGIONS.length)];
      const day = rng.int(3650);
      const admitMs = day * DAY + rng.int(DAY);
      const admit = isoDays[day] + ' ' + clock(admitMs);
      const losMs = Math.floor(-Math.log(1 - rng.next()) * 4 * DAY);
      const dischargeMs = admitMs + losMs;
      const discharge = rng.next() < 0.03 ? '' : isoDays[Math.floor(dischargeMs / DAY)] + 'T' + clock(dischargeMs);
      const birthDay = Math.max(0, birthOffset + day - age * 365 - rng.int(365) - Math.floor(age / 4));
      const birth = rng.next() < 0.02 ? '' : ukDays[birthDay];
      const systolic = rng.next() < 0.05 ? '' : Math.round(128 + 18 * rng.normal());
      const creatinine = rng.next() < 0.1 ? '' : Math.exp(4.4 + 0.35 * rng.normal()).toFixed(3);
      const bmi = rng.next() < 0.15 ? '' : Math.max(12, 27 + 5 * rng.normal()).toFixed(2);
      const cost = Math.exp(7 + 1.2 * rng.normal()).toFixed(2);
      const lab = (4.5 + 1.2 * rng.normal()).toFixed(6);
      const ward = pad(zipf(400), 4);
      const smoker = rng.next() < 0.04 ? '' : rng.next() < 0.16 ? 'Y' : 'N';
      const status = STATUS[zipf(STATUS.length)];
      const postcode = rng.next() < 0.01 ? '' : postcodes[zipf(postcodes.length)];
      const text = rng.next() < 0.35 ? '' : note();
      const los = (losMs / DAY).toFixed(2);
      chunk += episode + ',' + patient + ',' + proc + ',' + age + ',' + sex + ',' + region + ',' + admit + ',' + discharge + ',' + birth + ','
        + systolic + ',' + creatinine + ',' + bmi + ',' + cost + ',' + lab + ',' + ward + ',' + smoker + ',' + status + ',' + postcode + ','
        + text + ',' + los + '\n';
      if (chunk.length >= 1 << 20 || i === rows) {
        bytes += Buffer.byteLength(chunk);
        if (!out.write(chunk)) await once(out, 'drain');
        chunk = '';
        onProgress?.(i / rows);
      }
    }
    out.end();
    await finished(out);
    await rename(tmp, path);
  } catch (e) {
    out.destroy();
    await rm(tmp, { force: true });
    throw e;
  }
  return { rows, bytes };
}

/**
 * Returns the realistic CSV for `rows`, reusing `<dir>/realistic_<rows>.csv` when its sidecar
 * records the same generator version, rows and seed and the size matches.
 * @returns {Promise<{path:string, rows:number, bytes:number, reused:boolean, seconds:number}>}
 */
export async function ensureRealisticCsv(dir, rows, seed = 1, onProgress) {
  const path = join(dir, `realistic_${rows}.csv`);
  const sidecar = path + '.json';
  if (existsSync(path) && existsSync(sidecar)) {
    try {
      const meta = JSON.parse(readFileSync(sidecar, 'utf8'));
      if (meta.version === REALISTIC_CSV_VERSION && meta.rows === rows && meta.seed === seed && statSync(path).size === meta.bytes) {
        return { path, rows, bytes: meta.bytes, reused: true, seconds: 0 };
      }
    } catch { /* unreadable sidecar: regenerate */ }
  }
  const t0 = process.hrtime.bigint();
  const { bytes } = await writeRealisticCsv(path, rows, seed, onProgress);
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  await writeFile(sidecar, JSON.stringify({ version: REALISTIC_CSV_VERSION, rows, seed, bytes }) + '\n');
  return { path, rows, bytes, reused: false, seconds };
}
