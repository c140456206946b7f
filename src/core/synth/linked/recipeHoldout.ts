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
  const h = recipe.holdout;
  if (recipe.format !== DATASET_RECIPE_FORMAT || !h || !(typeof h.share === 'number' && h.share > 0 && h.share < 1) || !Number.isSafeInteger(h.seed)) return null;
  const made = new Map((recipe.source?.tables ?? []).map((t) => [t.name, JSON.stringify(t.fingerprint)]));
  const same = metadata.tables.every((t) => made.get(t.name) === JSON.stringify(t.metadata.dataset.fingerprint));
  return same ? { share: h.share, seed: h.seed } : null;
}
