// The core's public API: the one module the CLI, the worker and the extension import (the webview
// imports ./browser, the part that runs without Node). Anything an adapter needs is exported here;
// a deep import from outside src/core fails `npm run lint` and test/unit/architecture/fences.test.ts.
export * from './browser';

// Errors and the job context every long operation takes.
export { TwinError, inputError, usageError, cancelledError, isTwinError, type TwinErrorKind, type TwinErrorWhere } from './errors';
export type { JobContext, Progress } from './context';
export { TOOL_VERSION } from './version';

// Every file a command writes.
export * from './paths';

// Reading and writing files safely.
export { assertNotSource, assertWritesNoInput, writeFileAtomic, type ReadOptions } from './io';
export type { TextEncodingName } from './schema';

// Profile, review and metadata files.
export { profileFile, toMetadata, renderProfileSummary } from './profile';
export type { Profile } from './profile';
export * from './sql';
export { DEFAULT_DISCLOSURE } from './metadata';
export { metadataFromJson, metadataToJson } from './metadataJson';
export {
  applyDecisions, applyDecisionsToMetadata, DECISION_KINDS, decisionsOf, emptyDecisions, normaliseDecisions, readMetadataFile, signMetadata, signOffHolds, withSignOffIfHolds, redactValues, reviewMetadata,
  validateEpsilon, validateRows, validateSeed, type LinkDecisions, type ReviewChanges, type ReviewDecisions, type Signer,
} from './review';
export { reviewDatasetMetadata } from './review/reviewDataset';
export { DEFAULT_HOLDOUT_SEED, DEFAULT_HOLDOUT_SHARE } from './holdout';

// Linked datasets: a folder of tables and its relationships.
export { isDatasetPath, datasetFilesOf } from './dataset/tables';
export { profileLinkedDataset, type LinkedProfileOptions } from './dataset/profileLinked';
export { datasetMetadataToJson } from './dataset/metadataV2';
export { renderRelationships } from './dataset/renderRelationships';
export type { DatasetMetadata } from './dataset/types';
export { linkDecisionsOf } from './review/linkDecisions';
export { relationshipDiagramSvg } from './release/relationshipDiagram';
export type { DatasetEvaluation } from './evaluate/multiTable';

// Generation, evaluation, the ladder, the release pack and its audit.
export { findGenerator, generateTwin, reproduceRecipe } from './synth';
export { checkDataFolder, DATASET_RECIPE_FORMAT, datasetRecipeHoldout, generateDataset, readDatasetMetadata } from './synth/linked';
export { evaluateFiles, evaluateDataset, headlineLines, bandWord } from './evaluate';
export { runLadder, type LadderResult } from './ladder';
export { renderEvaluationHtml, renderWebviewHtml, loadWebviewAssets } from './report';
export { createReleasePack, createDatasetReleasePack, checkRealDataFile, checkRealDataset, formatFinding } from './release';
export { auditPack, formatAuditFinding, listPackFiles, writeAcroResults } from './audit';
export { protectAudit } from './disclosure/protectAudit';
export { writeHospitalAdmissionsSample, writeLinkedSample } from './sample';
export { threadsFor } from './threads';
