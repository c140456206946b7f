/**
 * NHS number check digit (modulus 11), shared by the profiler (detecting NHS
 * numbers), the synthesiser (format-valid fakes) and the built-in sample.
 *
 * Reference: NHS Data Dictionary, "NHS Number" — weights 10..2 on the first
 * nine digits, check = 11 − (sum mod 11); 11 becomes 0, and 10 means the
 * nine-digit prefix is never issued.
 */

/** First NHS number of the range reserved for testing and never issued to patients. */
export const NHS_TEST_RANGE_FIRST = 9990000000;
/** Last NHS number of the test range. */
export const NHS_TEST_RANGE_LAST = 9999999999;

/**
 * The modulus-11 check digit for the first nine digits of an NHS number.
 * Spaces and hyphens in the input are ignored.
 * @returns 0–9, or null when the prefix has no valid check digit (the result would be 10)
 *   or the input is not exactly nine digits.
 */
export function nhsCheckDigit(first9: string): number | null {
  let sum = 0;
  let digits = 0;
  for (let i = 0; i < first9.length; i++) {
    const c = first9.charCodeAt(i);
    if (c === 32 || c === 45) continue; // ' ' and '-' separators
    if (c < 48 || c > 57 || digits === 9) return null;
    sum += (c - 48) * (10 - digits);
    digits++;
  }
  if (digits !== 9) return null;
  const check = 11 - (sum % 11);
  if (check === 11) return 0;
  if (check === 10) return null;
  return check;
}

/**
 * Whether a string is a valid NHS number: ten digits (optionally written
 * `943 476 5919` or `943-476-5919`, or with no separators) whose last digit is
 * the modulus-11 check digit of the first nine.
 */
export function isValidNhsNumber(value: string): boolean {
  const v = value.trim();
  let digits = '';
  if (/^\d{10}$/.test(v)) digits = v;
  else if (/^\d{3}([ -])\d{3}\1\d{4}$/.test(v)) digits = v.slice(0, 3) + v.slice(4, 7) + v.slice(8);
  else return false;
  const check = nhsCheckDigit(digits.slice(0, 9));
  return check !== null && check === digits.charCodeAt(9) - 48;
}

/** Whether a valid NHS number lies in the 999 test range (never issued to a patient). */
export function isNhsTestRangeNumber(value: string): boolean {
  if (!isValidNhsNumber(value)) return false;
  return value.trim().startsWith('999');
}
