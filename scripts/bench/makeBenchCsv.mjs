// Writes the benchmark CSV: N rows × 20 mixed columns (integers, decimals,
// categoricals of cardinality 2 to ~5,000, ISO and UK dates, a datetime, codes
// with leading zeros, missing values, quoted free text), deterministic from a
// seed, streamed in bounded memory and written atomically.
import { createWriteStream, existsSync, readFileSync, statSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import { dirname, join, basename } from 'node:path';

/** Bump when the file's content changes, so stale cached files are regenerated. */
export const BENCH_CSV_VERSION = 2;

export const BENCH_COLUMNS = [
  'record_id', 'age', 'sex', 'region', 'site_code', 'diag_code', 'admit_date', 'birth_date', 'score', 'weight_kg',
  'visits', 'smoker', 'cost', 'practice', 'status', 'comment', 'lab_value', 'ratio', 'group', 'event_time',
];

/** sfc32: a small, fast, seeded PRNG (public domain, PractRand-tested); the bench never uses Math.random. */
export function createPrng(seed) {
  let a = 0x9e3779b9, b = 0x243f6a88, c = 0xb7e15162, d = seed >>> 0;
  const next32 = () => {
    a >>>= 0; b >>>= 0; c >>>= 0; d >>>= 0;
    const t = (a + b | 0) + d | 0;
    d = d + 1 | 0;
    a = b ^ (b >>> 9);
    b = c + (c << 3) | 0;
    c = (c << 21) | (c >>> 11);
    c = c + t | 0;
    return t >>> 0;
  };
  for (let i = 0; i < 15; i++) next32();
  const next = () => next32() / 4294967296;
  let spare = null;
  const normal = () => {
    if (spare !== null) { const v = spare; spare = null; return v; }
    let u = 0;
    while (u === 0) u = next();
    const v = next();
    const r = Math.sqrt(-2 * Math.log(u));
    spare = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  };
  return { next, int: (n) => Math.floor(next() * n), normal };
}

const pad = (n, w) => String(n).padStart(w, '0');
const isoDay = (ms) => new Date(ms).toISOString().slice(0, 10);
const ukDay = (ms) => { const s = isoDay(ms); return `${s.slice(8, 10)}/${s.slice(5, 7)}/${s.slice(0, 4)}`; };
const DAY = 86_400_000;

const REGIONS = ['North East', 'North West', 'Yorkshire', 'East Midlands', 'West Midlands', 'East', 'London', 'South East', 'South West'];
const REGION_W = [5, 13, 10, 9, 11, 11, 16, 17, 10];
const STATUS = ['Active', 'Closed', 'Pending', '"Discharged, home"', 'Transferred'];
const STATUS_W = [40, 30, 10, 15, 5];
const COMMENTS = [
  'Follow up in 6 weeks', '"Reviewed, no change"', 'Referred to clinic', '"Patient said ""fine"""', 'Bloods taken',
  '"Seen by GP, meds reviewed"', 'Letter sent', 'DNA', '"Moved away, records transferred"', 'Repeat prescription',
];

function cumulative(weights) {
  const total = weights.reduce((a, b) => a + b, 0);
  let acc = 0;
  return Float64Array.from(weights, (w) => (acc += w) / total);
}
function pickIndex(cum, u) {
  let i = 0;
  while (i < cum.length - 1 && u >= cum[i]) i++;
  return i;
}

/** Precomputed tables: value formatting is the cost of generating 5M rows, so build strings once. */
function buildTables() {
  const admitStart = Date.UTC(2015, 0, 1);
  const admitDays = Array.from({ length: 3653 }, (_, d) => isoDay(admitStart + d * DAY));
  const birthStart = Date.UTC(1910, 0, 1);
  const birthDays = Array.from({ length: 115 * 366 }, (_, d) => ukDay(birthStart + d * DAY));
  const birthOffset = Math.round((admitStart - birthStart) / DAY);
  const hhmm = Array.from({ length: 1440 }, (_, m) => `${pad(Math.floor(m / 60), 2)}:${pad(m % 60, 2)}`);
  const ss = Array.from({ length: 60 }, (_, s) => pad(s, 2));
  const siteCodes = Array.from({ length: 150 }, (_, i) => pad(i * 3 + 1, 3));
  const letters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
  const diagCodes = Array.from({ length: 800 }, (_, i) => `${letters[i % 26]}${pad((i * 7) % 100, 2)}.${i % 10}`);
  const practices = Array.from({ length: 5000 }, (_, i) => `P${pad(10000 + i * 17 % 90000, 5)}`);
  return { admitDays, birthDays, birthOffset, hhmm, ss, siteCodes, diagCodes, practices };
}

/**
 * Writes `rows` rows to `path` (UTF-8, comma, minimal quoting, \n).
 * @returns {Promise<{rows:number, bytes:number}>}
 */
export async function writeBenchCsv(path, rows, seed = 1, onProgress) {
  const rng = createPrng(seed);
  const t = buildTables();
  const regionCum = cumulative(REGION_W);
  const statusCum = cumulative(STATUS_W);
  // Zipf-like popularity for the high-cardinality columns: a few very common values, a long tail.
  const zipf = (n) => Math.min(n - 1, Math.floor(n * rng.next() ** 3));

  await mkdir(dirname(path), { recursive: true });
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  const out = createWriteStream(tmp);
  let bytes = 0;
  try {
    let chunk = BENCH_COLUMNS.join(',') + '\n';
    for (let i = 1; i <= rows; i++) {
      const age = Math.min(100, Math.max(0, Math.round(45 + 20 * rng.normal())));
      const u = rng.next();
      const sex = u < 0.49 ? 'M' : u < 0.995 ? 'F' : 'U';
      const region = REGIONS[pickIndex(regionCum, rng.next())];
      const site = t.siteCodes[zipf(150)];
      const diag = t.diagCodes[zipf(800)];
      const admitDay = rng.int(3653);
      const admit = t.admitDays[admitDay];
      // Date of birth consistent with age at admission.
      const birthDay = Math.max(0, t.birthOffset + admitDay - age * 365 - rng.int(365) - Math.floor(age / 4));
      const birth = rng.next() < 0.02 ? '' : t.birthDays[birthDay];
      const score = (50 + 15 * rng.normal()).toFixed(2);
      const weight = rng.next() < 0.08 ? '' : (Math.max(2.5, 72 + 16 * rng.normal())).toFixed(1);
      const visits = Math.min(30, Math.floor(-Math.log(1 - rng.next()) * 3));
      const smoker = rng.next() < 0.03 ? '' : rng.next() < 0.17 ? 'Y' : 'N';
      const cost = rng.next() < 0.1 ? '' : Math.exp(6 + 1.4 * rng.normal()).toFixed(2);
      const practice = t.practices[zipf(5000)];
      const status = STATUS[pickIndex(statusCum, rng.next())];
      const comment = rng.next() < 0.6 ? '' : COMMENTS[rng.int(COMMENTS.length)];
      const lab = rng.next() < 0.2 ? '' : (Math.exp(1 + 0.5 * rng.normal())).toFixed(3);
      const ratio = rng.next().toFixed(4);
      const group = 1 + zipf(20);
      const event = t.admitDays[Math.min(3652, admitDay + rng.int(30))] + ' ' + t.hhmm[rng.int(1440)] + ':' + t.ss[rng.int(60)];
      chunk += i + ',' + age + ',' + sex + ',' + region + ',' + site + ',' + diag + ',' + admit + ',' + birth + ',' + score + ','
        + weight + ',' + visits + ',' + smoker + ',' + cost + ',' + practice + ',' + status + ',' + comment + ',' + lab + ','
        + ratio + ',' + group + ',' + event + '\n';
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
 * Returns the bench CSV for `rows`, reusing `<dir>/bench_<rows>.csv` when its
 * sidecar records the same generator version, rows and seed and the size matches.
 * @returns {Promise<{path:string, rows:number, bytes:number, reused:boolean, seconds:number}>}
 */
export async function ensureBenchCsv(dir, rows, seed = 1, onProgress) {
  const path = join(dir, `bench_${rows}.csv`);
  const sidecar = path + '.json';
  if (existsSync(path) && existsSync(sidecar)) {
    try {
      const meta = JSON.parse(readFileSync(sidecar, 'utf8'));
      if (meta.version === BENCH_CSV_VERSION && meta.rows === rows && meta.seed === seed && statSync(path).size === meta.bytes) {
        return { path, rows, bytes: meta.bytes, reused: true, seconds: 0 };
      }
    } catch { /* unreadable sidecar: regenerate */ }
  }
  const start = process.hrtime.bigint();
  const { bytes } = await writeBenchCsv(path, rows, seed, onProgress);
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  await writeFile(sidecar, JSON.stringify({ version: BENCH_CSV_VERSION, rows, seed, bytes }) + '\n');
  return { path, rows, bytes, reused: false, seconds };
}
