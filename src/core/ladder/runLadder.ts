import * as fs from 'node:fs';
import * as nodePath from 'node:path';
import type { JobContext } from '../context';
import { inputError, throwIfAborted } from '../errors';
import { evaluateFiles, headlineOf, type EvaluationReport, type Headline } from '../evaluate';
import { resolveHoldoutSplit, type HoldoutRequest, type HoldoutSplit } from '../holdout';
import { openDataset, writeFileAtomic, type ReadOptions } from '../io';
import { defaultOutputRoot, evaluationPathsFor, levelFolder, twinPathIn } from '../paths';
import type { DisclosureSettings } from '../metadata';
import { renderEvaluationHtml, type WebviewAssets } from '../report';
import { FIDELITY_LEVELS, findGenerator, generateTwin, type FidelityLevel } from '../synth';
import { t } from '../l10n';

/** What the fidelity ladder asks for. */
export interface LadderRequest {
  /** The real data file. */
  data: string;
  /** Folder of the rungs: each level's twin, recipe and evaluation.json go in `<dir>/<dataset>-<level>/`. Default `synthetic/` beside the data. */
  dir?: string;
  /** Explicit twin path per level (overrides `dir` for that level); the evaluation goes beside it. */
  outPaths?: Partial<Record<FidelityLevel, string>>;
  rows?: number;
  /** Generator seed of every rung (default 1). */
  seed?: number;
  /** The persons held out of every rung (default 20% of persons). Share 0 is refused: a ladder without a baseline would teach the wrong lesson. */
  holdout?: HoldoutRequest;
  target?: string;
  sampleSize?: number;
  missingTokens?: string[];
  disclosure?: Partial<DisclosureSettings>;
  read?: ReadOptions;
  /** When given, each rung's evaluation.html is written too. */
  webviewAssets?: WebviewAssets;
}

/** One level of the ladder: its twin, where it came from, and its evaluation against the shared holdout. */
export interface LadderRungResult {
  level: FidelityLevel;
  method: string;
  /** 'metadata': made from the disclosure-controlled metadata alone (no real record read by the generator); 'real data': fitted on the training records. */
  madeFrom: 'metadata' | 'real data';
  twin: string;
  recipe: string;
  evaluationJson: string;
  evaluationHtml: string | null;
  evaluation: EvaluationReport;
  headline: Headline;
}

export interface LadderResult {
  /** The dataset the rungs are about (file name and absolute path): a ladder is never shown for another. */
  dataset: { name: string; path: string };
  /** The one split every rung was fitted without and evaluated against. */
  holdout: HoldoutSplit;
  rungs: LadderRungResult[];
}

/**
 * The fidelity ladder: holds out one share of persons (once, in memory), then for each level
 * generates a twin from the training records — structural and statistical from their
 * disclosure-controlled metadata alone, correlated from the records themselves — and evaluates
 * it against the training records with the SAME held-out records as baseline, so the three
 * rungs' figures can be read side by side. `onRung` sees each rung as it finishes.
 * @throws inputError for a missing data file or a holdout share of 0; and every generate/evaluate error
 */
export async function runLadder(request: LadderRequest, ctx: JobContext = {}, onRung?: (rung: LadderRungResult) => void): Promise<LadderResult> {
  const data = nodePath.resolve(request.data);
  if (!fs.existsSync(data)) throw inputError(t('file not found'), { file: request.data });
  if (request.holdout?.share === 0) throw inputError(t('the ladder needs held-out records to measure privacy against; give a holdout share above 0'));
  for (const level of FIDELITY_LEVELS) findGenerator(level);
  const root = nodePath.resolve(request.dir ?? defaultOutputRoot(data));

  ctx.onProgress?.({ stage: t('holding out persons') });
  const source = await openDataset(data, request.read);
  const split = await resolveHoldoutSplit(source, { ...request.holdout, missingTokens: request.missingTokens, disclosure: request.disclosure }, ctx);
  if (!split) throw inputError(t('the ladder needs held-out records to measure privacy against'));
  // Resolved once: every rung gets exactly this split (a null person key means rows, not "find one again").
  const holdout: HoldoutRequest = { share: split.share, seed: split.seed, personKey: split.personKey ?? null };

  const rungs: LadderRungResult[] = [];
  for (const level of FIDELITY_LEVELS) {
    throwIfAborted(ctx.signal);
    const out = request.outPaths?.[level] ?? twinPathIn(levelFolder(root, data, level), data);
    const stage = (what: string) => ctx.onProgress?.({ stage: `${level}: ${what}` });
    const forward: JobContext = { signal: ctx.signal, onProgress: (p) => ctx.onProgress?.({ ...p, stage: `${level}: ${p.stage}` }) };
    stage(t('generating'));
    const generated = await generateTwin({
      input: data, level, rows: request.rows, seed: request.seed, out, holdout,
      missingTokens: request.missingTokens, disclosure: request.disclosure, read: request.read,
    }, forward);
    stage(t('evaluating'));
    const evaluation = await evaluateFiles(data, generated.outPath, {
      holdoutSplit: split, recipeHoldout: false, target: request.target, sampleSize: request.sampleSize,
      missingTokens: generated.recipe.missingTokens ?? undefined,
    }, forward);
    const madeFrom = findGenerator(level, generated.recipe.method).needsRealRows(undefined) ? 'real data' : 'metadata';
    if (madeFrom === 'metadata') {
      evaluation.notes.push('This twin was made from the disclosure-controlled metadata alone (one-way summaries, no real record read by the generator): its privacy figures measure agreement by chance with what the metadata publishes.');
    }
    const evaluationPaths = evaluationPathsFor(generated.outPath);
    const evaluationJson = evaluationPaths.json;
    await writeFileAtomic(evaluationJson, JSON.stringify(evaluation, null, 2) + '\n');
    let evaluationHtml: string | null = null;
    if (request.webviewAssets) {
      evaluationHtml = evaluationPaths.html;
      await writeFileAtomic(evaluationHtml, renderEvaluationHtml(evaluation, request.webviewAssets));
    }
    const rung: LadderRungResult = {
      level, method: generated.recipe.method, madeFrom, twin: generated.outPath, recipe: generated.recipePath,
      evaluationJson, evaluationHtml, evaluation, headline: headlineOf(evaluation),
    };
    rungs.push(rung);
    onRung?.(rung);
  }
  return { dataset: { name: nodePath.basename(data), path: data }, holdout: split, rungs };
}
