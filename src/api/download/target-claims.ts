/**
 * Where each file of a download goes, checked and claimed: a name from W&B is refused when it is
 * unsafe or resolves outside the destination, and two entries that would write the same file
 * race, so the first one claims it and the others are refused.
 */
import { FileFailure } from './failures';
import { checkRemoteName, placesUnder } from './safe-path';

/** Where two names that differ only in case (or Unicode normalization) may be the same file. */
export const caseInsensitive = process.platform === 'win32' || process.platform === 'darwin';

/** A folder entry's name as the file system compares it. */
export const foldName = (n: string, folds = caseInsensitive) => (folds ? n.normalize('NFC').toLowerCase() : n);

/** A file's place: its absolute path and its segments under the destination. */
export interface Target {
  path: string;
  segments: string[];
  /** `/`-separated path inside the destination (the checksum records' key). */
  rel: string;
}

export class TargetClaims {
  private readonly claimed = new Set<string>();
  private readonly placeOf: (segments: string[]) => string | undefined;

  constructor(
    root: string,
    private readonly platform?: NodeJS.Platform,
    private readonly folds = caseInsensitive,
  ) {
    this.placeOf = placesUnder(root);
  }

  /** The place of `name` under the destination, claimed for it; throws a FileFailure if refused. */
  claim(name: string): Target {
    const checked = checkRemoteName(name, this.platform);
    if (!checked.ok) throw new FileFailure('unsafeName', `refused: ${checked.reason}`);
    const target = this.placeOf(checked.segments);
    if (!target) throw new FileFailure('unsafeName', 'refused: it resolves outside the destination folder');
    const key = this.folds ? target.toLowerCase() : target;
    if (this.claimed.has(key)) throw new FileFailure('unsafeName', 'refused: another file in this download has the same name');
    this.claimed.add(key);
    return { path: target, segments: checked.segments, rel: checked.rel };
  }
}
