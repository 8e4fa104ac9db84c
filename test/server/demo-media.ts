/**
 * Media logged over steps, in the shapes the SDK writes (wandb/sdk/data_types/): an image with
 * boxes (`boxes2D` files) and a mask under `examples`, a list of images with captions under
 * `samples` (`images/separated`), a histogram under `weights`, a short sound under `audio`
 * (`audio-file`). Every file is generated (PNG patterns, a sine tone), never copied.
 */
import { createHash } from 'node:crypto';
import { lazyBlob, type Blob } from './blob.js';
import type { HistorySource, Row } from './model.js';
import { makePng, makePngFrom } from './png.js';

export interface MediaPlan {
  /** Media is logged at steps 0, every, 2·every, … below the history's length. */
  every: number;
  /** Image keys (each an image with boxes and a mask); the demo has one, the bench twenty. */
  imageKeys: string[];
  /** Also log the image list, the histogram and the sound. */
  extras: boolean;
  /** Sound every this many steps. */
  audioEvery: number;
}

export const BOX_CLASSES: Record<number, string> = { 1: 'digit', 2: 'smudge' };
/** The mask uses the boxes' class ids: the digit's ink and smudges along the edges. */
export const MASK_CLASSES: Record<number, string> = BOX_CLASSES;
const SIZE = 64;
const LIST_COUNT = 4;
const SAMPLE_RATE = 8_000;

const short = (s: string) => createHash('sha256').update(s).digest('hex');

/** A picture that changes with the step (the slider test tells steps apart by it). */
function imagePng(key: string, step: number): Buffer {
  const seed = (step * 7 + key.length * 13) % 251;
  return makePngFrom(SIZE, SIZE, (x, y) => {
    const dx = x - 20 - (step % 24);
    const dy = y - 32;
    const ink = dx * dx + dy * dy < 90;
    return ink ? [240, 240, 240] : [(x * 3 + seed) & 0xff, (y * 3 + seed * 2) & 0xff, 60];
  });
}

/** Class ids as pixel values: 1 around the moving blob, 2 on the left and right edges. */
function maskPng(step: number): Buffer {
  return makePngFrom(SIZE, SIZE, (x, y) => {
    const dx = x - 20 - (step % 24);
    const dy = y - 32;
    const id = dx * dx + dy * dy < 90 ? 1 : x < 4 || x >= SIZE - 4 ? 2 : 0;
    return [id, id, id];
  });
}

function boxesJson(step: number): string {
  const cx = 20 + (step % 24);
  return JSON.stringify({
    box_data: [
      { position: { minX: cx - 10, maxX: cx + 10, minY: 22, maxY: 42 }, domain: 'pixel', class_id: 1, box_caption: `digit ${(step / 10) % 10 | 0}`, scores: { confidence: 0.9 } },
      { position: { middle: [0.85, 0.2], width: 0.2, height: 0.2 }, class_id: 2, scores: { confidence: 0.4 } },
    ],
    class_labels: BOX_CLASSES,
  });
}

/** A short WAV (8-bit PCM, mono): a tone whose pitch rises with the step. */
export function toneWav(step: number, seconds = 0.3): Buffer {
  const n = Math.round(SAMPLE_RATE * seconds);
  const buf = Buffer.alloc(44 + n);
  buf.write('RIFF', 0, 'ascii');
  buf.writeUInt32LE(36 + n, 4);
  buf.write('WAVEfmt ', 8, 'ascii');
  buf.writeUInt32LE(16, 16);
  buf.writeUInt16LE(1, 20); // PCM
  buf.writeUInt16LE(1, 22); // mono
  buf.writeUInt32LE(SAMPLE_RATE, 24);
  buf.writeUInt32LE(SAMPLE_RATE, 28);
  buf.writeUInt16LE(1, 32);
  buf.writeUInt16LE(8, 34);
  buf.write('data', 36, 'ascii');
  buf.writeUInt32LE(n, 40);
  const hz = 330 + step;
  for (let i = 0; i < n; i++) buf[44 + i] = 128 + Math.round(90 * Math.sin((2 * Math.PI * hz * i) / SAMPLE_RATE));
  return buf;
}

function histogram(step: number, steps: number): Row {
  const spread = 1 - 0.7 * (step / Math.max(1, steps));
  const bins = Array.from({ length: 33 }, (_, k) => Math.round((-2 + k * 0.125) * 1000) / 1000);
  const values = Array.from({ length: 32 }, (_, k) => {
    const mid = (bins[k]! + bins[k + 1]!) / 2;
    return Math.round(500 * Math.exp(-((mid - 0.3 * (1 - spread)) ** 2) / (2 * (0.5 * spread) ** 2)));
  });
  return { _type: 'histogram', values, bins };
}

interface StepFiles {
  row: Row;
  files: Array<{ name: string; blob: Blob }>;
}

/** What one media step logs: the history values and the files they point at. */
function mediaStep(plan: MediaPlan, step: number, steps: number): StepFiles {
  const row: Row = {};
  const files: StepFiles['files'] = [];
  const file = (name: string, make: () => Buffer | string, mime: string) => {
    const blob = lazyBlob(make, mime);
    files.push({ name, blob });
    return blob;
  };
  for (const key of plan.imageKeys) {
    const h = short(`${key}/${step}`).slice(0, 20);
    const png = `media/images/${key}_${step}_${h}.png`;
    const boxes = `media/metadata/boxes2D/${key}_${step}_${h}.boxes2D.json`;
    const mask = `media/images/mask/${key}_${step}_${h}.mask.png`;
    const classes = `media/classes/${short('classes').slice(0, 20)}_cls.classes.json`;
    const img = file(png, () => imagePng(key, step), 'image/png');
    const b = file(boxes, () => boxesJson(step), 'application/json');
    const m = file(mask, () => maskPng(step), 'image/png');
    row[key] = {
      _type: 'image-file',
      path: png,
      format: 'png',
      width: SIZE,
      height: SIZE,
      sha256: short(png),
      get size() {
        return img.size;
      },
      boxes: { predictions: { _type: 'boxes2D', path: boxes, sha256: short(boxes), get size() { return b.size; } } },
      masks: { segmentation: { _type: 'mask', path: mask, sha256: short(mask), get size() { return m.size; } } },
      classes: { _type: 'classes_file', path: classes, digest: short('classes') },
    };
  }
  if (plan.extras) {
    const names = Array.from({ length: LIST_COUNT }, (_, i) => `media/images/samples_${step}_${short(`s/${step}/${i}`).slice(0, 20)}.png`);
    names.forEach((n, i) => file(n, () => makePng(32, 32, (step + i * 37) % 251), 'image/png'));
    row.samples = { _type: 'images/separated', width: 32, height: 32, format: 'png', count: LIST_COUNT, filenames: names, captions: names.map((_, i) => `label ${(step + i) % 10}`) };
    row.weights = histogram(step, steps);
    if (step % plan.audioEvery === 0) {
      const wav = `media/audio/audio_${step}_${short(`a/${step}`).slice(0, 20)}.wav`;
      const blob = file(wav, () => toneWav(step), 'audio/wav');
      row.audio = { _type: 'audio-file', path: wav, sha256: short(wav), sample_rate: SAMPLE_RATE, caption: `tone at step ${step}`, get size() { return blob.size; } };
    }
  }
  return { row, files };
}

/** The shared classes file the image values point at (names of the mask's class ids). */
function classesFile(): { name: string; blob: Blob } {
  const body = JSON.stringify({ _type: 'classes', class_set: Object.entries(MASK_CLASSES).map(([id, name]) => ({ id: Number(id), name })) });
  return { name: `media/classes/${short('classes').slice(0, 20)}_cls.classes.json`, blob: lazyBlob(() => body, 'application/json') };
}

/**
 * `base` with media merged into every `every`-th row, and the files of all media steps. The
 * key info counts media by `_type`, as the server's `historyKeys` does.
 */
export function withMedia(base: HistorySource, plan: MediaPlan): { history: HistorySource; files: () => Array<{ name: string; blob: Blob }> } {
  const steps = () => base.length();
  const memo = new Map<number, StepFiles>();
  const at = (step: number) => {
    let m = memo.get(step);
    if (!m) memo.set(step, (m = mediaStep(plan, step, steps())));
    return m;
  };
  const history: HistorySource = {
    length: base.length,
    row: (i) => {
      const r = base.row(i);
      const step = typeof r._step === 'number' ? r._step : i;
      return step % plan.every === 0 ? { ...r, ...at(step).row } : r;
    },
    indexOfStep: base.indexOfStep,
    keyInfo: base.keyInfo
      ? () => {
          const info = base.keyInfo!();
          const n = Math.ceil(steps() / plan.every);
          const count = (type: string, c: number) => ({ typeCounts: [{ type, count: c }] });
          for (const k of plan.imageKeys) info.keys[k] = count('image-file', n);
          if (plan.extras) {
            info.keys.samples = count('images/separated', n);
            info.keys.weights = count('histogram', n);
            info.keys.audio = count('audio-file', Math.ceil(steps() / plan.audioEvery));
          }
          return info;
        }
      : undefined,
  };
  const files = () => {
    const out = [classesFile()];
    for (let s = 0; s < steps(); s += plan.every) out.push(...at(s).files);
    return out;
  };
  return { history, files };
}
