/**
 * The recipe as shipped in a release pack. Its only figures about the real data are in the
 * metadata it embeds; the pack ships it only when that metadata is the released metadata.json
 * (sign-off aside), so the recipe cannot carry a figure metadata.json does not.
 */
import type { Metadata } from '../metadata';
import type { Recipe } from '../synth/recipe';
import { mintReleased, releasedValue, type Released } from './released';

/**
 * @throws Error (internal) when the recipe's metadata is not the released metadata.
 */
export function protectRecipe(recipe: Recipe, metadata: Released<Metadata>): Released<Recipe> {
  const published = releasedValue(metadata, 'metadata.json');
  if (canonical(recipe.metadata) !== canonical(published)) {
    throw new Error('internal error: the recipe embeds metadata other than the released metadata.json');
  }
  return mintReleased(JSON.parse(JSON.stringify(recipe)) as Recipe);
}

/** The metadata's JSON without the sign-off (a person's note on the metadata, not a figure). */
function canonical(m: Metadata): string {
  const { signOff: _signOff, ...rest } = m;
  return JSON.stringify(rest);
}
