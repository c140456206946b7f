/**
 * Reference tables for the built-in, entirely fictional hospital-admissions
 * sample: diagnoses with their typical length of stay and mortality,
 * ethnicity and postcode-district mixes, wards and free-text note fragments.
 * The numbers are plausible orders of magnitude for an English acute trust
 * (loosely after NHS Hospital Episode Statistics summaries), not measurements.
 */

export type AdmissionMethod = 'Elective' | 'Emergency' | 'Maternity' | 'Transfer';
export type Sex = 'Male' | 'Female' | 'Indeterminate';
/** Which note fragments suit a diagnosis. */
export type NoteTopic = 'cardiac' | 'resp' | 'frail' | 'surgical' | 'paeds' | 'maternity' | 'daycase' | 'onc' | 'neuro' | 'general';

export interface Diagnosis {
  /** ICD-10 code as written in the extract (with the dot where the code has a fourth character). */
  code: string;
  /** Relative frequency within its admission group. */
  weight: number;
  /** Median length of stay in days for a 50-year-old (0 = day case). */
  losMedian: number;
  /** Spread of the log-normal length of stay. */
  losSigma: number;
  /** In-hospital death risk at age 70. */
  mortality: number;
  /** Extra 30-day readmission risk over the baseline. */
  readmission: number;
  /** Ward codes patients with this diagnosis are admitted to. */
  wards: readonly string[];
  topic: NoteTopic;
  /** Sex-specific conditions. */
  sex?: 'Male' | 'Female';
  /** Age profile: weights are scaled up for old (≥ 70) or young (< 40) adults, or infants (< 1). */
  ageProfile?: 'old' | 'young' | 'infant' | 'child';
  /** Seasonal (winter-peaking) respiratory illness. */
  winter?: boolean;
}

function dx(code: string, weight: number, losMedian: number, mortality: number, wards: readonly string[], topic: NoteTopic,
  extra: Partial<Pick<Diagnosis, 'sex' | 'ageProfile' | 'winter' | 'readmission' | 'losSigma'>> = {}): Diagnosis {
  return { code, weight, losMedian, losSigma: extra.losSigma ?? 0.7, mortality, readmission: extra.readmission ?? 0, wards, topic,
    sex: extra.sex, ageProfile: extra.ageProfile, winter: extra.winter };
}

// Ward codes are three-digit strings with leading zeros, as PAS systems export them.
const AMU = '001', CARDIO = '007', SURG = '012', SURG2 = '014', ORTHO = '017', RESP = '021', RESP2 = '022';
const PAEDS = '031', PAEDS2 = '032', MATERNITY = '041', LABOUR = '042', ELDERLY = '051', ELDERLY2 = '052', ELDERLY3 = '053';
const STROKE = '061', ICU = '099', DAYCASE = '105', ONCOLOGY = '110', GYNAE = '045', UROLOGY = '015';

/** Adult emergency admissions, including a handful of rare conditions (a few rows in 20,000). */
export const EMERGENCY_ADULT: readonly Diagnosis[] = [
  dx('R07.4', 8, 1, 0.001, [CARDIO, AMU], 'cardiac', { losSigma: 0.5 }),
  dx('I21.9', 5, 4, 0.06, [CARDIO], 'cardiac', { ageProfile: 'old', readmission: 0.05 }),
  dx('I48.9', 3, 3, 0.01, [CARDIO, AMU], 'cardiac', { ageProfile: 'old' }),
  dx('I50.0', 4, 8, 0.08, [CARDIO, ELDERLY], 'cardiac', { ageProfile: 'old', readmission: 0.12 }),
  dx('J18.9', 9, 6, 0.07, [RESP, RESP2, ELDERLY], 'resp', { ageProfile: 'old', winter: true, readmission: 0.05 }),
  dx('J44.1', 5, 4, 0.03, [RESP, RESP2], 'resp', { ageProfile: 'old', winter: true, readmission: 0.12 }),
  dx('J22', 3, 4, 0.02, [RESP2, AMU], 'resp', { winter: true }),
  dx('N39.0', 6, 4, 0.02, [ELDERLY, ELDERLY2, AMU], 'frail', { ageProfile: 'old', readmission: 0.04 }),
  dx('S72.0', 4, 14, 0.06, [ORTHO, ELDERLY3], 'frail', { ageProfile: 'old', losSigma: 0.6, readmission: 0.04 }),
  dx('E87.1', 1.5, 6, 0.03, [ELDERLY2, AMU], 'frail', { ageProfile: 'old' }),
  dx('A41.9', 3, 9, 0.14, [AMU, ICU, ELDERLY], 'general', { readmission: 0.05 }),
  dx('I63.9', 3, 12, 0.11, [STROKE], 'neuro', { ageProfile: 'old', losSigma: 0.8 }),
  dx('R55', 4, 1, 0.003, [AMU, ELDERLY2], 'frail', { losSigma: 0.6 }),
  dx('K35.8', 3, 3, 0.001, [SURG, SURG2], 'surgical', { ageProfile: 'young', losSigma: 0.4 }),
  dx('K85.9', 2, 6, 0.03, [SURG, SURG2], 'surgical'),
  dx('K80.2', 2, 3, 0.005, [SURG2], 'surgical'),
  dx('R10.4', 6, 1, 0.001, [SURG, AMU], 'surgical', { ageProfile: 'young', losSigma: 0.5 }),
  dx('F10.0', 2, 1, 0.002, [AMU], 'general', { ageProfile: 'young', losSigma: 0.4 }),
  dx('T39.1', 1.5, 1, 0.002, [AMU], 'general', { ageProfile: 'young', losSigma: 0.4 }),
  dx('S06.0', 2, 1, 0.002, [AMU, ORTHO], 'neuro', { ageProfile: 'young', losSigma: 0.5 }),
  dx('L03.1', 2, 5, 0.005, [AMU, ELDERLY2], 'general'),
  // Rare conditions: the categories a disclosure check should flag.
  dx('A48.1', 0.03, 10, 0.1, [RESP, ICU], 'resp'),
  dx('G61.0', 0.025, 20, 0.03, [STROKE, ICU], 'neuro'),
  dx('A39.0', 0.025, 10, 0.08, [ICU, AMU], 'general'),
  dx('B50.9', 0.03, 4, 0.01, [AMU], 'general'),
  dx('T63.0', 0.015, 2, 0.001, [AMU], 'general'),
  dx('D59.3', 0.02, 12, 0.03, [AMU, ICU], 'general'),
];

/** Emergency admissions of children (age < 16). */
export const EMERGENCY_CHILD: readonly Diagnosis[] = [
  dx('J21.9', 6, 2, 0.0005, [PAEDS], 'paeds', { ageProfile: 'infant', winter: true, losSigma: 0.5 }),
  dx('J06.9', 6, 1, 0.0002, [PAEDS, PAEDS2], 'paeds', { ageProfile: 'child', winter: true, losSigma: 0.4 }),
  dx('R56.0', 3, 1, 0.0002, [PAEDS], 'paeds', { ageProfile: 'child', losSigma: 0.4 }),
  dx('S52.5', 3, 1, 0, [PAEDS2, ORTHO], 'paeds', { ageProfile: 'child', losSigma: 0.4 }),
  dx('K35.8', 3, 3, 0.0002, [PAEDS2, SURG], 'surgical', { ageProfile: 'child', losSigma: 0.4 }),
  dx('J45.9', 4, 1, 0.0005, [PAEDS], 'paeds', { ageProfile: 'child', winter: true, losSigma: 0.5 }),
  dx('A08.4', 4, 1, 0.0002, [PAEDS], 'paeds', { losSigma: 0.4 }),
  dx('P59.9', 2, 2, 0.0002, [PAEDS], 'paeds', { ageProfile: 'infant', losSigma: 0.4 }),
];

/** Planned (elective) admissions of adults. */
export const ELECTIVE: readonly Diagnosis[] = [
  dx('H25.9', 8, 0, 0, [DAYCASE], 'daycase', { ageProfile: 'old' }),
  dx('M17.1', 5, 3, 0.002, [ORTHO], 'surgical', { ageProfile: 'old', losSigma: 0.4 }),
  dx('M16.1', 4, 3, 0.002, [ORTHO], 'surgical', { ageProfile: 'old', losSigma: 0.4 }),
  dx('K40.9', 4, 0, 0, [DAYCASE, SURG2], 'daycase', { sex: 'Male' }),
  dx('C18.9', 2, 7, 0.02, [SURG, ONCOLOGY], 'onc', { ageProfile: 'old', losSigma: 0.5, readmission: 0.06 }),
  dx('C50.9', 3, 1, 0.001, [SURG2, ONCOLOGY], 'onc', { sex: 'Female', losSigma: 0.5 }),
  dx('Z51.1', 5, 0, 0.002, [ONCOLOGY, DAYCASE], 'onc', { readmission: 0.08 }),
  dx('N40', 2, 1, 0.001, [UROLOGY], 'surgical', { sex: 'Male', ageProfile: 'old', losSigma: 0.5 }),
  dx('K80.2', 3, 1, 0.001, [SURG2, DAYCASE], 'surgical', { losSigma: 0.5 }),
  dx('N20.0', 2, 1, 0.0005, [UROLOGY], 'surgical', { losSigma: 0.5 }),
  dx('M23.2', 3, 0, 0, [DAYCASE], 'daycase', { ageProfile: 'young' }),
  dx('D25.9', 2, 2, 0.0005, [GYNAE], 'surgical', { sex: 'Female', ageProfile: 'young', losSigma: 0.4 }),
];

/** Maternity admissions (women aged 16–47). */
export const MATERNITY_DX: readonly Diagnosis[] = [
  dx('O80', 10, 1, 0, [MATERNITY, LABOUR], 'maternity', { sex: 'Female', losSigma: 0.4 }),
  dx('O82', 4, 3, 0, [MATERNITY, LABOUR], 'maternity', { sex: 'Female', losSigma: 0.3 }),
  dx('O42.9', 2, 2, 0, [MATERNITY], 'maternity', { sex: 'Female', losSigma: 0.4 }),
  dx('O70.0', 2, 2, 0, [MATERNITY], 'maternity', { sex: 'Female', losSigma: 0.3 }),
  dx('O72.1', 0.8, 3, 0.0002, [LABOUR, MATERNITY], 'maternity', { sex: 'Female', losSigma: 0.4 }),
  dx('O14.1', 0.5, 4, 0.0002, [LABOUR, ICU], 'maternity', { sex: 'Female', losSigma: 0.5 }),
];

/** Transfers in from other hospitals: sicker adults. */
export const TRANSFER: readonly Diagnosis[] = [
  dx('I21.9', 4, 4, 0.06, [CARDIO], 'cardiac'),
  dx('I63.9', 3, 12, 0.11, [STROKE], 'neuro', { losSigma: 0.8 }),
  dx('S06.5', 2, 10, 0.12, [ICU, STROKE], 'neuro'),
  dx('A41.9', 2, 9, 0.14, [ICU, AMU], 'general'),
  dx('C34.9', 2, 8, 0.15, [ONCOLOGY, RESP], 'onc'),
  dx('J96.0', 1.5, 10, 0.2, [ICU, RESP], 'resp'),
];

/** ONS 2021 census ethnic groups (England and Wales), as NHS extracts label them. */
export const ETHNICITY_LABELS: readonly string[] = [
  'White - British', 'White - Irish', 'White - Gypsy or Irish Traveller', 'White - Roma', 'White - Any other White background',
  'Mixed - White and Black Caribbean', 'Mixed - White and Black African', 'Mixed - White and Asian', 'Mixed - Any other Mixed background',
  'Asian - Indian', 'Asian - Pakistani', 'Asian - Bangladeshi', 'Asian - Chinese', 'Asian - Any other Asian background',
  'Black - African', 'Black - Caribbean', 'Black - Any other Black background',
  'Other - Arab', 'Other - Any other ethnic group', 'Not stated',
];
/** Weights for patients under 50 and for patients 50 and over (older cohorts are less diverse). */
export const ETHNICITY_WEIGHTS_YOUNGER: readonly number[] = [
  64, 0.8, 0.05, 0.035, 7, 1.4, 0.7, 1.1, 1.0, 3.0, 5.5, 1.0, 1.0, 1.6, 3.2, 0.7, 0.4, 0.6, 1.3, 3.0,
];
export const ETHNICITY_WEIGHTS_OLDER: readonly number[] = [
  82, 1.3, 0.03, 0.015, 3.5, 0.4, 0.15, 0.3, 0.25, 1.8, 2.5, 0.4, 0.5, 0.7, 1.0, 0.9, 0.15, 0.2, 0.6, 3.0,
];

/**
 * Postcode districts (outward codes — areas of thousands of households, not
 * addresses) for a fictional Leeds hospital: the local catchment dominates,
 * neighbouring towns follow, and a few far-away districts (holidaymakers,
 * students) occur only a handful of times.
 */
export const POSTCODE_DISTRICTS: readonly (readonly [string, number])[] = [
  ['LS1', 1.5], ['LS2', 1.2], ['LS3', 1.5], ['LS4', 2.0], ['LS5', 2.0], ['LS6', 3.5], ['LS7', 3.2], ['LS8', 3.8], ['LS9', 4.2],
  ['LS10', 3.6], ['LS11', 3.8], ['LS12', 3.6], ['LS13', 3.4], ['LS14', 3.5], ['LS15', 3.0], ['LS16', 2.8], ['LS17', 2.9], ['LS18', 1.8],
  ['LS19', 1.8], ['LS20', 1.2], ['LS21', 1.0], ['LS22', 1.1], ['LS23', 0.4], ['LS24', 0.4], ['LS25', 1.5], ['LS26', 1.6], ['LS27', 2.2],
  ['LS28', 2.5], ['LS29', 1.1],
  ['BD1', 0.3], ['BD3', 0.4], ['BD10', 0.5], ['BD11', 0.4], ['WF1', 0.5], ['WF3', 0.9], ['WF10', 0.7], ['WF17', 0.4],
  ['HG1', 0.3], ['HG3', 0.3], ['YO1', 0.15], ['YO8', 0.2], ['HD1', 0.15], ['HX1', 0.12], ['S1', 0.08], ['M13', 0.06], ['B15', 0.04],
  ['NE1', 0.03], ['EH1', 0.02], ['CF10', 0.02], ['TR18', 0.01], ['KW15', 0.008], ['HS1', 0.008], ['ZE1', 0.006], ['BT9', 0.012],
];

/**
 * Note fragments per topic: short, clinical-shorthand, entirely made up; some need CSV
 * quoting. `{a-b}` is replaced by a whole number drawn uniformly from a..b, so that notes
 * vary like real free text rather than repeating a few phrases.
 */
export const NOTES: Readonly<Record<NoteTopic, readonly string[]>> = {
  cardiac: [
    'Pt c/o chest pain, "settled" overnight',
    'Trop {4-14} then {4-14}, for OP echo',
    'ECG: AF, rate controlled',
    'Chest pain resolved with GTN x{1-3}',
    'Ankle oedema, IV furosemide, weight down {1-5}kg',
    'Cath lab, stent to LAD',
  ],
  resp: [
    'Sats {86-99}% on air, for CXR',
    'Abx IV then oral, CRP improving',
    'Nebs {2-6}-hourly, "feels much better"',
    'T {37-40}.{0-9}°C, CRP {12-380}, sputum sent',
    'Home O2 assessment requested',
    '{5-40} cig/day, smoking cessation advice given',
  ],
  frail: [
    'Fall at home, long lie ~{1-14}h',
    'Seen by frailty team; for OT assessment',
    'Delirium improving, family visiting',
    'Awaiting social care package, day {1-30} of wait',
    'Mobilising {5-40}m with frame, PT review',
    'Confused on admission, "not herself" per daughter',
  ],
  surgical: [
    'NBM from midnight',
    'Lap procedure, {35-190} min, no complications',
    'Post-op pain controlled, eating and drinking',
    'Wound clean and dry, {5-30} clips',
    'For theatre today, consented',
    'Drain removed day {1-5}',
  ],
  paeds: [
    'Feeding well, {60-180}ml per feed, parents happy',
    'Obs stable, discharged with safety-netting advice',
    'Cast applied, fracture clinic {1-2}/52',
    'Salbutamol weaned, "back to normal"',
    'Tolerating fluids, wet nappies',
  ],
  maternity: [
    'SVD, baby well, {2400-4600}g',
    'Elective LSCS at {37-40}+{0-6}, uneventful',
    'EBL {150-1200}ml, breastfeeding established',
    'Midwife-led unit, water birth',
    'Induction of labour, "long night"',
  ],
  daycase: [
    'Day case, {15-90} min, no complications',
    'Discharged same day, escort home',
    'Procedure under LA, tolerated well',
  ],
  onc: [
    'Cycle {1-6} of 6, bloods OK',
    'MDT discussed, for surgery',
    'Neutrophils 0.{1-9}, neutropenic precautions, afebrile',
    'Seen by CNS, leaflet given',
  ],
  neuro: [
    'CT head NAD, GCS {14-15}',
    'FAST positive on arrival, thrombolysed',
    'SALT assessment, modified diet',
    'GCS {13-15}, neuro obs stable',
  ],
  general: [
    'Reviewed on ward round, plan unchanged',
    'Declined "all" obs, reviewed by reg',
    'Bloods repeated, K+ {2-3}.{1-9}, replaced',
    'Pt keen for home',
    'IV fluids, {1-3}L so far, fluid balance chart',
    'Interpreter booked for ward round',
  ],
};

/** Observations that often open a note. */
export const NOTE_OPENERS: readonly string[] = [
  'HR {52-134}, RR {12-30}. ',
  'NEWS2 {0-9}. ',
  'BP {92-188}/{50-104}. ',
  'Day {1-12}: ',
  'Pain score {0-10}/10. ',
];

export const NOTES_DIED: readonly string[] = [
  'Family aware, DNACPR in place',
  'End of life care, family present',
  'ReSPECT form completed, comfort care',
];
export const NOTES_TRANSFERRED: readonly string[] = [
  'Transferred to "step-down" bed at community hospital',
  'Repatriated to local trust, handover given',
  'Discharged to nursing home',
];
export const NOTES_INPATIENT: readonly string[] = [
  'Medically fit for discharge, awaiting placement',
  'Awaiting social care package, day {1-30} of wait',
  'Ongoing IV antibiotics, day {2-14}',
];
