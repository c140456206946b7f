import type { AuditReport } from '../audit';
import { releasedValue, type Released } from '../disclosure/released';
import { attackWord, bandWord, headlineOf, readingFor, type EvaluationReport, type Reading } from '../evaluate';
import { currentLanguage, t } from '../l10n';
import { shown } from '../l10n/stored';
import { describeHoldout } from '../holdout';
import { DEFAULT_MISSING_TOKENS, formatValue } from '../format';
import type { Metadata, MetadataColumn } from '../metadata';
import type { Dialect } from '../schema';
import { findGenerator, twinColumnsOf, type Recipe } from '../synth';
import { TOOL_NAME, TOOL_VERSION } from '../version';
import { buildChecklist, percent, type CheckItem } from './checklist';
import { ldmlToStrptime } from './dateFormats';

/**
 * Everything the templates are filled from. Values are raw: each renderer escapes for its language.
 * Every figure comes from a value of the disclosure-control layer: the documents and starter code
 * can show only what passed it.
 */
export interface ReleaseViewInput {
  metadata: Released<Metadata>;
  recipe: Released<Recipe>;
  evaluation: Released<EvaluationReport>;
  /** File names inside the pack. */
  files: { twin: string; recipe: string; source: string; evaluationJson: boolean; evaluationHtml: boolean };
  custodian?: string;
  contact?: string;
  /** Release version; default `<date>-<first 12 hex digits of the twin's SHA-256>`. */
  version?: string;
  /** The release date (UTC day). */
  now: Date;
  /** `twin audit` of the pack (as released by the layer), shown in the checklist's disclosure items. */
  audit?: Released<AuditReport>;
}

/** What each level keeps, what it is built from and what it is for, in the current language. */
export function levelInfo(level: string): { preserves: string; builtFrom: string; uses: string[]; notFor: string[]; limitations: string[] } {
  const levels: Record<string, { preserves: string; builtFrom: string; uses: string[]; notFor: string[]; limitations: string[] }> = {
    structural: {
      preserves: t('the schema only: column names, types, formats and valid value domains. The values are drawn without regard to how often they occur in the real data, so no distribution, rate or relationship in it is real'),
      builtFrom: t('the disclosure-safe metadata alone; no real record was read to generate it'),
      uses: [t('writing and testing code that reads, cleans and reshapes the data'), t('teaching and training'), t('checking that a pipeline runs end to end before access to the real data')],
      notFor: [t('any count, mean, rate or distribution: none of them is that of the real data'), t('relationships between columns, models or subgroup comparisons')],
      limitations: [t('Every column is independent of every other, and values are spread over their valid domain rather than following the real distribution.')],
    },
    statistical: {
      preserves: t("each column's distribution and missing-value rate, one column at a time. Relationships between columns are not kept"),
      builtFrom: t('the disclosure-safe one-way summaries in the metadata; no real record was read to generate it'),
      uses: [t('writing and testing analysis code, including summaries and plots of single columns'), t('exploratory work whose outputs should look plausible'), t('teaching and training')],
      notFor: [t('relationships between columns: correlations, cross-tabulations, regression coefficients and subgroup comparisons are not those of the real data')],
      limitations: [t('Columns are generated independently: any association between two columns in the twin arises by chance.'), t('Impossible combinations (for example a discharge before an admission) can occur because columns do not know about each other.')],
    },
    correlated: {
      preserves: t('each column\'s distribution and the relationships between columns (correlations, contingencies and conditional structure) as captured by a fitted model'),
      builtFrom: t('a model fitted to the real records, whose summaries are held to the same disclosure rules as the metadata'),
      uses: [t('developing and testing statistical methods and pipelines'), t('trying out models before running them on the real data'), t('teaching with realistic relationships')],
      notFor: [t('final results for publication: estimates from the twin carry the model\'s error as well as sampling error'), t('small subgroups: rare categories were merged or suppressed before fitting')],
      limitations: [t('Relationships the model does not represent (higher-order interactions, rare combinations) are weakened or missing.'), t('Because the model saw real records, the privacy evaluation must be reviewed before release.')],
    },
  };
  return levels[level] ?? levels.structural;
}

/** A column's treatment in the twin (the recipe's token: modelled, faked, excluded) in the current language. */
export function treatmentWord(action: 'modelled' | 'faked' | 'excluded'): string {
  return action === 'faked' ? t('faked') : action === 'excluded' ? t('excluded') : t('modelled');
}

/** Uses no twin is for, whatever its level. */
export function commonNotFor(): string[] {
  return [
    t('conclusions about the real population or any real person without validating them on the real data'),
    t('attempts to identify, re-identify or contact anyone, or to link the twin with other data about people'),
    t('clinical, operational or policy decisions about individuals'),
  ];
}

/**
 * The template view: every field a built-in or overriding template may use. Sentences the core
 * stored in English (control details, readings, notes, method summaries) are shown in the pack's
 * language (l10n/stored); the files they come from stay English.
 */
export function buildReleaseView(input: ReleaseViewInput): Record<string, unknown> {
  const { files } = input;
  const metadata = releasedValue(input.metadata, 'metadata.json');
  const recipe = releasedValue(input.recipe, 'the recipe');
  const evaluation = releasedValue(input.evaluation, 'the evaluation');
  const date = input.now.toISOString().slice(0, 10);
  const level = recipe.level;
  const info = levelInfo(level);
  const decisions = new Map(recipe.columns.map((c) => [c.name, c]));
  const version = input.version ?? `${date}-${recipe.output.fingerprint.sha256.slice(0, 12)}`;

  const columns = metadata.columns.map((c) => {
    const d = decisions.get(c.name);
    const action = c.excluded ? 'excluded' : d?.action ?? 'modelled';
    return {
      name: c.name,
      type: c.type,
      format: formatText(c),
      missing: c.excluded ? '—' : percent(c.missing),
      action,
      treatment: treatmentWord(action),
      detail: d?.detail !== undefined ? shown(d.detail) : (c.excluded ? t('left out of the twin by a person\'s decision') : ''),
      summary: c.excluded ? '' : safeSummary(c),
    };
  });
  const checks = buildChecklist({
    metadata, recipe, evaluation, twinFile: files.twin,
    evaluationFiles: { json: files.evaluationJson, html: files.evaluationHtml },
    custodian: input.custodian, contact: input.contact, audit: input.audit,
  });
  const suppressed = suppressedGroups(metadata);
  const privacy = recipe.model.privacy;
  const faked = columns.filter((c) => c.action === 'faked').map((c) => c.name);
  const excluded = columns.filter((c) => c.action === 'excluded').map((c) => c.name);

  return {
    tool: { name: TOOL_NAME, version: TOOL_VERSION },
    date,
    version,
    level,
    method: recipe.method,
    methodSummary: shown(recipe.model.summary),
    levelPreserves: info.preserves,
    levelBuiltFrom: builtFrom(recipe, info.builtFrom),
    custodian: input.custodian ?? t('not named (a custodian must be named before release)'),
    contact: input.contact ?? t('not named (a contact must be named before release)'),
    custodianNamed: input.custodian !== undefined,
    contactNamed: input.contact !== undefined,
    dataset: {
      name: metadata.dataset.name,
      fileName: files.source,
      rows: metadata.dataset.rows,
      columns: metadata.columns.length,
      format: formatOfDialect(metadata.dataset.dialect),
    },
    twin: { fileName: files.twin, recipeFile: files.recipe, rows: recipe.output.rows, columns: metadata.columns.length - excluded.length },
    epsilon: privacy ? { value: privacy.epsilon, mechanism: privacy.mechanism, split: privacy.split, guarantee: shown(privacy.guarantee) } : null,
    seed: recipe.seed,
    disclosure: metadata.disclosure,
    tails: tailsText(metadata.disclosure.tailQuantile),
    controls: metadata.controls.map((c) => ({ column: c.column ?? t('all columns'), control: c.control, detail: shown(c.detail) })),
    columns,
    fakedColumns: faked.length ? faked.join(', ') : t('none'),
    excludedColumns: excluded.length ? excluded.join(', ') : t('none'),
    suppressed,
    hasSuppressed: suppressed.length > 0,
    uses: info.uses.map((text) => ({ text })),
    notFor: [...info.notFor, ...commonNotFor()].map((text) => ({ text })),
    limitations: info.limitations.map((text) => ({ text })),
    evaluation: evaluationView(evaluation, input.evaluation.controls),
    provenance: {
      sourceFile: files.source,
      // Keyed (HMAC-SHA-256 under the TRE secret): the raw SHA-256 and size would let anyone confirm a guessed file.
      sourceSha256: metadata.dataset.fingerprint.hmac,
      twinSha256: recipe.output.fingerprint.sha256,
      toolVersion: recipe.tool.version,
      seed: recipe.seed,
      created: recipe.created,
      recipeFile: files.recipe,
    },
    signOff: metadata.signOff ?? null,
    checks: checksView(checks),
    code: codeView(metadata, recipe, files),
  };
}

/** Where the generator's input came from: methods that need real rows (correlated; statistical with epsilon) read them. */
function builtFrom(recipe: Recipe, levelText: string): string {
  let needsRows = recipe.level === 'correlated';
  try {
    needsRows = findGenerator(recipe.level, recipe.method, recipe.epsilon ?? undefined).needsRealRows(recipe.epsilon ?? undefined);
  } catch {
    // a recipe from another version naming a method this one lacks: fall back on the level
  }
  if (!needsRows || recipe.level === 'correlated') return levelText;
  return t('the real records\' one-way counts with calibrated noise added (differential privacy, see below), within the domains of the disclosure-safe metadata');
}

/** The checklist's items as the RELEASE_CHECKLIST.md template reads them (by group, with counts). */
export function checksView(items: CheckItem[]): Record<string, unknown> {
  const by = (g: CheckItem['group']) => items.filter((i) => i.group === g);
  const count = (s: CheckItem['status']) => items.filter((i) => i.status === s).length;
  return {
    all: items,
    labelling: by('labelling'),
    disclosure: by('disclosure'),
    structure: by('structure'),
    documentation: by('documentation'),
    passed: count('pass'),
    warnings: count('warn'),
    failed: count('fail'),
    safeData: [...by('disclosure'), ...by('structure')],
  };
}

function evaluationView(r: EvaluationReport, controls: readonly { part: string; detail: string }[]): Record<string, unknown> {
  // A row's band is a verdict, or 'no verdict' for a figure that is not rated (an upper bound, a model without skill).
  const row = (label: string, score: number | null | 'summary', reading: Reading): { label: string; score: string; band: string; text: string } => ({
    label, score: score === 'summary' ? t('worst of the checks below') : score === null ? t('not defined') : score.toFixed(2), band: bandWord(reading.band), text: shown(reading.text),
  });
  const headline = headlineOf(r);
  const readings = [
    row(t('Fidelity overall'), r.fidelity.score, r.fidelity.reading),
    row(t('Column shapes'), r.fidelity.columnShapes.score, r.fidelity.columnShapes.reading),
    row(t('Column pair trends'), r.fidelity.columnPairTrends.score, r.fidelity.columnPairTrends.reading),
    ...(r.fidelity.columnPairTrends.scoreOwnBins !== undefined && r.fidelity.columnPairTrends.scoreOwnBins !== null
      ? [row(t('Column pair trends as SDMetrics’ QualityReport shows them (each table’s numbers binned on its own range)'), r.fidelity.columnPairTrends.scoreOwnBins, readingFor('columnPairTrends', r.fidelity.columnPairTrends.scoreOwnBins))]
      : []),
    row(t('Missing values'), r.fidelity.missingValues.score, r.fidelity.missingValues.reading),
    row(t('Standardised pMSE (lower is better)'), r.fidelity.pMSE.standardized, r.fidelity.pMSE.reading),
  ];
  if (r.utility) {
    const u = r.utility;
    readings.push(row(t('Utility: confidence-interval overlap, models of {0} (Karr et al.; 1 identical, 0 touching, below 0 apart)', u.target), u.ciOverlap.mean, u.ciOverlap.reading));
    readings.push(headline.utility.kind === 'no-skill'
      ? { label: t('Utility: train on twin, test on real ({0})', u.target), score: t('not rated'), band: t('no verdict'), text: shown(u.prediction.reading.text) }
      : row(t("Utility: share of the real model's skill kept by a model trained on the twin ({0})", u.target), u.prediction.ratio, u.prediction.reading));
  }
  const hp = headline.privacy;
  readings.push(
    row(t('Privacy overall'), 'summary', r.privacy.reading),
    ...(hp.kind === 'risk' ? [{ label: t('Highest Anonymeter risk ({0}), against held-out real records', attackWord(hp.attack)), score: hp.risk.toFixed(2), band: bandWord(hp.band), text: t('Measured against {0} real records the twin never saw.', headline.holdoutRows) }]
      : hp.kind === 'upper-bound' ? [{ label: t('Highest Anonymeter attack success ({0}): upper bound, no holdout', attackWord(hp.attack)), score: t('at most {0}', hp.bound.toFixed(2)), band: t('no verdict'), text: t('Not a measured risk: no real records were held out, so this raw success rate also counts what anyone could guess without the twin.') }]
        : []),
    row(t('Exact copies of real rows (share)'), r.privacy.exactMatches.rate, r.privacy.exactMatches.reading),
    row(t('Distance to closest record, baseline protection'), r.privacy.dcr.baselineProtection.score, r.privacy.dcr.baselineProtection.reading),
  );
  if (r.privacy.dcr.overfittingProtection) {
    const o = r.privacy.dcr.overfittingProtection;
    readings.push(row(t('Distance to closest record, overfitting protection'), o.score, o.reading));
  }
  readings.push(
    row(t('Nearest-neighbour distance ratio (median)'), r.privacy.nndr.summary.median, r.privacy.nndr.reading),
    row(t('Rare categories leaked (share)'), r.privacy.rareCategoryLeakage.rate, r.privacy.rareCategoryLeakage.reading),
  );
  return {
    fidelity: { score: r.fidelity.score.toFixed(2), band: r.fidelity.reading.band, text: shown(r.fidelity.reading.text) },
    privacy: { band: r.privacy.reading.band, text: shown(r.privacy.reading.text) },
    utility: r.utility ? { target: r.utility.target, band: r.utility.reading.band, text: shown(r.utility.reading.text) } : null,
    readings,
    sample: shown(r.sample.note),
    holdout: r.inputs.holdout ? (r.inputs.holdout.split ? t('{0} real records held out before fitting ({1})', r.inputs.holdout.rows, describeHoldout(r.inputs.holdout.split)) : r.inputs.holdout.file) : null,
    notes: r.notes.map((text) => ({ text: shown(text) })),
    controls: controls.map((c) => ({ part: c.part, detail: shown(c.detail) })),
  };
}

/** Categories merged or dropped by disclosure control, per column: the subgroups the twin cannot show. */
function suppressedGroups(metadata: Metadata): { column: string; text: string }[] {
  const out: { column: string; text: string }[] = [];
  const label = (column: string | undefined) => column ?? t('pairwise associations');
  for (const c of metadata.columns) {
    if ((c.type === 'categorical' || c.type === 'boolean') && c.other) {
      out.push({
        column: c.name,
        text: c.other.count === null
          ? t('{0} categories with fewer than {1} records were dropped (their merged group was still too small to publish)', c.other.categories, metadata.disclosure.threshold)
          : t('{0} categories with fewer than {1} records were merged into "{2}" in the metadata and do not appear in the twin', c.other.categories, metadata.disclosure.threshold, c.other.label),
      });
    }
  }
  for (const ctl of metadata.controls) {
    if (ctl.control === 'rare-category-drop' || ctl.control === 'small-cell-suppression') {
      if (!out.some((o) => o.column === label(ctl.column))) out.push({ column: label(ctl.column), text: shown(ctl.detail) });
    }
  }
  return out;
}

/** The column's format in words. */
export function formatText(c: MetadataColumn): string {
  const f = c.format;
  switch (f.kind) {
    case 'number': return `${f.decimals === null ? t('varying decimal places') : f.decimals === 1 ? t('1 decimal place') : t('{0} decimal places', f.decimals)}${f.decimalComma ? t(', decimal comma') : ''}${f.thousands ? t(', thousands separators') : ''}`;
    case 'integer': return f.thousands ? t('whole numbers with thousands separators') : t('whole numbers');
    case 'date':
    case 'datetime': return f.pattern;
    case 'boolean': return `${f.trueToken} / ${f.falseToken}`;
    case 'string': return f.shape ? t('shape {0}', f.shape) : f.shapes?.length ? t('shapes {0}', f.shapes.join(', ')) : t('text');
  }
}

/** A one-line summary of a column from the disclosure-safe metadata only. */
export function safeSummary(c: MetadataColumn): string {
  const spec = { name: c.name, type: c.type, format: c.format };
  switch (c.type) {
    case 'numeric':
    case 'integer':
    case 'date':
    case 'datetime': {
      const fmt = (v: number) => formatValue(v, spec);
      const parts = [t('coded bounds {0} to {1} (1st and 99th percentiles)', fmt(c.bounds.lower), fmt(c.bounds.upper))];
      if (c.mean !== undefined) parts.push(t('mean {0}', c.type === 'date' || c.type === 'datetime' ? fmt(c.mean) : round(c.mean)));
      return parts.join('; ');
    }
    case 'categorical':
    case 'boolean': {
      const top = c.categories.slice(0, 5).map((x) => x.value);
      const more = c.categories.length > 5 ? t(', and {0} more', c.categories.length - 5) : '';
      const other = c.other ? t('; {0} rare categories merged', c.other.categories) : '';
      return t('{0} published categories: {1}', c.categories.length, top.join(', ')) + more + other;
    }
    case 'text':
    case 'identifier': {
      const q = c.length.quantiles;
      const lo = q.values[0];
      const hi = q.values[q.values.length - 1];
      const length = lo === hi ? `${lo}` : t('{0} to {1}', lo, hi);
      return (c.type === 'identifier' ? t('identifier, {0} characters', length) : t('free text, {0} characters', length)) + (c.unique ? t(', unique') : '') + t('; values never published');
    }
  }
}

/** 0.01 → "1st and 99th percentiles". */
function tailsText(q: number): string {
  const lo = Number((q * 100).toPrecision(6));
  const hi = Number((100 - lo).toPrecision(6));
  return t('{0} and {1} percentiles', ordinal(lo), ordinal(hi));
}

function ordinal(n: number): string {
  // Welsh reads the bare number here ("canraddau 1 a 99"); English adds its suffix.
  if (currentLanguage() === 'cy') return String(n);
  if (!Number.isInteger(n)) return `${n}th`;
  const tens = n % 100;
  const suffix = tens >= 11 && tens <= 13 ? 'th' : n % 10 === 1 ? 'st' : n % 10 === 2 ? 'nd' : n % 10 === 3 ? 'rd' : 'th';
  return `${n}${suffix}`;
}

function round(x: number): string {
  return String(Number(x.toPrecision(4)));
}

export function formatOfDialect(d: Dialect): string {
  if (d.kind !== 'delimited') return d.kind === 'parquet' ? 'Parquet' : 'Arrow IPC';
  const sep = d.delimiter === '\t' ? t('tab') : d.delimiter === ',' ? t('comma') : `"${d.delimiter}"`;
  return d.header ? t('delimited text ({0}-separated, {1}, with header)', sep, d.encoding) : t('delimited text ({0}-separated, {1}, no header)', sep, d.encoding);
}

// ---------------------------------------------------------------------------
// Starter code

const PY_ENCODINGS: Record<string, string> = { 'utf-8': 'utf-8', 'utf-16le': 'utf-16-le', 'utf-16be': 'utf-16-be', 'windows-1252': 'cp1252', latin1: 'latin-1' };
const R_ENCODINGS: Record<string, string> = { 'utf-8': 'UTF-8', 'utf-16le': 'UTF-16LE', 'utf-16be': 'UTF-16BE', 'windows-1252': 'CP1252', latin1: 'latin1' };

/** What analysis.py and analysis.R need: reader settings and per-column types from the metadata. */
function codeView(metadata: Metadata, recipe: Recipe, files: ReleaseViewInput['files']): Record<string, unknown> {
  return tableCodeView(metadata, recipe.missingTokens ?? DEFAULT_MISSING_TOKENS, files.twin);
}

/** The reader settings and per-column types of one table (its twin file `twinFile`), for the starter code. */
export function tableCodeView(metadata: Metadata, missingTokens: readonly string[], twinFile: string): Record<string, unknown> {
  const d = metadata.dataset.dialect;
  const cols = twinColumnsOf(metadata);
  const missing = [...new Set([...missingTokens, ...(d.kind === 'delimited' && d.missingToken !== undefined ? [d.missingToken] : [])])];
  let thousands: string | null = null;
  let decimal = '.';
  for (const c of cols) {
    const f = c.format;
    if (f.kind === 'number' && f.decimalComma) decimal = ',';
    if ((f.kind === 'number' || f.kind === 'integer') && f.thousands) thousands = f.kind === 'number' && f.decimalComma ? '.' : ',';
  }
  const columns = cols.map((c, i) => {
    const f = c.format;
    const isDate = c.type === 'date';
    const isDatetime = c.type === 'datetime';
    const bigInteger = c.type === 'integer' && Math.max(Math.abs(c.bounds.lower), Math.abs(c.bounds.upper)) > 2e8;
    // Read dates, booleans and numbers with separators as text first, then convert exactly.
    const numberText = (f.kind === 'number' || f.kind === 'integer') && f.thousands;
    return {
      name: c.name,
      last: i === cols.length - 1,
      sep: i === cols.length - 1 ? '' : ',',
      pyRead: c.type === 'integer' ? 'Int64' : c.type === 'numeric' ? 'float64' : c.type === 'categorical' ? 'category' : 'string',
      rRead: numberText || isDate || isDatetime || c.type === 'boolean' || c.type === 'text' || c.type === 'identifier'
        ? 'character'
        : c.type === 'integer' ? (bigInteger ? 'numeric' : 'integer') : c.type === 'numeric' ? 'numeric' : 'factor',
      dateFormat: isDate && f.kind === 'date' ? { py: ldmlToStrptime(f.pattern, 'python'), r: ldmlToStrptime(f.pattern, 'r') } : null,
      datetimeFormat: isDatetime && f.kind === 'datetime' ? { py: ldmlToStrptime(f.pattern, 'python'), r: ldmlToStrptime(f.pattern, 'r') } : null,
      boolean: f.kind === 'boolean' ? { trueToken: f.trueToken, falseToken: f.falseToken } : null,
      rThousands: numberText && thousands ? { separator: thousands, integer: c.type === 'integer' && !bigInteger } : null,
    };
  });
  const meanColumn = cols.find((c) => c.type === 'numeric' || c.type === 'integer');
  const dateColumn = cols.find((c) => c.type === 'date' || c.type === 'datetime');
  return {
    delimited: d.kind === 'delimited' ? {
      delimiter: d.delimiter,
      quote: d.quote,
      header: d.header,
      noHeader: !d.header,
      skipInitialSpace: d.spaceAfterDelimiter,
      pyEncoding: d.bom && d.encoding === 'utf-8' ? 'utf-8-sig' : PY_ENCODINGS[d.encoding],
      rEncoding: d.bom && d.encoding === 'utf-8' ? 'UTF-8-BOM' : R_ENCODINGS[d.encoding],
      decimal,
      thousands: thousands === null ? null : { separator: thousands },
    } : null,
    parquet: d.kind === 'parquet',
    arrow: d.kind === 'arrow',
    missing: missing.map((token, i) => ({ token, sep: i === missing.length - 1 ? '' : ',' })),
    columns,
    meanColumn: meanColumn ? { name: meanColumn.name } : null,
    dateColumn: dateColumn ? { name: dateColumn.name, isDate: dateColumn.type === 'date' } : null,
    twinFile,
  };
}
