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
    return { table: t.name, finding: r ? f(t.metadata, r) : { status: 'warn', evidence: 'not evaluated' } };
  }));
  const items: CheckItem[] = [];

  // Labelling: twin tables keep their sources' names so that code written for them runs unchanged.
  const unlabelled = e.twinFiles.filter((f) => !isTwinFileName(f));
  items.push(item('labelled', 'labelling', unlabelled.length ? 'warn' : 'pass', 'Outputs labelled synthetic',
    unlabelled.length
      ? `${unlabelled.length} of ${e.twinFiles.length} twin tables keep their source's file name (${unlabelled.join(', ')}) so that code written for the real tables runs unchanged; the recipe, DATA_CARD.md, EULA.md and this checklist state that the data are synthetic: keep the tables in this pack, and any copy outside it must say "synthetic" in its name`
      : `every twin table is named *.synthetic.*, and DATA_CARD.md, EULA.md and this checklist state that the data are synthetic`));

  // Disclosure
  items.push(found('identifiers', 'disclosure', 'Identifiers removed or faked', worst(d.tables.map((t) => ({ table: t.name, finding: identifiersFinding(t.metadata, keyColumnsOf(d, t.name)) })))));
  items.push(found('rare-categories', 'disclosure', `Rare categories controlled at threshold k = ${k}`, perTable(rareCategoriesFinding)));
  // Persons' whole records first (the unit of a linked dataset), then each table's rows.
  const persons = evaluation.personPrivacy;
  const personFinding = (f: (p: NonNullable<typeof persons>) => Finding): { table: string; finding: Finding }[] =>
    persons ? [{ table: `persons (whole records of ${persons.personTable})`, finding: f(persons) }] : [];
  items.push(found('exact-matches', 'disclosure', 'No exact matches beyond the holdout baseline', worstOf([
    ...personFinding((p) => exactMatchesFindingOf(p.privacy, { synthetic: p.persons.synthetic, holdout: p.persons.holdout, sampled: false, unit: PERSONS })),
    perTable((_m, r) => exactMatchesFinding(r)),
  ])));
  items.push(found('dcr', 'disclosure', 'Distance to closest record within bounds', worstOf([
    ...personFinding((p) => dcrFindingOf(p.privacy, PERSONS)),
    perTable((_m, r) => dcrFinding(r)),
  ])));
  items.push(...auditItems(e.audit));

  // Structure: each table's columns, and every link joins.
  items.push(found('schema', 'structure', 'Same structure as the real data', worst(d.tables.map((t) => ({ table: t.name, finding: schemaFinding(t.metadata) })))));
  const links = evaluation.links.links;
  const broken = links.filter((l) => l.referentialIntegrity !== null && l.referentialIntegrity < 1);
  items.push(item('links', 'structure', broken.length ? 'fail' : 'pass', 'Every key joins across tables',
    broken.length
      ? `referential integrity below 1 on ${broken.map((l) => `${l.childTable}.${l.childKey} → ${l.parentTable}.${l.parentKey} (${l.referentialIntegrity})`).join(', ')}`
      : `referential integrity 1 on all ${links.filter((l) => l.referentialIntegrity !== null).length} links evaluated; ${d.relationships.diamonds.length} diamonds kept by construction`));

  // Documentation
  items.push(found('signed-off', 'documentation', 'Metadata signed off', signedOffFinding(d)));
  items.push(item('evaluation-attached', 'documentation', e.evaluationFile ? 'pass' : 'fail', 'Evaluation attached',
    e.evaluationFile ? `evaluation.json: every table's evaluation and ${links.length} links' scores` : 'evaluation.json is missing from the pack'));
  items.push(item('data-card', 'documentation', 'pass', 'Differences from the real data documented',
    `DATA_CARD.md describes all ${d.tables.length} tables, their columns and treatment, ${d.relationships.foreignKeys.length} links with their evidence and the limitations of the ${e.level} level`));
  items.push(found('eula-parties', 'documentation', 'Licence names custodian and contact', eulaPartiesFinding(e.custodian, e.contact)));
  return items;
}

const RANK: Record<CheckStatus, number> = { pass: 0, warn: 1, fail: 2 };
const PERSONS = { one: "person's record", many: "persons' records" };

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
  if (modelled.length) return { status: 'warn', evidence: `flagged as direct identifiers but modelled from their published categories: ${modelled.map((c) => c.name).join(', ')}; check them or exclude them` };
  const treated = direct.map((c) => `${c.name} ${c.excluded ? 'excluded' : keys.has(c.name) ? 'faked (a key that joins)' : 'faked'}`);
  return { status: 'pass', evidence: treated.length ? treated.join(', ') : 'no column flagged as a direct identifier' };
}

function schemaFinding(m: Metadata): Finding {
  const excluded = m.columns.filter((c) => c.excluded).map((c) => c.name);
  return excluded.length
    ? { status: 'warn', evidence: `${m.columns.length - excluded.length} of ${m.columns.length} columns kept; excluded: ${excluded.join(', ')}` }
    : { status: 'pass', evidence: `all ${m.columns.length} columns with the source's names, order, types and formats` };
}

