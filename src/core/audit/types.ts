/**
 * The auditor's vocabulary (`twin audit`, DESIGN.md "Disclosure control"): one finding per
 * released figure or value that breaks a rule, named by file and position, never by value, so
 * that the findings themselves can travel with the pack.
 */
import { t } from '../l10n';

/** The families of checks, one module each. */
export type AuditCheck =
  /** A published count, frequency or cell below k persons (zeros: a warning, as ACRO treats them). */
  | 'small-cell'
  /** A published value (bound, quantile, bin edge) that fewer than k persons hold at its precision. */
  | 'rare-number'
  /** A published value equal to a real column's minimum or maximum held by fewer than k persons. */
  | 'exact-extreme'
  /** A real category or text value held by fewer than k persons, anywhere in a file (the twin included). */
  | 'rare-value'
  /** A real identifier or name value, anywhere in a file (the twin included). */
  | 'identifier'
  /** A suppressed or exact figure that published figures let a reader derive. */
  | 'derivable'
  /** The source's raw SHA-256 or exact byte size (an oracle for guesses). */
  | 'fingerprint'
  /** A twin row equal to a row that is unique in the real data. */
  | 'unique-row'
  /** A twin value beyond the published bounds equal to a real value held there by fewer than k persons. */
  | 'tail-replay'
  /** A published tail model resting on fewer than k persons beyond its bound, or a tail value fewer hold. */
  | 'tail-model';

export const AUDIT_CHECKS: readonly AuditCheck[] = ['small-cell', 'rare-number', 'exact-extreme', 'rare-value', 'identifier', 'derivable', 'fingerprint', 'unique-row', 'tail-replay', 'tail-model'];

/** What each check family means, in the words the checklist and results file use. */
export const AUDIT_CHECK_TITLES: Readonly<Record<AuditCheck, string>> = {
  'small-cell': 'No published count rests on fewer than k persons',
  'rare-number': 'No published value is held by fewer than k persons',
  'exact-extreme': 'No exact real minimum or maximum is published',
  'rare-value': 'No real value held by fewer than k persons is named',
  identifier: 'No real identifier or name is named',
  derivable: 'No suppressed or exact figure can be derived',
  fingerprint: 'No raw fingerprint of the source',
  'unique-row': 'No real row that is unique appears in the twin',
  'tail-replay': 'No real extreme beyond the published bounds appears in the twin',
  'tail-model': 'Every tail model rests on at least k persons',
};

/**
 * A check family's title in the reader's language, for the release checklist. The audit's own
 * files (audit.json, results.json) keep {@link AUDIT_CHECK_TITLES}, the English; a unit test
 * checks that the two say the same in English.
 */
export function auditCheckTitle(check: AuditCheck): string {
  return TITLE_WORDS[check]?.() ?? AUDIT_CHECK_TITLES[check] ?? check;
}

const TITLE_WORDS: Readonly<Record<AuditCheck, () => string>> = {
  'small-cell': () => t('No published count rests on fewer than k persons'),
  'rare-number': () => t('No published value is held by fewer than k persons'),
  'exact-extreme': () => t('No exact real minimum or maximum is published'),
  'rare-value': () => t('No real value held by fewer than k persons is named'),
  identifier: () => t('No real identifier or name is named'),
  derivable: () => t('No suppressed or exact figure can be derived'),
  fingerprint: () => t('No raw fingerprint of the source'),
  'unique-row': () => t('No real row that is unique appears in the twin'),
  'tail-replay': () => t('No real extreme beyond the published bounds appears in the twin'),
  'tail-model': () => t('Every tail model rests on at least k persons'),
};

export type AuditSeverity = 'fail' | 'warn';

export interface AuditFinding {
  check: AuditCheck;
  severity: AuditSeverity;
  /** The pack file, by name. */
  file: string;
  /** Where in the file: a JSON path (`$.columns[2].bounds.upper`), `line N`, or `column C` of the twin. */
  where: string;
  /** The real column the finding is about, when there is one. */
  column?: string;
  /** What is wrong, in words; never the real value itself. */
  message: string;
}

export interface AuditFileResult {
  file: string;
  status: 'pass' | 'warn' | 'fail';
  findings: number;
}

export const AUDIT_FORMAT = 'twin-audit/1';

/** The audit of one release pack against its real data. */
export interface AuditReport {
  format: typeof AUDIT_FORMAT;
  /** The real data file, by name. */
  real: string;
  /** The pack's folder (absolute). */
  pack: string;
  /** k, from the metadata's disclosure settings. */
  threshold: number;
  /** The unit thresholds count: the person key's column, or rows. */
  unit: string;
  status: 'pass' | 'warn' | 'fail';
  files: AuditFileResult[];
  /** Per check family: fail when any finding of it fails, warn when any warns. */
  checks: { check: AuditCheck; title: string; status: 'pass' | 'warn' | 'fail'; findings: number }[];
  findings: AuditFinding[];
}

/** One line per finding, for stderr and logs. */
export function formatAuditFinding(f: AuditFinding): string {
  return `${f.severity}: ${f.file} ${f.where}: ${f.message} [${f.check}]`;
}
