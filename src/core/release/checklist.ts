import type { AuditReport } from '../audit';
import { releasedValue, type Released } from '../disclosure/released';
import type { EvaluationReport, PrivacyReport } from '../evaluate';
import type { Metadata, MetadataColumn } from '../metadata';
import { isTwinFileName } from '../paths';
import type { Recipe } from '../synth';
import { describeSignOff } from '../review/reviewedMetadata';
import type { SignableMetadata } from '../review/signOff';

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
  add('labelled', 'labelling', labelled ? 'pass' : 'fail', 'Outputs labelled synthetic',
    labelled
      ? `the twin is named ${e.twinFile}, and DATA_CARD.md, EULA.md and this checklist each state that the data are synthetic`
      : `the twin's file name ${e.twinFile} does not contain ".synthetic."; rename it so it cannot be mistaken for real data`);

  // Disclosure: identifiers
  const decisions = new Map(recipe.columns.map((c) => [c.name, c]));
  const direct = metadata.columns.filter(isDirectIdentifier);
  const leakedIds = direct.filter((c) => decisions.get(c.name)?.action === 'modelled');
  const uniqueModelled = metadata.columns.filter((c) => !isDirectIdentifier(c) && c.disclosure.some((f) => f.kind === 'unique-key') && decisions.get(c.name)?.action === 'modelled');
  const treated = direct.map((c) => `${c.name} ${decisions.get(c.name)?.action ?? (c.excluded ? 'excluded' : 'not in the recipe')}`);
  if (leakedIds.length > 0) {
    add('identifiers', 'disclosure', 'fail', 'Identifiers removed or faked',
      `direct identifiers modelled from real values: ${leakedIds.map((c) => c.name).join(', ')}; fake or exclude them`);
  } else if (uniqueModelled.length > 0) {
    add('identifiers', 'disclosure', 'warn', 'Identifiers removed or faked',
      `${direct.length ? treated.join('; ') + '; ' : ''}columns with a unique value per row are modelled, check they are not keys: ${uniqueModelled.map((c) => c.name).join(', ')}`);
  } else {
    add('identifiers', 'disclosure', 'pass', 'Identifiers removed or faked',
      direct.length ? treated.join('; ') : 'no column was flagged as a direct identifier (NHS or NI number, email, phone, name, free text)');
  }

  // Disclosure: rare categories
  const rare = rareCategoriesFinding(metadata, evaluation);
  add('rare-categories', 'disclosure', rare.status, `Rare categories controlled at threshold k = ${k}`, rare.evidence);

  // Disclosure: exact matches against the holdout baseline; distance to closest record
  const em = exactMatchesFinding(evaluation);
  add('exact-matches', 'disclosure', em.status, 'No exact matches beyond the holdout baseline', em.evidence);
  const dcr = dcrFinding(evaluation);
  add('dcr', 'disclosure', dcr.status, 'Distance to closest record within bounds', dcr.evidence);

  // Disclosure: the audit of every file against the real data, one item per check family
  items.push(...auditItems(e.audit));

  // Structure
  const excluded = metadata.columns.filter((c) => c.excluded).map((c) => c.name);
  const twinColumns = metadata.columns.length - excluded.length;
  const adherence = evaluation.fidelity.coverage.adherence;
  const adherenceText = adherence === null ? '' : `; ${percent(adherence)} mean adherence to the real categories${evaluation.release?.status === 'released' ? '' : ' and ranges'}`;
  add('schema', 'structure', excluded.length ? 'warn' : 'pass', 'Same structure as the real data',
    excluded.length
      ? `${twinColumns} of ${metadata.columns.length} columns kept with the source's names, order, types and formats; excluded: ${excluded.join(', ')} (listed in DATA_CARD.md)${adherenceText}`
      : `all ${twinColumns} columns with the source's names, order, types and formats, in the source's file format${adherenceText}`);

  // Documentation
  const signed = signedOffFinding(metadata);
  add('signed-off', 'documentation', signed.status, 'Metadata signed off', signed.evidence);
  const attached = e.evaluationFiles.json && e.evaluationFiles.html;
  add('evaluation-attached', 'documentation', attached ? 'pass' : 'fail', 'Evaluation attached',
    attached ? `evaluation.json and evaluation.html (fidelity ${fixed(evaluation.fidelity.score)}, privacy ${evaluation.privacy.reading.band})` : 'evaluation.json or evaluation.html is missing from the pack');
  add('data-card', 'documentation', 'pass', 'Differences from the real data documented',
    `DATA_CARD.md describes all ${metadata.columns.length} columns and their treatment, ${metadata.controls.length} disclosure controls and the limitations of the ${recipe.level} level`);
  const eula = eulaPartiesFinding(e.custodian, e.contact);
  add('eula-parties', 'documentation', eula.status, 'Licence names custodian and contact', eula.evidence);
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
    if (smallCells.length) parts.push(`published categories with fewer than ${k} records in ${smallCells.join(', ')}`);
    if (leak.leaked > 0) parts.push(`${leak.leaked} real categories rarer than ${k} appear in the twin (${leakedCols.join(', ')})`);
    return { status: 'fail', evidence: parts.join('; ') };
  }
  return {
    status: 'pass',
    evidence: `every published category has at least ${k} records (counts rounded to ${metadata.disclosure.rounding}); ${merged} rare categories merged or dropped; ${leak.rareCategories === undefined ? 'no real value' : `none of the ${leak.rareCategories} real values`} rarer than ${k} appears in the twin`,
  };
}

/** ❌ when the share of twin rows equal to a real row exceeds the holdout's (0 without a holdout). */
export function exactMatchesFinding(evaluation: EvaluationReport): Finding {
  return exactMatchesFindingOf(evaluation.privacy, { synthetic: evaluation.sample.synthetic, holdout: evaluation.sample.holdout, sampled: evaluation.sample.sampled });
}

/** What the privacy figures of a checklist item were measured on, and what one unit is called. */
export interface PrivacyUnits {
  synthetic: number;
  holdout: number | null;
  sampled: boolean;
  /** Singular and plural of a unit: a row of one table (default), a person's whole record. */
  unit?: { one: string; many: string };
}

const ROWS = { one: 'row', many: 'rows' };

/** Exact copies against the holdout baseline (a real check with a holdout, else against 0). */
export function exactMatchesFindingOf(privacy: PrivacyReport, n: PrivacyUnits): Finding {
  const em = privacy.exactMatches;
  const unit = n.unit ?? ROWS;
  const synRows = n.synthetic;
  const baseline = em.holdoutRate ?? 0;
  const sampled = n.sampled ? ` (in a seeded sample of ${synRows} ${unit.many})` : '';
  // Released copy counts are rounded up (to at least k): an upper bound, said as one.
  const atMost = (x: number | undefined): string => (x ? 'at most ' : '');
  const emText = `${atMost(em.count)}${em.count} of ${synRows} twin ${unit.many} (${percent(em.rate)}) are exact copies of a real ${unit.one}${sampled}`;
  if (em.holdoutRate !== undefined) {
    const base = `; holdout baseline ${percent(baseline)} (${atMost(em.holdoutCount)}${em.holdoutCount ?? 0} of ${n.holdout ?? 0} unseen real ${unit.many} equal a real ${unit.one})`;
    return { status: em.rate > baseline ? 'fail' : 'pass', evidence: emText + base };
  }
  return {
    status: em.count > 0 ? 'fail' : 'pass',
    evidence: emText + (em.count > 0 ? '; no holdout was given, so the baseline is 0 (give a holdout file to compare with unseen real rows)' : '; no holdout was given, so the baseline is 0'),
  };
}

/** The evaluation's band for DCR overfitting protection (with a holdout) or baseline protection. */
export function dcrFinding(evaluation: EvaluationReport): Finding {
  return dcrFindingOf(evaluation.privacy);
}

/** DCR overfitting protection (with a holdout) or baseline protection, of twin rows or persons' records. */
export function dcrFindingOf(privacy: PrivacyReport, unit: { one: string; many: string } = ROWS): Finding {
  const dcr = privacy.dcr;
  if (dcr.overfittingProtection) {
    const o = dcr.overfittingProtection;
    return {
      status: bandStatus(o.reading.band),
      evidence: `${percent(o.closerToTraining)} of twin ${unit.many} are closer to a training ${unit.one} than to a holdout ${unit.one} (about 50% expected); overfitting protection ${fixed(o.score)} (${o.reading.band})`,
    };
  }
  const b = dcr.baselineProtection;
  return {
    status: b.score === null ? 'warn' : bandStatus(b.reading.band),
    evidence: `median distance of twin ${unit.many} to the closest real ${unit.one} ${fixed(dcr.synthetic.median)}${dcr.random ? ` against ${fixed(dcr.random.median)} for random ${unit.many}` : ''}; baseline protection ${b.score === null ? 'undefined' : fixed(b.score)} (${b.reading.band}); no holdout, so overfitting was not measured`,
  };
}

/** One item per audit check family, or a warning that the pack was not audited. */
export function auditItems(released: Released<AuditReport> | undefined): CheckItem[] {
  if (!released) return [item('audit', 'disclosure', 'warn', 'Audit against the real data', 'twin audit has not been run on this pack: run `twin audit <real data> <pack folder>`')];
  const audit = releasedValue(released, 'the audit');
  return audit.checks.map((c) => {
    const files = [...new Set(audit.findings.filter((f) => f.check === c.check).map((f) => f.file))];
    return item(`audit-${c.check}`, 'disclosure', c.status, `Audit: ${c.title.replace(/\bk\b/, `k = ${audit.threshold}`)}`,
      c.findings === 0
        ? `twin audit found none in the ${audit.files.length} files of the pack`
        : `twin audit found ${c.findings} in ${files.join(', ')}: each is listed, by file and position, in results.json (open it in the SACRO viewer)`);
  });
}

/** The metadata's sign-off (one table's or a whole dataset's): ✅ while it holds, ⚠️ otherwise. */
export function signedOffFinding(metadata: SignableMetadata): Finding {
  const s = metadata.signOff;
  const signed = describeSignOff(metadata);
  return {
    status: signed ? 'pass' : 'warn',
    evidence: signed ?? (s
      ? `metadata.json's sign-off by ${s.name} (${s.role}) no longer holds: the metadata changed after it was signed; a person must review and sign it off again`
      : 'metadata.json has no sign-off: a person must review it and sign it off before release'),
  };
}

/** EULA.md must name its custodian and contact. */
export function eulaPartiesFinding(custodian: string | undefined, contact: string | undefined): Finding {
  const parties = [custodian ? null : 'custodian', contact ? null : 'contact'].filter((x): x is string => x !== null);
  return parties.length
    ? { status: 'fail', evidence: `EULA.md has no ${parties.join(' or ')}: name the data custodian and a contact and re-run` }
    : { status: 'pass', evidence: `EULA.md names ${custodian} (contact ${contact})` };
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
