import type { AuditReport } from '../audit';
import { auditCheckTitle } from '../audit/types';
import { releasedValue, type Released } from '../disclosure/released';
import { bandWord, type EvaluationReport, type PrivacyReport } from '../evaluate';
import type { Metadata, MetadataColumn } from '../metadata';
import { isTwinFileName } from '../paths';
import type { Recipe } from '../synth';
import { describeSignOff } from '../review/reviewedMetadata';
import type { SignableMetadata } from '../review/signOff';
import { t } from '../l10n';

/** Outcome of one automatic check: ✅ pass, ⚠️ warn (a person must look), ❌ fail (do not release as is). */
export type CheckStatus = 'pass' | 'warn' | 'fail';

export const CHECK_MARKS: Readonly<Record<CheckStatus, string>> = { pass: '✅', warn: '⚠️', fail: '❌' };

/** One item of RELEASE_CHECKLIST.md the tool verified, with its evidence in words. */
export interface CheckItem {
  id: 'labelled' | 'identifiers' | 'rare-categories' | 'exact-matches' | 'dcr' | 'schema' | 'signed-off' | 'evaluation-attached' | 'data-card' | 'eula-parties' | 'links' | `audit-${AuditReport['checks'][number]['check']}` | 'audit';
  /** Which of the four checks for low-fidelity synthetic data (Raab, McCall and Cavin 2024) it belongs to. */
  group: 'labelling' | 'disclosure' | 'structure' | 'documentation';
  status: CheckStatus;
  mark: string;
  title: string;
  evidence: string;
}

/** What the automatic checks look at. */
export interface ChecklistEvidence {
  metadata: Metadata;
  recipe: Recipe;
  evaluation: EvaluationReport;
  /** File name of the twin in the pack. */
  twinFile: string;
  /** Whether evaluation.json and evaluation.html are in the pack. */
  evaluationFiles: { json: boolean; html: boolean };
  custodian?: string;
  contact?: string;
  /** `twin audit` of the pack against the real data, as released (absent until the pack's files exist). */
  audit?: Released<AuditReport>;
}

/** Disclosure flags that mark a direct identifier: such a column must be faked or dropped. */
const DIRECT_IDENTIFIER_FLAGS = new Set(['nhs-number', 'ni-number', 'email', 'phone', 'name', 'free-text']);

/**
 * The checklist items the tool can verify from the metadata, the recipe and the evaluation:
 * - identifiers removed or faked: every identifier/text column and every column flagged as a
 *   direct identifier (NHS/NI number, email, phone, name, free text) is faked or excluded (❌ if
 *   modelled); a modelled column flagged as a unique key is ⚠️;
 * - rare categories controlled at k: every published category has a (rounded) count ≥ k, and no
 *   real category rarer than k appears in the twin (❌ otherwise);
 * - no exact matches beyond the holdout baseline: ❌ when the share of twin rows equal to a real
 *   row exceeds the share of holdout rows equal to a real row; with no holdout the baseline is
 *   0 and any copy is ❌ (give a holdout to show that copies arise by chance);
 * - distance to closest record: the evaluation's band (readings.ts) for DCR overfitting
 *   protection (with a holdout) or DCR baseline protection — good ✅, fair ⚠️, poor ❌;
 * - schema: the twin has the source's columns in order with their types and formats (⚠️ when a
 *   person excluded columns, which the data card then lists);
 * - metadata signed off (⚠️ when unsigned), evaluation attached, data card written, EULA names
 *   its custodian and contact (❌ when not), outputs labelled synthetic.
 */
export function buildChecklist(e: ChecklistEvidence): CheckItem[] {
  const items: CheckItem[] = [];
  const add = (id: CheckItem['id'], group: CheckItem['group'], status: CheckStatus, title: string, evidence: string): void => {
    items.push(item(id, group, status, title, evidence));
  };
  const { metadata, recipe, evaluation } = e;
  const k = metadata.disclosure.threshold;

  // Labelling
  const labelled = isTwinFileName(e.twinFile);
  add('labelled', 'labelling', labelled ? 'pass' : 'fail', t('Outputs labelled synthetic'),
    labelled
      ? t('the twin is named {0}, and DATA_CARD.md, EULA.md and this checklist each state that the data are synthetic', e.twinFile)
      : t('the twin\'s file name {0} does not contain ".synthetic."; rename it so it cannot be mistaken for real data', e.twinFile));

  // Disclosure: identifiers
  const decisions = new Map(recipe.columns.map((c) => [c.name, c]));
  const direct = metadata.columns.filter(isDirectIdentifier);
  const leakedIds = direct.filter((c) => decisions.get(c.name)?.action === 'modelled');
  const uniqueModelled = metadata.columns.filter((c) => !isDirectIdentifier(c) && c.disclosure.some((f) => f.kind === 'unique-key') && decisions.get(c.name)?.action === 'modelled');
  const treated = direct.map((c) => columnTreated(c.name, decisions.get(c.name)?.action ?? (c.excluded ? 'excluded' : null)));
  const identifiersTitle = t('Identifiers removed or faked');
  if (leakedIds.length > 0) {
    add('identifiers', 'disclosure', 'fail', identifiersTitle,
      t('direct identifiers modelled from real values: {0}; fake or exclude them', leakedIds.map((c) => c.name).join(', ')));
  } else if (uniqueModelled.length > 0) {
    add('identifiers', 'disclosure', 'warn', identifiersTitle,
      `${direct.length ? treated.join('; ') + '; ' : ''}${t('columns with a unique value per row are modelled, check they are not keys: {0}', uniqueModelled.map((c) => c.name).join(', '))}`);
  } else {
    add('identifiers', 'disclosure', 'pass', identifiersTitle,
      direct.length ? treated.join('; ') : t('no column was flagged as a direct identifier (NHS or NI number, email, phone, name, free text)'));
  }

  // Disclosure: rare categories
  const rare = rareCategoriesFinding(metadata, evaluation);
  add('rare-categories', 'disclosure', rare.status, t('Rare categories controlled at threshold k = {0}', k), rare.evidence);

  // Disclosure: exact matches against the holdout baseline; distance to closest record
  const em = exactMatchesFinding(evaluation);
  add('exact-matches', 'disclosure', em.status, t('No exact matches beyond the holdout baseline'), em.evidence);
  const dcr = dcrFinding(evaluation);
  add('dcr', 'disclosure', dcr.status, t('Distance to closest record within bounds'), dcr.evidence);

  // Disclosure: the audit of every file against the real data, one item per check family
  items.push(...auditItems(e.audit));

  // Structure
  const excluded = metadata.columns.filter((c) => c.excluded).map((c) => c.name);
  const twinColumns = metadata.columns.length - excluded.length;
  const adherence = evaluation.fidelity.coverage.adherence;
  const adherenceText = adherence === null ? '' : '; ' + (evaluation.release?.status === 'released'
    ? t('{0} mean adherence to the real categories', percent(adherence))
    : t('{0} mean adherence to the real categories and ranges', percent(adherence)));
  add('schema', 'structure', excluded.length ? 'warn' : 'pass', t('Same structure as the real data'),
    (excluded.length
      ? t('{0} of {1} columns kept with the source\'s names, order, types and formats; excluded: {2} (listed in DATA_CARD.md)', twinColumns, metadata.columns.length, excluded.join(', '))
      : t('all {0} columns with the source\'s names, order, types and formats, in the source\'s file format', twinColumns)) + adherenceText);

  // Documentation
  const signed = signedOffFinding(metadata);
  add('signed-off', 'documentation', signed.status, t('Metadata signed off'), signed.evidence);
  const attached = e.evaluationFiles.json && e.evaluationFiles.html;
  add('evaluation-attached', 'documentation', attached ? 'pass' : 'fail', t('Evaluation attached'),
    attached
      ? t('evaluation.json and evaluation.html (fidelity {0}, privacy {1})', fixed(evaluation.fidelity.score), bandWord(evaluation.privacy.reading.band))
      : t('evaluation.json or evaluation.html is missing from the pack'));
  add('data-card', 'documentation', 'pass', t('Differences from the real data documented'),
    t('DATA_CARD.md describes all {0} columns and their treatment, {1} disclosure controls and the limitations of the {2} level', metadata.columns.length, metadata.controls.length, recipe.level));
  const eula = eulaPartiesFinding(e.custodian, e.contact);
  add('eula-parties', 'documentation', eula.status, t('Licence names custodian and contact'), eula.evidence);
  return items;
}

/** One check's outcome before it becomes an item (a table's, for a dataset's checklist). */
export interface Finding { status: CheckStatus; evidence: string }

/** Every published category has ≥ k records and no real category rarer than k appears in the twin. */
export function rareCategoriesFinding(metadata: Metadata, evaluation: EvaluationReport): Finding {
  const k = metadata.disclosure.threshold;
  const smallCells: string[] = [];
  let merged = 0;
  for (const c of metadata.columns) {
    if (c.type !== 'categorical' && c.type !== 'boolean') continue;
    if (c.categories.some((cat) => cat.count < k)) smallCells.push(c.name);
    if (c.other) merged += c.other.categories;
  }
  const leak = evaluation.privacy.rareCategoryLeakage;
  const leakedCols = (leak.columns ?? []).filter((c) => c.leaked > 0).map((c) => c.column);
  if (smallCells.length > 0 || leak.leaked > 0) {
    const parts: string[] = [];
    if (smallCells.length) parts.push(t('published categories with fewer than {0} records in {1}', k, smallCells.join(', ')));
    if (leak.leaked > 0) parts.push(t('{0} real categories rarer than {1} appear in the twin ({2})', leak.leaked, k, leakedCols.join(', ')));
    return { status: 'fail', evidence: parts.join('; ') };
  }
  return {
    status: 'pass',
    evidence: [
      t('every published category has at least {0} records (counts rounded to {1})', k, metadata.disclosure.rounding),
      t('{0} rare categories merged or dropped', merged),
      leak.rareCategories === undefined ? t('no real value rarer than {0} appears in the twin', k) : t('none of the {0} real values rarer than {1} appears in the twin', leak.rareCategories, k),
    ].join('; '),
  };
}

/** ❌ when the share of twin rows equal to a real row exceeds the holdout's (0 without a holdout). */
export function exactMatchesFinding(evaluation: EvaluationReport): Finding {
  return exactMatchesFindingOf(evaluation.privacy, { synthetic: evaluation.sample.synthetic, holdout: evaluation.sample.holdout, sampled: evaluation.sample.sampled });
}

/** What the privacy figures of a checklist item were measured on, and what one unit is. */
export interface PrivacyUnits {
  synthetic: number;
  holdout: number | null;
  sampled: boolean;
  /** A row of one table (default) or a person's whole record (a linked dataset). */
  unit?: PrivacyUnit;
}

export type PrivacyUnit = 'row' | 'person';

/**
 * The privacy evidence's sentences for each unit, whole: the unit's words cannot be slotted into
 * one sentence in every language (Welsh mutates and orders them differently).
 */
const UNIT_SENTENCES: Record<PrivacyUnit, {
  copies(count: string, of: number, share: string): string;
  sample(n: number): string;
  baseline(share: string, count: string, of: number): string;
  closer(share: string): string;
  median(median: string): string;
  medianAgainstRandom(median: string, random: string): string;
}> = {
  row: {
    copies: (count, of, share) => t('{0} of {1} twin rows ({2}) are exact copies of a real row', count, of, share),
    sample: (n) => t('in a seeded sample of {0} rows', n),
    baseline: (share, count, of) => t('holdout baseline {0} ({1} of {2} unseen real rows equal a real row)', share, count, of),
    closer: (share) => t('{0} of twin rows are closer to a training row than to a holdout row (about 50% expected)', share),
    median: (median) => t('median distance of twin rows to the closest real row {0}', median),
    medianAgainstRandom: (median, random) => t('median distance of twin rows to the closest real row {0} against {1} for random rows', median, random),
  },
  person: {
    copies: (count, of, share) => t("{0} of {1} twin persons' records ({2}) are exact copies of a real person's record", count, of, share),
    sample: (n) => t("in a seeded sample of {0} persons' records", n),
    baseline: (share, count, of) => t("holdout baseline {0} ({1} of {2} unseen real persons' records equal a real person's record)", share, count, of),
    closer: (share) => t("{0} of twin persons' records are closer to a training person's record than to a holdout person's record (about 50% expected)", share),
    median: (median) => t("median distance of twin persons' records to the closest real person's record {0}", median),
    medianAgainstRandom: (median, random) => t("median distance of twin persons' records to the closest real person's record {0} against {1} for random persons' records", median, random),
  },
};

/** Exact copies against the holdout baseline (a real check with a holdout, else against 0). */
export function exactMatchesFindingOf(privacy: PrivacyReport, n: PrivacyUnits): Finding {
  const em = privacy.exactMatches;
  const words = UNIT_SENTENCES[n.unit ?? 'row'];
  const synRows = n.synthetic;
  const baseline = em.holdoutRate ?? 0;
  const sampled = n.sampled ? ` (${words.sample(synRows)})` : '';
  // Released copy counts are rounded up (to at least k): an upper bound, said as one.
  const atMost = (x: number | undefined): string => (x ? t('at most {0}', x) : String(x ?? 0));
  const emText = words.copies(atMost(em.count), synRows, percent(em.rate)) + sampled;
  if (em.holdoutRate !== undefined) {
    const base = '; ' + words.baseline(percent(baseline), atMost(em.holdoutCount), n.holdout ?? 0);
    return { status: em.rate > baseline ? 'fail' : 'pass', evidence: emText + base };
  }
  return {
    status: em.count > 0 ? 'fail' : 'pass',
    evidence: emText + '; ' + (em.count > 0 ? t('no holdout was given, so the baseline is 0 (give a holdout file to compare with unseen real rows)') : t('no holdout was given, so the baseline is 0')),
  };
}

/** The evaluation's band for DCR overfitting protection (with a holdout) or baseline protection. */
export function dcrFinding(evaluation: EvaluationReport): Finding {
  return dcrFindingOf(evaluation.privacy);
}

/** DCR overfitting protection (with a holdout) or baseline protection, of twin rows or persons' records. */
export function dcrFindingOf(privacy: PrivacyReport, unit: PrivacyUnit = 'row'): Finding {
  const dcr = privacy.dcr;
  const words = UNIT_SENTENCES[unit];
  if (dcr.overfittingProtection) {
    const o = dcr.overfittingProtection;
    return {
      status: bandStatus(o.reading.band),
      evidence: `${words.closer(percent(o.closerToTraining))}; ${t('overfitting protection {0} ({1})', fixed(o.score), bandWord(o.reading.band))}`,
    };
  }
  const b = dcr.baselineProtection;
  return {
    status: b.score === null ? 'warn' : bandStatus(b.reading.band),
    evidence: [
      dcr.random ? words.medianAgainstRandom(fixed(dcr.synthetic.median), fixed(dcr.random.median)) : words.median(fixed(dcr.synthetic.median)),
      t('baseline protection {0} ({1})', b.score === null ? t('undefined') : fixed(b.score), bandWord(b.reading.band)),
      t('no holdout, so overfitting was not measured'),
    ].join('; '),
  };
}

/** One item per audit check family, or a warning that the pack was not audited. */
export function auditItems(released: Released<AuditReport> | undefined): CheckItem[] {
  if (!released) return [item('audit', 'disclosure', 'warn', t('Audit against the real data'), t('twin audit has not been run on this pack: run `twin audit <real data> <pack folder>`'))];
  const audit = releasedValue(released, 'the audit');
  return audit.checks.map((c) => {
    const files = [...new Set(audit.findings.filter((f) => f.check === c.check).map((f) => f.file))];
    return item(`audit-${c.check}`, 'disclosure', c.status, t('Audit: {0}', auditCheckTitle(c.check).replace(/\bk\b/, `k = ${audit.threshold}`)),
      c.findings === 0
        ? t('twin audit found none in the {0} files of the pack', audit.files.length)
        : t('twin audit found {0} in {1}: each is listed, by file and position, in results.json (open it in the SACRO viewer)', c.findings, files.join(', ')));
  });
}

/** The metadata's sign-off (one table's or a whole dataset's): ✅ while it holds, ⚠️ otherwise. */
export function signedOffFinding(metadata: SignableMetadata): Finding {
  const s = metadata.signOff;
  const signed = describeSignOff(metadata);
  return {
    status: signed ? 'pass' : 'warn',
    evidence: signed ?? (s
      ? t("metadata.json's sign-off by {0} ({1}) no longer holds: the metadata changed after it was signed; a person must review and sign it off again", s.name, s.role)
      : t('metadata.json has no sign-off: a person must review it and sign it off before release')),
  };
}

/** EULA.md must name its custodian and contact. */
export function eulaPartiesFinding(custodian: string | undefined, contact: string | undefined): Finding {
  if (custodian && contact) return { status: 'pass', evidence: t('EULA.md names {0} (contact {1})', custodian, contact) };
  const evidence = !custodian && !contact
    ? t('EULA.md has no custodian or contact: name the data custodian and a contact and re-run')
    : !custodian ? t('EULA.md has no custodian: name the data custodian and a contact and re-run') : t('EULA.md has no contact: name the data custodian and a contact and re-run');
  return { status: 'fail', evidence };
}

/** A direct identifier's treatment in the checklist's evidence ("nhs_number faked"). */
function columnTreated(column: string, action: string | null): string {
  switch (action) {
    case 'faked': return t('{0} faked', column);
    case 'excluded': return t('{0} excluded', column);
    case 'modelled': return t('{0} modelled', column);
    case null: return t('{0} not in the recipe', column);
    default: return `${column} ${action}`;
  }
}

export function item(id: CheckItem['id'], group: CheckItem['group'], status: CheckStatus, title: string, evidence: string): CheckItem {
  return { id, group, status, mark: CHECK_MARKS[status], title, evidence };
}

export function isDirectIdentifier(c: MetadataColumn): boolean {
  return c.type === 'identifier' || c.type === 'text' || c.disclosure.some((f) => DIRECT_IDENTIFIER_FLAGS.has(f.kind));
}

export function bandStatus(band: 'good' | 'fair' | 'poor'): CheckStatus {
  return band === 'good' ? 'pass' : band === 'fair' ? 'warn' : 'fail';
}

/** A share as a percentage with up to two decimals (0.0333 → "3.33%"). */
export function percent(x: number): string {
  return `${Number((x * 100).toFixed(2))}%`;
}

function fixed(x: number): string {
  return x.toFixed(2);
}
