export {
  writeHospitalAdmissionsSample, HOSPITAL_SAMPLE_COLUMNS, DEFAULT_SAMPLE_ROWS, DEFAULT_SAMPLE_SEED, MAX_SAMPLE_ROWS,
  type HospitalSampleOptions,
} from './hospitalAdmissions';
export {
  writeLinkedSample, LINKED_SAMPLE_TABLES, DEFAULT_LINKED_PERSONS, DEFAULT_LINKED_SEED, MAX_LINKED_PERSONS,
  type LinkedSampleOptions, type LinkedSampleResult, type LinkedSampleTable,
} from './linkedSample';
