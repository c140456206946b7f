import * as fs from 'node:fs';
import * as nodePath from 'node:path';
import type { DatasetMetadata } from '../../dataset/types';
import type { HoldoutSplit } from '../../holdout';
import { DATASET_RECIPE_FORMAT, type DatasetRecipe } from './generateDataset';

/**
 * The persons a linked twin was fitted without, as its recipe in the twin folder records them
 * (`<dataset>.twin.json`), when that recipe was made from these tables (the same keyed
 * fingerprints as the metadata's); else null, and the twin is evaluated against every person.
 */
export function datasetRecipeHoldout(twinDir: string, metadata: DatasetMetadata): HoldoutSplit | null {
  let recipe: Partial<DatasetRecipe>;
  try {
    recipe = JSON.parse(fs.readFileSync(nodePath.join(twinDir, `${metadata.dataset.name || 'dataset'}.twin.json`), 'utf8')) as Partial<DatasetRecipe>;
  } catch {
    return null;
  }
  const h = recipe.format === DATASET_RECIPE_FORMAT ? holdoutOfRecipe(recipe) : null;
  if (!h) return null;
  const made = new Map((recipe.source?.tables ?? []).map((t) => [t.name, JSON.stringify(t.fingerprint)]));
  const same = metadata.tables.every((t) => made.get(t.name) === JSON.stringify(t.metadata.dataset.fingerprint));
  return same ? { share: h.share, seed: h.seed } : null;
}

/** A dataset recipe's holdout split when it records a valid one (share in (0, 1), an integer seed), else null. */
export function holdoutOfRecipe(recipe: { holdout?: unknown }): HoldoutSplit | null {
  const h = recipe.holdout as { share?: unknown; seed?: unknown } | undefined;
  return h && typeof h.share === 'number' && h.share > 0 && h.share < 1 && typeof h.seed === 'number' && Number.isSafeInteger(h.seed) ? { share: h.share, seed: h.seed } : null;
}
