/**
 * A linked dataset's release pack, as the disclosure layer lets it out: its metadata.json
 * (`twin-metadata/2`), its evaluation and its recipe. The rules are those of one table, applied
 * table by table, plus these for what crosses tables:
 * - metadata.json: every table's part is disclosure-controlled single-table metadata (as
 *   `protectMetadata` requires); the relationship summaries are those the layer published
 *   (`disclosure/relationships.ts`), never recomputed here.
 * - evaluation: each table's report is released by `protectEvaluation` against that table's
 *   metadata. Link scores (ReferentialIntegrity, CardinalityShapeSimilarity, the mean of the
 *   parent–child pair trends) are rounded to the coarser score step of the two tables (worth at
 *   least k persons); their means are those of the rounded scores. CardinalityBoundaryAdherence is left out (it is defined by the real
 *   minimum and maximum children per parent); per-pair scores and the real side of each
 *   parent–child pair are left out (no association across tables is published in metadata.json).
 * - person-level privacy (the privacy metrics on one record per person): released as one table's
 *   privacy under the person table's rules (copy counts rounded up to at least k, scores to a step
 *   worth k persons, histograms merged to ≥ k persons a bin), person counts rounded.
 * - recipe: it names files only (no folder of the TRE) and its source fingerprints must be those
 *   of the released metadata.json; its date rules name columns and a direction, never a value.
 */
import type { DatasetMetadata } from '../dataset/types';
import type { DatasetEvaluation } from '../evaluate/multiTable/evaluateDataset';
import type { EvaluationReport } from '../evaluate/report';
import type { DatasetRecipe } from '../synth/linked/generateDataset';
import type { HoldoutSplit } from '../holdout/types';
import type { PersonLevelPrivacy } from '../evaluate/personLevel/personPrivacy';
import { protectEvaluation, protectPersonPrivacy, roundStep, scoreStepOf } from './protectEvaluation';
import { protectMetadata } from './protectMetadata';
import { mintReleased, releasedValue, type Released, type ReleaseControl } from './released';

/** One link's released scores. */
export interface ReleasedLinkScores {
  parentTable: string;
  parentKey: string;
  childTable: string;
  childKey: string;
  referentialIntegrity: number | null;
  cardinalityShapeSimilarity: number | null;
  /** Mean of the parent–child column pair trend scores. */
  pairTrends: number | null;
  /** The rounding step of this link's scores. */
  step: number;
}

/** evaluation.json of a linked dataset's pack. */
export interface ReleasedDatasetEvaluation {
  format: DatasetEvaluation['format'];
  release: { status: 'released'; note: string; controls: ReleaseControl[] };
  tables: { name: string; file: string; report: EvaluationReport }[];
  links: {
    links: ReleasedLinkScores[];
    referentialIntegrity: number | null;
    cardinalityShapeSimilarity: number | null;
    pairTrends: number | null;
  };
  /** The persons held out before fitting (share and seed): the privacy baselines. */
  holdout?: HoldoutSplit;
  /** Privacy with the person as the unit, released under the person table's rules. */
  personPrivacy?: PersonLevelPrivacy;
}

/**
 * The dataset's metadata.json as a released value.
 * @throws Error (internal) for anything but disclosure-controlled dataset metadata (another format, a table whose metadata is not controlled, links without published summaries).
 */
export function protectDatasetMetadata(d: DatasetMetadata): Released<DatasetMetadata> {
  if (d.format !== 'twin-metadata/2' || !Array.isArray(d.controls)) {
    throw new Error('internal error: only disclosure-controlled dataset metadata (twin-metadata/2 with its controls) can be released');
  }
  for (const t of d.tables) protectMetadata(t.metadata); // throws for a table that is not controlled metadata
  const links = d.relationships.foreignKeys.filter((f) => f.status !== 'rejected' && !f.selfReference);
  if (links.length > 0 && !d.summaries) {
    throw new Error('internal error: a dataset with links is released with the relationship summaries the disclosure layer published');
  }
  return mintReleased(JSON.parse(JSON.stringify(d)) as DatasetMetadata);
}

/** The released copy of a linked twin's evaluation (see the module comment for the rules). */
export function protectDatasetEvaluation(e: DatasetEvaluation, metadata: Released<DatasetMetadata>): Released<ReleasedDatasetEvaluation> {
  const d = releasedValue(metadata, 'metadata.json');
  const controls: ReleaseControl[] = [];
  const tableMeta = new Map(d.tables.map((t) => [t.name, t.metadata]));
  const tables = e.tables.map((t) => {
    const m = tableMeta.get(t.name);
    if (!m) throw new Error(`internal error: the evaluation has a table ${t.name} that metadata.json does not describe`);
    const released = protectEvaluation(t.report, protectMetadata(m));
    for (const c of released.controls) controls.push({ ...c, part: `${t.name}: ${c.part}` });
    return { name: t.name, file: t.file, report: releasedValue(released, `evaluation of ${t.name}`) };
  });
  const stepOf = (table: string): number => {
    const m = tableMeta.get(table);
    return m ? scoreStepOf(m) : 1;
  };
  const round = (x: number | null, step: number): number | null => (x === null ? null : roundStep(x, step));
  const links = e.links.links.map((l) => {
    const step = Math.max(stepOf(l.parentTable), stepOf(l.childTable));
    return {
      parentTable: l.parentTable, parentKey: l.parentKey, childTable: l.childTable, childKey: l.childKey,
      referentialIntegrity: round(l.referentialIntegrity, step),
      cardinalityShapeSimilarity: round(l.cardinalityShapeSimilarity, step),
      pairTrends: round(l.pairTrends.score, step),
      step,
    };
  });
  controls.push(
    { part: 'links', control: 'score-rounding', detail: 'Each link\'s scores are rounded to the coarser score step of its two tables (a step worth at least k persons); the means are of those rounded scores (2 decimals), so they add no figure.' },
    { part: 'links', control: 'left-out', detail: 'CardinalityBoundaryAdherence is left out: it is defined by the real minimum and maximum children per parent.' },
    { part: 'links', control: 'left-out', detail: 'Per-pair parent–child scores and their real correlations are left out: metadata.json publishes no association across tables.' },
  );
  let personPrivacy: PersonLevelPrivacy | undefined;
  if (e.personPrivacy) {
    const m = tableMeta.get(e.personPrivacy.personTable);
    if (!m) throw new Error(`internal error: the person table ${e.personPrivacy.personTable} is not in metadata.json`);
    const protectedPrivacy = protectPersonPrivacy(e.personPrivacy, protectMetadata(m));
    personPrivacy = protectedPrivacy.value;
    for (const c of protectedPrivacy.controls) controls.push({ ...c, part: `person-level privacy: ${c.part}` });
  }
  const released: ReleasedDatasetEvaluation = {
    format: e.format,
    release: {
      status: 'released',
      note: 'Disclosure-controlled copy of the linked evaluation: each table as its own released evaluation, link scores rounded, what could not be protected left out (see controls).',
      controls: controls.map((c) => ({ ...c })),
    },
    tables,
    links: {
      links,
      referentialIntegrity: meanOfReleased(links.map((l) => l.referentialIntegrity)),
      cardinalityShapeSimilarity: meanOfReleased(links.map((l) => l.cardinalityShapeSimilarity)),
      pairTrends: meanOfReleased(links.map((l) => l.pairTrends)),
    },
    ...(e.holdout ? { holdout: { share: e.holdout.share, seed: e.holdout.seed } } : {}),
    ...(personPrivacy ? { personPrivacy } : {}),
  };
  return mintReleased(released, controls);
}

/** The mean of released scores (nulls left out), to 2 decimals; null when none. */
function meanOfReleased(xs: readonly (number | null)[]): number | null {
  const v = xs.filter((x): x is number => x !== null);
  return v.length === 0 ? null : roundStep(v.reduce((a, b) => a + b, 0) / v.length, 0.01);
}

/**
 * The dataset recipe as shipped in a pack.
 * @throws Error (internal) when its source tables are not those of the released metadata.json, or it names a folder.
 */
export function protectDatasetRecipe(recipe: DatasetRecipe, metadata: Released<DatasetMetadata>): Released<DatasetRecipe> {
  const d = releasedValue(metadata, 'metadata.json');
  const published = new Map(d.tables.map((t) => [t.name, JSON.stringify(t.metadata.dataset.fingerprint)]));
  for (const t of recipe.source.tables) {
    if (published.get(t.name) !== JSON.stringify(t.fingerprint)) throw new Error(`internal error: the recipe's table ${t.name} is not the released metadata.json's`);
  }
  const files = [...recipe.source.tables.map((t) => t.file), ...recipe.output.map((o) => o.file)];
  if (files.some((f) => /[\\/]/.test(f))) throw new Error('internal error: a shipped recipe names files only, not folders');
  return mintReleased(JSON.parse(JSON.stringify(recipe)) as DatasetRecipe);
}
