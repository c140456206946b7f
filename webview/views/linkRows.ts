/**
 * The rows of the Linked tables view's link table, from a dataset's metadata and (when there is one)
 * its twin's cross-table evaluation: pure, so it is tested without a browser. The table is also the
 * diagram's text equivalent, so each row says in words what the diagram draws.
 */
import { linkText, type DatasetMetadata, type ForeignKey } from '../../src/core/browser';
import { t } from '../../src/core/browser';
import type { LinkedEvaluationView, LinkScoresView } from '../../src/protocol/messages';

export type LinkKind = 'optional' | 'self-reference' | 'diamond';

export interface LinkRow {
  /** `child.COL->parent.COL`: the link's name in decisions and metadata.json. */
  id: string;
  /** In words: `admissions.patient_id → patients.patient_id`. */
  label: string;
  /** The evidence in words: the share of the child's values found in the parent, and the name evidence. */
  evidence: string;
  /** Optional key, self-reference, part of a diamond. */
  kind: LinkKind[];
  status: ForeignKey['status'];
  origin: ForeignKey['origin'];
  /** The twin's scores on this link (null before an evaluation, or for a link the twin did not follow). */
  scores: LinkScoresView | null;
}

const NAME_EVIDENCE: Record<ForeignKey['evidence']['name'], string> = {
  // Getters: read in the page's language, chosen after the modules load.
  get table() { return t('the column names the parent table'); },
  get column() { return t('same column name in both tables'); },
  get declared() { return t('declared in dataset.json'); },
  get none() { return t('no name evidence'); },
};

/** One row per link metadata.json lists (rejected ones too: they stay listed, used by nothing). */
export function linkRowsOf(metadata: DatasetMetadata, evaluation: LinkedEvaluationView | null): LinkRow[] {
  const diamonds = metadata.relationships.diamonds;
  return metadata.relationships.foreignKeys.map((f) => {
    const id = linkText(f);
    // One of the two paths a diamond's table takes to its ancestor (not a link further up the chain).
    const inDiamond = diamonds.some((d) => d.table === f.child.table
      && (d.direct.column === f.child.column || d.via.some((v) => v.table === d.table && v.column === f.child.column)));
    const kind = ([f.optional ? 'optional' : '', f.selfReference ? 'self-reference' : '', inDiamond ? 'diamond' : ''] as const).filter((k): k is LinkKind => k !== '');
    const evidence = f.origin === 'discovered'
      ? t('{0} of values found in the parent; {1}', percent(f.evidence.inclusion), NAME_EVIDENCE[f.evidence.name])
      : f.origin === 'declared' ? t('declared in dataset.json') : t('added in review; {0} of values found', percent(f.evidence.inclusion));
    return {
      id, label: `${f.child.table}.${f.child.column} → ${f.parent.table}.${f.parent.column}`, evidence, kind, status: f.status, origin: f.origin,
      scores: evaluation?.links.find((l) => l.link === id) ?? null,
    };
  });
}

/** A share as a whole percentage, "≥ 99%" short of all (evidence is floored to two decimals). */
function percent(share: number): string {
  if (share >= 1) return '100%';
  return share >= 0.99 ? '≥ 99%' : `${Math.floor(share * 100)}%`;
}
