/**
 * The list of media cards both panels' Media tabs show: a note above (loading, nothing logged,
 * errors) and the cards, each told when it comes on or goes off screen, so only cards on
 * screen ask for files.
 */
import { h } from './dom';

export interface MediaCardLike {
  readonly el: HTMLElement;
  setVisible(visible: boolean): void;
  dispose(): void;
}

export class MediaCardList<C extends MediaCardLike> {
  readonly el: HTMLElement;
  readonly grid: HTMLElement;
  private readonly note = h('div', { class: 'empty' }, 'Loading media…');
  readonly cards = new Map<string, C>();
  private readonly observer: IntersectionObserver;

  constructor(viewClass: string, gridClass: string) {
    this.grid = h('div', { class: gridClass });
    this.el = h('div', { class: viewClass }, this.note, this.grid);
    this.observer = new IntersectionObserver(
      (entries) => {
        for (const e of entries) this.cards.get((e.target as HTMLElement).dataset.key ?? '')?.setVisible(e.isIntersecting);
      },
      { rootMargin: '100px' },
    );
  }

  /**
   * No cards; the note says `text` (an error when `error`), followed by `action` (a button) if
   * given, or nothing when `text` is undefined.
   */
  clear(text: string | undefined, error = false, action?: HTMLElement): void {
    for (const c of this.cards.values()) c.dispose();
    this.cards.clear();
    this.grid.replaceChildren();
    this.say(text, error);
    if (action && text !== undefined) this.note.append(' ', action);
  }

  /** The note alone says `text` (an error when `error`), or nothing; the cards stay. */
  say(text: string | undefined, error = false): void {
    this.note.hidden = text === undefined;
    this.note.className = error ? 'empty error' : 'empty';
    this.note.textContent = text ?? '';
  }

  add(key: string, card: C): void {
    this.cards.set(key, card);
    this.grid.append(card.el);
    this.observer.observe(card.el);
  }
}
