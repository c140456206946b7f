import * as fs from 'node:fs';
import * as path from 'node:path';

const pad = (n: number, w = 4): string => String(n).padStart(w, '0');

/** 60 patients with birth dates; 3–5 admissions each, dated after birth; two diagnoses per admission. */
export function writeHospital(dir: string): void {
  const patients = ['patient_id,birth_date,sex'];
  const admissions = ['admission_id,patient_id,admitted,ward'];
  const diagnoses = ['diagnosis_id,admission_id,patient_id,icd10'];
  let a = 0;
  for (let p = 0; p < 60; p++) {
    patients.push(`P${pad(p)},19${40 + (p % 50)}-0${1 + (p % 9)}-15,${p % 2 ? 'F' : 'M'}`);
    for (let j = 0; j < 3 + (p % 3); j++, a++) {
      admissions.push(`A${pad(a)},P${pad(p)},20${10 + j}-0${1 + (a % 9)}-1${a % 10},W${a % 4}`);
      for (let d = 0; d < 2; d++) diagnoses.push(`D${pad(a * 2 + d, 5)},A${pad(a)},P${pad(p)},J${pad(a % 30, 2)}`);
    }
  }
  fs.writeFileSync(path.join(dir, 'patients.csv'), `${patients.join('\n')}\n`);
  fs.writeFileSync(path.join(dir, 'admissions.csv'), `${admissions.join('\n')}\n`);
  fs.writeFileSync(path.join(dir, 'diagnoses.tsv'), `${diagnoses.join('\n').replace(/,/g, '\t')}\n`);
}

