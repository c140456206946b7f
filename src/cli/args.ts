import { parseArgs } from 'node:util';
import { t, usageError } from '../core';

/** Option table for one command, in the form node:util parseArgs takes. */
export type OptionSpec = Record<string, { type: 'string' | 'boolean'; short?: string; multiple?: boolean }>;

export interface ParsedArgs {
  positionals: string[];
  values: Record<string, string | boolean | string[] | undefined>;
}

/** Parses a command's arguments strictly: unknown options are usage errors (exit 2), never ignored. */
export function parseCommandArgs(command: string, argv: string[], options: OptionSpec): ParsedArgs {
  try {
    const { positionals, values } = parseArgs({ args: joinNegativeValues(argv, options), options: { ...options, help: { type: 'boolean', short: 'h' } }, allowPositionals: true, strict: true });
    return { positionals, values: values as ParsedArgs['values'] };
  } catch (e) {
    throw usageError(optionProblem(command, e instanceof Error ? e.message.split('\n')[0] : String(e)));
  }
}

/** node:util's parse error (English) as one line in the reader's language; an unforeseen one is passed on as it is. */
function optionProblem(command: string, message: string): string {
  const unknown = /^Unknown option '(.+?)'/.exec(message);
  if (unknown) return t("{0}: unknown option '{1}' (see twin {0} --help)", command, unknown[1]);
  const missing = /^Option '(.+?)' argument missing/.exec(message);
  if (missing) return t("{0}: option '{1}' needs a value (see twin {0} --help)", command, missing[1]);
  const extra = /^Option '(.+?)' does not take an argument/.exec(message);
  if (extra) return t("{0}: option '{1}' takes no value (see twin {0} --help)", command, extra[1]);
  return t('{0}: {1} (see twin {0} --help)', command, message);
}

/** Reads a string option, or undefined. */
export function stringOption(args: ParsedArgs, name: string): string | undefined {
  const v = args.values[name];
  return typeof v === 'string' ? v : undefined;
}

/** Reads an integer option, validating it; `min` is inclusive. */
export function integerOption(args: ParsedArgs, name: string, min: number): number | undefined {
  const raw = stringOption(args, name);
  if (raw === undefined) return undefined;
  if (!/^-?\d+$/.test(raw.trim())) throw usageError(t('--{0} must be a whole number, got {1}', name, JSON.stringify(raw)));
  const n = Number(raw);
  if (!Number.isSafeInteger(n) || n < min) throw usageError(t('--{0} must be a whole number ≥ {1}, got {2}', name, min, raw));
  return n;
}

/** Reads a positive real option (e.g. epsilon). */
export function positiveNumberOption(args: ParsedArgs, name: string): number | undefined {
  const raw = stringOption(args, name);
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(n) || n <= 0) throw usageError(t('--{0} must be a number greater than 0, got {1}', name, JSON.stringify(raw)));
  return n;
}

/** Comma-separated list option, e.g. --missing "NA,.,?". */
export function listOption(args: ParsedArgs, name: string): string[] | undefined {
  const raw = stringOption(args, name);
  return raw === undefined ? undefined : raw.split(',').map((s) => s.trim());
}

export function requirePositionals(command: string, args: ParsedArgs, names: string[], optional = 0): string[] {
  const { positionals } = args;
  if (positionals.length < names.length - optional || positionals.length > names.length) {
    const expected = names.map((n) => `<${n}>`).join(' ');
    throw usageError(positionals.length === 1
      ? t('{0} takes {1}; got 1 argument (see twin {0} --help)', command, expected)
      : t('{0} takes {1}; got {2} arguments (see twin {0} --help)', command, expected, positionals.length));
  }
  return positionals;
}

/**
 * parseArgs reads `--epsilon -1` as two options; join a string option with a following
 * negative number (`--epsilon=-1`) so the value reaches validation and gets a clear message.
 */
function joinNegativeValues(argv: string[], options: OptionSpec): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const next = argv[i + 1];
    const name = arg.startsWith('--') && !arg.includes('=') ? arg.slice(2) : undefined;
    if (name !== undefined && options[name]?.type === 'string' && next !== undefined && /^-\d/.test(next)) {
      out.push(`${arg}=${next}`);
      i++;
    } else {
      out.push(arg);
    }
  }
  return out;
}
