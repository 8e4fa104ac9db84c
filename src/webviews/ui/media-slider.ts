/**
 * A media card's step slider with its play button and label: the run panel gives each card
 * one over its key's steps, the compare panel one per card over all runs' steps.
 */
import { h, iconButton } from './dom';

/** Time between steps while playing (the next step also waits for the current to show). */
const PLAY_MS = 700;

export class StepSlider {
  readonly input: HTMLInputElement;
  readonly playButton: HTMLButtonElement;
  readonly label = h('span', { class: 'media-step' });
  readonly controls: HTMLElement;
  private playing?: ReturnType<typeof setInterval>;

  /**
   * `onMove` runs on every move (by hand or by play); `busy` holds play back while an ask is
   * in flight, so playing never queues asks.
   */
  constructor(
    private readonly steps: readonly number[],
    at: number,
    name: string,
    private readonly onMove: () => void,
    private readonly busy: () => boolean,
  ) {
    const n = steps.length;
    this.input = h('input', { type: 'range', class: 'media-slider', min: 0, max: Math.max(0, n - 1), step: 1, value: Math.min(n - 1, Math.max(0, at)), 'aria-label': `Step of ${name}` });
    this.input.disabled = n < 2;
    this.input.addEventListener('input', () => this.moved());
    this.playButton = iconButton('play', 'Play through the steps', () => this.togglePlay());
    this.playButton.disabled = n < 2;
    this.controls = h('div', { class: 'media-controls' }, this.playButton, this.input);
    this.updateLabel();
  }

  get index(): number {
    return Number(this.input.value);
  }

  /** The chosen step. */
  get step(): number {
    return this.steps[this.index]!;
  }

  private moved(): void {
    this.updateLabel();
    this.onMove();
  }

  private updateLabel(): void {
    this.label.textContent = `step ${this.step} (${this.index + 1} of ${this.steps.length})`;
  }

  private togglePlay(): void {
    if (this.playing) return this.stop();
    if (this.index >= this.steps.length - 1) this.input.value = '0';
    this.playButton.replaceChildren(h('span', { class: 'codicon codicon-debug-pause', 'aria-hidden': 'true' }));
    this.playing = setInterval(() => {
      if (this.busy()) return;
      if (this.index >= this.steps.length - 1) return this.stop();
      this.input.value = String(this.index + 1);
      this.moved();
    }, PLAY_MS);
  }

  stop(): void {
    if (this.playing) clearInterval(this.playing);
    this.playing = undefined;
    this.playButton.replaceChildren(h('span', { class: 'codicon codicon-play', 'aria-hidden': 'true' }));
  }
}
