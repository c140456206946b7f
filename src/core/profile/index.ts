/** Profiling: type inference, streaming statistics, identifier and disclosure checks, disclosure-safe metadata. */
export type {
  ProfileOptions, Profile, ColumnProfile, NumericProfile, FrequencyProfile, LengthProfile, ProfileAssociation,
} from './types';
export { profileDataset, resolveDisclosure, DEFAULT_EXACT_ROW_LIMIT, DEFAULT_ASSOCIATION_ROWS, DEFAULT_DISTINCT_LIMIT, DEFAULT_MAX_CATEGORIES } from './profileDataset';
export { profileFile } from './profileFile';
export { fingerprintOffThread } from './fingerprintOffThread';
export type { PendingFingerprint } from './fingerprintOffThread';
export { toMetadata, roundCount } from './toMetadata';
export { columnSpecsOf } from './columnSpecsOf';
export { renderProfileSummary } from './renderProfileSummary';
export {
  isValidNhsNumber, looksLikeNhsNumber, isUkPostcode, isUkPostcodeDistrict, isNiNumber, isEmail, isPhoneNumber, isUuid, shapeOf,
} from './patterns';
export type { IdentifierPattern } from './patterns';
export { inferColumn, matchIdentifierPatterns, shapesOf } from './inferColumn';
export { classifyText } from './classifyValue';
export { HyperLogLog, NumberReservoir, ReservoirSkipper, hashString } from './sketches';
