/**
 * Media values as the SDK logs them (wandb/sdk/data_types/: image.py, helper_types/
 * bounding_boxes_2d.py and image_mask.py, histogram.py, audio.py, video.py, html.py,
 * plotly.py, object_3d.py, table.py), decoded once into plain typed values: which files a value
 * needs and what it says about them. Pure; no `vscode`.
 */
import type { WandbValue } from './values';

/** One bounding box: in the image's pixels, or (`fraction`) as fractions of its width and height. */
export interface Box {
  fraction: boolean;
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
  classId: number;
  caption?: string;
  scores?: Record<string, number>;
}

/** A `boxes2D` file: the boxes of one image under one name, and the class names they use. */
export interface BoxSet {
  boxes: Box[];
  classLabels: Record<number, string>;
}

export interface MediaFileRef {
  path: string;
  caption?: string;
}

/** An image with what is drawn over it: box sets and masks by name, and the classes file. */
export interface ImageMedia {
  kind: 'image';
  path: string;
  width?: number;
  height?: number;
  caption?: string;
  /** `boxes2D` files by box-set name (`predictions`, `ground_truth`...). */
  boxes: Record<string, string>;
  /** Mask PNGs (pixel value = class id) by mask name. */
  masks: Record<string, string>;
  /** `classes_file` naming the class ids of masks. */
  classesPath?: string;
}

export type MediaItem =
  | ImageMedia
  /** A list of images logged under one key (`images/separated`). */
  | { kind: 'images'; items: ImageMedia[]; width?: number; height?: number }
  | { kind: 'histogram'; values: number[]; bins: number[] }
  | { kind: 'audio'; items: MediaFileRef[]; sampleRate?: number }
  | { kind: 'video'; path: string; caption?: string; width?: number; height?: number; format?: string }
  | { kind: 'table'; path: string; rows?: number; cols?: number }
  /** HTML and Plotly figures: files the panel shows as source, never runs. */
  | { kind: 'html' | 'plotly'; path: string }
  | { kind: 'object3D'; path: string }
  | { kind: 'other'; type: string };

export type MediaKind = MediaItem['kind'];

/** `_type` names the SDK writes for media values, and the card kind each becomes. */
const TYPE_KINDS: Record<string, MediaKind> = {
  'image-file': 'image',
  'images/separated': 'images',
  images: 'images',
  histogram: 'histogram',
  'audio-file': 'audio',
  audio: 'audio',
  'video-file': 'video',
  'table-file': 'table',
  'partitioned-table': 'table',
  'html-file': 'html',
  html: 'html',
  'plotly-file': 'plotly',
  'object3D-file': 'object3D',
  'molecule-file': 'other',
  'bokeh-file': 'other',
};

/** The card kind of a history key from its `historyKeys` type counts; undefined for non-media keys. */
export function mediaKindOfTypes(typeCounts: Record<string, number>): MediaKind | undefined {
  for (const t of Object.keys(typeCounts)) {
    const k = TYPE_KINDS[t];
    if (k) return k;
  }
  return undefined;
}

type Obj = { [key: string]: WandbValue };
const isObj = (v: unknown): v is Obj => !!v && typeof v === 'object' && !Array.isArray(v);
const str = (v: unknown) => (typeof v === 'string' && v ? v : undefined);
const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
/** Files a value names are run files under `media/`; anything else is not followed. */
const mediaPath = (v: unknown) => {
  const p = str(v);
  return p && p.startsWith('media/') && !p.split('/').includes('..') ? p : undefined;
};

function pathsByName(v: unknown, type: string): Record<string, string> {
  const out: Record<string, string> = {};
  if (!isObj(v)) return out;
  for (const [name, ref] of Object.entries(v)) {
    if (isObj(ref) && (ref._type === undefined || ref._type === type)) {
      const p = mediaPath(ref.path);
      if (p) out[name] = p;
    }
  }
  return out;
}

function decodeImage(v: Obj, caption?: string): ImageMedia | undefined {
  const path = mediaPath(v.path);
  if (!path) return undefined;
  const img: ImageMedia = { kind: 'image', path, boxes: pathsByName(v.boxes, 'boxes2D'), masks: pathsByName(v.masks, 'mask') };
  const width = num(v.width);
  const height = num(v.height);
  if (width !== undefined) img.width = width;
  if (height !== undefined) img.height = height;
  const cap = caption ?? str(v.caption);
  if (cap) img.caption = cap;
  const classes = isObj(v.classes) ? mediaPath(v.classes.path) : undefined;
  if (classes) img.classesPath = classes;
  return img;
}

/** One logged value as a card shows it; undefined when it is not media or names no usable file. */
export function decodeMediaValue(v: WandbValue | undefined): MediaItem | undefined {
  if (!isObj(v) || typeof v._type !== 'string') return undefined;
  const type = v._type;
  const kind = TYPE_KINDS[type];
  const captions = Array.isArray(v.captions) ? v.captions.map((c) => (typeof c === 'string' ? c : undefined)) : [];
  switch (kind) {
    case 'image':
      return decodeImage(v);
    case 'images': {
      // `filenames` since SDK 0.12; `all_boxes`/`all_masks` hold each image's overlays in order.
      const names = Array.isArray(v.filenames) ? v.filenames : [];
      const boxes = Array.isArray(v.all_boxes) ? v.all_boxes : [];
      const masks = Array.isArray(v.all_masks) ? v.all_masks : [];
      const items = names
        .map((p, i) => decodeImage({ path: p ?? null, boxes: boxes[i] ?? null, masks: masks[i] ?? null }, captions[i]))
        .filter((x): x is ImageMedia => !!x);
      if (items.length === 0) return { kind: 'other', type };
      const out: MediaItem = { kind: 'images', items };
      if (num(v.width) !== undefined) out.width = num(v.width);
      if (num(v.height) !== undefined) out.height = num(v.height);
      return out;
    }
    case 'histogram': {
      const values = Array.isArray(v.values) ? v.values.map((x) => (typeof x === 'number' && Number.isFinite(x) ? x : 0)) : [];
      let bins = Array.isArray(v.bins) ? v.bins.filter((x): x is number => typeof x === 'number' && Number.isFinite(x)) : [];
      // `packedBins` ({min, size, count}) instead of explicit edges, as the SDK may send for many bins.
      const packed = isObj(v.packedBins) ? v.packedBins : undefined;
      if (bins.length === 0 && packed && num(packed.min) !== undefined && num(packed.size) !== undefined) {
        bins = Array.from({ length: values.length + 1 }, (_, i) => num(packed.min)! + i * num(packed.size)!);
      }
      return bins.length === values.length + 1 && values.length > 0 ? { kind: 'histogram', values, bins } : { kind: 'other', type };
    }
    case 'audio': {
      const files = type === 'audio' && Array.isArray(v.audio) ? v.audio : [v];
      const items = files
        .map((f, i) => (isObj(f) ? { path: mediaPath(f.path), caption: captions[i] ?? str(f.caption) } : undefined))
        .filter((f): f is { path: string; caption: string | undefined } => !!f?.path)
        .map((f) => (f.caption ? { path: f.path, caption: f.caption } : { path: f.path }));
      if (items.length === 0) return { kind: 'other', type };
      const rates = Array.isArray(v.sampleRates) ? v.sampleRates : [];
      const sampleRate = num(v.sample_rate) ?? num(rates[0]);
      return sampleRate === undefined ? { kind: 'audio', items } : { kind: 'audio', items, sampleRate };
    }
    case 'video': {
      const path = mediaPath(v.path);
      if (!path) return { kind: 'other', type };
      const out: MediaItem = { kind: 'video', path };
      if (str(v.caption)) out.caption = str(v.caption);
      if (num(v.width) !== undefined) out.width = num(v.width);
      if (num(v.height) !== undefined) out.height = num(v.height);
      if (str(v.format)) out.format = str(v.format);
      return out;
    }
    case 'table': {
      const path = mediaPath(v.path);
      if (!path) return { kind: 'other', type };
      const out: MediaItem = { kind: 'table', path };
      if (num(v.nrows) !== undefined) out.rows = num(v.nrows);
      if (num(v.ncols) !== undefined) out.cols = num(v.ncols);
      return out;
    }
    case 'html':
    case 'plotly':
    case 'object3D': {
      const path = mediaPath(v.path);
      return path ? { kind, path } : { kind: 'other', type };
    }
    default:
      return { kind: 'other', type };
  }
}

/** The files a card needs to draw the value (images, overlays, sound, video; not tables or figures). */
export function filesOf(item: MediaItem): string[] {
  const image = (i: ImageMedia) => [i.path, ...Object.values(i.boxes), ...Object.values(i.masks), ...(i.classesPath ? [i.classesPath] : [])];
  switch (item.kind) {
    case 'image':
      return image(item);
    case 'images':
      return item.items.flatMap(image);
    case 'audio':
      return item.items.map((i) => i.path);
    case 'video':
    case 'html':
    case 'plotly':
      return [item.path];
    default:
      return [];
  }
}

/**
 * A `boxes2D` file (`{box_data, class_labels}`): positions as `minX..maxY` or `middle` +
 * `width`/`height`, in pixels when `domain` is `pixel`, else as fractions of the image.
 */
export function decodeBoxSet(text: string): BoxSet {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { boxes: [], classLabels: {} };
  }
  const o = isObj(raw) ? raw : {};
  const classLabels: Record<number, string> = {};
  if (isObj(o.class_labels)) for (const [k, v] of Object.entries(o.class_labels)) if (typeof v === 'string' && Number.isFinite(Number(k))) classLabels[Number(k)] = v;
  const boxes: Box[] = [];
  for (const b of Array.isArray(o.box_data) ? o.box_data : []) {
    if (!isObj(b) || !isObj(b.position)) continue;
    const p = b.position;
    let minX = num(p.minX);
    let maxX = num(p.maxX);
    let minY = num(p.minY);
    let maxY = num(p.maxY);
    const mid = Array.isArray(p.middle) ? p.middle : undefined;
    if ((minX === undefined || maxX === undefined || minY === undefined || maxY === undefined) && mid && num(mid[0]) !== undefined && num(mid[1]) !== undefined && num(p.width) !== undefined && num(p.height) !== undefined) {
      minX = num(mid[0])! - num(p.width)! / 2;
      maxX = num(mid[0])! + num(p.width)! / 2;
      minY = num(mid[1])! - num(p.height)! / 2;
      maxY = num(mid[1])! + num(p.height)! / 2;
    }
    if (minX === undefined || maxX === undefined || minY === undefined || maxY === undefined) continue;
    const box: Box = { fraction: b.domain !== 'pixel', minX, maxX, minY, maxY, classId: num(b.class_id) ?? 0 };
    if (str(b.box_caption)) box.caption = str(b.box_caption);
    if (isObj(b.scores)) {
      const scores: Record<string, number> = {};
      for (const [k, v] of Object.entries(b.scores)) if (num(v) !== undefined) scores[k] = num(v)!;
      box.scores = scores;
    }
    boxes.push(box);
  }
  return { boxes, classLabels };
}

/** A classes file (`{class_set: [{id, name}]}`) as id → name. */
export function decodeClasses(text: string): Record<number, string> {
  const out: Record<number, string> = {};
  try {
    const o = JSON.parse(text) as unknown;
    const set = isObj(o) && Array.isArray(o.class_set) ? o.class_set : [];
    for (const c of set) if (isObj(c) && num(c.id) !== undefined && typeof c.name === 'string') out[num(c.id)!] = c.name;
  } catch {
    /* no names: the page says "class N" */
  }
  return out;
}
