/**
 * The dashboard's form controls, tabs and tables, built on @vscode-elements/elements: web
 * components that draw VS Code's own buttons, checkboxes, text fields, drop-downs, tabs and tables
 * from the theme's variables, with keyboard and screen-reader support built in. Only the elements
 * used here are imported, so esbuild bundles just those (and Lit) into dist/webview/main.js:
 * nothing is fetched at run time. Their styles are constructable stylesheets adopted by each
 * shadow root, which the pages' Content-Security-Policy allows without 'unsafe-inline'.
 */
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-checkbox/index.js';
import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import '@vscode-elements/elements/dist/vscode-tabs/index.js';
import '@vscode-elements/elements/dist/vscode-tab-header/index.js';
import '@vscode-elements/elements/dist/vscode-tab-panel/index.js';
import { h, type Child } from '../dom';

export interface ButtonOptions {
  /** The accessible name when it says more than the visible label (e.g. which link a Reject is for). */
  name?: string;
  secondary?: boolean;
  disabled?: boolean;
  /** Submits the enclosing form. */
  submit?: boolean;
  /** data-* attributes (without the prefix). */
  data?: Record<string, string>;
  className?: string;
}

/** A VS Code button; `onClick` runs on a click, Enter or Space. */
export function button(label: string, o: ButtonOptions, onClick?: () => void): HTMLElement {
  const data = Object.fromEntries(Object.entries(o.data ?? {}).map(([k, v]) => [`data-${k}`, v]));
  const b = h('vscode-button', {
    class: o.className ?? null, secondary: o.secondary ?? false, disabled: o.disabled ?? false,
    // The element does not say it is disabled to assistive technology: aria-disabled does.
    type: o.submit ? 'submit' : null, 'aria-label': o.name ?? null, 'aria-disabled': o.disabled ? 'true' : null, ...data,
  }, label);
  if (onClick) b.addEventListener('click', () => { if (!(b as HTMLElement & { disabled: boolean }).disabled) onClick(); });
  return b;
}

/**
 * A VS Code checkbox with a visible label; `name`, when given, is what a screen reader reads
 * instead (e.g. naming the column a row of "Identifier" boxes is about; it should start with the
 * visible label, so that speaking the label selects it).
 */
export function checkbox(label: string, name: string | null, checked: boolean, onChange: (checked: boolean) => void): HTMLElement {
  const box = h('vscode-checkbox', { checked }, ...(name ? [h('span', { 'aria-hidden': 'true' }, label), h('span', { class: 'visually-hidden' }, name)] : [label]));
  box.addEventListener('change', () => onChange((box as HTMLElement & { checked: boolean }).checked));
  return box;
}

export interface TextFieldOptions {
  type?: 'text' | 'search' | 'number';
  value?: string | number;
  /** The accessible name (a visible <label> may say the same). */
  label: string;
  placeholder?: string;
  className?: string;
  min?: number;
  step?: number;
  required?: boolean;
}

/** A VS Code text field; `value()` reads what was typed. */
export function textField(o: TextFieldOptions, onInput?: (value: string) => void): HTMLElement & { value: string } {
  const f = h('vscode-textfield', {
    type: o.type ?? 'text', value: o.value ?? '', placeholder: o.placeholder ?? null, class: o.className ?? null,
    min: o.min ?? null, step: o.step ?? null, required: o.required ?? false,
  }) as unknown as HTMLElement & { value: string; label: string };
  // The accessible name of the inner <input>: a property only (the element has no such attribute).
  f.label = o.label;
  if (onInput) f.addEventListener('input', () => onInput(f.value));
  return f;
}

/** A VS Code drop-down of options; `onChange` gets the chosen value. */
export function select(options: { value: string; label: string }[], value: string, label: string, onChange: (value: string) => void, className?: string): HTMLElement {
  const el = h('vscode-single-select', { label, class: className ?? null },
    ...options.map((o) => h('vscode-option', { value: o.value, selected: o.value === value }, o.label)));
  el.addEventListener('change', () => {
    const chosen = (el as HTMLElement & { value: string }).value;
    // The view re-renders on a choice and removes this element: let the element finish its own
    // pending update (closing its drop-down) first, or it calls showPopover once disconnected.
    setTimeout(() => onChange(chosen), 0);
  });
  return el;
}

export interface TabSpec<K extends string> { key: K; label: string }

/**
 * VS Code tabs: one header per view and the selected view's content in its panel (the others
 * stay empty until chosen). Arrow keys move between headers; Enter or Space selects.
 */
export function tabs<K extends string>(specs: TabSpec<K>[], selected: K, content: Child[], onSelect: (key: K) => void): HTMLElement {
  const index = Math.max(0, specs.findIndex((t) => t.key === selected));
  const el = h('vscode-tabs', { 'selected-index': index, class: 'view-tabs' },
    // tabindex as the element will set it once upgraded, so the chosen tab takes focus at once.
    ...specs.map((t, i) => h('vscode-tab-header', { slot: 'header', 'data-view': t.key, tabindex: i === index ? 0 : -1 }, t.label)),
    ...specs.map((t, i) => h('vscode-tab-panel', { 'data-view': t.key }, ...(i === index ? content : []))));
  el.addEventListener('vsc-tabs-select', (e) => {
    const next = specs[(e as CustomEvent<{ selectedIndex: number }>).detail.selectedIndex];
    if (next && next.key !== selected) onSelect(next.key);
  });
  // The element selects on Enter only; Space selects too, as on any tab strip.
  el.addEventListener('keydown', (e) => {
    const target = e.target as HTMLElement;
    if (e.key === ' ' && target.tagName === 'VSCODE-TAB-HEADER') {
      e.preventDefault();
      target.click();
    }
  });
  return el;
}
