/**
 * Codes: values of a code system (SNOMED CT, ICD-9/10, Read, OPCS, LOINC, postcodes, ward and
 * area codes) that look like numbers but carry no arithmetic meaning. The profiler types them
 * `categorical` with a string format marked `code` (the metadata contract has no code type), so
 * a twin draws only published codes and nothing averages one (issue 13, item 2).
 * Recognised by name (a `code` word, or a code system's name), or by shape (SNOMED CT
 * identifiers: Verhoeff check digit and partition digits; ICD-10/OPCS letter+digit codes).
 */

import type { CodeSystem } from '../schema';

export type { CodeSystem };

/** Name words (lower case) naming a code system. */
const SYSTEM_WORDS: readonly [RegExp, CodeSystem][] = [
  [/^(snomed|snomedct|sct|sctid|conceptid)$/, 'snomed-ct'],
  [/^icd-?9(cm)?$/, 'icd-9'],
  [/^icd(-?10)?(cm)?$/, 'icd-10'],
  [/^opcs-?4?$/, 'opcs'],
  [/^(read|readv2|readcode|ctv3)$/, 'read'],
  [/^loinc$/, 'loinc'],
  [/^(postcode|zip|zipcode)$/, 'postcode'],
  [/^(ward|lsoa|msoa|gss|fips|ccg|icb|ods|lad|oa)$/, 'area'],
];

/** The words of a column name: split at non-alphanumerics and lower→upper case changes, lower-cased. */
export function nameWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w.length > 0);
}

/**
 * The code system a column's name declares, if any: a system's name (`icd10`, `snomed`, `opcs`,
 * `read_code`, `ward`, `lsoa`, `zip`), or a word ending in `code` (`CODE`, `REASONCODE`, `org_code`).
 */
export function codeSystemOfName(name: string): CodeSystem | null {
  const words = nameWords(name);
  // A count of codes (`n_codes`, `code_count`) is a quantity.
  if (words.some((w) => /^(n|nb|num|number|count|total|cnt)$/.test(w))) return null;
  for (const w of words) for (const [re, system] of SYSTEM_WORDS) if (re.test(w)) return system;
  // `code` as a word or a word's ending (REASONCODE, postcode handled above); `codes`, `coded` too.
  if (words.some((w) => /codes?$|^coded?$/.test(w))) return 'code';
  return null;
}

// Verhoeff tables (dihedral group D5), as SNOMED CT uses for its check digit.
const D = [
  [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 2, 3, 4, 0, 6, 7, 8, 9, 5], [2, 3, 4, 0, 1, 7, 8, 9, 5, 6],
  [3, 4, 0, 1, 2, 8, 9, 5, 6, 7], [4, 0, 1, 2, 3, 9, 5, 6, 7, 8], [5, 9, 8, 7, 6, 0, 4, 3, 2, 1],
  [6, 5, 9, 8, 7, 1, 0, 4, 3, 2], [7, 6, 5, 9, 8, 2, 1, 0, 4, 3], [8, 7, 6, 5, 9, 3, 2, 1, 0, 4],
  [9, 8, 7, 6, 5, 4, 3, 2, 1, 0],
];
const P = [
  [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 5, 7, 6, 2, 8, 3, 0, 9, 4], [5, 8, 0, 3, 7, 9, 6, 1, 4, 2],
  [8, 9, 1, 6, 0, 4, 3, 5, 2, 7], [9, 4, 5, 3, 1, 2, 7, 6, 8, 0], [4, 2, 8, 6, 5, 7, 3, 9, 0, 1],
  [2, 7, 9, 3, 8, 0, 6, 4, 1, 5], [7, 0, 4, 6, 9, 1, 3, 2, 5, 8],
];

/** Whether a digit string passes the Verhoeff check (its last digit is the check digit). */
export function verhoeffValid(digits: string): boolean {
  let c = 0;
  for (let i = 0; i < digits.length; i++) {
    const d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (d < 0 || d > 9) return false;
    c = D[c][P[i % 8][d]];
  }
  return c === 0;
}

/**
 * Written like a SNOMED CT identifier: 6–18 digits, no leading zero, and the partition identifier
 * (the two digits before the check digit) of a concept, description or relationship (00 01 02 in
 * the international release, 10 11 12 in an extension). {@link verhoeffValid} checks the check digit.
 */
export function isSnomedShaped(text: string): boolean {
  const s = text.trim();
  if (s.length < 6 || s.length > 18 || s.charCodeAt(0) === 48 || !/^\d+$/.test(s)) return false;
  return ['00', '01', '02', '10', '11', '12'].includes(s.slice(-3, -1));
}

/** An ICD-10 or OPCS-4 code as written in extracts: a letter, two digits, then up to four more after an optional dot (`K80.2`, `I219`, `W401`). */
export function isIcd10Like(text: string): boolean {
  return /^[A-Z]\d{2}(?:\.?[0-9A-Z]{1,4})?$/i.test(text.trim());
}

/** Share of a sample needed for a shape rule. */
const SHARE = 0.9;

/**
 * The code system a column's values and name show, or null when it is not a code column.
 * @param sample non-missing values as written (a uniform sample)
 * @param numeric whether every value reads as a number (codes written as digits)
 */
export function detectCodeSystem(name: string, sample: readonly string[], numeric: boolean): CodeSystem | null {
  const byName = codeSystemOfName(name);
  if (sample.length === 0) return byName;
  let shaped = 0;
  let checked = 0;
  let icd = 0;
  for (const v of sample) {
    if (isSnomedShaped(v)) {
      shaped++;
      if (verhoeffValid(v.trim())) checked++;
    } else if (isIcd10Like(v)) icd++;
  }
  // SNOMED CT by shape alone: random integers have those partition digits 6% of the time and a valid
  // check digit 10% of the time (extracts such as Synthea's carry some codes whose check digit fails).
  if (sample.length >= 10 && shaped >= SHARE * sample.length && checked >= 0.5 * sample.length) return 'snomed-ct';
  if (!numeric && (byName === 'code' || byName === null) && sample.length >= 10 && icd >= SHARE * sample.length) return 'icd-10';
  return byName;
}
