/**
 * Building DOM without HTML strings: every text goes in as a text node, so a W&B name such as
 * `<img src=x onerror=...>` shows as those characters and runs nothing; text and tooltips lose
 * bidi controls and control characters (src/text/safe-text.ts), so no name reorders what follows.
 */
import { safeMultilineText } from '../../text/safe-text';

export type Child = Node | string | number | null | undefined | false;

export interface Attrs {
  class?: string;
  title?: string;
  [attr: string]: string | number | boolean | undefined | ((ev: Event) => void);
}

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs?: Attrs | null, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  if (attrs) {
    for (const [k, v] of Object.entries(attrs)) {
      if (v === undefined || v === false) continue;
      if (typeof v === 'function') el.addEventListener(k.replace(/^on/, '').toLowerCase(), v as EventListener);
      else if (k === 'class') el.className = String(v);
      else if (v === true) el.setAttribute(k, '');
      else if (k === 'title' || k === 'aria-label') el.setAttribute(k, safeMultilineText(String(v)));
      else el.setAttribute(k, String(v));
    }
  }
  append(el, children);
  return el;
}

export function append(el: Node, children: Child[]): void {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    el.appendChild(typeof c === 'string' ? document.createTextNode(safeMultilineText(c)) : typeof c === 'number' ? document.createTextNode(String(c)) : c);
  }
}

export function clear(el: Element): void {
  while (el.firstChild) el.removeChild(el.firstChild);
}

export function icon(name: string, title?: string): HTMLElement {
  const i = h('span', { class: `codicon codicon-${name}`, 'aria-hidden': 'true' });
  if (title) i.title = title;
  return i;
}

export function iconButton(name: string, label: string, onClick: (ev: Event) => void, extraClass = ''): HTMLButtonElement {
  const b = h('button', { class: `icon-button ${extraClass}`.trim(), title: label, 'aria-label': label, type: 'button' }, icon(name));
  b.addEventListener('click', onClick);
  return b;
}

export function button(label: string, iconName: string | undefined, onClick: (ev: Event) => void, extraClass = ''): HTMLButtonElement {
  const b = h('button', { class: `button ${extraClass}`.trim(), type: 'button' }, iconName ? icon(iconName) : null, label);
  b.addEventListener('click', onClick);
  return b;
}

/** Runs `fn` at most once per animation frame / `ms` window (for search boxes and resizes). */
export function debounce<A extends unknown[]>(fn: (...a: A) => void, ms: number): (...a: A) => void {
  let t: ReturnType<typeof setTimeout> | undefined;
  return (...a: A) => {
    if (t) clearTimeout(t);
    t = setTimeout(() => fn(...a), ms);
  };
}
