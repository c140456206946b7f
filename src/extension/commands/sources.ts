/**
 * What a twin was made from: its real data file and its metadata, read from its recipe and the
 * workspace (small JSON files only).
 */
import * as fs from 'node:fs';
import * as nodePath from 'node:path';
import { type Metadata, metadataFromJson } from '../../core';
import { metadataPathFor, recipePathForTwin } from '../paths';
import { readJson, readMetadata, readTwin, scanWorkspace } from '../workspaceIndex';
import type { CommandHost } from './host';

/** Whether a twin's recipe records persons held out before it was fitted. */
export function recordedHoldoutOf(synthetic: string): boolean {
  const recipe = readJson<{ holdout?: unknown; source?: { kind?: string } }>(recipePathForTwin(synthetic));
  return !!recipe?.holdout && recipe.source?.kind === 'data';
}

/** The real data of a twin: from its recipe (data source), or the data behind its metadata. */
function realOf(host: CommandHost, synthetic: string): string | undefined {
  const twin = readTwin(recipePathForTwin(synthetic));
  if (!twin) return undefined;
  if (!twin.sourcePath.endsWith('.json')) return fs.existsSync(twin.sourcePath) ? twin.sourcePath : undefined;
  const known = host.dataOf(twin.sourcePath);
  return known && fs.existsSync(known) ? known : undefined;
}

/** The data file a twin was made from (through its recipe and the workspace index). */
export async function dataOfTwin(host: CommandHost, twinPath: string | undefined): Promise<string | undefined> {
  if (!twinPath) return undefined;
  const direct = realOf(host, twinPath);
  if (direct) return direct;
  const datasets = await scanWorkspace(host.settings);
  return datasets.find((d) => d.twins.some((t) => nodePath.resolve(t.twinPath) === nodePath.resolve(twinPath)))?.path;
}

/** The metadata a twin was made from: its recipe's, else the reviewed metadata of the real file. */
function metadataOfTwin(host: CommandHost, synthetic: string, real: string): Metadata | undefined {
  const recipe = readJson<{ metadata?: unknown }>(recipePathForTwin(synthetic));
  return (recipe?.metadata ? metadataFromJson(recipe.metadata) as Metadata : undefined) ?? readMetadata(metadataPathFor(real, host.settings)) ?? undefined;
}

/** The columns of a twin (without those the review left out), for the target picker. */
export function columnsOfTwin(host: CommandHost, synthetic: string, real: string): { name: string; type: string }[] {
  return (metadataOfTwin(host, synthetic, real)?.columns ?? []).filter((c) => !c.excluded).map((c) => ({ name: c.name, type: c.type }));
}

/** Columns the review left out of the twin: evaluated without them. */
export function excludedColumnsOfTwin(host: CommandHost, synthetic: string, real: string): string[] {
  return (metadataOfTwin(host, synthetic, real)?.columns ?? []).filter((c) => c.excluded).map((c) => c.name);
}
