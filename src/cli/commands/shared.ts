import * as path from 'node:path';
import { findGenerator, isTwinError, type JobContext, type LinkDecisions, type TextEncodingName, usageError, writeFileAtomic, t } from '../../core';
import { integerOption, positiveNumberOption, stringOption, type ParsedArgs } from '../args';
import { createProgressReporter } from '../progress';
import type { CommandIO } from './index';

/** Options every command accepts. */
export const COMMON_OPTIONS = {
  quiet: { type: 'boolean', short: 'q' },
} as const;

/** Reader overrides for commands that read a data file (see `readOptions`). */
export const READ_OPTIONS = {
  missing: { type: 'string' },
  encoding: { type: 'string' },
  delimiter: { type: 'string' },
  'max-columns': { type: 'string' },
  'max-record-chars': { type: 'string' },
} as const;

/** Help lines for READ_OPTIONS' limits, appended to each reading command's help. */
export const readLimitsHelp = (): string => t(`  --max-columns N     refuse files with more columns than N (default 2000)
  --max-record-chars N  refuse records longer than N characters (default 67108864)
`);

/** Disclosure-control overrides for commands that make metadata (see `disclosureOptions`). */
export const DISCLOSURE_OPTIONS = {
  threshold: { type: 'string' },
  rounding: { type: 'string' },
  'date-resolution': { type: 'string' },
  'person-key': { type: 'string' },
} as const;

/** Help line for --person-key (profile, generate, release). */
export const personKeyHelp = (): string => t(`  --person-key COL    the column whose values identify persons (patient ID, MRN, NHS number):
                      every disclosure threshold then counts distinct persons (default: a
                      column named like patient/person/subject/MRN whose values repeat)
`);

/** A job context wired to the CLI: Ctrl-C cancels, progress goes to stderr. */
export function cliContext(io: CommandIO, quiet: boolean): { ctx: JobContext; done: () => void } {
  const reporter = createProgressReporter(io.stderr as NodeJS.WriteStream, quiet);
  return { ctx: { signal: io.signal, onProgress: reporter.report }, done: reporter.done };
}

/** Writes a JSON result to a file (atomically) or to stdout when no file is named. */
export async function emitJson(io: CommandIO, value: unknown, outPath: string | undefined): Promise<void> {
  await emitText(io, JSON.stringify(value, null, 2) + '\n', outPath);
}

/** Writes text to --out (atomically) or stdout. */
export async function emitText(io: CommandIO, text: string, outPath: string | undefined): Promise<void> {
  if (outPath === undefined) {
    io.stdout.write(text);
  } else {
    await writeFileAtomic(path.resolve(io.cwd, outPath), text);
  }
}

export function resolvePath(io: CommandIO, p: string): string {
  return path.resolve(io.cwd, p);
}

const ENCODINGS: TextEncodingName[] = ['utf-8', 'utf-16le', 'utf-16be', 'windows-1252', 'latin1'];

/** Reader overrides shared by every command that reads a data file. */
export function readOptions(args: Parameters<typeof stringOption>[0]): { encoding?: TextEncodingName; delimiter?: string; maxColumns?: number; maxRecordChars?: number } {
  const encoding = stringOption(args, 'encoding')?.toLowerCase();
  if (encoding !== undefined && !ENCODINGS.includes(encoding as TextEncodingName)) {
    throw usageError(t('--encoding must be one of {0}, got {1}', ENCODINGS.join(', '), JSON.stringify(encoding)));
  }
  let delimiter = stringOption(args, 'delimiter');
  if (delimiter === 'tab' || delimiter === '\\t') delimiter = '\t';
  if (delimiter !== undefined && delimiter.length !== 1) throw usageError(t("--delimiter must be one character or 'tab', got {0}", JSON.stringify(delimiter)));
  const limits: { maxColumns?: number; maxRecordChars?: number } = {};
  const maxColumns = integerOption(args, 'max-columns', 1);
  const maxRecordChars = integerOption(args, 'max-record-chars', 1);
  if (maxColumns !== undefined) limits.maxColumns = maxColumns;
  if (maxRecordChars !== undefined) limits.maxRecordChars = maxRecordChars;
  return { encoding: encoding as TextEncodingName | undefined, delimiter, ...limits };
}

/** Disclosure-control overrides shared by profile, generate and release. */
export function disclosureOptions(args: Parameters<typeof stringOption>[0]): { threshold?: number; rounding?: number; dateResolution?: 'month' | 'day' } {
  const threshold = integerOption(args, 'threshold', 1);
  const rounding = integerOption(args, 'rounding', 1);
  const res = stringOption(args, 'date-resolution');
  if (res !== undefined && res !== 'month' && res !== 'day') throw usageError(t('--date-resolution must be month or day, got {0}', JSON.stringify(res)));
  const out: { threshold?: number; rounding?: number; dateResolution?: 'month' | 'day' } = {};
  if (threshold !== undefined) out.threshold = threshold;
  if (rounding !== undefined) out.rounding = rounding;
  if (res !== undefined) out.dateResolution = res;
  return out;
}

/** Holding real persons out before fitting (generate, evaluate, release, ladder). */
export const HOLDOUT_OPTIONS = {
  'holdout-share': { type: 'string' },
  'holdout-seed': { type: 'string' },
} as const;

/** Help lines for HOLDOUT_OPTIONS; `share` names the default share in words. */
export function holdoutHelp(share: string): string {
  return t(`  --holdout-share S   hold out this share of persons (0 ≤ S < 1) before fitting, in memory ({0})
  --holdout-seed N    seed of the holdout split (default 1); all of a person's rows (by
                      --person-key, or the person key the profile finds) fall on one side
`, share);
}

/**
 * The holdout asked for on the command line: `defaultShare` when --holdout-share is absent
 * (undefined: none asked). A share of 0 holds out nothing.
 */
export function holdoutRequest(args: Parameters<typeof stringOption>[0], defaultShare: number | undefined): { share: number; seed?: number; personKey?: string } | undefined {
  const raw = stringOption(args, 'holdout-share');
  let share = defaultShare;
  if (raw !== undefined) {
    share = Number(raw);
    if (raw.trim() === '' || !Number.isFinite(share) || share < 0 || share >= 1) throw usageError(t('--holdout-share must be a number from 0 up to (not including) 1, got {0}', JSON.stringify(raw)));
  }
  const seed = integerOption(args, 'holdout-seed', 0);
  const personKey = stringOption(args, 'person-key');
  if (share === undefined) {
    if (seed !== undefined) throw usageError(t('--holdout-seed goes with --holdout-share'));
    return undefined;
  }
  return { share, ...(seed !== undefined ? { seed } : {}), ...(personKey !== undefined ? { personKey } : {}) };
}

/** Link review flags (twin profile <folder>, twin review <dataset metadata.json>): each repeatable or comma-separated. */
export const LINK_OPTIONS = {
  link: { type: 'string', multiple: true },
  'confirm-link': { type: 'string', multiple: true },
  'reject-link': { type: 'string', multiple: true },
} as const;

/** The link decisions the flags of {@link LINK_OPTIONS} name. */
export function linkDecisionsOfArgs(args: ParsedArgs): LinkDecisions {
  const many = (name: string): string[] => {
    const v = args.values[name];
    return (Array.isArray(v) ? v : typeof v === 'string' ? [v] : []).flatMap((x) => x.split(',')).map((x) => x.trim()).filter((x) => x.length > 0);
  };
  return { added: many('link'), confirmed: many('confirm-link'), rejected: many('reject-link') };
}

/**
 * `--method`, checked against the level's methods before any work starts: on the command line
 * an unknown method is a usage error (exit 2), with the message core's registry gives.
 */
export function methodOption(args: ParsedArgs, level: string): string | undefined {
  const method = stringOption(args, 'method');
  if (method === undefined) return undefined;
  try {
    findGenerator(level, method, positiveNumberOption(args, 'epsilon'));
  } catch (e) {
    if (isTwinError(e) && e.kind === 'input') throw usageError(e.reason);
    throw e;
  }
  return method;
}

/**
 * `Label:` padded to the widest of the summary labels, so the figures of `twin evaluate` and
 * `twin ladder` line up in either language (10 columns in English, as always).
 */
export function labelled(label: string, text: string): string {
  const width = Math.max(...[t('Fidelity:'), t('Utility:'), t('Privacy:'), t('Written:')].map((l) => l.length)) + 1;
  return `${label.padEnd(width)} ${text}`;
}
