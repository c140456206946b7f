/**
 * The Fidelity ladder: the three levels of one dataset side by side — fidelity,
 * utility and privacy risk — so a trainer can show how disclosure risk rises
 * with fidelity. Rungs come from the host (`runLadder` / `didChangeLadder`).
 */
import { type EvaluationReport, type Headline, headlineOf } from '../../src/core/browser';
import type { LadderRung } from '../../src/protocol/messages';
import { h } from '../dom';
import { formatCount, formatNumber, formatPercent } from '../format';
import { bandChip, button as controlButton, dataTable, valueBars, type ValueBar } from '../components';
import { emptyState, section } from './common';
import { t } from '../../src/core/browser';

const LEVEL_TEXT: Record<LadderRung['level'], string> = {
  // Getters: read in the page's language, chosen after the modules load.
  get structural() { return t('Structural — schema and valid values only, from the metadata'); },
  get statistical() { return t('Statistical — each column’s distribution, independently'); },
  get correlated() { return t('Correlated — relationships between columns from a fitted model'); },
};

/** A level's name in the page's language. */
function levelName(level: LadderRung['level']): string {
  switch (level) {
    case 'structural': return t('structural');
    case 'statistical': return t('statistical');
    case 'correlated': return t('correlated');
  }
}

/** A rung's status in the page's language. */
function statusText(status: string): string {
  switch (status) {
    case 'pending': return t('pending');
    case 'running': return t('running');
    case 'done': return t('done');
    case 'failed': return t('failed');
    default: return status;
  }
}

/** The dataset name of a rung's absolute path (the webview has no path module). */
function baseName(p: string): string {
  return p.split(/[\\/]/).pop() ?? p;
}

/**
 * Renders the ladder for `dataset` (the file name the dashboard is about); rungs made for another
 * dataset are never shown under its name. `run` is null where the ladder cannot be started (standalone).
 */
export function renderLadder(ladder: LadderRung[] | null, run: (() => void) | null, dataset: string | null = null): HTMLElement {
  const button = run ? controlButton(ladder ? t('Run the ladder again') : t('Generate all three levels'), {}, run) : null;
  const other = ladder?.find((r) => r.dataset !== undefined && dataset !== null && baseName(r.dataset) !== dataset);
  if (!ladder || ladder.length === 0 || other) {
    return emptyState(t('Fidelity ladder'), `${other ? `${t('The last ladder was for {0}, not {1}.', baseName(other.dataset!), dataset ?? '')} ` : ''}${t('Generate a twin at each level for the current dataset and compare fidelity, utility and privacy side by side, all measured against the same real records held out from every twin.')}`, button ?? undefined);
  }
  const done = ladder.filter((r): r is LadderRung & { report: EvaluationReport } => r.status === 'done' && r.report !== null);
  const metric = (name: string, pick: (r: EvaluationReport) => number | null, tone: (r: EvaluationReport) => ValueBar['tone'], text: (r: EvaluationReport) => string = (r) => formatPercent(pick(r))): HTMLElement =>
    h('div', { class: 'card' }, h('h3', { class: 'sub-title' }, name),
      valueBars(done.map((r) => ({ label: levelName(r.level), value: pick(r.report), tone: tone(r.report), text: text(r.report) })), t('{0} by fidelity level', name)));
  const rows = ladder.map((r) => {
    const rep = r.report;
    const hl = rep ? headlineOf(rep) : null;
    return [
      h('span', { title: LEVEL_TEXT[r.level] }, levelName(r.level)),
      r.status === 'failed' ? (r.error ?? statusText('failed')) : r.madeFrom ? `${statusText(r.status)} · ${r.madeFrom === 'metadata' ? t('from metadata alone') : t('from real records')}` : statusText(r.status),
      rep ? formatPercent(rep.fidelity.score) : '—',
      hl ? utilityText(hl) : '—',
      rep ? formatNumber(rep.privacy.dcr.synthetic.median, 3) : '—',
      hl ? privacyText(hl) : '—',
      rep && hl?.privacy.kind === 'risk' ? bandChip(rep.privacy.reading.band) : rep ? t('no verdict (no holdout)') : '',
    ];
  });
  const holdoutRows = done[0]?.report.sample.holdout ?? null;
  return h('div', { class: 'view ladder-view' },
    section('ladder', t('Fidelity ladder'), `${t('Higher fidelity makes a twin more useful — and brings it closer to the real records. Read the rows together.')}${holdoutRows ? ` ${t('Every level is measured against the same {0} real records held out before any twin was made.', formatCount(holdoutRows))}` : ''}`,
      button ? h('div', { class: 'toolbar' }, button) : null,
      h('div', { class: 'card-grid' },
        metric(t('Fidelity'), (r) => r.fidelity.score, (r) => r.fidelity.reading.band),
        metric(t('Utility (twin-trained vs real-trained)'), (r) => r.utility?.prediction.ratio ?? null, (r) => r.utility?.reading.band ?? 'fair', (r) => utilityText(headlineOf(r))),
        metric(t('Distance to the closest real record (median; lower = closer)'), (r) => r.privacy.dcr.synthetic.median, (r) => r.privacy.dcr.baselineProtection.reading.band, (r) => formatNumber(r.privacy.dcr.synthetic.median, 3)),
        metric(t('Highest privacy-attack risk'), maxRisk, (r) => r.privacy.reading.band, (r) => privacyText(headlineOf(r)))),
      dataTable([{ label: t('Level') }, { label: t('Status') }, { label: t('Fidelity'), numeric: true }, { label: t('Utility'), numeric: true },
        { label: t('Median distance to real'), numeric: true }, { label: t('Highest attack risk'), numeric: true }, { label: t('Privacy') }], rows),
      h('ul', { class: 'notes' }, ...ladder.map((r) => h('li', null, LEVEL_TEXT[r.level])))));
}

function utilityText(hl: Headline): string {
  return hl.utility.kind === 'ratio' ? formatPercent(hl.utility.ratio) : hl.utility.kind === 'no-skill' ? t('not rated (real model has no skill)') : '—';
}

function privacyText(hl: Headline): string {
  return hl.privacy.kind === 'risk' ? formatPercent(hl.privacy.risk) : hl.privacy.kind === 'upper-bound' ? t('≤ {0} (upper bound)', formatPercent(hl.privacy.bound)) : '—';
}

function maxRisk(r: EvaluationReport): number | null {
  const hl = headlineOf(r);
  return hl.privacy.kind === 'risk' ? hl.privacy.risk : hl.privacy.kind === 'upper-bound' ? hl.privacy.bound : null;
}
