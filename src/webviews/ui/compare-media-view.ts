/**
 * The compare panel's Media tab: a card per media key any of the runs logged, one column per
 * run (its name and colour), one step slider (and play) for the card. Each run shows its value
 * at the nearest step it logged at or before the chosen one, or says it has none there. Columns
 * ask for their files as the run panel's cards do: only on screen, one ask in flight per column.
 */
import './media.css';
import type { MediaIndex, MediaSeries, MediaStepData } from '../media-protocol';
import { compareMediaKeys, indexAtOrBefore, unionSteps, type CompareMediaKey } from '../media-steps';
import { append, button, clear, h } from './dom';
import { post } from './host';
import { MediaCardList } from './media-cards';
import { MediaFileAsks } from './media-file-asks';
import { StepSlider } from './media-slider';
import { KIND_LABEL, MediaValueView } from './media-value';

export interface CompareMediaState {
  /** The chosen step per key (a step, not a slider position: the runs' steps may change). */
  step: Record<string, number>;
  /** Class ids hidden per key, in every run's column. */
  hidden: Record<string, number[]>;
}

export interface ComparedRun {
  name: string;
}

export class CompareMediaView {
  private readonly list = new MediaCardList<CompareMediaCard>('media-view', 'media-compare-grid');
  readonly el = this.list.el;
  private requested = false;
  private runs: ComparedRun[] = [];
  /** The last index shown: its note names runs, so a rename says it again. */
  private index: MediaIndex[] | undefined;

  constructor(
    private readonly state: CompareMediaState,
    private readonly onStateChange: () => void,
  ) {}

  /** The runs' names and order; the cards are made again at the next showing. */
  setRuns(runs: ComparedRun[]): void {
    this.runs = runs;
    this.requested = false;
    this.index = undefined;
    this.list.clear('Loading media…');
  }

  /** The runs' new names (a rename): the columns' heads follow; nothing is asked again. */
  renameRuns(runs: ComparedRun[]): void {
    this.runs = runs;
    for (const card of this.list.cards.values()) card.renameRuns(runs);
    if (this.index) this.list.say(...this.noteFor(this.index));
  }

  /**
   * The panel could not load the runs, so there are no media keys to ask for: says why, with
   * Retry (the panel's refresh), instead of "Loading media…" for ever.
   */
  failed(message: string): void {
    const retry = button('Retry', 'refresh', () => {
      this.list.clear('Loading media…');
      post({ type: 'command', command: 'refresh' });
    });
    this.list.clear(`The runs could not be loaded, so their media cannot be shown. ${message}`, true, retry);
  }

  /** Asks for the runs' media keys once (when the tab is first shown). */
  load(): void {
    if (this.requested) return;
    this.requested = true;
    post({ type: 'mediaIndex' });
  }

  onIndex(runs: MediaIndex[]): void {
    this.index = runs;
    this.list.clear(...this.noteFor(runs));
    for (const k of compareMediaKeys(runs.map((r) => r.series))) this.list.add(k.key, new CompareMediaCard(k, this.runs, this.state, this.onStateChange));
  }

  /** The note above the cards for this index (runs named as they are now), and whether it is an error. */
  private noteFor(runs: MediaIndex[]): [string | undefined, boolean] {
    const problems = runs.flatMap((r, i) => (r.error ? [`${runName(this.runs, i)}: ${r.error}`] : []));
    if (problems.length > 0) return [problems.join('\n'), true];
    if (runs.every((r) => r.series.length === 0)) return ['None of these runs logged media.', false];
    if (runs.some((r) => r.truncated)) return ['Some keys were logged at more steps than the slider holds; it steps through an even sample of them.', false];
    return [undefined, false];
  }

  onStep(run: number, data: MediaStepData): void {
    this.list.cards.get(data.key)?.onData(run, data);
  }
}

const runName = (runs: ComparedRun[], run: number) => runs[run]?.name ?? `Run ${run + 1}`;

/** One run's column of a card. */
interface Column {
  series: MediaSeries | undefined;
  asks: MediaFileAsks;
  value: MediaValueView | undefined;
  el: HTMLElement;
  /** The run's name in the column's head. */
  name: HTMLElement;
}

class CompareMediaCard {
  readonly el: HTMLElement;
  private readonly slider: StepSlider;
  private readonly columns: Column[];
  private visible = false;

  constructor(
    private readonly card: CompareMediaKey,
    runs: ComparedRun[],
    private readonly state: CompareMediaState,
    private readonly onStateChange: () => void,
  ) {
    const steps = unionSteps(card.runs.map((s) => s?.steps ?? []));
    const saved = state.step[card.key];
    const at = saved === undefined ? steps.length - 1 : Math.max(0, indexAtOrBefore(steps, saved));
    this.slider = new StepSlider(steps, at, card.key, () => this.moved(), () => this.columns.some((c) => c.asks.pending !== undefined));
    const hidden = new Set(state.hidden[card.key] ?? []);
    const hiddenChanged = () => {
      state.hidden[card.key] = [...hidden];
      onStateChange();
      for (const c of this.columns) c.value?.redraw();
    };
    this.columns = card.runs.map((series, run) => {
      const value = series && new MediaValueView(series, hidden, hiddenChanged, run);
      const name = h('span', { class: 'media-run-name' }, runName(runs, run));
      const head = h('header', { class: 'media-run' }, h('span', { class: `swatch swatch-${run % 20}` }), ' ', name);
      const el = h('div', { class: 'media-column', 'data-run': String(run) }, head, ...(value ? [value.legend, value.body] : [h('p', { class: 'media-note media-none' }, 'This run did not log this key.')]));
      return { series, asks: new MediaFileAsks(el, (step) => post({ type: 'mediaStep', key: card.key, step, run })), value, el, name };
    });
    this.el = h(
      'section',
      { class: `media-card media-${card.kind}`, 'data-key': card.key, 'data-kind': card.kind },
      h('header', { class: 'media-card-head' }, h('span', { class: 'media-key', title: card.key }, card.key), h('span', { class: 'media-kind' }, KIND_LABEL[card.kind]), this.slider.label),
      this.slider.controls,
      h('div', { class: 'media-columns' }, ...this.columns.map((c) => c.el)),
    );
    this.el.dataset.step = String(this.slider.step);
    // Histograms need no files: drawn at once, on screen or not.
    for (const c of this.columns) if (c.series?.kind === 'histogram') this.update(c);
  }

  renameRuns(runs: ComparedRun[]): void {
    this.columns.forEach((c, run) => {
      clear(c.name);
      append(c.name, [runName(runs, run)]);
    });
  }

  setVisible(v: boolean): void {
    this.visible = v;
    if (v) for (const c of this.columns) this.update(c);
    else this.slider.stop();
  }

  private moved(): void {
    this.state.step[this.card.key] = this.slider.step;
    this.onStateChange();
    this.el.dataset.step = String(this.slider.step);
    for (const c of this.columns) this.update(c);
  }

  /** Shows (or asks for) the column's value at the nearest step at or before the chosen one. */
  private update(c: Column): void {
    if (!c.series || !c.value) return;
    const at = indexAtOrBefore(c.series.steps, this.slider.step);
    if (at < 0) {
      // An answer in flight is shown when it lands, then this runs again.
      if (c.asks.pending !== undefined || (c.asks.shown === undefined && c.el.dataset.step === 'none')) return;
      c.asks.clear();
      c.value.empty(`No value at this step (first logged at step ${c.series.steps[0]}).`);
      c.el.dataset.step = 'none';
      return;
    }
    const step = c.series.steps[at]!;
    const item = c.series.items[at]!;
    if (item.kind === 'histogram') {
      if (c.asks.shown === step) return;
      c.asks.showWithoutFiles(step);
      void c.value.histogram(at).then(() => (c.el.dataset.step = String(step)));
      return;
    }
    c.asks.showOrAsk(c.value, item, step, this.visible);
  }

  onData(run: number, data: MediaStepData): void {
    const c = this.columns[run];
    if (c?.series && c.value && c.asks.answer(c.value, c.series, data)) this.update(c);
  }

  dispose(): void {
    this.slider.stop();
  }
}
