/**
 * The questions the commands ask (level, rows, seed, ε, target), each a small function over the
 * Prompts seam; the checks of typed input are core/review's (tested in plain Node).
 */
import { LADDER_LEVELS, type LadderLevel } from '../../protocol/messages';
import { t, validateEpsilon, validateRows, validateSeed } from '../../core';
import { levelWord } from '../tree';
import type { Prompts } from '../prompts';

/**
 * Longest quick-pick line, in characters (label with description, or detail), that the
 * picker shows without cutting it off at its default width.
 */
export const QUICK_PICK_LINE_MAX = 72;

/** One line per level for the level picker (DESIGN.md's fidelity levels), within QUICK_PICK_LINE_MAX. */
export const LEVEL_EXPLANATIONS: Record<LadderLevel, string> = {
  // Getters: each is read in the language chosen at activation, not at import.
  get structural() { return t('Schema and formats only, from the metadata: for code and teaching'); },
  get statistical() { return t('Each column’s distribution, from the metadata: for exploratory code'); },
  get correlated() { return t('Relationships between columns (a fitted model): evaluate privacy'); },
};

export async function pickLevel(prompts: Prompts, defaultLevel: LadderLevel): Promise<LadderLevel | undefined> {
  const items = LADDER_LEVELS.map((level) => ({
    label: levelWord(level), description: level === defaultLevel ? t('(default)') : undefined, detail: LEVEL_EXPLANATIONS[level], level,
  }));
  items.sort((a, b) => (a.level === defaultLevel ? -1 : b.level === defaultLevel ? 1 : 0));
  const picked = await prompts.quickPick(items, { title: t('Fidelity level'), placeHolder: t('How much of the real data’s behaviour should the twin keep?') });
  return picked?.level;
}

/** Rows: empty keeps the source's count; undefined → default, null → cancelled. */
export async function askRows(prompts: Prompts, sourceRows: number | undefined): Promise<number | undefined | null> {
  const text = await prompts.inputBox({
    title: t('Rows to generate'),
    prompt: sourceRows ? t('Leave empty for as many as the real data ({0}).', sourceRows.toLocaleString('en-GB')) : t('Leave empty for as many as the real data.'),
    placeHolder: sourceRows ? String(sourceRows) : t('same as the real data'),
    validateInput: validateRows,
  });
  if (text === undefined) return null;
  const typed = text.trim().replace(/[,_ ]/g, '');
  return typed === '' ? undefined : Number(typed);
}

export async function askSeed(prompts: Prompts): Promise<number | null> {
  const text = await prompts.inputBox({ title: t('Seed'), prompt: t('The same seed and settings give the same twin, byte for byte.'), value: '1', validateInput: validateSeed });
  return text === undefined ? null : Number(text.trim());
}

/** ε: undefined for none, null when cancelled. */
export async function askEpsilon(prompts: Prompts): Promise<number | undefined | null> {
  const none = { label: t('No differential privacy'), detail: t('Disclosure control only (thresholds, merging, coding)') };
  const some = { label: t('Add differential privacy (ε)…'), detail: t('A formal privacy budget: smaller ε is more private, less faithful') };
  const picked = await prompts.quickPick([none, some], { title: t('Differential privacy') });
  if (!picked) return null;
  if (picked === none) return undefined;
  const text = await prompts.inputBox({ title: t('Privacy budget ε'), value: '1', validateInput: validateEpsilon });
  return text === undefined ? null : Number(text.trim());
}

/** Target column for the utility models: a name, null for automatic, undefined when cancelled. */
export async function pickTarget(prompts: Prompts, columns: { name: string; type: string }[]): Promise<string | null | undefined> {
  const auto = { label: `$(sparkle) ${t('Automatic')}`, description: t('a suitable outcome column'), name: null as string | null };
  const picked = await prompts.quickPick([auto, ...columns.map((c) => ({ label: c.name, description: c.type, name: c.name as string | null }))], {
    title: t('Target column for the utility models'), placeHolder: t('Which outcome would an analyst predict?'),
  });
  return picked === undefined ? undefined : picked.name;
}

