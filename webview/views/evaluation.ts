/**
 * The Evaluation view: overview score cards, per-column real-vs-synthetic charts,
 * pair-trend heatmaps, the utility comparison and the privacy panel, drawn from
 * an EvaluationReport (src/core/evaluate/report.ts) exactly as it stands.
 */
import type {
  AttackRisk, ColumnDetail, ColumnShapeScore, CoverageReport, DistanceHistogram, DistanceSummary,
  EvaluationReport, PrivacyReport, StatisticsReport, UtilityReport,
} from '../../src/core/browser';
import { shown, t } from '../../src/core/browser';
import type { UiState } from '../api';
import { h, s } from '../dom';
import { formatCount, formatFixed, formatNumber, formatPercent } from '../format';
import {
  bandChip, barPair, dataTable, heatmap, histogramPair, intervalChart, scoreCard, select, textField, valueBars,
  type AxisKind, type IntervalRow, type ValueBar,
} from '../components';
import { badge, notesList, section, typeLabel } from './common';

/** Renders the whole Evaluation view. `onUi` is called when the user changes filter or sort. */
export function renderEvaluation(report: EvaluationReport, ui: UiState, onUi: (ui: UiState) => void): HTMLElement {
  return h('div', { class: 'view evaluation-view' },
    overview(report),
    columnsSection(report, ui, onUi),
    pairsSection(report),
    recordLogicSection(report),
    utilitySection(report.utility),
    privacySection(report.privacy),
    notesSection(report));
}

// ---------------------------------------------------------------------------

function overview(r: EvaluationReport): HTMLElement {
  const f = r.fidelity;
  const cards: HTMLElement[] = [
    scoreCard({ title: t('Fidelity'), value: formatPercent(f.score), meter: f.score, reading: f.reading,
      detail: t('Mean of column shapes and column pair trends (SDMetrics quality score).') }),
    scoreCard({ title: t('Column shapes'), value: formatPercent(f.columnShapes.score), meter: f.columnShapes.score, reading: f.columnShapes.reading,
      detail: t('{0} columns · KSComplement / TVComplement', f.columnShapes.columns.length) }),
    scoreCard({ title: t('Column pair trends'), value: formatPercent(f.columnPairTrends.score), meter: f.columnPairTrends.score, reading: f.columnPairTrends.reading,
      detail: t('{0} pairs · pairs with a real trend: {1}', formatCount(f.columnPairTrends.pairCount ?? f.columnPairTrends.pairs.length), formatPercent(f.columnPairTrends.scoreTrendPairs)) }),
    scoreCard({ title: t('Distinguishability'), value: `S_pMSE ${formatNumber(f.pMSE.standardized, 3)}`, reading: f.pMSE.reading,
      detail: t('pMSE {0} over {1} stacked rows · ≈ 1 is ideal, larger is more distinguishable', formatNumber(f.pMSE.value, 3), formatCount(f.pMSE.rows)) }),
  ];
  const u = r.utility;
  if (u) {
    const p = u.prediction;
    cards.push(scoreCard({
      title: t('Utility'), value: p.ratio !== null ? formatPercent(p.ratio, 0) : formatFixed(u.ciOverlap.mean),
      meter: p.ratio ?? u.ciOverlap.mean, reading: u.reading,
      detail: p.ratio !== null
        ? t('Skill ({0}) a model trained on the twin keeps, relative to one trained on real data · target “{1}”', METRIC_NAME[p.metric], u.target)
        : `${p.noSkill ? `${t('No train-on-twin ratio: the real model itself has no predictive skill.')} ` : ''}${t('Mean confidence-interval overlap (Karr et al.: 1 identical, 0 just touching, below 0 apart; range −∞ to 1) · target “{0}”', u.target)}`,
    }));
  } else {
    cards.push(scoreCard({ title: t('Utility'), value: '—', detail: t('No model could be fitted; see the notes at the end.') }));
  }
  const risk = highestRisk(r.privacy);
  const copies = t('exact copies {0}', formatPercent(r.privacy.exactMatches.rate, 2));
  cards.push(scoreCard(!risk
    ? { title: t('Privacy'), value: t('{0} copies', formatPercent(r.privacy.exactMatches.rate, 2)), reading: r.privacy.reading, detail: t('Share of synthetic rows that copy a real row') }
    : risk.risk.upperBound
      // No holdout: a raw attack rate is an upper bound, not a risk; it gets no verdict badge.
      ? { title: t('Privacy (upper bound)'), value: `≤ ${formatPercent(risk.risk.risk)}`, reading: { text: r.privacy.reading.text },
        detail: `${t('Highest raw Anonymeter attack success ({0}) with no real records held out: an upper bound on the risk, not a measured risk', risk.name)} · ${copies}` }
      : { title: t('Privacy'), value: t('{0} risk', formatPercent(risk.risk.risk)), reading: r.privacy.reading,
        detail: `${t('Highest Anonymeter risk ({0}), measured against held-out real records', risk.name)} · ${copies}` }));
  return h('section', { class: 'section overview', 'aria-label': t('Overview') }, h('div', { class: 'card-grid overview-grid' }, ...cards));
}

function highestRisk(p: PrivacyReport): { name: string; risk: AttackRisk } | null {
  let best: { name: string; risk: AttackRisk } | null = null;
  for (const [name, risk] of attacks(p)) if (risk && (!best || risk.risk > best.risk.risk)) best = { name, risk };
  return best;
}

function attacks(p: PrivacyReport): [string, AttackRisk | null][] {
  const a = p.anonymeter;
  return [
    [t('Singling out (univariate)'), a.singlingOut.univariate],
    [t('Singling out (multivariate)'), a.singlingOut.multivariate],
    [t('Linkability'), a.linkability],
    [t('Attribute inference'), a.inference],
  ];
}

// ---------------------------------------------------------------------------

function axisKind(type: string): AxisKind {
  return type === 'date' ? 'date' : type === 'datetime' ? 'datetime' : 'number';
}

function columnsSection(r: EvaluationReport, ui: UiState, onUi: (ui: UiState) => void): HTMLElement {
  const shapes = new Map<string, ColumnShapeScore>(r.fidelity.columnShapes.columns.map((c) => [c.column, c]));
  const coverage = new Map<string, CoverageReport['columns'][number]>(r.fidelity.coverage.columns.map((c) => [c.column, c]));
  const stats = new Map<string, StatisticsReport['columns'][number]>(r.fidelity.statistics.columns.map((c) => [c.column, c]));

  const grid = h('div', { class: 'column-grid' });
  const count = h('span', { class: 'filter-count' });
  const draw = (): void => {
    const needle = ui.filter.trim().toLowerCase();
    let cols = r.columns.filter((c) => !needle || c.column.toLowerCase().includes(needle));
    if (ui.sort === 'worst') cols = [...cols].sort((a, b) => (shapes.get(a.column)?.score ?? 2) - (shapes.get(b.column)?.score ?? 2));
    while (grid.firstChild) grid.removeChild(grid.firstChild);
    for (const c of cols) grid.appendChild(columnCard(c, shapes.get(c.column), coverage.get(c.column), stats.get(c.column)));
    count.textContent = t('{0} of {1} columns', cols.length, r.columns.length);
  };

  const filter = textField({ type: 'search', className: 'filter', placeholder: t('Filter columns'), label: t('Filter columns by name'), value: ui.filter },
    (value) => { ui = { ...ui, filter: value }; onUi(ui); draw(); });
  const sort = select([{ value: 'report', label: t('Dataset order') }, { value: 'worst', label: t('Lowest score first') }], ui.sort, t('Order of the columns'),
    (value) => { ui = { ...ui, sort: value === 'worst' ? 'worst' : 'report' }; onUi(ui); draw(); }, 'sort');
  draw();

  const excluded = r.fidelity.excluded;
  return section('columns', t('Column shapes'),
    t('Each column’s distribution in the real data (filled) and in the twin (outline), with its similarity score.'),
    h('div', { class: 'toolbar' }, filter, sort, count),
    grid,
    excluded.length ? h('p', { class: 'detail' }, `${t('Not scored:')} `, excluded.map((e) => `${e.column} (${shown(e.reason)})`).join('; ')) : null);
}

function columnCard(c: ColumnDetail, shape: ColumnShapeScore | undefined, cov: CoverageReport['columns'][number] | undefined,
  st: StatisticsReport['columns'][number] | undefined): HTMLElement {
  const head = h('header', { class: 'column-head' },
    h('div', { class: 'column-title' }, h('h3', { class: 'column-name', title: c.column }, c.column), badge(typeLabel(c.type))),
    shape ? h('div', { class: 'column-score' }, h('span', { class: 'score-small', title: shape.metric }, formatPercent(shape.score)), bandChip(shape.reading.band)) : null);
  const chart = c.kind === 'numeric'
    ? histogramPair({ edges: c.edges, a: c.real.proportions, b: c.synthetic.proportions, kind: axisKind(c.type), label: t('{0}: distribution in the real data and the twin', c.column) })
    : barPair({ categories: c.categories, a: c.real.proportions, b: c.synthetic.proportions, shares: true, label: t('{0}: category shares in the real data and the twin', c.column) });
  const facts: [string, string, string][] = [[t('Missing'), formatPercent(c.missing.real), formatPercent(c.missing.synthetic)]];
  if (c.kind === 'numeric' && st) {
    const fmt = (v: number | null): string => (v === null ? '—' : c.type === 'date' || c.type === 'datetime' ? new Date(v).toISOString().slice(0, 10) : formatNumber(v, 4));
    facts.push([t('Mean'), fmt(st.mean.real), fmt(st.mean.synthetic)]);
    facts.push([t('Median'), fmt(st.median.real), fmt(st.median.synthetic)]);
    if (c.type !== 'date' && c.type !== 'datetime') facts.push([t('Std. dev.'), formatNumber(st.sd.real, 4), formatNumber(st.sd.synthetic, 4)]);
  }
  if (cov) {
    facts.push([cov.coverage.metric === 'RangeCoverage' ? t('Range covered') : t('Categories covered'), '', formatPercent(cov.coverage.score)]);
    facts.push([cov.adherence.metric === 'BoundaryAdherence' ? t('Inside real range') : t('Real categories only'), '', formatPercent(cov.adherence.score)]);
  }
  const factTable = h('table', { class: 'facts' },
    h('thead', null, h('tr', null, h('th', null, ''), h('th', { class: 'num' }, t('Real')), h('th', { class: 'num' }, t('Twin')))),
    h('tbody', null, ...facts.map(([k, a, b]) => h('tr', null, h('th', { scope: 'row' }, k), h('td', { class: 'num' }, a), h('td', { class: 'num' }, b)))));
  return h('article', { class: 'card column-card' }, head, chart,
    shape ? h('p', { class: 'reading' }, shown(shape.reading.text)) : null,
    c.kind === 'categorical' && c.other ? h('p', { class: 'detail' }, c.other.categories === 1
      ? t('“{0}” sums 1 rare or less frequent category, which is not named.', c.other.label)
      : t('“{0}” sums {1} rare or less frequent categories, which are not named.', c.other.label, c.other.categories)) : null,
    factTable);
}

// ---------------------------------------------------------------------------

function pairsSection(r: EvaluationReport): HTMLElement {
  const trends = r.fidelity.columnPairTrends;
  const a = r.associations;
  const pairCount = trends.pairCount ?? trends.pairs.length;
  const maps = a.columns.length >= 2
    ? h('div', { class: 'heatmap-row' },
      heatmap({ labels: a.columns, values: a.real, scale: 'signed', title: t('Real data'), label: t('Associations between columns in the real data') }),
      heatmap({ labels: a.columns, values: a.synthetic, scale: 'signed', title: t('Synthetic twin'), label: t('Associations between columns in the twin') }),
      heatmap({ labels: a.columns, values: a.difference, scale: 'difference', title: t('Difference |real − twin|'), label: t('Absolute difference of the associations') }))
    : h('p', { class: 'detail' }, t('Fewer than two columns could be compared, so there are no pair trends.'));
  const worst = [...trends.pairs].sort((x, y) => x.score - y.score).slice(0, 10);
  const table = worst.length
    ? dataTable(
      [{ label: t('Columns') }, { label: t('Metric') }, { label: t('Real'), numeric: true, hint: t('Pearson r or Cramér’s V in the real data') },
        { label: t('Twin'), numeric: true }, { label: t('Score'), numeric: true }, { label: t('Verdict') }],
      worst.map((p) => [`${p.columns[0]} × ${p.columns[1]}`, p.metric, formatFixed(p.real), formatFixed(p.synthetic),
        formatPercent(p.score), bandChip(p.reading.band)]),
      worst.length < pairCount ? t('The {0} least similar of {1} pairs', worst.length, formatCount(pairCount)) : t('All pairs'))
    : null;
  // Wide data: the heatmaps show the columns of the least similar pairs only.
  const mapNote = a.omittedColumns
    ? h('p', { class: 'detail' }, t('The heatmaps show the {0} columns of the least similar pairs; {1} other columns are left out of them (every pair counts in the score).', formatCount(a.columns.length), formatCount(a.omittedColumns)))
    : null;
  return section('pairs', t('Column pair trends'),
    t('How strongly columns move together: Pearson correlation for two numeric columns, Cramér’s V otherwise. Colour strength is the size of the association.'),
    h('p', { class: 'reading' }, shown(trends.reading.text)), maps, mapNote, table,
    trends.skipped.length ? h('p', { class: 'detail' }, `${t('Not scored:')} `, trends.skipped.slice(0, 20).map((x) => `${x.columns[0]} × ${x.columns[1]} (${shown(x.reason)})`).join('; '),
      (trends.skippedCount ?? trends.skipped.length) > 20 ? ` ${t('and {0} more', formatCount((trends.skippedCount ?? trends.skipped.length) - 20))}` : '') : null);
}

// ---------------------------------------------------------------------------

/** Each record rule with the share of rows breaking it in the real data and in the twin. */
function recordLogicSection(r: EvaluationReport): HTMLElement | null {
  const logic = r.recordLogic;
  if (!logic) return null;
  const intro = logic.rules.length === 0
    ? t('No rule (order between columns, derived column, shared missingness, natural range) holds in every real record.')
    : `${logic.source === 'metadata' ? t('Rules every real record keeps (from the metadata the twin was made from), and the share of rows that break each.') : t('Rules every real record keeps (found in the real data), and the share of rows that break each.')} `
      + (logic.broken === 0 ? t('The twin keeps every rule.') : t('The twin breaks {0} of them.', formatCount(logic.broken)));
  const rows = logic.rules.map((x) => [shown(x.rule), x.real ? formatPercent(x.real.rate) : t('none (the rule)'), formatPercent(x.synthetic.rate), formatCount(x.synthetic.applicable)]);
  return section('record-logic', t('Record logic'), intro,
    rows.length ? dataTable([
      { label: t('Rule') },
      { label: t('Real rows breaking it'), numeric: true },
      { label: t('Twin rows breaking it'), numeric: true },
      { label: t('Twin rows it applies to'), numeric: true },
    ], rows) : null);
}

function utilitySection(u: UtilityReport | null): HTMLElement {
  if (!u) return section('utility', t('Utility'), null, h('p', { class: 'detail' }, t('No model could be fitted; see the notes below.')));
  const p = u.prediction;
  const name = METRIC_NAME[p.metric];
  // The headline metric first, then the other classification metric when there is one.
  const metrics = [p.metric, ...(['auc', 'accuracy'] as const).filter((m) => m !== p.metric && (p.trtr[m] !== undefined || p.tstr[m] !== undefined))];
  const bars: ValueBar[] = metrics.flatMap((m): ValueBar[] => [
    { label: t('{0} · trained on real', METRIC_NAME[m]), value: p.trtr[m] ?? null, tone: 'a', text: fmtMetric(p.trtr[m], m) },
    { label: t('{0} · trained on twin', METRIC_NAME[m]), value: p.tstr[m] ?? null, tone: 'b', text: fmtMetric(p.tstr[m], m) },
  ]);

  const cards = h('div', { class: 'card-grid' },
    scoreCard({ title: t('Train on twin, test on real'), value: p.ratio === null ? (p.noSkill ? t('not rated') : '—') : formatPercent(p.ratio, 0), meter: p.ratio, reading: p.noSkill ? { text: p.reading.text } : p.reading,
      detail: p.testSet === 'holdout'
        ? t('Share of the real-trained model’s skill ({0}) that a model trained on the twin keeps; tested on real records held out from the twin ({1} rows)', name, formatCount(p.testRows))
        : t('Share of the real-trained model’s skill ({0}) that a model trained on the twin keeps; tested on a 30% split of the real rows ({1} rows)', name, formatCount(p.testRows)) }),
    scoreCard({ title: t('Confidence-interval overlap'), value: formatFixed(u.ciOverlap.mean), meter: u.ciOverlap.mean, reading: u.ciOverlap.reading,
      detail: t('Mean over coefficients (Karr et al. 2006); range −∞ to 1: 1 = identical intervals, 0 = just touching, below 0 = a gap between them (in interval widths)') }),
    scoreCard({ title: t('Standardised difference'), value: formatFixed(u.standardizedDifference.median), reading: u.standardizedDifference.reading,
      detail: t('Median |β twin − β real| / se(β real); lower is better') }));
  const coefTable = dataTable(
    [{ label: t('Term') }, { label: t('Real β [95% CI]'), numeric: true }, { label: t('Twin β [95% CI]'), numeric: true },
      { label: t('Intervals'), hint: t('Real interval (upper) and twin interval (lower) on a shared scale; dotted line at 0') },
      { label: t('CI overlap'), numeric: true }, { label: t('Std. diff.'), numeric: true }],
    u.coefficients.map((c) => [c.term, estimateText(c.real), estimateText(c.synthetic), ciCompare(c.real.ci, c.synthetic.ci, c.term),
      formatFixed(c.ciOverlap), formatFixed(c.standardizedDifference)]));
  const modelName = (u.model === 'linear' ? t('Linear regression of “{0}”', u.target) : t('Logistic regression of “{0}”', u.target)) + (u.positiveClass !== undefined ? ` = ${u.positiveClass}` : '');
  // Many one-hot terms make a long table: keep it folded behind its summary.
  const coefs = u.coefficients.length > 12
    ? h('details', { class: 'coefficients' }, h('summary', null, t('{0}: all {1} coefficients', modelName, u.coefficients.length)), coefTable)
    : h('div', { class: 'coefficients' }, h('p', { class: 'detail' }, t('{0}, fitted on each', modelName)), coefTable);
  return section('utility', t('Utility'),
    u.targetSource === 'option'
      ? t('Would an analysis give the same answer? The same model of “{0}” (chosen by you) is fitted on the real data and on the twin.', u.target)
      : t('Would an analysis give the same answer? The same model of “{0}” (chosen by default) is fitted on the real data and on the twin.', u.target),
    h('p', { class: 'reading' }, shown(u.reading.text)), cards,
    h('div', { class: 'split' },
      h('div', null, h('h3', { class: 'sub-title' }, t('Prediction on real test rows')), valueBars(bars, t('{0} of models trained on real and synthetic data', name))),
      h('div', null, h('h3', { class: 'sub-title' }, t('Rows')), dataTable([{ label: t('Set') }, { label: t('Rows'), numeric: true }], [
        [t('Real training rows'), formatCount(p.trainRealRows)], [t('Twin training rows'), formatCount(p.trainSyntheticRows)], [t('Test rows'), formatCount(p.testRows)]]))),
    coefs, notesList(u.notes.map(shown)));
}

const METRIC_NAME: Record<'auc' | 'accuracy' | 'r2', string> = { auc: 'AUC', get accuracy() { return t('Accuracy'); }, r2: 'R²' };

function fmtMetric(v: number | undefined, metric: 'auc' | 'accuracy' | 'r2'): string {
  if (v === undefined) return '—';
  return metric === 'accuracy' ? formatPercent(v) : formatNumber(v, 3);
}

function estimateText(e: { estimate: number; ci: [number, number] }): string {
  return `${formatNumber(e.estimate, 3)} [${formatNumber(e.ci[0], 3)}, ${formatNumber(e.ci[1], 3)}]`;
}

/** Both intervals on one small shared scale: real above, twin below. */
function ciCompare(real: [number, number], syn: [number, number], term: string): SVGSVGElement {
  const lo = Math.min(real[0], syn[0]);
  const hi = Math.max(real[1], syn[1]);
  const span = hi - lo || 1;
  const x = (v: number): number => 4 + ((v - lo) / span) * 112;
  const svg = s('svg', { class: 'ci-compare', viewBox: '0 0 120 18', role: 'img', 'aria-label': t('{0}: confidence intervals, real above, twin below', term) });
  svg.appendChild(s('line', { class: 'series-a-stroke', x1: x(real[0]).toFixed(1), x2: x(real[1]).toFixed(1), y1: 5, y2: 5 }));
  svg.appendChild(s('line', { class: 'series-b-stroke', x1: x(syn[0]).toFixed(1), x2: x(syn[1]).toFixed(1), y1: 13, y2: 13 }));
  if (lo < 0 && hi > 0) svg.appendChild(s('line', { class: 'zero', x1: x(0).toFixed(1), x2: x(0).toFixed(1), y1: 1, y2: 17 }));
  return svg;
}

// ---------------------------------------------------------------------------

function privacySection(p: PrivacyReport): HTMLElement {
  const em = p.exactMatches;
  const d = p.dcr;
  const cards: HTMLElement[] = [
    scoreCard({ title: t('Exact copies'), value: t('{0} rows', formatCount(em.count)), reading: em.reading,
      detail: `${t('{0} of synthetic rows equal a real row', formatPercent(em.rate, 2))}${em.holdoutRate !== undefined ? ` · ${t('unseen real rows: {0}', formatPercent(em.holdoutRate, 2))}` : ''}` }),
    scoreCard({ title: t('Distance to closest record'), value: formatPercent(d.baselineProtection.score), meter: d.baselineProtection.score, reading: d.baselineProtection.reading,
      detail: `${t('DCR baseline protection · median DCR {0}', formatNumber(d.synthetic.median, 3))}${d.random ? ` ${t('vs random {0}', formatNumber(d.random.median, 3))}` : ''}` }),
  ];
  if (d.overfittingProtection) {
    const o = d.overfittingProtection;
    cards.push(scoreCard({ title: t('Closer to training than holdout'), value: formatPercent(o.closerToTraining), meter: o.score, reading: o.reading,
      detail: t('DCR overfitting protection {0} · about 50% is ideal', formatPercent(o.score)) }));
  }
  cards.push(scoreCard({ title: t('Nearest-neighbour ratio'), value: formatNumber(p.nndr.summary.median, 3), reading: p.nndr.reading,
    detail: t('Median of DCR / distance to the second-closest real row; near 0 means near-copies') }));
  const rc = p.rareCategoryLeakage;
  cards.push(scoreCard({ title: t('Rare categories in the twin'), value: t('{0} of {1}', formatCount(rc.leaked), formatCount(rc.rareCategories)), reading: rc.reading,
    detail: t('Real categories with fewer than {0} records that appear in the twin', rc.threshold) }));

  const risks: IntervalRow[] = [];
  const riskRows: (string | Node)[][] = [];
  for (const [name, a] of attacks(p)) {
    if (!a) { riskRows.push([name, '—', t('not run'), '', '', '', '']); continue; }
    risks.push({ label: name, value: a.risk, low: a.ci[0], high: a.ci[1], ...(a.upperBound ? {} : { band: a.reading.band }) });
    riskRows.push([name, a.upperBound ? `≤ ${formatPercent(a.risk)}` : formatPercent(a.risk), `${formatPercent(a.ci[0])} – ${formatPercent(a.ci[1])}`, formatPercent(a.attackRate),
      a.controlRate === undefined ? '—' : formatPercent(a.controlRate), formatCount(a.attacks), a.upperBound ? t('upper bound (no holdout)') : bandChip(a.reading.band)]);
  }
  const anonymeter = h('div', { class: 'card wide' },
    h('h3', { class: 'sub-title' }, t('Anonymeter attacks')),
    h('p', { class: 'detail' }, p.baseline === 'none'
      ? t('No real records were held out, so there is no control success to subtract: each figure is the attack’s raw success rate, an upper bound on the risk (it also counts what anyone could guess without the twin), with {0} confidence intervals. It is not a measured risk and has no verdict.', formatPercent(p.anonymeter.confidence, 0))
      : t('Risk = (attack success − control success) / (1 − control success), the control being real records held out from the twin, with {0} confidence intervals (Giomi et al. 2023).', formatPercent(p.anonymeter.confidence, 0))),
    risks.length ? intervalChart(risks, p.baseline === 'none' ? t('Anonymeter raw attack success (upper bounds) with confidence intervals') : t('Anonymeter risks with confidence intervals')) : null,
    dataTable([{ label: t('Attack') }, { label: p.baseline === 'none' ? t('Risk (upper bound)') : t('Risk'), numeric: true }, { label: t('Interval'), numeric: true }, { label: t('Attack success'), numeric: true },
      { label: t('Control success'), numeric: true }, { label: t('Attempts'), numeric: true }, { label: t('Verdict') }], riskRows),
    h('ul', { class: 'readings' }, ...attacks(p).filter((x): x is [string, AttackRisk] => x[1] !== null).map(([n, a]) =>
      h('li', null, h('strong', null, `${n}: `), shown(a.reading.text), a.detail ? h('span', { class: 'detail' }, ` (${shown(a.detail)})`) : null))));

  const distances = h('div', { class: 'split' },
    h('div', { class: 'card' }, h('h3', { class: 'sub-title' }, t('Distance to the closest real record')), distanceChart(d.histogram, t('Distance to closest real record')),
      distanceTable(d.synthetic, d.holdout, d.random), d.note ? h('p', { class: 'detail' }, shown(d.note)) : null),
    h('div', { class: 'card' }, h('h3', { class: 'sub-title' }, t('Nearest-neighbour distance ratio')), distanceChart(p.nndr.histogram, t('Nearest-neighbour distance ratio')),
      h('p', { class: 'reading' }, shown(p.nndr.reading.text))));

  const leakage = rc.columns.length
    ? dataTable([{ label: t('Column') }, { label: t('Rare categories'), numeric: true }, { label: t('In the twin'), numeric: true }],
      rc.columns.map((c) => [c.column, formatCount(c.rareCategories), formatCount(c.leaked)]), t('Rare-category leakage by column (values not shown: they are disclosive)'))
    : null;

  return section('privacy', t('Privacy'),
    p.baseline === 'holdout'
      ? t('Could someone in the real data be found, or something learned about them, from the twin? Each figure is compared with what real records held out from the twin give.')
      : t('Could someone in the real data be found, or something learned about them, from the twin? No real records were held out, so the attack figures below are upper bounds, not measured risks.'),
    h('p', { class: 'reading' }, shown(p.reading.text)), h('div', { class: 'card-grid compact-grid' }, ...cards), distances, anonymeter, leakage, notesList(p.notes.map(shown)));
}

const SERIES_NAME: Record<DistanceHistogram['series'][number]['label'], string> = {
  // Getters: read in the page's language, chosen after the modules load.
  get synthetic() { return t('Synthetic → real'); }, get holdout() { return t('Holdout → real'); }, get random() { return t('Random → real'); },
};

function distanceChart(hist: DistanceHistogram, label: string): HTMLElement {
  const a = hist.series.find((x) => x.label === 'synthetic') ?? hist.series[0];
  if (!a) return h('p', { class: 'detail' }, t('No distances were computed.'));
  const b = hist.series.find((x) => x !== a && x.label === 'holdout') ?? hist.series.find((x) => x !== a);
  // Distances crowd near 0; drop empty bins at the top so the populated ones get the width.
  let bins = Math.min(hist.edges.length - 1, a.counts.length);
  while (bins > 4 && !a.counts[bins - 1] && !b?.counts[bins - 1]) bins--;
  return histogramPair({ edges: hist.edges.slice(0, bins + 1), a: a.counts.slice(0, bins), b: b?.counts.slice(0, bins), label, xLabel: t('distance'),
    names: { a: SERIES_NAME[a.label], b: b ? SERIES_NAME[b.label] : '' } });
}

function distanceTable(syn: DistanceSummary, holdout?: DistanceSummary, random?: DistanceSummary): HTMLElement {
  const rows: (string | Node)[][] = [];
  const add = (name: string, d: DistanceSummary | undefined): void => {
    if (d) rows.push([name, formatCount(d.count), formatNumber(d.min, 3), formatNumber(d.p05, 3), formatNumber(d.median, 3), formatNumber(d.p95, 3)]);
  };
  add(SERIES_NAME.synthetic, syn);
  add(SERIES_NAME.holdout, holdout);
  add(SERIES_NAME.random, random);
  return dataTable([{ label: t('From') }, { label: t('Rows'), numeric: true }, { label: t('Min'), numeric: true }, { label: t('5%'), numeric: true },
    { label: t('Median'), numeric: true }, { label: t('95%'), numeric: true }], rows);
}

// ---------------------------------------------------------------------------

function notesSection(r: EvaluationReport): HTMLElement {
  const s0 = r.sample;
  return section('about', t('About this evaluation'), null,
    dataTable([{ label: t('Table') }, { label: t('File') }, { label: t('Rows'), numeric: true }, { label: t('Rows used'), numeric: true }], [
      [t('Real'), r.inputs.real.file, formatCount(r.inputs.real.rows), formatCount(s0.real)],
      [t('Synthetic'), r.inputs.synthetic.file, formatCount(r.inputs.synthetic.rows), formatCount(s0.synthetic)],
      ...(r.inputs.holdout ? [[t('Holdout'), r.inputs.holdout.file, formatCount(r.inputs.holdout.rows), formatCount(s0.holdout)]] : []),
    ]),
    h('p', { class: 'detail' }, `${shown(s0.note)} ${t('Seed {0}.', s0.seed)}`),
    notesList(r.notes.map(shown)));
}

