/**
 * Name evidence for keys and links: what a column's name says about the table it refers to.
 * Names are split into lower-case words at separators and camelCase (`PatientID` → patient, id).
 */

/** Trailing words that mark a reference (`patient_id`, `PayerKey`), dropped before comparing with a table name. */
const REFERENCE_WORDS = new Set(['id', 'key', 'ref', 'fk', 'uuid', 'guid', 'no', 'num', 'number']);

/** Lower-case words of a name. */
export function wordsOf(name: string): string[] {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase().split(/[^a-z0-9]+/).filter((w) => w.length > 0);
}

/** A word in the singular: patients → patient, studies → study, people → person, addresses → address. */
export function singular(word: string): string {
  if (word === 'people') return 'person';
  if (word.endsWith('ies') && word.length > 4) return `${word.slice(0, -3)}y`;
  if (/(ss|us|is)$/.test(word)) return word;
  if (/(sses|xes|ches|shes)$/.test(word)) return word.slice(0, -2);
  if (word.endsWith('s') && word.length > 3) return word.slice(0, -1);
  return word;
}

/** The words of a column name without a trailing reference word (`patient_id` → patient). */
function subjectWords(column: string): string[] {
  const w = wordsOf(column);
  while (w.length > 1 && REFERENCE_WORDS.has(w[w.length - 1])) w.pop();
  return w;
}

/**
 * Whether a column's name names a table: its last word (reference words dropped) is the table's
 * last word in the singular (`PATIENT`, `patient_id` → patients; `SECONDARY_PAYER` → payers;
 * `ENCOUNTER` → encounters), or all its words are the table's.
 */
export function columnNamesTable(column: string, table: string): boolean {
  const c = subjectWords(column).map(singular);
  const t = wordsOf(table).map(singular);
  if (c.length === 0 || t.length === 0) return false;
  if (c.join(' ') === t.join(' ')) return true;
  return t.length === 1 && c[c.length - 1] === t[0];
}

/** Whether a column's name says it is its table's own identifier: `id`, `<table>_id`, `<table>Key`. */
export function isOwnIdName(column: string, table: string): boolean {
  const w = wordsOf(column);
  if (w.length === 1 && REFERENCE_WORDS.has(w[0])) return true;
  return w.length > 1 && REFERENCE_WORDS.has(w[w.length - 1]) && columnNamesTable(column, table);
}

/** Whether a column's name ends in an identifier word (`..._id`, `...Key`, `uuid`). */
export function isIdName(column: string): boolean {
  const w = wordsOf(column);
  return w.length > 0 && ['id', 'key', 'uuid', 'guid'].includes(w[w.length - 1]);
}

/**
 * Words that mark a reference to another row of the same table (`parent_id`, `previous_encounter`,
 * `manager_id`), the name evidence a self-reference needs when the table's name is not in it.
 */
const SELF_WORDS = new Set(['parent', 'previous', 'prior', 'prev', 'next', 'original', 'base', 'source', 'linked', 'related', 'referring', 'manager', 'supervisor', 'superseded', 'replaces', 'root']);

export function namesSelfReference(column: string): boolean {
  return wordsOf(column).some((w) => SELF_WORDS.has(w));
}

/** Table names that say "one row per person". */
export function isPersonTableName(table: string): boolean {
  const w = wordsOf(table).map(singular);
  return w.some((x) => ['patient', 'person', 'subject', 'participant', 'individual', 'member', 'client', 'demographic', 'cohort'].includes(x));
}

/** Column names of a birth date (`BIRTHDATE`, `date_of_birth`, `dob`). */
export function isBirthDateName(column: string): boolean {
  const w = wordsOf(column);
  return w.includes('dob') || w.some((x) => x.startsWith('birth') || x === 'birthdate') || /birth/i.test(column);
}
