import { inputError } from '../errors';
import { t } from '../l10n';
import type { ColumnProfile } from '../profile/types';
import { retypeAsIdentifier } from './identifiers';

/**
 * Column names that say "this identifies a person": patient/person/subject/participant/client/member
 * (optionally followed by id, key, number, no, ref), MRN, NHS number, CHI number. Compared on the
 * name lower-cased with separators removed (`PATIENT`, `patient_id`, `PatientID`, `NHS No.`).
 */
const PERSON_NAME = /^(patient|person|subject|participant|client|member|individual|pt)(id|key|number|num|no|ref|identifier|code)?$|^(mrn|medicalrecordnumber|hospitalnumber|nhs(no|num|number)?|chi(no|number)?)$/;

function squash(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/** Whether a column's name reads as a person identifier (patient, MRN, NHS number…). */
export function isPersonKeyName(name: string): boolean {
  return PERSON_NAME.test(squash(name));
}

/** Whether some non-missing value occurs in more than one row (rows belong to persons, not the other way round). */
function repeats(column: ColumnProfile, rows: number): boolean {
  const nonMissing = rows - column.missing;
  return nonMissing >= 2 && column.distinct.count < nonMissing * (column.distinct.method === 'exact' ? 1 : 0.98);
}

/**
 * The person key of a profiled dataset (DESIGN.md, "The person is the unit"): the declared column
 * (`--person-key`), which must exist; else the first column named like a person identifier whose
 * values repeat across rows (one row per visit, admission, prescription). A table with one row per
 * person has no person key: its rows already are persons.
 * @throws TwinError('input') when the declared column is not in the data.
 */
export function findPersonKey(columns: readonly ColumnProfile[], rows: number, declared: string | undefined, file: string): { column: string; how: 'declared' | 'detected' } | undefined {
  if (declared !== undefined) {
    const match = columns.find((c) => c.name === declared);
    if (!match) throw inputError(t('the person key {0} is not a column of the data (columns: {1})', JSON.stringify(declared), columns.map((c) => c.name).join(', ')), { file });
    return { column: match.name, how: 'declared' };
  }
  const found = columns.find((c) => isPersonKeyName(c.name) && repeats(c, rows));
  return found ? { column: found.name, how: 'detected' } : undefined;
}

/**
 * Marks the person key's column (file and database profilers alike): an identifier described by
 * format only, flagged so that every threshold counts distinct persons.
 */
export function markPersonKey(column: ColumnProfile, shape: string | undefined, personKey: { how: 'declared' | 'detected' }): void {
  retypeAsIdentifier(column, shape, `the person key (${personKey.how}): its values identify persons`);
  column.flags.push({ kind: 'person-key', reason: `${personKey.how === 'declared' ? 'declared' : 'named like a person identifier and repeating across rows'}: rows belong to persons, so every threshold counts distinct persons`, action: 'described by format only; replaced by fakes' });
}
