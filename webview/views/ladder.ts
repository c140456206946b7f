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

const LEVEL_TEXT: Record<LadderRung['level'], string> = {
  structural: 'Structural — schema and valid values only, from the metadata',
  statistical: 'Statistical — each column’s distribution, independently',
  correlated: 'Correlated — relationships between columns from a fitted model',
};

/** The dataset name of a rung's absolute path (the webview has no path module). */
function baseName(p: string): string {
  return p.split(/[\\/]/).pop() ?? p;
}

/**
 * Renders the ladder for `dataset` (the file name the dashboard is about); rungs made for another
 * dataset are never shown under its name. `run` is null where the ladder cannot be started (standalone).
 */
export function renderLadder(ladder: LadderRung[] | null, run: (() => void) | null, dataset: string | null = null): HTMLElement {
  const button = run ? controlButton(ladder ? 'Run the ladder again' : 'Generate all three levels', {}, run) : null;
  const other = ladder?.find((r) => r.dataset !== undefined && dataset !== null && baseName(r.dataset) !== dataset);
  if (!ladder || ladder.length === 0 || other) {
    return emptyState('Fidelity ladder', `${other ? `The last ladder was for ${baseName(other.dataset!)}, not ${dataset}. ` : ''}Generate a twin at each level for the current dataset and compare fidelity, utility and privacy side by side, all measured against the same real records held out from every twin.`, button ?? undefined);
  }
  const done = ladder.filter((r): r is LadderRung & { report: EvaluationReport } => r.status === 'done' && r.report !== null);
  const metric = (name: string, pick: (r: EvaluationReport) => number | null, tone: (r: EvaluationReport) => ValueBar['tone'], text: (r: EvaluationReport) => string = (r) => formatPercent(pick(r))): HTMLElement =>
    h('div', { class: 'card' }, h('h3', { class: 'sub-title' }, name),
      valueBars(done.map((r) => ({ label: r.level, value: pick(r.report), tone: tone(r.report), text: text(r.report) })), `${name} by fidelity level`));
  const rows = ladder.map((r) => {
    const rep = r.report;
    const hl = rep ? headlineOf(rep) : null;
    return [
      h('span', { title: LEVEL_TEXT[r.level] }, r.level),
      r.status === 'failed' ? (r.error ?? 'failed') : r.madeFrom ? `${r.status} · from ${r.madeFrom === 'metadata' ? 'metadata alone' : 'real records'}` : r.status,
      rep ? formatPercent(rep.fidelity.score) : '—',
      hl ? utilityText(hl) : '—',
      rep ? formatNumber(rep.privacy.dcr.synthetic.median, 3) : '—',
      hl ? privacyText(hl) : '—',
      rep && hl?.privacy.kind === 'risk' ? bandChip(rep.privacy.reading.band) : rep ? 'no verdict (no holdout)' : '',
    ];
  });
  const holdoutRows = done[0]?.report.sample.holdout ?? null;
  return h('div', { class: 'view ladder-view' },
    section('ladder', 'Fidelity ladder', `Higher fidelity makes a twin more useful — and brings it closer to the real records. Read the rows together.${holdoutRows ? ` Every level is measured against the same ${formatCount(holdoutRows)} real records held out before any twin was made.` : ''}`,
      button ? h('div', { class: 'toolbar' }, button) : null,
      h('div', { class: 'card-grid' },
        metric('Fidelity', (r) => r.fidelity.score, (r) => r.fidelity.reading.band),
        metric('Utility (twin-trained vs real-trained)', (r) => r.utility?.prediction.ratio ?? null, (r) => r.utility?.reading.band ?? 'fair', (r) => utilityText(headlineOf(r))),
        metric('Distance to the closest real record (median; lower = closer)', (r) => r.privacy.dcr.synthetic.median, (r) => r.privacy.dcr.baselineProtection.reading.band, (r) => formatNumber(r.privacy.dcr.synthetic.median, 3)),
        metric('Highest privacy-attack risk', maxRisk, (r) => r.privacy.reading.band, (r) => privacyText(headlineOf(r)))),
      dataTable([{ label: 'Level' }, { label: 'Status' }, { label: 'Fidelity', numeric: true }, { label: 'Utility', numeric: true },
        { label: 'Median distance to real', numeric: true }, { label: 'Highest attack risk', numeric: true }, { label: 'Privacy' }], rows),
      h('ul', { class: 'notes' }, ...ladder.map((r) => h('li', null, LEVEL_TEXT[r.level])))));
}

function utilityText(hl: Headline): string {
  return hl.utility.kind === 'ratio' ? formatPercent(hl.utility.ratio) : hl.utility.kind === 'no-skill' ? 'not rated (real model has no skill)' : '—';
}

function privacyText(hl: Headline): string {
  return hl.privacy.kind === 'risk' ? formatPercent(hl.privacy.risk) : hl.privacy.kind === 'upper-bound' ? `≤ ${formatPercent(hl.privacy.bound)} (upper bound)` : '—';
}

function maxRisk(r: EvaluationReport): number | null {
  const hl = headlineOf(r);
  return hl.privacy.kind === 'risk' ? hl.privacy.risk : hl.privacy.kind === 'upper-bound' ? hl.privacy.bound : null;
}
