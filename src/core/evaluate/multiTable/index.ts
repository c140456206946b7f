export { keyValues, cardinalities, childCounts } from './keys';
export { referentialIntegrity } from './referentialIntegrity';
export { cardinalityShapeSimilarity } from './cardinalityShapeSimilarity';
export { cardinalityBoundaryAdherence } from './cardinalityBoundaryAdherence';
export { parentChildPairTrends, type ParentChildPairTrends, type ParentChildPairScore } from './parentChildPairTrends';
export { evaluateLinks, type TableLink, type LinkScores, type LinkedEvaluation } from './evaluateLinks';
export { evaluateDataset, DATASET_EVALUATION_FORMAT, type DatasetEvaluation } from './evaluateDataset';
export { disclosedTable, disclosureCeiling, datasetCeilings } from './disclosureCeiling';
