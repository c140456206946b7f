import { inputError } from '../errors';
import { inclusionOf } from '../dataset/discover';
import { publishedShare } from '../disclosure/linkEvidence';
import { columnNamesTable } from '../dataset/names';
import type { TableKeys } from '../dataset/scanKeys';
import { parseRef } from '../dataset/tables';
import { linkText, type ColumnRef, type ForeignKey, type Relationships } from '../dataset/types';
import { t } from '../l10n';

/**
 * A person's decisions about the links of a dataset (issue 15 item 2: links are reviewed like any
 * other metadata decision): confirm a found link, reject it (kept with status `rejected`, so it is
 * not proposed again, and ignored by summaries, person keys and twins), or add one the data did not
 * show. Links are written `child.COL=parent.COL`. A link's status in metadata.json records the decision.
 */
export interface LinkDecisions {
  confirmed: string[];
  rejected: string[];
  added: string[];
}

export function emptyLinkDecisions(): LinkDecisions {
  return { confirmed: [], rejected: [], added: [] };
}

/** `child.COL=parent.COL` (or `->`) → the two column references, against the dataset's tables. */
export function parseLink(text: string, tables: readonly string[], file: string): { child: ColumnRef; parent: ColumnRef } {
  const parts = text.split(/=|->/);
  const child = parts.length === 2 ? parseRef(parts[0].trim(), tables) : undefined;
  const parent = parts.length === 2 ? parseRef(parts[1].trim(), tables) : undefined;
  if (!child || !parent) throw inputError(t('link {0} is not child_table.COLUMN=parent_table.COLUMN of this dataset\'s tables ({1})', JSON.stringify(text), tables.join(', ')), { file });
  return { child, parent };
}

/**
 * The relationships with the decisions applied. Evidence of an added link is measured on the
 * tables' key facts.
 * @throws TwinError('input') when a decision names a column the tables do not have, or confirms or
 *   rejects a link that was not found.
 */
export function applyLinkDecisions(rel: Relationships, d: LinkDecisions, scans: readonly TableKeys[], file: string): Relationships {
  const tables = scans.map((s) => s.table);
  const column = (r: ColumnRef) => {
    const c = scans.find((s) => s.table === r.table)?.columns.find((x) => x.name === r.column);
    if (!c) throw inputError(t('link decision: table {0} has no column {1}', r.table, JSON.stringify(r.column)), { file });
    return c;
  };
  const same = (a: ForeignKey, b: { child: ColumnRef; parent: ColumnRef }): boolean => linkText(a) === linkText(b);
  const foreignKeys = rel.foreignKeys.map((f) => ({ ...f }));
  const find = (text: string, confirm: boolean): ForeignKey => {
    const link = parseLink(text, tables, file);
    const f = foreignKeys.find((x) => same(x, link));
    if (!f) {
      const shown = linkText(link);
      throw inputError(confirm ? t('cannot confirm {0}: no such link was found (add the link first)', shown) : t('cannot reject {0}: no such link was found (add the link first)', shown), { file });
    }
    return f;
  };
  for (const text of d.added) {
    const link = parseLink(text, tables, file);
    const child = column(link.child);
    const parent = column(link.parent);
    const existing = foreignKeys.find((x) => same(x, link));
    if (existing) {
      existing.status = 'confirmed';
      continue;
    }
    // One parent per child column: an added link replaces what discovery proposed for that column.
    const i = foreignKeys.findIndex((x) => x.child.table === link.child.table && x.child.column === link.child.column && x.origin === 'discovered');
    if (i >= 0) foreignKeys[i].status = 'rejected';
    foreignKeys.push({
      child: link.child, parent: link.parent, optional: child.missing > 0, selfReference: link.child.table === link.parent.table,
      evidence: { inclusion: child.counts && parent.counts ? publishedShare(inclusionOf(child.counts, parent.counts)) : 0, name: columnNamesTable(link.child.column, link.parent.table) ? 'table' : 'none' },
      origin: 'review', status: 'confirmed',
    });
  }
  for (const text of d.confirmed) find(text, true).status = 'confirmed';
  for (const text of d.rejected) find(text, false).status = 'rejected';
  return { ...rel, foreignKeys };
}

/** The decisions in words, one line each. */
export function describeLinkDecisions(d: LinkDecisions): string[] {
  return [
    ...d.added.map((l) => t('link added: {0}', l)),
    ...d.confirmed.map((l) => t('link confirmed: {0}', l)),
    ...d.rejected.map((l) => t('link rejected: {0}', l)),
  ];
}

/** A link's text in one form (`child.COL->parent.COL`), so decisions written with `=` or `->` compare equal. */
function canonical(text: string): string {
  const parts = text.split(/=|->/).map((p) => p.trim());
  return parts.length === 2 ? `${parts[0]}->${parts[1]}` : text.trim();
}

/**
 * The decisions a dataset's metadata.json records in its links' status and origin: links the
 * review added, found links it confirmed, links it rejected (declared links are the user's own
 * and carry no decision unless rejected).
 */
export function linkDecisionsOf(rel: Relationships): LinkDecisions {
  const d = emptyLinkDecisions();
  for (const f of rel.foreignKeys) {
    if (f.status === 'rejected') d.rejected.push(linkText(f));
    else if (f.origin === 'review') d.added.push(linkText(f));
    else if (f.origin === 'discovered' && f.status === 'confirmed') d.confirmed.push(linkText(f));
  }
  return d;
}

/**
 * Earlier decisions with a review step's on top: the later decision about a link wins (confirming
 * a rejected link un-rejects it; rejecting a link the review added withdraws the addition).
 */
export function updateLinkDecisions(before: LinkDecisions, step: LinkDecisions): LinkDecisions {
  const added = new Set(before.added.map(canonical));
  const confirmed = new Set(before.confirmed.map(canonical));
  const rejected = new Set(before.rejected.map(canonical));
  for (const l of step.added.map(canonical)) {
    rejected.delete(l);
    confirmed.delete(l);
    added.add(l);
  }
  for (const l of step.confirmed.map(canonical)) {
    rejected.delete(l);
    if (!added.has(l)) confirmed.add(l);
  }
  for (const l of step.rejected.map(canonical)) {
    confirmed.delete(l);
    if (added.has(l)) added.delete(l);
    else rejected.add(l);
  }
  return { added: [...added], confirmed: [...confirmed], rejected: [...rejected] };
}

/** Whether two sets of decisions use the same links (they differ at most in confirmations of links in use). */
export function sameLinksInUse(a: LinkDecisions, b: LinkDecisions): boolean {
  const key = (xs: string[]): string => xs.map(canonical).sort().join('\n');
  return key(a.added) === key(b.added) && key(a.rejected) === key(b.rejected);
}
