/**
 * Renders a long list a chunk at a time: the first rows at once, the next chunk when the end
 * comes into view. Keeps 10,000-row tables and 100,000-line logs responsive without fixed row
 * heights (rows may expand).
 */
export class LazyList<T> {
  private items: readonly T[] = [];
  private rendered = 0;
  private readonly sentinel: HTMLElement;
  private readonly observer: IntersectionObserver;

  constructor(
    readonly container: HTMLElement,
    private readonly renderItem: (item: T, index: number) => HTMLElement,
    private readonly chunk = 200,
  ) {
    this.sentinel = document.createElement('div');
    this.sentinel.className = 'lazy-sentinel';
    this.observer = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting)) this.more();
    });
  }

  /** Replaces the list; renders at least `minimum` rows (to keep a scroll position reachable). */
  set(items: readonly T[], minimum = 0): void {
    this.items = items;
    this.rendered = 0;
    this.observer.disconnect();
    this.container.replaceChildren();
    this.renderUpTo(Math.max(this.chunk, minimum));
  }

  /** Adds rows at the end (live logs); renders them if the list is fully rendered. */
  appendItems(items: readonly T[], all: readonly T[]): void {
    const wasComplete = this.rendered >= this.items.length;
    this.items = all;
    if (wasComplete) this.renderUpTo(this.rendered + items.length);
  }

  renderAll(): void {
    this.renderUpTo(this.items.length);
  }

  get count(): number {
    return this.items.length;
  }

  private more(): void {
    this.renderUpTo(this.rendered + this.chunk);
  }

  private renderUpTo(n: number): void {
    const end = Math.min(n, this.items.length);
    if (end <= this.rendered && this.sentinel.isConnected) return;
    this.sentinel.remove();
    const frag = document.createDocumentFragment();
    for (let i = this.rendered; i < end; i++) frag.appendChild(this.renderItem(this.items[i]!, i));
    this.container.appendChild(frag);
    this.rendered = Math.max(this.rendered, end);
    if (this.rendered < this.items.length) {
      this.container.appendChild(this.sentinel);
      this.observer.observe(this.sentinel);
    }
  }

  dispose(): void {
    this.observer.disconnect();
  }
}
