/**
 * Where each file of a download goes, checked and claimed: a name from W&B is refused when it is
 * unsafe or resolves outside the destination, and two entries that would write the same file
 * race, so the first one claims it and the others are refused.
 */
import { FileFailure } from './failures';
import { checkRemoteName, placesUnder, type CheckedName } from './safe-path';

/** Where two names that differ only in case (or Unicode normalization) may be the same file. */
export const caseInsensitive = process.platform === 'win32' || process.platform === 'darwin';

/** A folder entry's name as the file system compares it. */
export const foldName = (n: string, folds = caseInsensitive) => (folds ? n.normalize('NFC').toLowerCase() : n);

/** A file's place: its absolute path and its segments under the destination. */
export interface Target {
  path: string;
  segments: readonly string[];
  /** `/`-separated path inside the destination (the checksum records' key). */
  rel: string;
  /** `/`-separated path of its folder inside the destination; empty at the top. */
  folder: string;
}

type SafeName = Extract<CheckedName, { ok: true }>;

/**
 * Safe names kept, per platform's rules (their segments beside each name); past this many the memo
 * starts over. Like the session's manifests, a bounded cost that a download again saves each time.
 */
const SAFE_NAMES_KEPT = 50_000;
const safeNames = new Map<NodeJS.Platform, Map<string, SafeName>>();

/**
 * `checkRemoteName`, remembered for safe names: a download again, or another plan of a manifest
 * the session keeps, checks each name once in this process. The check depends on the name and
 * the platform's rules only; refusals are checked each time.
 */
export function checkName(name: string, platform: NodeJS.Platform = process.platform): CheckedName {
  let known = safeNames.get(platform);
  if (!known) safeNames.set(platform, (known = new Map()));
  const hit = known.get(name);
  if (hit) return hit;
  const checked = checkRemoteName(name, platform);
  if (!checked.ok) return checked;
  if (known.size >= SAFE_NAMES_KEPT) known.clear();
  // Shared by every download of the name from now on.
  Object.freeze(checked.segments);
  known.set(name, Object.freeze(checked));
  return checked;
}

/** A safe name's place under one destination, and the key two names of one file share. */
interface Place {
  target: Target;
  key: string;
}

/** Destinations whose places are kept (a path per safe name): a download again into one of them joins no paths. */
const DESTINATIONS_KEPT = 2;
const placesKept = new Map<string, WeakMap<SafeName, Place>>();

/** The places kept for one destination (held while its safe names are), the latest used last. */
function placesIn(root: string, folds: boolean): WeakMap<SafeName, Place> {
  const k = `${folds ? 'folds' : 'exact'}:${root}`;
  const places = placesKept.get(k) ?? new WeakMap<SafeName, Place>();
  placesKept.delete(k);
  placesKept.set(k, places);
  for (const [old] of placesKept) if (placesKept.size > DESTINATIONS_KEPT) placesKept.delete(old);
  return places;
}

export class TargetClaims {
  private readonly claimed = new Set<string>();
  private readonly placeOf: (segments: readonly string[]) => string | undefined;
  private readonly places: WeakMap<SafeName, Place>;

  constructor(
    root: string,
    private readonly platform?: NodeJS.Platform,
    private readonly folds = caseInsensitive,
  ) {
    this.placeOf = placesUnder(root);
    this.places = placesIn(root, folds);
  }

  /** The place of `name` under the destination, claimed for it; throws a FileFailure if refused. */
  claim(name: string): Target {
    const checked = checkName(name, this.platform);
    if (!checked.ok) throw new FileFailure('unsafeName', `refused: ${checked.reason}`);
    const place = this.places.get(checked) ?? this.place(checked);
    if (this.claimed.has(place.key)) throw new FileFailure('unsafeName', 'refused: another file in this download has the same name');
    this.claimed.add(place.key);
    return place.target;
  }

  /** Where a safe name goes under the destination, kept for the next download into it. */
  private place(checked: SafeName): Place {
    const path = this.placeOf(checked.segments);
    if (!path) throw new FileFailure('unsafeName', 'refused: it resolves outside the destination folder');
    const cut = checked.rel.lastIndexOf('/');
    // Shared by every download of the name into this destination.
    const target = Object.freeze({ path, segments: checked.segments, rel: checked.rel, folder: cut < 0 ? '' : checked.rel.slice(0, cut) });
    const place = { target, key: this.folds ? path.toLowerCase() : path };
    this.places.set(checked, place);
    return place;
  }
}
