import { shown } from '../../src/core/browser';
import { h, s } from '../dom';
import { bandChip } from './band';
import type { ReadingProps } from './types';

export interface ScoreCardProps {
  title: string;
  /** Headline figure, already formatted (e.g. "87.3%"). */
  value: string;
  /** 0..1 position of the meter under the figure; omitted for figures that are not scores. */
  meter?: number | null;
  reading?: ReadingProps | null;
  /** Small print under the reading: metric names, sample sizes. */
  detail?: string | null;
}

/** Overview card: title, big figure, meter, verdict band and its plain-language reading. */
export function scoreCard(p: ScoreCardProps): HTMLElement {
  const band = p.reading?.band;
  const card = h('article', { class: `card score-card${band ? ` score-${band}` : ''}` },
    h('header', { class: 'score-head' }, h('h3', { class: 'score-title' }, p.title), band ? bandChip(band) : null),
    h('div', { class: 'score-value' }, p.value));
  if (p.meter !== undefined && p.meter !== null && Number.isFinite(p.meter)) {
    const v = Math.max(0, Math.min(1, p.meter));
    card.appendChild(s('svg', { class: 'meter', viewBox: '0 0 100 6', preserveAspectRatio: 'none', 'aria-hidden': 'true' },
      s('rect', { class: 'meter-track', x: 0, y: 0, width: 100, height: 6, rx: 3 }),
      s('rect', { class: `meter-fill${band ? ` fill-${band}` : ''}`, x: 0, y: 0, width: (v * 100).toFixed(2), height: 6, rx: 3 })));
  }
  // A reading's sentence is stored in English in the report; shown in the page's language.
  if (p.reading) card.appendChild(h('p', { class: 'reading' }, shown(p.reading.text)));
  if (p.detail) card.appendChild(h('p', { class: 'detail' }, p.detail));
  return card;
}
