// The part of the core's public API that runs in a browser (the webview): types and pure
// functions with no Node built-ins. src/core/index.ts re-exports all of it for Node targets.
export type {
  AttackRisk, ColumnDetail, ColumnShapeScore, CoverageReport, DistanceHistogram, DistanceSummary,
  EvaluationReport, PrivacyReport, StatisticsReport, UtilityReport,
} from './evaluate/report';
export { headlineOf, type Headline } from './evaluate/headline';
export type { Metadata, MetadataColumn, StringMetadataColumn, SignOff } from './metadata';
export { ruleKey } from './recordRules';
export { COLUMN_TYPES, type ColumnType } from './schema';
export { linkText, refText, type ColumnRef, type DatasetMetadata, type ForeignKey, type LinkStatus } from './dataset/types';
export { t, setLanguage, currentLanguage, languageOfLocale, languageOfEnvironment, LANGUAGES, type Language } from './l10n';
export { shown } from './l10n/stored';
