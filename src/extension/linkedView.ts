/**
 * What the Linked tables view shows of a linked dataset, made from core's results (no vscode here,
 * so it is tested in plain Node): the dataset's state with its relationship diagram, and the
 * cross-table evaluation of a twin in the few figures the view shows.
 */
import { type DatasetEvaluation, type DatasetMetadata, relationshipDiagramSvg } from '../core';
import type { LinkedDatasetState, LinkedEvaluationView } from '../protocol/messages';

/** The view's state for a dataset's metadata; the diagram is the release pack's relationships.svg of it. */
export function linkedDatasetState(metadata: DatasetMetadata, metadataPath: string | null, evaluation: LinkedEvaluationView | null): LinkedDatasetState {
  return { name: metadata.dataset.name, metadata, metadataPath, diagramSvg: relationshipDiagramSvg(metadata), evaluation };
}

/**
 * A linked twin's evaluation as the view shows it: each table's rows and quality (its report's
 * fidelity score), each link's ReferentialIntegrity, CardinalityShapeSimilarity and
 * CardinalityBoundaryAdherence, and their means. Links are named `child.COL->parent.COL`,
 * as metadata.json's links are.
 */
export function linkedEvaluationView(e: DatasetEvaluation, twin: string): LinkedEvaluationView {
  return {
    twin,
    tables: e.tables.map((t) => ({ name: t.name, realRows: t.report.inputs.real.rows, twinRows: t.report.inputs.synthetic.rows, quality: finite(t.report.fidelity.score) })),
    links: e.links.links.map((l) => ({
      link: `${l.childTable}.${l.childKey}->${l.parentTable}.${l.parentKey}`,
      referentialIntegrity: l.referentialIntegrity,
      cardinalityShapeSimilarity: l.cardinalityShapeSimilarity,
      cardinalityBoundaryAdherence: l.cardinalityBoundaryAdherence,
    })),
    means: {
      referentialIntegrity: e.links.referentialIntegrity,
      cardinalityShapeSimilarity: e.links.cardinalityShapeSimilarity,
      cardinalityBoundaryAdherence: e.links.cardinalityBoundaryAdherence,
    },
  };
}

function finite(x: number): number | null {
  return Number.isFinite(x) ? x : null;
}
