import { inputError } from '../errors';
import type { MetadataColumn, StringMetadataColumn } from '../metadata';
import { nhsCheckDigit, NHS_TEST_RANGE_FIRST, NHS_TEST_RANGE_LAST } from '../nhsNumber';
import type { Random } from '../random';
import { quantileMarginal, type NumberMarginal } from './marginals';
import { createPermutation, type Permutation } from './permutation';
import { t } from '../l10n';

/**
 * Format-valid fakes for identifiers and free text (issue 3, item 6). Each recognised
 * scheme draws from a range that is never issued to real people, so such a fake can
 * never equal a real identifier:
 * - NHS numbers: the 999 000 0000–999 999 9999 test range, valid modulus-11 check digit,
 *   written in the source's shape (`999-123-4567`, `999 123 4567` or `9991234567`); unique
 *   columns with more rows than that range holds, and sources that themselves use the test range
 *   (`inTestRange`), use numbers starting with 9, which lie outside every issued range;
 * - emails: `user123456@example.invalid` (RFC 2606 reserved domain);
 * - phone numbers: Ofcom's drama ranges (07700 900xxx, 01632 960xxx, 020 7946 0xxx, 0113 496 0xxx, …);
 * - postcodes: valid UK shape in the non-existent postcode area `ZZ` (never district 99, the NHS pseudo-postcodes);
 * - National Insurance numbers: prefix `QQ` (Q is never a first letter, HMRC);
 * - names and free text: lorem-style placeholder words, length drawn from the recorded length quantiles.
 * Codes of no recognised scheme get random characters in the recorded shape (9 → digit,
 * A → letter, others kept), random UUIDs, or random letters and digits of the recorded
 * lengths: these are not from a reserved range, so a coincidence with a real code is possible
 * when the shape allows few values (the chance is about source rows × twin rows / values the shape allows).
 * Unique columns stay unique: values come from a seeded permutation of the scheme's range.
 * Disjointness is checked, not assumed: when metadata.json records a `fakeSpace` for the column
 * (fakeSpaces.ts: a beginning no real value has), every fake begins with it — the NHS block,
 * postcode area, NI prefix, phone range or layout, email local part, UUID start, shape or token
 * start, name or text start — so no fake can equal a real value, from metadata alone.
 */

/** Which fake scheme a string column gets. */
export type FakeKind = 'nhs-number' | 'email' | 'phone' | 'postcode' | 'ni-number' | 'uuid' | 'shape' | 'token' | 'name' | 'text';

/** A faker hands out values in row order; the i-th call of a unique faker never repeats an earlier value. */
export interface StringFaker {
  readonly kind: FakeKind;
  /** How the values are made, for the recipe (disclosure-safe). */
  readonly detail: string;
  /** The next fake value. */
  next(): string;
  /**
   * How many distinct values the faker's permutation places hold (`seek(i)` for i below it gives
   * value i, never repeating); 0 when its values are not drawn from places (names, free text, a
   * non-unique column).
   */
  readonly places: number;
  /**
   * Makes the next value the `index`-th value of the column (a unique column's permutation
   * image of that value's place), its random parts drawn from `rng` from now on: a batch of a
   * twin starts where its rows start, whatever was drawn before (synth/twinBatches.ts).
   */
  seek(index: number, rng: Random): void;
}

/** How many distinct fake values a scheme can give at most (unique columns need at least `rows`); NHS numbers: the widest block. */
export function fakeCapacityOf(kind: FakeKind, column: Pick<MetadataColumn, 'format'>): number {
  const shape = primaryShapeOf(kind, shapeListOf(column.format));
  switch (kind) {
    case 'nhs-number': return NHS_NINE_BLOCK.valid;
    case 'phone': return PHONE_RANGES.length * 1000;
    case 'postcode': return postcodeCapacity(shape);
    case 'ni-number': return 4_000_000;
    case 'shape': return shapeCapacity(shape ?? '');
    default: return 2 ** 52;
  }
}

/** Decides the fake scheme for a column from its disclosure flags, format and type. */
export function fakeKindOf(column: MetadataColumn): FakeKind {
  const flags = new Set(column.disclosure.map((f) => f.kind));
  const format = column.format;
  const shaped = shapeListOf(format).some((x) => /[9A]/.test(x));
  if ((format.kind === 'string' && format.checkDigit === 'nhs-mod11') || flags.has('nhs-number')) return 'nhs-number';
  if (flags.has('email')) return 'email';
  if (flags.has('phone')) return 'phone';
  if (flags.has('postcode')) return 'postcode';
  if (flags.has('ni-number')) return 'ni-number';
  if (flags.has('name')) return 'name';
  if (column.type === 'text' || flags.has('free-text')) return 'text';
  if (shaped) return 'shape';
  if (column.type === 'identifier' && isUuidLength(column)) return 'uuid';
  return 'token';
}

/**
 * A faker for a string column (identifier or text), seeded from `rng`.
 * @param rows how many values will be drawn (checked against the scheme's range for unique columns)
 * @param options.keys values from permutation places as for a unique column, for the keys of a
 *   repeated key (each on a run of rows, never again: synth/keys.ts); the range is not checked
 *   against `rows` (a key takes one or more rows), the caller keeps within `places`.
 * @throws TwinError('input') when a unique column needs more distinct fakes than its never-issued range holds.
 */
export function createFaker(column: MetadataColumn, rows: number, seeded: Random, options: { keys?: boolean } = {}): StringFaker {
  let rng = seeded;
  const kind = fakeKindOf(column);
  const unique = isUniqueColumn(column) || options.keys === true;
  // The beginning no real value has (fakeSpaces.ts), when the metadata recorded one for this kind.
  let marker = column.fakeSpace && column.fakeSpace.kind === kind ? column.fakeSpace.prefix : undefined;
  // A four-digit NHS block holds 90,909 numbers: a unique column needing more gets none (and says so).
  if (kind === 'nhs-number' && marker && marker.length === 4 && unique && rows > 90_909) marker = null;
  const disjoint = marker ? `; every fake begins ${JSON.stringify(marker)}, which no real value does` : marker === null ? '; no beginning free of real values was found, so a fake may equal a real value' : '';
  const allShapes = shapeListOf(column.format);
  const shapes = marker && (kind === 'shape') ? allShapes.filter((x) => fitsMarker(x, marker)) : allShapes;
  // One shape for unique columns (the roomiest, so the permutation covers it); non-unique columns draw a shape per value.
  const shape = primaryShapeOf(kind, shapes);
  const lengths = lengthMarginalOf(column);
  // Unique columns: the i-th value is the permutation's image of i (no repeats, no memory).
  const uniqueLength = Math.max(lengths ? Math.max(1, lengths.upper) : 8, marker ? marker.length + 1 : 1);
  const emailDigits = Math.max(6, String(Math.max(rows, 1) * 10).length);
  const markedPlaces = marker && (kind === 'shape' || kind === 'token') ? marker.length : 0;
  const phoneRanges = phoneRangesOf(marker);
  // A repeated key keeps the column's mix of shapes (a unique column takes its roomiest one): key i
  // takes shape i mod S and place ⌊i / S⌋ of a permutation sized to the smallest shape, so keys never
  // repeat, within a shape or across shapes (two shapes never write the same text).
  // When the smallest shape's places could run out before the twin's rows do, the roomiest shape alone.
  const shapeSpace = (x: string | undefined): number => Math.floor(permutationSpaceOf(kind, column, uniqueLength, emailDigits, rows, x, phoneRanges.length) / (markedPlaces ? radixOf(kind, x, markedPlaces) : 1));
  const allKeyShapes = options.keys ? keyShapesOf(kind, shapes) : [];
  const smallest = allKeyShapes.length > 1 ? Math.min(...allKeyShapes.map(shapeSpace)) : 0;
  const keyShapes = smallest * allKeyShapes.length >= rows ? allKeyShapes : [];
  const space = keyShapes.length > 1 ? smallest : shapeSpace(shape);
  const capacity = kind === 'nhs-number' ? nhsBlockOf(column, true, rows, marker).valid : space > 0 ? space * Math.max(1, keyShapes.length) : Infinity;
  if (unique && !options.keys && rows > capacity) {
    throw inputError(
      t('unique {0} column can have at most {1} distinct fake values from its never-issued range; ask for at most {1} rows or exclude the column', kind, capacity),
      { column: column.name },
    );
  }
  const perm: Permutation | null = unique && space > 0 ? createPermutation(space, rng.fork('permutation')) : null;
  let counter = 0;
  const index = (n: number): number => (perm ? perm.at(counter++) : Math.floor(rng.next() * n));
  /** The next key's shape and place when a repeated key has several shapes (keyShapes). */
  const nextKeyPlace = (): { shape: string; place: number } => {
    const i = counter++, s = i % keyShapes.length;
    // Each shape starts its walk of the permutation at its own offset, so neighbouring keys of two
    // shapes do not share their digits (still one place per key within a shape).
    return { shape: keyShapes[s], place: perm!.at((Math.floor(i / keyShapes.length) + s * Math.floor(space / keyShapes.length)) % space) };
  };
  const mixed = perm !== null && keyShapes.length > 1;
  const u = perm ? ' (unique)' : '';
  const made = fakerOf();
  const faker: StringFaker = { ...made, places: perm ? capacity : 0, seek: () => undefined };
  // Value i of a unique column is permutation place i, except NHS numbers, which skip the places
  // whose check digit would be 10: their places are walked forward from the last position (or from 0).
  let value = 0;
  const walks = kind === 'nhs-number' && perm !== null;
  const nhsBlock = walks ? nhsBlockOf(column, unique, rows, marker) : null;
  faker.seek = (target: number, stream: Random): void => {
    rng = stream;
    if (!perm) return;
    if (!walks) {
      counter = target;
      return;
    }
    if (target < value) value = counter = 0;
    for (; value < target; value++) while (nhsCheckDigit(String(nhsBlock!.first + perm.at(counter++))) === null);
  };
  if (walks) faker.next = () => { value++; return made.next(); };
  return faker;

  function fakerOf(): Omit<StringFaker, 'seek' | 'places'> {
    switch (kind) {
      case 'nhs-number': {
        const layout = nhsLayoutOf(shape);
        const block = nhsBlockOf(column, unique, rows, marker);
        return {
          kind,
          detail: `NHS-number-like fakes from ${block.label} with valid modulus-11 check digits, written ${layout}${u}${disjoint}`,
          next(): string {
            // Prefixes whose check digit would be 10 are never valid: skip them (about 1 in 11).
            for (;;) {
              const first9 = String(block.first + index(block.span));
              const check = nhsCheckDigit(first9);
              if (check !== null) return formatNhs(first9 + check, layout);
            }
          },
        };
      }
      case 'email': {
        const digits = emailDigits;
        return {
          kind,
          detail: `${marker ?? 'user'}<number>@example.invalid (RFC 2606 reserved domain)${u}${disjoint}`,
          next: () => `${marker ?? 'user'}${String(index(10 ** digits)).padStart(digits, '0')}@example.invalid`,
        };
      }
      case 'phone': {
        const layout = phoneLayoutOf(shape, marker);
        return {
          kind,
          detail: `UK phone numbers from Ofcom's reserved drama ranges (e.g. ${formatPhone(phoneRanges[0] + '000', layout).replace(/000$/, 'xxx')})${u}${disjoint}`,
          next(): string {
            const i = index(phoneRanges.length * 1000);
            const number = phoneRanges[Math.floor(i / 1000)] + String(i % 1000).padStart(3, '0');
            return formatPhone(number, layout);
          },
        };
      }
      case 'postcode': {
        const pcShapes = mixed ? keyShapes : unique ? [postcodeShapeOf(shape)] : [...new Set(shapes.length ? shapes.map(postcodeShapeOf) : [postcodeShapeOf(undefined)])];
        const area = marker ?? 'Z';
        return {
          kind,
          detail: `UK postcodes of shape ${pcShapes.join(' / ')} in the non-existent area ${area}${area}/${area} (never ZZ99, the NHS pseudo-postcodes)${u}${disjoint}`,
          next(): string {
            if (mixed) {
              const k = nextKeyPlace();
              return postcodeAt(k.shape, k.place, area);
            }
            const s1 = pcShapes.length === 1 ? pcShapes[0] : pcShapes[Math.floor(rng.next() * pcShapes.length)];
            return postcodeAt(s1, index(postcodeCapacity(s1)), area);
          },
        };
      }
      case 'ni-number': {
        const spaced = shape !== undefined && shape.includes(' ');
        const prefix = marker ?? 'QQ';
        return {
          kind,
          detail: `National Insurance numbers with prefix ${prefix} (never issued by HMRC: Q is never a first letter)${u}${disjoint}`,
          next(): string {
            const i = index(4_000_000);
            const d = String(i % 1_000_000).padStart(6, '0');
            const suffix = 'ABCD'[Math.floor(i / 1_000_000)];
            return spaced ? `${prefix} ${d.slice(0, 2)} ${d.slice(2, 4)} ${d.slice(4)} ${suffix}` : `${prefix}${d}${suffix}`;
          },
        };
      }
      case 'shape': {
        const list = mixed ? keyShapes : perm ? [shape ?? ''] : shapes.filter((x) => /[9A]/.test(x));
        const mark = (v: string): string => (marker ? marker + v.slice(marker.length) : v);
        return {
          kind,
          detail: `random characters in the recorded shape${list.length > 1 ? 's' : ''} ${list.map((x) => JSON.stringify(x)).join(', ')} (9 digit, A letter)${u}${disjoint}`,
          next(): string {
            if (mixed) {
              const k = nextKeyPlace();
              return mark(fillShape(k.shape, k.place, space, rng));
            }
            return mark(perm ? fillShape(list[0], perm.at(counter++), space, rng) : fillShape(list[Math.floor(rng.next() * list.length)], null, 0, rng));
          },
        };
      }
      case 'uuid':
        return {
          kind,
          detail: `random version-4 UUIDs${u}${disjoint}`,
          next: () => markUuid(uuidFrom(perm ? perm.at(counter++) : null, rng), marker),
        };
      case 'token':
        return {
          kind,
          detail: `random letters and digits, lengths from the recorded length quantiles${u}${disjoint}`,
          next(): string {
            const mark = (v: string): string => (marker ? marker + v.slice(marker.length) : v);
            if (perm) return mark(tokenOf(uniqueLength, perm.at(counter++), space, rng));
            return mark(tokenOf(Math.max(marker ? marker.length + 1 : 1, lengths ? lengths.quantile(rng.next()) : 8), null, 0, rng));
          },
        };
      case 'name':
        return {
          kind,
          detail: `placeholder names (two lorem-style capitalised words), lengths from the recorded length quantiles${disjoint}`,
          next(): string {
            const name = placeholderName(lengths ? Math.max(4, lengths.quantile(rng.next())) : 12, rng);
            return marker ? marker + name.slice(marker.length) : name;
          },
        };
      case 'text':
        return {
          kind,
          detail: `lorem-style placeholder text, lengths from the recorded length quantiles; never real text${disjoint}`,
          next(): string {
            const length = lengths ? Math.max(1, lengths.quantile(rng.next())) : 20;
            return marker ? marker + loremText(Math.max(1, length - marker.length), rng) : loremText(length, rng);
          },
        };
    }
  }
}

/** Whether a column's values must all differ (metadata says every value is distinct, or it is flagged a unique key). */
export function isUniqueColumn(column: MetadataColumn): boolean {
  return ('unique' in column && column.unique === true) || column.disclosure.some((f) => f.kind === 'unique-key');
}

/**
 * Lorem-style placeholder text of exactly `length` characters: whole words from a fixed
 * Latin vocabulary separated by single spaces, the last word cut to fit.
 */
export function loremText(length: number, rng: Random): string {
  const n = Math.max(0, Math.round(length));
  let out = '';
  while (out.length < n) {
    const w = LOREM[Math.floor(rng.next() * LOREM.length)];
    out = out.length === 0 ? w : out + ' ' + w;
  }
  out = out.slice(0, n);
  // Never end with a space: a writer or reader might trim it away.
  return out.endsWith(' ') ? out.slice(0, -1) + 'a' : out;
}

/**
 * Fills a shape: 9 → digit, A → uppercase letter, other characters kept. With `index` (from a
 * permutation of [0, space)), the places from the right encode the index in mixed radix until
 * they cover `space`, so distinct indices give distinct values; remaining places are random.
 */
export function fillShape(shape: string, index: number | null, space: number, rng: Random): string {
  let rest = index ?? 0;
  let covered = index === null ? Infinity : 1;
  const chars: string[] = new Array(shape.length);
  for (let i = shape.length - 1; i >= 0; i--) {
    const c = shape[i];
    if (c === '9' || c === 'A') {
      const radix = c === '9' ? 10 : 26;
      let d: number;
      if (covered < space) { d = rest % radix; rest = Math.floor(rest / radix); covered *= radix; }
      else d = Math.floor(rng.next() * radix);
      chars[i] = String.fromCharCode((c === '9' ? 48 : 65) + d);
    } else chars[i] = c;
  }
  return chars.join('');
}

/** The shapes a string format records: its dominant shape, else its set of shapes. */
export function shapeListOf(format: MetadataColumn['format']): string[] {
  if (format.kind !== 'string') return [];
  if (format.shape) return [format.shape];
  return format.shapes ? [...format.shapes] : [];
}

/** The distinct shapes a repeated key's fakes take in turn (postcodes and shaped codes); one or none elsewhere. */
function keyShapesOf(kind: FakeKind, shapes: readonly string[]): string[] {
  if (kind === 'postcode') return [...new Set(shapes.map(postcodeShapeOf))];
  if (kind === 'shape') return [...new Set(shapes.filter((x) => /[9A]/.test(x)))];
  return [];
}

/** The shape used when one is needed (unique keys, capacity): the one with most possible values. */
function primaryShapeOf(kind: FakeKind, shapes: readonly string[]): string | undefined {
  if (shapes.length <= 1) return shapes[0];
  const capacity = (x: string): number => (kind === 'postcode' ? postcodeCapacity(x) : shapeCapacity(x));
  return [...shapes].sort((a, b) => capacity(b) - capacity(a))[0];
}

/** Number of NHS numbers with a valid check digit in the 999 test range (computed once). */
export function nhsTestRangeValidCount(): number {
  if (nhsValidCount === null) {
    let count = 0;
    for (let p = NHS_TEST_RANGE_FIRST / 10; p <= NHS_TEST_RANGE_LAST / 10 - 0.1; p++) if (nhsCheckDigit(String(p)) !== null) count++;
    nhsValidCount = count;
  }
  return nhsValidCount;
}
let nhsValidCount: number | null = null;

// ---------------------------------------------------------------------------

/** A block of nine-digit NHS prefixes fakes are drawn from. */
interface NhsBlock { first: number; span: number; valid: number; label: string }

const NHS_TEST_BLOCK: NhsBlock = {
  first: NHS_TEST_RANGE_FIRST / 10, span: (NHS_TEST_RANGE_LAST - NHS_TEST_RANGE_FIRST + 1) / 10, valid: 909_091,
  label: 'the test range 999 000 0000–999 999 9999 (reserved, never issued to patients)',
};
/**
 * Numbers starting with 9 lie outside every range issued in England, Wales, the Isle of Man
 * (3xx, 4xx, 6xx–7xx), Northern Ireland (320–399) and Scotland (CHI, 010–311). Used when the
 * 999 test range is too small for a unique column, or when the source itself uses it.
 */
const NHS_NINE_BLOCK: NhsBlock = {
  first: 900_000_000, span: 100_000_000, valid: 90_909_091,
  label: 'the block 900 000 0000–999 999 9999 (outside every issued range; the 999 test range alone is too small for this many unique rows)',
};
const NHS_NINE_WITHOUT_TEST: NhsBlock = {
  first: 900_000_000, span: 99_000_000, valid: 90_000_000,
  label: 'the block 900 000 0000–998 999 9999 (outside every issued range; the 999 test range is avoided because the source itself uses it)',
};

/**
 * Which block a column's NHS fakes come from (`valid`: numbers with a valid check digit, counted).
 * With a marker (fakeSpaces.ts): `99` → the 999 test range (or all of 990–999 when a unique column
 * needs more), `9d` → the block 9d0 000 0000–9d9 999 9999; all outside every issued range.
 */
function nhsBlockOf(column: MetadataColumn, unique: boolean, rows: number, marker?: string | null): NhsBlock {
  if (marker && /^9\d{3}$/.test(marker)) {
    // A four-digit block: 9ddd0 0000–9ddd9 9999 as first nine digits 9ddd00000–9ddd99999.
    const first = Number(marker) * 100_000;
    const d = marker;
    return { first, span: 100_000, valid: 90_909, label: `the block ${d.slice(0, 3)} ${d[3]}00 0000–${d.slice(0, 3)} ${d[3]}99 9999 (outside every issued range; no real value of the column starts ${d})` };
  }
  if (marker && /^9\d$/.test(marker)) {
    if (marker === '99' && !(unique && rows > NHS_TEST_BLOCK.valid)) return NHS_TEST_BLOCK;
    const first = 900_000_000 + Number(marker[1]) * 10_000_000;
    const label = `${String(first).slice(0, 2)}0 000 0000–${String(first).slice(0, 2)}9 999 9999`;
    return { first, span: 10_000_000, valid: 9_090_909, label: `the block ${label} (outside every issued range; no real value of the column starts ${marker})` };
  }
  if ('inTestRange' in column && column.inTestRange) return NHS_NINE_WITHOUT_TEST;
  return unique && rows > NHS_TEST_BLOCK.valid ? NHS_NINE_BLOCK : NHS_TEST_BLOCK;
}

type NhsLayout = 'plain' | 'dashed' | 'spaced';

function nhsLayoutOf(shape: string | undefined): NhsLayout {
  if (shape === '999-999-9999') return 'dashed';
  if (shape === '999 999 9999') return 'spaced';
  return 'plain';
}

function formatNhs(digits: string, layout: NhsLayout): string {
  if (layout === 'plain') return digits;
  const sep = layout === 'dashed' ? '-' : ' ';
  return digits.slice(0, 3) + sep + digits.slice(3, 6) + sep + digits.slice(6);
}

/** Ofcom numbers reserved for drama (first eight digits; the last three run 000–999). */
const PHONE_RANGES = [
  '07700900', '01632960', '02079460', '01134960', '01144960', '01154960', '01164960', '01174960',
  '01184960', '01214960', '01314960', '01414960', '01514960', '01614960',
];

/** The drama ranges a marker allows: those written with its beginning (`01`, `02`, `07`), or all. */
function phoneRangesOf(marker: string | null | undefined): string[] {
  if (marker && /^0[127]$/.test(marker)) return PHONE_RANGES.filter((r) => r.startsWith(marker));
  return PHONE_RANGES;
}

function phoneLayoutOf(shape: string | undefined, marker?: string | null): string {
  // Markers that are a way of writing: +44, (0…), 0044.
  if (marker === '+4') return '+44 #9999 999999';
  if (marker === '(0') return '(99999) 999999';
  if (marker === '00') return '0044 #9999 999999';
  // A shape with 11 digit places (e.g. `99999 999999`) is filled as written; otherwise `07700 900123`.
  if (shape && /^[0-9 ()\-.+]*$/.test(shape.replace(/9/g, '0')) && (shape.match(/9/g)?.length ?? 0) === 11 && !shape.startsWith('+')) return shape;
  return '99999 999999';
}

/** Writes an 11-digit number in a layout: 9 a digit, # the leading 0 dropped (international forms). */
function formatPhone(number: string, layout: string): string {
  let k = 0;
  let out = '';
  for (const c of layout) {
    if (c === '#') k++;
    else out += c === '9' ? number[k++] : c;
  }
  return out;
}

/** Inward-code letters that occur in UK postcodes (never C I K M O V). */
const INWARD_LETTERS = 'ABDEFGHJLNPQRSTUWXYZ';

function postcodeShapeOf(shape: string | undefined): string {
  if (shape && /^A{1,2}9[9A]? ?9AA$/.test(shape)) return shape;
  return 'AA99 9AA';
}

function postcodeCapacity(shape: string | undefined): number {
  const s = postcodeShapeOf(shape);
  const outward = s.split(' ')[0].replace(/ /g, '');
  let cap = 10 * INWARD_LETTERS.length ** 2; // inward 9AA
  // Outward letters are fixed at Z; digit places vary (two-digit districts 10–98: 89 choices).
  const digits = (outward.match(/9/g) ?? []).length;
  cap *= digits >= 2 ? 89 : 10;
  if (/9A$/.test(outward)) cap *= INWARD_LETTERS.length;
  return cap;
}

function postcodeAt(shape: string, index: number, area = 'Z'): string {
  const s = postcodeShapeOf(shape);
  const space = s.includes(' ');
  const outwardShape = s.replace(' ', '').slice(0, -3);
  let i = index;
  const inward = String(i % 10) + INWARD_LETTERS[Math.floor(i / 10) % 20] + INWARD_LETTERS[Math.floor(i / 200) % 20];
  i = Math.floor(i / 4000);
  let outward = '';
  const digits = (outwardShape.match(/9/g) ?? []).length;
  let district: string;
  if (digits >= 2) { district = String(10 + (i % 89)); i = Math.floor(i / 89); }
  else { district = String(i % 10); i = Math.floor(i / 10); }
  let d = 0;
  for (let k = 0; k < outwardShape.length; k++) {
    const c = outwardShape[k];
    if (c === '9') outward += district[d++];
    else if (k > 0 && outwardShape[k - 1] === '9') outward += INWARD_LETTERS[i % 20]; // AA9A: letter after the district
    else outward += area;
  }
  return space ? `${outward} ${inward}` : outward + inward;
}

function shapeCapacity(shape: string): number {
  let cap = 1;
  for (const c of shape) {
    if (c === '9') cap *= 10;
    else if (c === 'A') cap *= 26;
    if (cap > 2 ** 52) return 2 ** 52;
  }
  return cap;
}

function uuidFrom(index: number | null, rng: Random): string {
  const hex = (n: number): string => {
    let s = '';
    for (let i = 0; i < n; i++) s += '0123456789abcdef'[Math.floor(rng.next() * 16)];
    return s;
  };
  // Unique: the last 12 hex digits carry the permutation index (48 bits), the rest is random.
  const tail = index === null ? hex(12) : Math.floor(index).toString(16).padStart(12, '0').slice(-12);
  const variant = '89ab'[Math.floor(rng.next() * 4)];
  return `${hex(8)}-${hex(4)}-4${hex(3)}-${variant}${hex(3)}-${tail}`;
}

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

function tokenOf(length: number, index: number | null, space: number, rng: Random): string {
  const chars: string[] = new Array(length);
  let rest = index ?? 0;
  let covered = index === null ? Infinity : 1;
  for (let i = length - 1; i >= 0; i--) {
    if (covered < space) { chars[i] = ALNUM[rest % 36]; rest = Math.floor(rest / 36); covered *= 36; }
    else chars[i] = ALNUM[Math.floor(rng.next() * 36)];
  }
  return chars.join('');
}

/** Size of the index space a unique column's permutation runs over (0: the scheme is never unique). */
function permutationSpaceOf(kind: FakeKind, column: MetadataColumn, tokenLength: number, emailDigits: number, rows: number, shape: string | undefined, phoneRanges: number): number {
  const cap = (n: number): number => Math.min(n, 2 ** 52);
  let marker = column.fakeSpace && column.fakeSpace.kind === kind ? column.fakeSpace.prefix : undefined;
  if (kind === 'nhs-number' && marker && marker.length === 4 && rows > 90_909) marker = null;
  switch (kind) {
    case 'nhs-number': return nhsBlockOf(column, true, rows, marker).span;
    case 'phone': return phoneRanges * 1000;
    case 'shape': return cap(shapeCapacity(shape ?? ''));
    case 'email': return cap(10 ** emailDigits);
    case 'token': return cap(36 ** tokenLength);
    case 'uuid': return 2 ** 48;
    case 'name': case 'text': return 0;
    default: return cap(fakeCapacityOf(kind, column));
  }
}

function placeholderName(length: number, rng: Random): string {
  const n = Math.max(3, Math.round(length));
  const first = Math.max(1, Math.floor((n - 1) / 2));
  const word = (len: number): string => {
    const w = loremText(len, rng).replace(/ /g, 'e');
    return w.charAt(0).toUpperCase() + w.slice(1);
  };
  return `${word(first)} ${word(n - 1 - first)}`;
}

function isUuidLength(column: MetadataColumn): boolean {
  if (!('length' in column)) return false;
  const v = column.length.quantiles.values;
  return v.length > 0 && v.every((x) => x === 36);
}

function lengthMarginalOf(column: MetadataColumn): NumberMarginal | null {
  if (!('length' in column)) return null;
  const { p, values } = (column as StringMetadataColumn).length.quantiles;
  if (values.length === 0) return null;
  if (values.length === 1 || p.length !== values.length) {
    const v = Math.max(0, Math.round(values[0]));
    return quantileMarginal(Float64Array.of(0, 1), Float64Array.of(v, v), 1, v, v);
  }
  const u = Float64Array.from([0, ...p, 1]);
  const x = Float64Array.from([values[0], ...values, values[values.length - 1]]);
  for (let i = 1; i < u.length; i++) { u[i] = Math.max(u[i - 1], u[i]); x[i] = Math.max(x[i - 1], x[i]); }
  return quantileMarginal(u, x, 1, Math.max(0, x[0]), x[x.length - 1]);
}

const LOREM = (
  'lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor incididunt ut labore et dolore magna ' +
  'aliqua enim ad minim veniam quis nostrud exercitation ullamco laboris nisi aliquip ex ea commodo consequat duis aute ' +
  'irure in reprehenderit voluptate velit esse cillum eu fugiat nulla pariatur excepteur sint occaecat cupidatat non ' +
  'proident sunt culpa qui officia deserunt mollit anim id est laborum'
).split(' ');

/** Whether a shape's first places take a marker's characters (9 a digit, A a letter). */
function fitsMarker(shape: string, marker: string): boolean {
  for (let i = 0; i < marker.length; i++) {
    const c = marker.charCodeAt(i);
    const digit = c >= 48 && c <= 57;
    if (shape[i] !== (digit ? '9' : 'A')) return false;
  }
  return true;
}

/** How many values the first `places` places of a shape (or a token: 36 each) can hold. */
function radixOf(kind: FakeKind, shape: string | undefined, places: number): number {
  let r = 1;
  for (let i = 0; i < places; i++) r *= kind === 'token' ? 36 : shape?.[i] === '9' ? 10 : 26;
  return r;
}

/** A UUID beginning with a marker: two lower-case hex digits replace its start; one upper-case one makes it upper case. */
function markUuid(uuid: string, marker: string | null | undefined): string {
  if (!marker) return uuid;
  if (marker.length === 1) return (marker + uuid.slice(1)).toUpperCase();
  return marker + uuid.slice(2);
}
