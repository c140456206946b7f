/** Review and sign-off: a person's decisions about metadata, and the rule that says when their sign-off holds. */
export { checkDecisions, decisionsOf, describeDecisions, DECISION_KINDS, emptyDecisions, isEmptyDecisions, normaliseDecisions, type DecisionKind, type ReviewDecisions } from './decisions';
export { applyDecisions, applyDecisionsToMetadata } from './applyDecisions';
export { canonicalJson, metadataDigest, packSignOff, signMetadata, signerProblem, signOffHolds, signOffHoldsFor, withSignOffIfHolds, type SignableMetadata, type Signer } from './signOff';
export { retypeColumn, typeChangeProblem } from './typeChange';
export { thresholdProblem } from './threshold';
export { MAX_ROWS, validateEpsilon, validateRows, validateSeed, validateThreshold } from './inputs';
export { redactValues } from './redact';
export { applyLinkDecisions, describeLinkDecisions, emptyLinkDecisions, parseLink, type LinkDecisions } from './linkDecisions';
export { updateDecisions, type ReviewChanges } from './updateDecisions';
export { readMetadataFile, reviewMetadata, type ReviewRequest, type ReviewResult } from './reviewMetadata';
export { describeSignOff, reviewedMetadataProblem } from './reviewedMetadata';
