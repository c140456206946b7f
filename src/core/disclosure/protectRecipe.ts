/**
 * The recipe as shipped in a release pack. Its only figures about the real data are in the
 * metadata it embeds; the pack ships it only when that metadata is the released metadata.json
 * (sign-off aside), so the recipe cannot carry a figure metadata.json does not.
 */
import * as nodePath from 'node:path';
import type { Metadata } from '../metadata';
import type { Recipe } from '../synth/recipe';
import { withoutExcludedFigures } from './excludedColumns';
import { mintReleased, releasedValue, type Released } from './released';

/**
 * @throws Error (internal) when the recipe's metadata is not the released metadata.
 */
export function protectRecipe(recipe: Recipe, metadata: Released<Metadata>): Released<Recipe> {
  const published = releasedValue(metadata, 'metadata.json');
  // The recipe embeds the metadata in its released form (excluded columns by name, type and format only).
  const embedded = withoutExcludedFigures(recipe.metadata);
  if (canonical(embedded) !== canonical(published)) {
    throw new Error('internal error: the recipe embeds metadata other than the released metadata.json');
  }
  const shipped = JSON.parse(JSON.stringify({ ...recipe, metadata: embedded })) as Recipe;
  // Where the real data lives inside the TRE (its folders can name a project, a cohort or a person)
  // stays inside: the shipped recipe names the source file only, looked for beside the recipe.
  const name = nodePath.basename(recipe.source.path);
  shipped.source = { ...shipped.source, path: name, pathFromRecipe: name };
  return mintReleased(shipped);
}

/** The metadata's JSON without the sign-off (a person's note on the metadata, not a figure). */
function canonical(m: Metadata): string {
  const { signOff: _signOff, ...rest } = m;
  return JSON.stringify(rest);
}
