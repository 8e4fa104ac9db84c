/**
 * The run panel's Media tab: a card per media key with a step slider (and play). A card asks
 * the extension for its files only while it is on screen, one step at a time (StepAsks), so
 * dragging across a thousand steps fetches the steps actually shown, not every step passed over.
 */
import './media.css';
import type { MediaSeries, MediaStepData } from '../media-protocol';
import { h } from './dom';
import { post } from './host';
import { MediaCardList } from './media-cards';
import { MediaFileAsks } from './media-file-asks';
import { StepSlider } from './media-slider';
import { KIND_LABEL, MediaValueView } from './media-value';

export interface MediaState {
  /** Slider position (index into the key's steps) per key. */
  at: Record<string, number>;
  /** Class ids hidden per key. */
  hidden: Record<string, number[]>;
}

export class MediaView {
  private readonly list = new MediaCardList<MediaCard>('media-view', 'media-grid');
  readonly el = this.list.el;
  private requested = false;

  constructor(
    private readonly state: MediaState,
    private readonly onStateChange: () => void,
  ) {}

  /** Asks for the index once (when the tab is first shown). */
  load(): void {
    if (this.requested) return;
    this.requested = true;
    post({ type: 'mediaIndex' });
  }

  /** After Refresh: the next showing asks again. */
  reset(): void {
    this.requested = false;
    this.list.clear('Loading media…');
  }

  onIndex(series: MediaSeries[], truncated: boolean, error?: string): void {
    const note = error ?? (series.length === 0 ? 'This run logged no media.' : truncated ? 'Some keys were logged at more steps than the slider holds; it steps through an even sample of them.' : undefined);
    this.list.clear(note, !!error);
    for (const s of series) this.list.add(s.key, new MediaCard(s, this.state, this.onStateChange));
  }

  onStep(data: MediaStepData): void {
    this.list.cards.get(data.key)?.onData(data);
  }
}

class MediaCard {
  readonly el: HTMLElement;
  private readonly slider: StepSlider;
  private readonly value: MediaValueView;
  private readonly asks: MediaFileAsks;
  private visible = false;

  constructor(
    private readonly series: MediaSeries,
    private readonly state: MediaState,
    private readonly onStateChange: () => void,
  ) {
    const hidden = new Set(state.hidden[series.key] ?? []);
    this.value = new MediaValueView(series, hidden, () => {
      state.hidden[series.key] = [...hidden];
      onStateChange();
      this.value.redraw();
    });
    this.slider = new StepSlider(series.steps, state.at[series.key] ?? series.steps.length - 1, series.key, () => this.moved(), () => this.asks.pending !== undefined);
    this.el = h(
      'section',
      { class: `media-card media-${series.kind}`, 'data-key': series.key, 'data-kind': series.kind },
      h(
        'header',
        { class: 'media-card-head' },
        h('span', { class: 'media-key', title: series.key }, series.key),
        h('span', { class: 'media-kind' }, series.summaryOnly ? `${KIND_LABEL[series.kind]} (summary)` : KIND_LABEL[series.kind]),
        this.slider.label,
      ),
      this.slider.controls,
      this.value.legend,
      this.value.body,
    );
    this.asks = new MediaFileAsks(this.el, (step) => post({ type: 'mediaStep', key: series.key, step }));
    if (series.kind === 'histogram') this.drawHistogram();
  }

  setVisible(v: boolean): void {
    this.visible = v;
    if (v) this.ask();
    else this.slider.stop();
  }

  private moved(): void {
    this.state.at[this.series.key] = this.slider.index;
    this.onStateChange();
    if (this.series.kind === 'histogram') this.drawHistogram();
    else this.ask();
  }

  /** Asks for the chosen step's files unless they are shown, asked for already, or off screen. */
  private ask(): void {
    if (this.series.kind === 'histogram') return;
    this.asks.showOrAsk(this.value, this.series.items[this.slider.index]!, this.slider.step, this.visible);
  }

  onData(data: MediaStepData): void {
    if (this.asks.answer(this.value, this.series, data)) this.ask();
  }

  private drawHistogram(): void {
    const step = this.slider.step;
    void this.value.histogram(this.slider.index).then(() => {
      this.asks.showWithoutFiles(step);
      this.el.dataset.step = String(step);
    });
  }

  dispose(): void {
    this.slider.stop();
  }
}
