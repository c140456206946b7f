/** Generators, one module per method, behind one interface (generator.ts); the twin and its recipe. */
export * from './generator';
export { GENERATORS, findGenerator, methodsFor, isFidelityLevel } from './registry';
export { generateTwin, reproduceRecipe, type GenerateRequest, type GenerateResult, type ReproduceResult, type ReproduceContext } from './generateTwin';
export { RECIPE_FORMAT, DEFAULT_SEED, readRecipe, checkRecipe, checkMetadata, recipeHoldoutFor, type Recipe } from './recipe';
export { twinColumnsOf, twinSpecsOf, specOfColumn } from './columns';
