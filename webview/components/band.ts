import { h } from '../dom';
import type { Band } from './types';
import { t } from '../../src/core/browser';

const LABEL: Record<Band, () => string> = { good: () => t('Good'), fair: () => t('Fair'), poor: () => t('Poor') };
// A shape as well as a colour, so the band reads without colour vision and in high contrast.
const ICON: Record<Band, string> = { good: '●', fair: '◐', poor: '○' };

/** A small verdict chip: icon, word and colour for a band. */
export function bandChip(band: Band): HTMLElement {
  return h('span', { class: `band band-${band}` }, h('span', { class: 'band-icon', 'aria-hidden': 'true' }, ICON[band]), LABEL[band]());
}

