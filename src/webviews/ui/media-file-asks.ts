/**
 * A media value's asks to the extension for its files, shared by the run panel's cards and the
 * compare panel's columns: a value that needs no files shows at once; one that does is asked for
 * only while on screen, one ask in flight (StepAsks), and shows when its answer lands. Imports
 * no DOM module, so the logic is unit-tested with stand-ins for the element and the value view.
 */
import type { MediaItem, MediaSeries, MediaStepData } from '../media-protocol';
import { StepAsks } from '../media-steps';

/** Whether a value needs files from the extension before it can be shown. */
export function needsFiles(item: MediaItem): boolean {
  return item.kind === 'image' || item.kind === 'images' || item.kind === 'audio' || item.kind === 'video' || item.kind === 'html' || item.kind === 'plotly';
}

/** What shows a value (MediaValueView). */
export interface MediaShower {
  show(item: MediaItem, data: MediaStepData | undefined): void;
}

/** The card or column element: `data-step` says the step shown, class `loading` an ask in flight. */
export interface MediaStepElement {
  readonly dataset: Record<string, string | undefined>;
  readonly classList: { add(name: string): void; remove(name: string): void };
}

export class MediaFileAsks extends StepAsks {
  /** `request(step)` posts the ask for the files at `step` (naming the run in the compare panel). */
  constructor(
    private readonly el: MediaStepElement,
    private readonly request: (step: number) => void,
  ) {
    super();
  }

  /** Shows `item`, the value at `step`, or asks for its files: unless shown, asked for already, or off screen. */
  showOrAsk(value: MediaShower, item: MediaItem, step: number, visible: boolean): void {
    if (!needsFiles(item)) {
      if (visible && this.shown !== step) {
        this.showWithoutFiles(step);
        value.show(item, undefined);
        this.el.dataset.step = String(step);
      }
      return;
    }
    if (this.next(step, visible) === undefined) return;
    this.el.classList.add('loading');
    this.request(step);
  }

  /** An answer with the files of a step: shown if it is the ask in flight (true); else ignored (false). */
  answer(value: MediaShower, series: MediaSeries, data: MediaStepData): boolean {
    if (!this.answered(data.step)) return false;
    this.el.classList.remove('loading');
    const at = series.steps.indexOf(data.step);
    if (at >= 0) {
      value.show(series.items[at]!, data);
      this.el.dataset.step = String(data.step);
    }
    return true;
  }
}
