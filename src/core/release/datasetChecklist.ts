import type { AuditReport } from '../audit';
import type { DatasetMetadata } from '../dataset/types';
import type { ReleasedDatasetEvaluation } from '../disclosure/protectDataset';
import { releasedValue, type Released } from '../disclosure/released';
import type { EvaluationReport } from '../evaluate';
import type { Metadata } from '../metadata';
import { isTwinFileName } from '../paths';
import {
  auditItems, dcrFinding, dcrFindingOf, eulaPartiesFinding, exactMatchesFinding, exactMatchesFindingOf, isDirectIdentifier, item, rareCategoriesFinding, signedOffFinding,
  type CheckItem, type CheckStatus, type Finding,
} from './checklist';
import { t } from '../l10n';

/** What the automatic checks of a linked dataset's pack look at: all released values. */
export interface DatasetChecklistEvidence {
  metadata: Released<DatasetMetadata>;
  evaluation: Released<ReleasedDatasetEvaluation>;
  /** The twin's level (structural, statistical, correlated). */
  level: string;
  /** The twin tables' file names in the pack. */
  twinFiles: readonly string[];
  /** Whether evaluation.json is in the pack. */
  evaluationFile: boolean;
  custodian?: string;
  contact?: string;
  audit?: Released<AuditReport>;
}

/**
 * RELEASE_CHECKLIST.md's items for a linked dataset: the single-table checks (checklist.ts) made
 * for every table against that table's metadata and released evaluation, each item the worst of
 * its tables with every table's evidence; the audit of the whole pack; and the links — every key
 * joins (referential integrity 1 on every link) — and one sign-off of the whole metadata.json.
 */
export function buildDatasetChecklist(e: DatasetChecklistEvidence): CheckItem[] {
  const d = releasedValue(e.metadata, 'metadata.json');
  const evaluation = releasedValue(e.evaluation, 'evaluation.json');
  const reports = new Map(evaluation.tables.map((t) => [t.name, t.report]));
  const k = d.disclosure.threshold;
  const perTable = (f: (m: Metadata, r: EvaluationReport) => Finding): Finding => worst(d.tables.map((t) => {
    const r = reports.get(t.name);
    return { table: t.name, finding: r ? f(t.metadata, r) : { status: 'warn', evidence: notEvaluated() } };
  }));
  const items: CheckItem[] = [];

  // Labelling: twin tables keep their sources' names so that code written for them runs unchanged.
  const unlabelled = e.twinFiles.filter((f) => !isTwinFileName(f));
  items.push(item('labelled', 'labelling', unlabelled.length ? 'warn' : 'pass', t('Outputs labelled synthetic'),
    unlabelled.length
      ? t('{0} of {1} twin tables keep their source\'s file name ({2}) so that code written for the real tables runs unchanged; the recipe, DATA_CARD.md, EULA.md and this checklist state that the data are synthetic: keep the tables in this pack, and any copy outside it must say "synthetic" in its name', unlabelled.length, e.twinFiles.length, unlabelled.join(', '))
      : t('every twin table is named *.synthetic.*, and DATA_CARD.md, EULA.md and this checklist state that the data are synthetic')));

  // Disclosure
  items.push(found('identifiers', 'disclosure', t('Identifiers removed or faked'), worst(d.tables.map((t) => ({ table: t.name, finding: identifiersFinding(t.metadata, keyColumnsOf(d, t.name)) })))));
  items.push(found('rare-categories', 'disclosure', t('Rare categories controlled at threshold k = {0}', k), perTable(rareCategoriesFinding)));
  // Persons' whole records first (the unit of a linked dataset), then each table's rows.
  const persons = evaluation.personPrivacy;
  const personFinding = (f: (p: NonNullable<typeof persons>) => Finding): { table: string; finding: Finding }[] =>
    persons ? [{ table: t('persons (whole records of {0})', persons.personTable), finding: f(persons) }] : [];
  items.push(found('exact-matches', 'disclosure', t('No exact matches beyond the holdout baseline'), worstOf([
    ...personFinding((p) => exactMatchesFindingOf(p.privacy, { synthetic: p.persons.synthetic, holdout: p.persons.holdout, sampled: false, unit: 'person' })),
    perTable((_m, r) => exactMatchesFinding(r)),
  ])));
  items.push(found('dcr', 'disclosure', t('Distance to closest record within bounds'), worstOf([
    ...personFinding((p) => dcrFindingOf(p.privacy, 'person')),
    perTable((_m, r) => dcrFinding(r)),
  ])));
  items.push(...auditItems(e.audit));

  // Structure: each table's columns, and every link joins.
  items.push(found('schema', 'structure', t('Same structure as the real data'), worst(d.tables.map((t) => ({ table: t.name, finding: schemaFinding(t.metadata) })))));
  const links = evaluation.links.links;
  const broken = links.filter((l) => l.referentialIntegrity !== null && l.referentialIntegrity < 1);
  items.push(item('links', 'structure', broken.length ? 'fail' : 'pass', t('Every key joins across tables'),
    broken.length
      ? t('referential integrity below 1 on {0}', broken.map((l) => `${l.childTable}.${l.childKey} → ${l.parentTable}.${l.parentKey} (${l.referentialIntegrity})`).join(', '))
      : t('referential integrity 1 on all {0} links evaluated; {1} diamonds kept by construction', links.filter((l) => l.referentialIntegrity !== null).length, d.relationships.diamonds.length)));

  // Documentation
  items.push(found('signed-off', 'documentation', t('Metadata signed off'), signedOffFinding(d)));
  items.push(item('evaluation-attached', 'documentation', e.evaluationFile ? 'pass' : 'fail', t('Evaluation attached'),
    e.evaluationFile ? t('evaluation.json: every table\'s evaluation and {0} links\' scores', links.length) : t('evaluation.json is missing from the pack')));
  items.push(item('data-card', 'documentation', 'pass', t('Differences from the real data documented'),
    t('DATA_CARD.md describes all {0} tables, their columns and treatment, {1} links with their evidence and the limitations of the {2} level', d.tables.length, d.relationships.foreignKeys.length, e.level)));
  items.push(found('eula-parties', 'documentation', t('Licence names custodian and contact'), eulaPartiesFinding(e.custodian, e.contact)));
  return items;
}

const RANK: Record<CheckStatus, number> = { pass: 0, warn: 1, fail: 2 };
const notEvaluated = (): string => t('not evaluated');

/** The worst of several findings (a person-level one, then the tables'), their evidence in that order. */
function worstOf(parts: readonly ({ table: string; finding: Finding } | Finding)[]): Finding {
  const findings = parts.map((p) => ('finding' in p ? { status: p.finding.status, evidence: `${p.table}: ${p.finding.evidence}` } : p));
  const status = findings.reduce<CheckStatus>((s, f) => (RANK[f.status] > RANK[s] ? f.status : s), 'pass');
  return { status, evidence: findings.map((f) => f.evidence).join('; ') };
}

/** The worst of the tables' findings; the evidence names each table (those not passing first). */
function worst(found: readonly { table: string; finding: Finding }[]): Finding {
  const status = found.reduce<CheckStatus>((s, f) => (RANK[f.finding.status] > RANK[s] ? f.finding.status : s), 'pass');
  const ordered = [...found].sort((a, b) => RANK[b.finding.status] - RANK[a.finding.status]);
  return { status, evidence: ordered.map((f) => `${f.table}: ${f.finding.evidence}`).join('; ') };
}

function found(id: CheckItem['id'], group: CheckItem['group'], title: string, f: Finding): CheckItem {
  return item(id, group, f.status, title, f.evidence);
}

/** A table's primary and foreign keys: the twin's are fakes that join, never real values. */
function keyColumnsOf(d: DatasetMetadata, table: string): Set<string> {
  return new Set([
    ...d.relationships.primaryKeys.filter((k) => k.table === table).map((k) => k.column),
    ...d.relationships.foreignKeys.filter((f) => f.child.table === table && f.status !== 'rejected').map((f) => f.child.column),
  ]);
}

/**
 * A linked twin fakes every identifier and free-text column (keys included: fakes that join) and
 * models the rest; a category-typed column flagged as a direct identifier (a name, a phone number)
 * is modelled from its published categories, so a person must look at it.
 */
function identifiersFinding(m: Metadata, keys: ReadonlySet<string>): Finding {
  const direct = m.columns.filter(isDirectIdentifier);
  const modelled = direct.filter((c) => !c.excluded && c.type !== 'identifier' && c.type !== 'text' && !keys.has(c.name));
  if (modelled.length) return { status: 'warn', evidence: t('flagged as direct identifiers but modelled from their published categories: {0}; check them or exclude them', modelled.map((c) => c.name).join(', ')) };
  const treated = direct.map((c) => (c.excluded ? t('{0} excluded', c.name) : keys.has(c.name) ? t('{0} faked (a key that joins)', c.name) : t('{0} faked', c.name)));
  return { status: 'pass', evidence: treated.length ? treated.join(', ') : t('no column flagged as a direct identifier') };
}

function schemaFinding(m: Metadata): Finding {
  const excluded = m.columns.filter((c) => c.excluded).map((c) => c.name);
  return excluded.length
    ? { status: 'warn', evidence: t('{0} of {1} columns kept; excluded: {2}', m.columns.length - excluded.length, m.columns.length, excluded.join(', ')) }
    : { status: 'pass', evidence: t('all {0} columns with the source\'s names, order, types and formats', m.columns.length) };
}

