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
  return {
    defaultLevel: (LADDER_LEVELS as readonly string[]).includes(level ?? '') ? (level as LadderLevel) : DEFAULT_SETTINGS.defaultLevel,
    rareCategoryThreshold: Number.isInteger(k) && (k as number) >= 1 ? (k as number) : DEFAULT_SETTINGS.rareCategoryThreshold,
    missingValueTokens: Array.isArray(tokens) && tokens.every((t) => typeof t === 'string') ? (tokens as string[]) : DEFAULT_SETTINGS.missingValueTokens,
    outputFolder: typeof folder === 'string' ? folder.trim() : DEFAULT_SETTINGS.outputFolder,
    evaluationSampleSize: Number.isInteger(n) && (n as number) >= 100 ? (n as number) : DEFAULT_SETTINGS.evaluationSampleSize,
    seedBehaviour: seed === 'ask' || seed === 'random' || seed === 'fixed' ? seed : DEFAULT_SETTINGS.seedBehaviour,
    custodian: typeof custodian === 'string' ? custodian.trim() : DEFAULT_SETTINGS.custodian,
    contact: typeof contact === 'string' ? contact.trim() : DEFAULT_SETTINGS.contact,
  };
}
