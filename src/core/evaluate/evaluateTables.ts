import type { JobContext } from '../context';
import { inputError, throwIfAborted } from '../errors';
import { createRandom } from '../random';
import type { Table } from '../schema';
import { evaluateFidelity } from './fidelity/evaluateFidelity';
import type { EvaluateOptions } from './options';
import { DEFAULT_EVALUATE_SEED, DEFAULT_SAMPLE_SIZE } from './options';
import { evaluatePrivacy } from './privacy';
import type { EvaluationReport } from './report';
import { EVALUATION_FORMAT, NOT_FOR_RELEASE } from './report';
import { sampleRows } from './sample';
import { checkSameSchema } from './schemaCheck';
import { evaluateUtility } from './utility/evaluateUtility';
import { evaluateRecordLogic } from './recordLogic';
import { DEFAULT_DISCLOSURE } from '../metadata';
import { t } from '../l10n';
import { english } from '../l10n/stored';

/**
 * Evaluates a synthetic table against the real one (and an optional real holdout that was
 * not used to make the twin): fidelity (SDMetrics 0.29 column shapes and pair trends,
 * coverage, synthpop pMSE), utility (same model on both; TSTR vs TRTR) and privacy
 * (exact matches, DCR, NNDR, rare-category leakage, Anonymeter), as an
 * `EvaluationReport` (format `twin-evaluation/1`). Tables larger than
 * `options.sampleSize` (default 50,000 rows) are evaluated on a seeded uniform sample.
 * Columns are matched by name; every random choice derives from `options.seed`.
 * @throws inputError when the synthetic or holdout table does not have the real table's
 * columns, a column has another type, the synthetic table is empty, or `options.target`
 * is not a usable column
 */
export async function evaluateTables(
  real: Table, synthetic: Table, holdout: Table | null, options: EvaluateOptions = {}, ctx: JobContext = {},
): Promise<EvaluationReport> {
  const labels = { real: options.labels?.real ?? 'real', synthetic: options.labels?.synthetic ?? 'synthetic', holdout: options.labels?.holdout ?? 'holdout' };
  if (real.rowCount === 0) throw inputError(t('the real data has no rows'), { file: labels.real });
  checkSameSchema(real, synthetic, labels.synthetic, true);
  if (holdout) checkSameSchema(real, holdout, labels.holdout, true);
  const seed = options.seed ?? DEFAULT_EVALUATE_SEED;
  const sampleSize = options.sampleSize ?? DEFAULT_SAMPLE_SIZE;
  if (!(sampleSize >= 1)) throw inputError(t('sample size must be at least 1, not {0}', sampleSize));
  const rng = createRandom(seed);

  // One stream label for every table: tables of equal size get the same row positions, so a table
  // compared with itself stays identical after sampling (fidelity 1, every row an exact match).
  const r = sampleRows(real, sampleSize, rng.fork('sample'));
  const s = sampleRows(synthetic, sampleSize, rng.fork('sample'));
  const h = holdout ? sampleRows(holdout, sampleSize, rng.fork('sample')) : null;
  const sampledHere = r.sampled || s.sampled || (h?.sampled ?? false);
  const sourceRows = options.sourceRows ?? {};
  const sampledBefore =
    (sourceRows.real ?? real.rowCount) > real.rowCount ||
    (sourceRows.synthetic ?? synthetic.rowCount) > synthetic.rowCount ||
    (holdout !== null && (sourceRows.holdout ?? holdout.rowCount) > holdout.rowCount);
  const sampled = sampledHere || sampledBefore;
  const note = options.sampleNote ?? (sampled
    ? english('Tables with more than {0} rows were evaluated on a uniform random sample of {0} rows (without replacement), seed {1}.', sampleSize, seed)
    : english('All rows were used (no table has more than {0} rows).', sampleSize));

  throwIfAborted(ctx.signal);
  ctx.onProgress?.({ stage: t('fidelity'), fraction: 0 });
  const fid = evaluateFidelity(r.table, s.table, ctx, { threshold: options.threshold, histogramEdges: options.histogramEdges });
  throwIfAborted(ctx.signal);
  ctx.onProgress?.({ stage: t('utility') });
  const util = evaluateUtility(r.table, s.table, h?.table ?? null, { target: options.target, realFile: labels.real }, rng.fork('utility'), ctx);
  throwIfAborted(ctx.signal);
  ctx.onProgress?.({ stage: t('privacy') });
  const privacy = await evaluatePrivacy(r.table, s.table, h?.table ?? null, {
    seed,
    ...(options.threshold !== undefined ? { threshold: options.threshold } : {}),
    ...(options.confidence !== undefined ? { confidence: options.confidence } : {}),
  }, ctx);
  throwIfAborted(ctx.signal);
  // Every row of both tables: a rule broken by one twin row in a thousand is still broken.
  const recordLogic = evaluateRecordLogic(real, synthetic, options.rules ?? null, {
    ...DEFAULT_DISCLOSURE, ...(options.threshold !== undefined ? { threshold: options.threshold } : {}),
  });

  return {
    format: EVALUATION_FORMAT,
    release: NOT_FOR_RELEASE,
    inputs: {
      real: { file: labels.real, rows: sourceRows.real ?? real.rowCount },
      synthetic: { file: labels.synthetic, rows: sourceRows.synthetic ?? synthetic.rowCount },
      holdout: holdout ? { file: labels.holdout, rows: sourceRows.holdout ?? holdout.rowCount, ...(options.holdoutSplit ? { split: { ...options.holdoutSplit } } : {}) } : null,
    },
    sample: {
      real: r.table.rowCount,
      synthetic: s.table.rowCount,
      holdout: h ? h.table.rowCount : null,
      seed,
      sampled,
      sampleSize,
      note,
    },
    fidelity: fid.fidelity,
    utility: util.utility,
    privacy,
    columns: fid.columns,
    associations: fid.associations,
    recordLogic,
    notes: [...fid.notes, ...util.notes],
  };
}
