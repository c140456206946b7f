import { isValidNhsNumber } from '../nhsNumber';
/**
 * Recognisers for direct identifiers found in UK research extracts (NHS numbers,
 * postcodes, National Insurance numbers, emails, phone numbers, UUIDs) and the
 * "shape" of a code. They run on a per-column sample of values, never on every
 * cell, so regular expressions are acceptable here.
 */

/** Which identifier scheme a value matches. */
export type IdentifierPattern = 'nhs-number' | 'postcode' | 'ni-number' | 'email' | 'phone' | 'uuid';

export const IDENTIFIER_PATTERNS: readonly IdentifierPattern[] = ['nhs-number', 'postcode', 'ni-number', 'email', 'phone', 'uuid'];

/**
 * Ten digits of an NHS number, written plain or grouped 3-3-4 with spaces or dashes
 * (`9434765919`, `943 476 5919`, `943-476-5919`); null when the text is not so written.
 */
export function nhsDigits(text: string): string | null {
  const s = text.trim();
  if (s.length === 10) return /^\d{10}$/.test(s) ? s : null;
  const m = /^(\d{3})([ -])(\d{3})\2(\d{4})$/.exec(s);
  return m ? m[1] + m[3] + m[4] : null;
}

/** The NHS number check lives with the other NHS-number logic (the sample and the fakes use it too). */
export { isValidNhsNumber };

/** Whether a value is written like an NHS number (3-3-4 grouped, or 10 plain digits), check digit aside. */
export function looksLikeNhsNumber(text: string): boolean {
  return nhsDigits(text) !== null;
}

// Outward code: A9, A99, AA9, AA99, A9A, AA9A; inward: 9AA (letters C I K M O V never appear there).
const POSTCODE_FULL = /^(?:[A-Z]{1,2}\d[A-Z\d]?|GIR) ?\d[ABD-HJLNP-UW-Z]{2}$/i;
const POSTCODE_DISTRICT = /^[A-Z]{1,2}\d[A-Z\d]?$/i;

/** A full UK postcode such as `EC3N 3DH` or `W1A 0AX` (space optional). */
export function isUkPostcode(text: string): boolean {
  return POSTCODE_FULL.test(text.trim());
}

/** An outward code (postcode district) on its own, such as `EC3N` or `M1`. */
export function isUkPostcodeDistrict(text: string): boolean {
  return POSTCODE_DISTRICT.test(text.trim());
}

// HMRC rules: first letter not D F I Q U V; second not D F I O Q U V; prefixes BG GB KN NK NT TN ZZ unused; suffix A–D.
const NI_NUMBER = /^(?!BG|GB|KN|NK|NT|TN|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z] ?\d{2} ?\d{2} ?\d{2} ?[A-D]$/i;

/** A UK National Insurance number such as `QQ 12 34 56 C` (HMRC format rules). */
export function isNiNumber(text: string): boolean {
  return NI_NUMBER.test(text.trim());
}

const EMAIL = /^[^\s@]+@[^\s@.]+(?:\.[^\s@.]+)+$/;

/** An email address: local part, `@`, a dotted domain, no spaces. */
export function isEmail(text: string): boolean {
  return EMAIL.test(text.trim());
}

/**
 * A UK phone number: `+44`/`0044`/`0` then 9–10 digits, with spaces, dashes, dots or a
 * bracketed area code allowed (`020 7946 0958`, `(020) 7946 0958`, `+44 7700 900123`).
 */
export function isPhoneNumber(text: string): boolean {
  const s = text.trim();
  if (!/^[+\d(][\d ()\-.]{8,18}$/.test(s)) return false;
  const compact = s.replace(/[ ()\-.]/g, '');
  return /^(?:\+44|0044|0)\d{9,10}$/.test(compact);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** An RFC 4122-style UUID (`3c1c5636-2c43-bd4b-6eab-9eabf5929c55`). */
export function isUuid(text: string): boolean {
  return UUID.test(text.trim());
}

/** Whether a value matches an identifier scheme (NHS number counts by its written form; see {@link isValidNhsNumber}). */
export function matchesIdentifier(pattern: IdentifierPattern, text: string): boolean {
  switch (pattern) {
    case 'nhs-number': return looksLikeNhsNumber(text);
    case 'postcode': return isUkPostcode(text);
    case 'ni-number': return isNiNumber(text);
    case 'email': return isEmail(text);
    case 'phone': return isPhoneNumber(text);
    case 'uuid': return isUuid(text);
  }
}

/**
 * The shape of a code: each digit → `9`, each ASCII letter → `A`, anything else kept,
 * e.g. `744-256-9522` → `999-999-9999`, `EC3N 3DH` → `AA9A 9AA`.
 */
export function shapeOf(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) out += '9';
    else if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122)) out += 'A';
    else out += text[i];
  }
  return out;
}
