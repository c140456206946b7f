/** Holding out real persons before a twin is fitted, in memory, so privacy is measured against a real baseline. */
export { DEFAULT_HOLDOUT_SHARE, DEFAULT_HOLDOUT_SEED, checkHoldoutShare, describeHoldout, isHeldOut, splitSource, type HoldoutSplit, type SplitSources } from './split';
export { holdoutSplitOf, resolveHoldoutSplit, type HoldoutRequest } from './resolve';
export { heldOutRows, personColumnsOf, personKeyText, splitDatasetTables } from './dataset';
