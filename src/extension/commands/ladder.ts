/**
 * The fidelity ladder: the core's runLadder in the worker — one holdout of persons, every level
 * generated from the rest and evaluated against it. The rungs name their dataset, so the view
 * never shows them for another.
 */
import * as nodePath from 'node:path';
import { LADDER_LEVELS, type LadderLevel, type LadderRung } from '../../protocol/messages';
import { JobError } from '../jobs';
import { evaluationPathsFor, recipePathForTwin, twinPathFor } from '../paths';
import { runJob, type RunControl } from '../progress';
import { reasonOf, requireTrust, type CommandHost } from './host';
import { t } from '../../core';

export async function runLadder(host: CommandHost, path: string, options: { rows?: number; seed?: number } & RunControl, onRung: (rungs: LadderRung[]) => void): Promise<LadderRung[]> {
  if (!(await requireTrust(t('The fidelity ladder')))) throw new JobError('input', 'the workspace is not trusted');
  const { settings, services: s } = host;
  const dataset = nodePath.resolve(path);
  const rungs: LadderRung[] = LADDER_LEVELS.map((level) => ({ level, dataset, status: 'pending', report: null }));
  onRung(rungs.map((r) => ({ ...r })));
  // One job makes every rung (they share one holdout): all run together.
  for (const rung of rungs) rung.status = 'running';
  onRung(rungs.map((r) => ({ ...r })));
  const outPaths = Object.fromEntries(LADDER_LEVELS.map((level) => [level, twinPathFor(path, level, settings)])) as Record<LadderLevel, string>;
  const outputs = LADDER_LEVELS.flatMap((level) => {
    const twin = outPaths[level];
    const e = evaluationPathsFor(twin);
    return [twin, recipePathForTwin(twin), e.json, e.html];
  });
  try {
    const result = await runJob(s, t('Fidelity ladder of {0}', nodePath.basename(path)), 'ladder', {
      data: path, outPaths, rows: options.rows, seed: options.seed, missingTokens: settings.missingValueTokens,
      threshold: settings.rareCategoryThreshold, sampleSize: settings.evaluationSampleSize, webviewDir: host.webviewDir,
    }, outputs, options);
    if (!result) throw new JobError('cancelled', 'cancelled');
    for (const rung of rungs) {
      const done = result.rungs.find((r) => r.level === rung.level);
      if (done) Object.assign(rung, { status: 'done', report: done.report, madeFrom: done.madeFrom });
    }
    s.refresh();
  } catch (err) {
    const cancelled = err instanceof JobError && err.kind === 'cancelled';
    for (const rung of rungs) {
      rung.status = 'failed';
      rung.error = cancelled ? t('Cancelled') : t('{0} failed: {1}', t('Fidelity ladder'), reasonOf(err));
    }
    s.log.error(rungs[0].error!);
  }
  onRung(rungs.map((r) => ({ ...r })));
  return rungs;
}
