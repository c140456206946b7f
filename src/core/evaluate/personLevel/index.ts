/** Privacy of a linked twin with the person as the unit: person records, and the privacy metrics on them. */
export { evaluatePersonPrivacy, DEFAULT_PERSON_PRIVACY_SEED, type PersonLevelPrivacy } from './personPrivacy';
export { personRecordPlan, personRecords, personRecordColumns, type PersonRecordPlan, type PersonEventAggregates } from './personRecords';
