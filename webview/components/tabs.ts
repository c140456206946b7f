import { h } from '../dom';

export interface TabSpec<K extends string> { key: K; label: string; disabled?: boolean }

/**
 * An accessible tab strip (role=tablist, arrow keys move between tabs). Calls
 * `onSelect` with the chosen key; the caller renders the panel.
 */
export function tabStrip<K extends string>(tabs: TabSpec<K>[], selected: K, onSelect: (key: K) => void): HTMLElement {
  const strip = h('nav', { class: 'tabs', role: 'tablist', 'aria-label': 'Dashboard views' });
  const buttons = tabs.map((t) => {
    const b = h('button', { type: 'button', role: 'tab', class: 'tab', id: `tab-${t.key}`, 'aria-controls': 'panel',
      'aria-selected': t.key === selected ? 'true' : 'false', tabindex: t.key === selected ? '0' : '-1', disabled: t.disabled ?? false }, t.label);
    b.addEventListener('click', () => onSelect(t.key));
    return b;
  });
  strip.addEventListener('keydown', (e) => {
    if (e.key !== 'ArrowRight' && e.key !== 'ArrowLeft') return;
    const enabled = tabs.filter((t) => !t.disabled);
    const i = enabled.findIndex((t) => t.key === selected);
    const next = enabled[(i + (e.key === 'ArrowRight' ? 1 : enabled.length - 1)) % enabled.length];
    if (next) { onSelect(next.key); document.getElementById(`tab-${next.key}`)?.focus(); }
  });
  for (const b of buttons) strip.appendChild(b);
  return strip;
}
