import * as vscode from 'vscode';
import type { LadderLevel } from '../protocol/messages';
import { LADDER_LEVELS } from '../protocol/messages';

/** The extension's settings (`syntheticTwin.*`), read in one place with their defaults. */
export interface TwinSettings {
  /** Level preselected in the Generate flow. */
  defaultLevel: LadderLevel;
  /** Disclosure threshold k: categories, cells and bins rarer than this are merged or suppressed. */
  rareCategoryThreshold: number;
  /** Spellings read as a missing value. */
  missingValueTokens: string[];
  /** Workspace-relative folder for metadata, twins and reports; '' writes beside the data. */
  outputFolder: string;
  /** Rows of each file evaluated at most (seeded sample beyond). */
  evaluationSampleSize: number;
  /** 'fixed': seed 1 unless asked (reproducible); 'ask': prompt for the seed; 'random': a fresh seed each run, recorded in the recipe. */
  seedBehaviour: 'fixed' | 'ask' | 'random';
  /** Data custodian named in release packs' EULA.md and data card; '' asks when a pack is made. */
  custodian: string;
  /** Contact for questions and suspected disclosure, named in release packs; '' asks when a pack is made. */
  contact: string;
  /** Database connections offered by "Profile Database Table…" (never a password). */
  databases: SavedDatabase[];
  /** Threads the editor's profile and generation run on; 1 by default, 0: every core (core/threads.ts). */
  threads: number;
}

/** A saved database connection: a DuckDB file or a PostgreSQL connection string without password, and optionally its table or query. */
export interface SavedDatabase {
  name: string;
  engine: 'duckdb' | 'postgresql';
  location: string;
  table?: string;
  query?: string;
}

export const DEFAULT_SETTINGS: TwinSettings = {
  defaultLevel: 'statistical',
  rareCategoryThreshold: 10,
  missingValueTokens: ['', 'NA', 'N/A', 'NULL', '.', '?'],
  outputFolder: 'synthetic',
  evaluationSampleSize: 50_000,
  seedBehaviour: 'fixed',
  custodian: '',
  contact: '',
  databases: [],
  threads: 1,
};

/** Reads `syntheticTwin.*`, falling back to the default for any value of the wrong shape. */
export function readSettings(scope?: vscode.Uri): TwinSettings {
  const c = vscode.workspace.getConfiguration('syntheticTwin', scope);
  const level = c.get<string>('defaultLevel');
  const k = c.get<number>('rareCategoryThreshold');
  const tokens = c.get<unknown>('missingValueTokens');
  const folder = c.get<string>('outputFolder');
  const n = c.get<number>('evaluationSampleSize');
  const seed = c.get<string>('seedBehaviour');
  const custodian = c.get<unknown>('custodian');
  const contact = c.get<unknown>('contact');
  const databases = c.get<unknown>('databases');
  const threads = c.get<number>('threads');
  return {
    defaultLevel: (LADDER_LEVELS as readonly string[]).includes(level ?? '') ? (level as LadderLevel) : DEFAULT_SETTINGS.defaultLevel,
    rareCategoryThreshold: Number.isInteger(k) && (k as number) >= 1 ? (k as number) : DEFAULT_SETTINGS.rareCategoryThreshold,
    missingValueTokens: Array.isArray(tokens) && tokens.every((t) => typeof t === 'string') ? (tokens as string[]) : DEFAULT_SETTINGS.missingValueTokens,
    outputFolder: typeof folder === 'string' ? folder.trim() : DEFAULT_SETTINGS.outputFolder,
    evaluationSampleSize: Number.isInteger(n) && (n as number) >= 100 ? (n as number) : DEFAULT_SETTINGS.evaluationSampleSize,
    seedBehaviour: seed === 'ask' || seed === 'random' || seed === 'fixed' ? seed : DEFAULT_SETTINGS.seedBehaviour,
    custodian: typeof custodian === 'string' ? custodian.trim() : DEFAULT_SETTINGS.custodian,
    contact: typeof contact === 'string' ? contact.trim() : DEFAULT_SETTINGS.contact,
    databases: Array.isArray(databases) ? databases.filter(isSavedDatabase).map((d) => ({ ...d, name: d.name.trim() || d.location })) : DEFAULT_SETTINGS.databases,
    threads: Number.isInteger(threads) && (threads as number) >= 0 ? (threads as number) : DEFAULT_SETTINGS.threads,
  };
}

/** A `syntheticTwin.databases` entry of the right shape; a PostgreSQL string holding a password is left out (it must not be saved). */
function isSavedDatabase(d: unknown): d is SavedDatabase {
  if (typeof d !== 'object' || d === null) return false;
  const x = d as Record<string, unknown>;
  if (x.engine !== 'duckdb' && x.engine !== 'postgresql') return false;
  if (typeof x.location !== 'string' || x.location.trim() === '') return false;
  if (x.engine === 'postgresql' && /^postgres(?:ql)?:\/\/[^:@/]*:[^@/]*@/i.test(x.location)) return false;
  if (x.name !== undefined && typeof x.name !== 'string') return false;
  if (x.table !== undefined && typeof x.table !== 'string') return false;
  if (x.query !== undefined && typeof x.query !== 'string') return false;
  if (x.name === undefined) x.name = '';
  return true;
}
