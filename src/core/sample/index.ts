export {
  writeHospitalAdmissionsSample, HOSPITAL_SAMPLE_COLUMNS, DEFAULT_SAMPLE_ROWS, DEFAULT_SAMPLE_SEED, MAX_SAMPLE_ROWS,
  type HospitalSampleOptions,
} from './hospitalAdmissions';
