import { t } from '../../src/core/browser';
import { h, type Child } from '../dom';

/** A titled section of a view, with an optional one-line introduction. */
export function section(id: string, title: string, intro: string | null, ...children: Child[]): HTMLElement {
  return h('section', { class: 'section', id, 'aria-labelledby': `${id}-title` },
    h('h2', { class: 'section-title', id: `${id}-title` }, title),
    intro ? h('p', { class: 'section-intro' }, intro) : null,
    ...children);
}

/** A message for a view with nothing to show yet. */
export function emptyState(title: string, text: string, action?: HTMLElement): HTMLElement {
  return h('div', { class: 'empty-state' }, h('h2', null, title), h('p', null, text), action ?? null);
}

/** A small uppercase label, e.g. a column type. */
export function badge(text: string, extra = ''): HTMLElement {
  return h('span', { class: `badge${extra ? ` ${extra}` : ''}` }, text);
}

/** A bulleted list of notes; null when there are none. */
export function notesList(notes: readonly string[]): HTMLElement | null {
  return notes.length ? h('ul', { class: 'notes' }, ...notes.map((n) => h('li', null, n))) : null;
}

/**
 * A column type's name in the page's language. The type itself (metadata.json, `twin review --type`)
 * stays the English word; only what the page shows is translated.
 */
export function typeLabel(type: string): string {
  switch (type) {
    case 'numeric': return t('numeric');
    case 'integer': return t('integer');
    case 'categorical': return t('categorical');
    case 'boolean': return t('boolean');
    case 'date': return t('date');
    case 'datetime': return t('datetime');
    case 'text': return t('text');
    case 'identifier': return t('identifier');
    default: return type;
  }
}
