export { planLinked, type LinkSpec, type LinkedPlan, type TablePlan } from './plan';
export { generateLinked, type LinkedDatasetSource, type LinkedTableSource, type LinkedGenerateOptions, type LinkedGenerateResult, type LinkedTableResult } from './generateLinked';
export { readTables, type ReadTable } from './readTables';
export { findDateRules, keepDateRules, type DateRule } from './dateLogic';
export { fitChildCounts, distributionOf, drawChildCount, type ChildCountModel, type ChildCountDistribution } from './childCounts';
export { readFitRows, defaultFitPersons, FIT_ROWS_PER_TABLE, type FitRows, type FitSample } from './fitRows';
export { generateDataset, linksOf, DATASET_RECIPE_FORMAT, type GenerateDatasetRequest, type GenerateDatasetResult } from './generateDataset';
export { readDatasetMetadata, checkDataFolder } from './datasetInput';
export { datasetRecipeHoldout } from './recipeHoldout';
