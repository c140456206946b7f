import type { ColumnData, Table } from '../../schema';
import { meanOf } from '../columns';
import { cardinalityBoundaryAdherence } from './cardinalityBoundaryAdherence';
import { cardinalityShapeSimilarity } from './cardinalityShapeSimilarity';
import { cardinalities, keyValues } from './keys';
import { parentChildPairTrends, type ParentChildPairTrends } from './parentChildPairTrends';
import { referentialIntegrity } from './referentialIntegrity';

/** A link between two tables: each child row's `childKey` names its parent's `parentKey`. */
export interface TableLink {
  parentTable: string;
  parentKey: string;
  childTable: string;
  childKey: string;
}

/** The cross-table scores of one link. */
export interface LinkScores extends TableLink {
  referentialIntegrity: number | null;
  cardinalityShapeSimilarity: number | null;
  cardinalityBoundaryAdherence: number | null;
  pairTrends: ParentChildPairTrends;
}

export interface LinkedEvaluation {
  links: LinkScores[];
  /** Means over the links (null when no link has the score), as SDMetrics' multi-table properties average them. */
  referentialIntegrity: number | null;
  cardinalityShapeSimilarity: number | null;
  cardinalityBoundaryAdherence: number | null;
  /** Mean over every scored parent–child pair of every link. */
  pairTrends: number | null;
}

function keyColumn(tables: Readonly<Record<string, Table>>, table: string, column: string, side: string): ColumnData {
  const t = tables[table];
  if (!t) throw new Error(`evaluateLinks: the ${side} tables have no table ${table}`);
  const c = t.columns.find((x) => x.spec.name === column);
  if (!c) throw new Error(`evaluateLinks: ${side} table ${table} has no column ${column}`);
  return c.data;
}

/**
 * SDMetrics' multi-table metrics on every link of a linked dataset: ReferentialIntegrity,
 * CardinalityShapeSimilarity, CardinalityBoundaryAdherence and the parent–child column pair
 * trends, per link and averaged. Tables are matched by name between the real and synthetic sets.
 */
export function evaluateLinks(
  real: Readonly<Record<string, Table>>,
  synthetic: Readonly<Record<string, Table>>,
  links: readonly TableLink[],
): LinkedEvaluation {
  const scores: LinkScores[] = links.map((link) => {
    const rpk = keyValues(keyColumn(real, link.parentTable, link.parentKey, 'real'));
    const rfk = keyValues(keyColumn(real, link.childTable, link.childKey, 'real'));
    const spk = keyValues(keyColumn(synthetic, link.parentTable, link.parentKey, 'synthetic'));
    const sfk = keyValues(keyColumn(synthetic, link.childTable, link.childKey, 'synthetic'));
    const rc = cardinalities(rpk, rfk);
    const sc = cardinalities(spk, sfk);
    return {
      ...link,
      referentialIntegrity: referentialIntegrity(rfk, spk, sfk),
      cardinalityShapeSimilarity: cardinalityShapeSimilarity(rc, sc),
      cardinalityBoundaryAdherence: cardinalityBoundaryAdherence(rc, sc),
      pairTrends: parentChildPairTrends(
        { parent: real[link.parentTable], child: real[link.childTable] },
        { parent: synthetic[link.parentTable], child: synthetic[link.childTable] },
        link,
      ),
    };
  });
  return {
    links: scores,
    referentialIntegrity: meanOf(scores.map((s) => s.referentialIntegrity)),
    cardinalityShapeSimilarity: meanOf(scores.map((s) => s.cardinalityShapeSimilarity)),
    cardinalityBoundaryAdherence: meanOf(scores.map((s) => s.cardinalityBoundaryAdherence)),
    pairTrends: meanOf(scores.flatMap((s) => s.pairTrends.pairs.map((p) => p.score))),
  };
}
