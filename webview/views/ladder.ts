/**
 * The Fidelity ladder: the three levels of one dataset side by side — fidelity,
 * utility and privacy risk — so a trainer can show how disclosure risk rises
 * with fidelity. Rungs come from the host (`runLadder` / `didChangeLadder`).
 */
import type { EvaluationReport } from '../../src/core/evaluate/report';
import type { LadderRung } from '../../src/protocol/messages';
import { h } from '../dom';
import { formatPercent } from '../format';
import { bandChip, dataTable, valueBars, type ValueBar } from '../components';
import { emptyState, section } from './common';

const LEVEL_TEXT: Record<LadderRung['level'], string> = {
  structural: 'Structural — schema and valid values only, from the metadata',
  statistical: 'Statistical — each column’s distribution, independently',
  correlated: 'Correlated — relationships between columns from a fitted model',
};

/** Renders the ladder; `run` is null where the ladder cannot be started (standalone). */
export function renderLadder(ladder: LadderRung[] | null, run: (() => void) | null): HTMLElement {
  const button = run ? h('button', { type: 'button', class: 'button' }, ladder ? 'Run the ladder again' : 'Generate all three levels') : null;
  if (button && run) button.addEventListener('click', run);
  if (!ladder || ladder.length === 0) {
    return emptyState('Fidelity ladder', 'Generate a twin at each level for the current dataset and compare fidelity, utility and privacy risk side by side.', button ?? undefined);
  }
  const done = ladder.filter((r): r is LadderRung & { report: EvaluationReport } => r.status === 'done' && r.report !== null);
  const metric = (name: string, pick: (r: EvaluationReport) => number | null, tone: (r: EvaluationReport) => ValueBar['tone']): HTMLElement =>
    h('div', { class: 'card' }, h('h3', { class: 'sub-title' }, name),
      valueBars(done.map((r) => ({ label: r.level, value: pick(r.report), tone: tone(r.report), text: formatPercent(pick(r.report)) })), `${name} by fidelity level`));
  const rows = ladder.map((r) => {
    const rep = r.report;
    return [
      h('span', { title: LEVEL_TEXT[r.level] }, r.level),
      r.status === 'failed' ? (r.error ?? 'failed') : r.status,
      rep ? formatPercent(rep.fidelity.score) : '—',
      rep?.utility?.prediction.ratio != null ? formatPercent(rep.utility.prediction.ratio) : '—',
      rep ? formatPercent(rep.privacy.exactMatches.rate, 2) : '—',
      rep ? formatPercent(maxRisk(rep)) : '—',
      rep ? bandChip(rep.privacy.reading.band) : '',
    ];
  });
  return h('div', { class: 'view ladder-view' },
    section('ladder', 'Fidelity ladder', 'Higher fidelity makes a twin more useful — and brings it closer to the real records. Read the rows together.',
      button ? h('div', { class: 'toolbar' }, button) : null,
      h('div', { class: 'card-grid' },
        metric('Fidelity', (r) => r.fidelity.score, (r) => r.fidelity.reading.band),
        metric('Utility (twin-trained vs real-trained)', (r) => r.utility?.prediction.ratio ?? null, (r) => r.utility?.reading.band ?? 'fair'),
        metric('Highest privacy-attack risk', maxRisk, (r) => r.privacy.reading.band)),
      dataTable([{ label: 'Level' }, { label: 'Status' }, { label: 'Fidelity', numeric: true }, { label: 'Utility', numeric: true },
        { label: 'Exact copies', numeric: true }, { label: 'Highest risk', numeric: true }, { label: 'Privacy' }], rows),
      h('ul', { class: 'notes' }, ...ladder.map((r) => h('li', null, LEVEL_TEXT[r.level])))));
}

function maxRisk(r: EvaluationReport): number | null {
  const a = r.privacy.anonymeter;
  const risks = [a.singlingOut.univariate, a.singlingOut.multivariate, a.linkability, a.inference].filter((x) => x !== null).map((x) => x.risk);
  return risks.length ? Math.max(...risks) : null;
}
