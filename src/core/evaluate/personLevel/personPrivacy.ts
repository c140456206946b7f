import type { JobContext } from '../../context';
import type { DatasetMetadata } from '../../dataset/types';
import type { Table } from '../../schema';
import { evaluatePrivacy } from '../privacy';
import type { PrivacyReport } from '../report';
import { personRecordColumns, personRecordPlan, personRecords, type PersonRecordPlan } from './personRecords';
import { t } from '../../l10n';

/**
 * Privacy of a linked twin with the person as the unit: the single-table privacy metrics
 * (exact matches, DCR and NNDR, rare categories, Anonymeter's singling-out, linkability and
 * inference) run unchanged on person records — one row per person, their attributes and their
 * event aggregates (`personRecords.ts`) — of the training persons, the twin's persons and, when
 * persons were held out, the held-out ones as the baseline.
 */
export interface PersonLevelPrivacy {
  /** The person table, and what each record holds (column names, no value). */
  personTable: string;
  columns: string[];
  /** How each record's aggregates were made, in words. */
  note: string;
  /** Persons compared on each side. Real: the persons the twin was fitted on. */
  persons: { real: number; synthetic: number; holdout: number | null };
  privacy: PrivacyReport;
}

/** Seed of the person-level privacy metrics when none is given. */
export const DEFAULT_PERSON_PRIVACY_SEED = 1;

/**
 * The person-level privacy of a twin; null when the dataset has no person table. `real` holds
 * the tables the twin was fitted on (the training persons), `holdout` those of the persons held
 * out (null: none, and the attack figures are upper bounds).
 */
export async function evaluatePersonPrivacy(
  d: DatasetMetadata,
  real: ReadonlyMap<string, Table>,
  twin: ReadonlyMap<string, Table>,
  holdout: ReadonlyMap<string, Table> | null,
  options: { seed?: number } = {},
  ctx: JobContext = {},
): Promise<PersonLevelPrivacy | null> {
  const plan = personRecordPlan(d);
  if (plan === null) return null;
  const realRecords = personRecords(plan, real);
  const twinRecords = personRecords(plan, twin);
  const holdoutRecords = holdout ? personRecords(plan, holdout) : null;
  ctx.onProgress?.({ stage: t('person-level privacy') });
  const privacy = await evaluatePrivacy(realRecords, twinRecords, holdoutRecords && holdoutRecords.rowCount > 0 ? holdoutRecords : null, {
    seed: options.seed ?? DEFAULT_PERSON_PRIVACY_SEED, threshold: d.disclosure.threshold,
    // A person's most frequent code is rare as a top code although the code itself is common: each
    // table's own report checks its codes' rare categories.
    notRareChecked: personRecordColumns(plan).filter((name) => !plan.attributes.includes(name)),
  }, { signal: ctx.signal });
  return {
    personTable: plan.personTable,
    columns: personRecordColumns(plan),
    note: planNote(plan),
    persons: { real: realRecords.rowCount, synthetic: twinRecords.rowCount, holdout: holdoutRecords ? holdoutRecords.rowCount : null },
    privacy,
  };
}

function planNote(plan: PersonRecordPlan): string {
  const when = plan.birthColumn !== undefined ? `days from ${plan.birthColumn} to their first and last event` : 'the dates of their first and last event';
  return `One record per person of ${plan.personTable}: its columns (keys, identifiers and free text left out: the twin fakes them), and for each event table the person's number of rows, ${when} and their most frequent code. That is what an attacker plausibly knows of a person (how often and when they were seen, their main diagnosis or drug) without seeing the data.`;
}
