import { h } from '../dom';
import type { SeriesNames } from './types';

/** Legend for the two series of a paired chart (matches the `series-a` / `series-b` classes). */
export function legend(names: SeriesNames): HTMLElement {
  return h('div', { class: 'legend' },
    h('span', { class: 'legend-item' }, h('span', { class: 'swatch swatch-a', 'aria-hidden': 'true' }), names.a),
    h('span', { class: 'legend-item' }, h('span', { class: 'swatch swatch-b', 'aria-hidden': 'true' }), names.b));
}
