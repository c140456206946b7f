import type { FakeSpace, MetadataColumn, NumberMetadataColumn } from '../metadata';
import { fakeKindOf, shapeListOf, type FakeKind } from './fakes';

/**
 * Fakes from a space disjoint from the real values — checked, not assumed (issue 13 item 4).
 * Every fake of a column begins with a marker (one or two characters) that no real value of the
 * column begins with. The profiler records the beginnings of every real value
 * (`ColumnAccumulator.leads`); {@link chooseFakeSpace} takes the first marker of the column's fake
 * kind that no real value has, and metadata.json records only that marker (`fakeSpace`), so twins
 * made from metadata alone keep the guarantee. The markers stay inside each scheme's never-issued
 * ranges where it has them:
 * - NHS numbers: `99` (the 999 test range), else a block `9d` (d = 8…0), else a four-digit block
 *   `9ddd`, all outside every issued range (first digits counted with separators skipped);
 * - postcodes: area letters `Z`, `Q`, `X`, `V` (no UK postcode area starts Q, V or X; Z only ZE);
 * - National Insurance numbers: `QQ`, `QZ`, `QX`, `QY` (Q is never a first letter);
 * - phone numbers: Ofcom's drama ranges written `01…`, `02…`, `07…`, `+44 …`, `(0…)` or `0044 …`;
 * - emails: a local part starting `zz`, `zq`, `qz`, `xq`, `qx`, `xz` at `example.invalid`;
 * - UUIDs: a two-hex-digit start, else upper-case hex when the real values are lower case;
 * - shapes and tokens: a first character (else two) of the shape's class;
 * - names and free text: a two-letter start such as `Xq`, `Qx`, `Zq`.
 */

/** Whether some real value begins with `prefix` (one or two characters; letters in either case). */
export type Occupied = (prefix: string) => boolean;

/** Two-digit blocks first; when random numbers fill all of 90–99 (e.g. the A&E extract's IDs), a free four-digit block 9000–9999. */
const NHS_PREFIXES = [
  '99', '98', '97', '96', '95', '94', '93', '92', '91', '90',
  ...Array.from({ length: 1000 }, (_, i) => String(9999 - i)),
];
const POSTCODE_AREAS = ['Z', 'Q', 'X', 'V'];
const NI_PREFIXES = ['QQ', 'QZ', 'QX', 'QY'];
const PHONE_PREFIXES = ['01', '02', '07', '+4', '(0', '00'];
const EMAIL_PREFIXES = ['zz', 'zq', 'qz', 'xq', 'qx', 'xz'];
const WORD_PREFIXES = ['Xq', 'Qx', 'Zq', 'Qz', 'Xz', 'Zx', 'Jq', 'Qj', 'Vq', 'Qv'];
const HEX = '0123456789abcdef';
const DIGITS = '9876543210';
const LETTERS = 'ZQXJVKWYUFBGHLMNPRSTCDEAIO';
const ALNUM = 'ZQXJ9876543210VKWYUFBGHLMNPRSTCDEAIO';

/** The candidate markers of a fake kind, in order of preference. */
export function markerCandidates(kind: FakeKind, column: Pick<MetadataColumn, 'format'>): string[] {
  switch (kind) {
    case 'nhs-number': return NHS_PREFIXES;
    case 'postcode': return POSTCODE_AREAS;
    case 'ni-number': return NI_PREFIXES;
    case 'phone': return PHONE_PREFIXES;
    case 'email': return EMAIL_PREFIXES;
    case 'name': case 'text': return WORD_PREFIXES;
    case 'uuid': {
      const pairs: string[] = [];
      for (const a of [...HEX].reverse()) for (const b of [...HEX].reverse()) pairs.push(a + b);
      return [...pairs, 'F', 'E', 'D', 'C', 'B', 'A'];
    }
    case 'shape': {
      const shape = shapeListOf(column.format)[0] ?? '';
      return classPrefixes(shape.slice(0, 2));
    }
    case 'token': return classPrefixes('');
  }
}

/** One-character then two-character markers for a shape's first places (9 digit, A letter; '' any alphanumeric). */
function classPrefixes(places: string): string[] {
  const alphabet = (c: string | undefined): string | null => (c === '9' ? DIGITS : c === 'A' ? LETTERS : c === undefined || places === '' ? ALNUM : null);
  const first = alphabet(places[0]);
  if (first === null) return [];
  const out = [...first];
  const second = places === '' ? ALNUM : places.length > 1 ? alphabet(places[1]) : null;
  if (second) for (const a of first) for (const b of second) out.push(a + b);
  return out;
}

/**
 * The first marker of the column's fake kind that no real value begins with (null when every
 * candidate is taken: fakes are then not guaranteed disjoint, and the recipe says so).
 * Upper-case UUID markers are compared by case (they exist to differ from lower-case real values).
 */
export function chooseFakeSpace(column: MetadataColumn, occupied: Occupied): FakeSpace {
  const kind = fakeKindOf(column);
  const caseSensitive = kind === 'uuid';
  for (const p of markerCandidates(kind, column)) {
    const exact = caseSensitive && p.length === 1;
    if (exact ? !occupied(p) : !occupiedAnyCase(p, occupied)) return { kind, prefix: p };
  }
  return { kind, prefix: null };
}

function occupiedAnyCase(p: string, occupied: Occupied): boolean {
  const variants = new Set([p, p.toUpperCase(), p.toLowerCase(), p[0].toUpperCase() + p.slice(1).toLowerCase(), p[0].toLowerCase() + p.slice(1).toUpperCase()]);
  for (const v of variants) if (occupied(v)) return true;
  return false;
}

/**
 * An occupancy test over the beginnings the profiler recorded (`ColumnProfile.beginnings`: the first
 * two characters, as bytes, of every value): a one-character prefix is occupied when any beginning starts with it.
 */
export function occupiedFromBeginnings(beginnings: readonly string[], digitBeginnings?: readonly string[]): Occupied {
  const pairs = new Set(beginnings);
  const firsts = new Set(beginnings.map((b) => b[0]));
  const fours = new Set(digitBeginnings ?? []);
  return (prefix: string): boolean => {
    // Four digits: from the digit beginnings when recorded, else any value starting with its first two is taken to hold it.
    if (prefix.length === 4 && /^\d{4}$/.test(prefix)) return digitBeginnings ? fours.has(prefix) : pairs.has(prefix.slice(0, 2));
    return prefix.length >= 2 ? pairs.has(prefix.slice(0, 2)) : firsts.has(prefix);
  };
}

/** The first-four-digit beginnings set in a profiler bitmap (`ColumnAccumulator.digitLeads`), as four-digit strings. */
export function digitBeginningsOf(leads: Uint32Array): string[] {
  const out: string[] = [];
  for (let v = 0; v < 10_000; v++) if ((leads[v >>> 5] & (1 << (v & 31))) !== 0) out.push(String(v).padStart(4, '0'));
  return out;
}

/** The two-byte beginnings set in a profiler bitmap (`ColumnAccumulator.leads`), as strings of one or two characters. */
export function beginningsOf(leads: Uint32Array): string[] {
  const out: string[] = [];
  for (let w = 0; w < leads.length; w++) {
    let bits = leads[w];
    while (bits !== 0) {
      const low = bits & -bits;
      const bit = w * 32 + (31 - Math.clz32(low));
      bits ^= low;
      const b0 = bit >>> 8;
      const b1 = bit & 255;
      out.push(b1 === 0 ? String.fromCharCode(b0) : String.fromCharCode(b0, b1));
    }
  }
  return out;
}

/**
 * A unique integer key's fakes (row numbers, record IDs; none negative) start at the first power of ten above
 * every real value (`prefix` holds that start), e.g. 10000 for real IDs up to 7,584: disjoint
 * from the real IDs, and revealing only the real maximum's number of digits.
 */
export function uniqueIntegerSpaceOf(column: MetadataColumn, profile: { numeric?: { min: number; max: number } }): FakeSpace | undefined {
  if (column.type !== 'integer' || !column.disclosure.some((f) => f.kind === 'unique-key') || !profile.numeric) return undefined;
  // Record IDs are never negative; a distinct-valued column with negatives is a quantity, drawn as before.
  if (profile.numeric.min < 0) return undefined;
  const max = Math.max(0, Math.floor(profile.numeric.max));
  return { kind: 'unique-integer', prefix: String(10 ** String(max).length) };
}

/** Where a unique integer key's fakes start: above every real value when the metadata says so, else the coded lower bound. */
export function uniqueIntegerStartOf(column: NumberMetadataColumn): { start: number; disjoint: boolean } {
  const space = column.fakeSpace;
  if (space?.kind === 'unique-integer' && space.prefix !== null && Number.isFinite(Number(space.prefix))) return { start: Number(space.prefix), disjoint: true };
  return { start: Math.ceil(column.bounds.lower), disjoint: false };
}
