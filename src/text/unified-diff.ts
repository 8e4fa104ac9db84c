/**
 * Unified diffs as `git diff` writes them (a run's `diff.patch` is `git diff HEAD` of the
 * working tree the SDK saw): parsed per file, and applied to a file's text at the commit, so a
 * patch can be shown as what it changed rather than as `+`/`-` lines. Pure.
 */

export interface Hunk {
  oldStart: number;
  oldLines: number;
  newStart: number;
  newLines: number;
  /** Body lines with their first character: ' ' context, '-' removed, '+' added, '\' marker. */
  lines: string[];
}

export interface FilePatch {
  /** Path before (`a/` dropped); undefined for a new file. */
  oldPath?: string;
  /** Path after (`b/` dropped); undefined for a deleted file. */
  newPath?: string;
  /** No text hunks (a binary file, a pure rename or mode change). */
  binary: boolean;
  hunks: Hunk[];
}

const HUNK = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/;

function stripPrefix(p: string): string | undefined {
  const path = p.replace(/\t.*$/, '').trim();
  if (path === '/dev/null') return undefined;
  const unquoted = path.startsWith('"') && path.endsWith('"') ? path.slice(1, -1) : path;
  return unquoted.replace(/^[ab]\//, '');
}

/** Every file of a (git) unified diff, in order. Lines outside a file section are ignored. */
export function parseUnifiedDiff(text: string): FilePatch[] {
  const out: FilePatch[] = [];
  const lines = text.split('\n');
  let file: FilePatch | undefined;
  let hunk: Hunk | undefined;
  let oldLeft = 0;
  let newLeft = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.replace(/\r$/, '');
    if (hunk && (oldLeft > 0 || newLeft > 0)) {
      const c = line[0] ?? ' ';
      if (c === ' ' || c === '-' || c === '+' || line === '') {
        hunk.lines.push(line === '' ? ' ' : line);
        if (c !== '+') oldLeft--;
        if (c !== '-') newLeft--;
        continue;
      }
    }
    if (hunk && line.startsWith('\\')) {
      hunk.lines.push(line);
      continue;
    }
    hunk = undefined;
    if (line.startsWith('diff --git ')) {
      const m = /^diff --git (\S+) (\S+)$/.exec(line);
      file = { oldPath: m ? stripPrefix(m[1]!) : undefined, newPath: m ? stripPrefix(m[2]!) : undefined, binary: false, hunks: [] };
      out.push(file);
    } else if (line.startsWith('--- ')) {
      if (!file || file.hunks.length > 0) {
        file = { binary: false, hunks: [] };
        out.push(file);
      }
      file.oldPath = stripPrefix(line.slice(4));
    } else if (line.startsWith('+++ ') && file) {
      file.newPath = stripPrefix(line.slice(4));
    } else if (line.startsWith('new file mode') && file) {
      file.oldPath = undefined;
    } else if (line.startsWith('deleted file mode') && file) {
      file.newPath = undefined;
    } else if ((line.startsWith('Binary files ') || line.startsWith('GIT binary patch')) && file) {
      file.binary = true;
    } else if (file) {
      const m = HUNK.exec(line);
      if (m) {
        hunk = { oldStart: +m[1]!, oldLines: m[2] === undefined ? 1 : +m[2], newStart: +m[3]!, newLines: m[4] === undefined ? 1 : +m[4], lines: [] };
        oldLeft = hunk.oldLines;
        newLeft = hunk.newLines;
        file.hunks.push(hunk);
      }
    }
  }
  return out;
}

/** How far from its stated line a hunk may have moved and still apply (as `patch` allows). */
const MAX_OFFSET = 200;

/**
 * The file's text after the patch, or undefined when a hunk's context does not match (the
 * patch was made against other text). `original` is '' for a new file.
 */
export function applyFilePatch(original: string, patch: FilePatch): string | undefined {
  if (patch.binary) return undefined;
  const eol = original.includes('\r\n') ? '\r\n' : '\n';
  const src = original === '' ? [] : original.split(/\r?\n/);
  const originalEnds = original === '' || /\n$/.test(original);
  if (originalEnds && src.length > 0) src.pop();
  // "\ No newline at end of file" after a line of the new text: the result lacks the final
  // newline; after a removed line only: the patch adds it.
  let newLacksEol = false;
  let oldLackedEol = false;
  const out: string[] = [];
  let pos = 0;
  for (const hunk of patch.hunks) {
    const before: string[] = [];
    const after: string[] = [];
    let prev = '';
    for (const l of hunk.lines) {
      if (l.startsWith('\\')) {
        // "\ No newline at end of file" belongs to the line above it.
        if (prev === '+' || prev === ' ') newLacksEol = true;
        if (prev === '-' || prev === ' ') oldLackedEol = true;
        continue;
      }
      prev = l[0]!;
      if (prev !== '+') before.push(l.slice(1));
      if (prev !== '-') after.push(l.slice(1));
    }
    const stated = Math.max(0, hunk.oldStart - (hunk.oldLines === 0 ? 0 : 1));
    const at = findBlock(src, before, stated, pos);
    if (at === undefined) return undefined;
    out.push(...src.slice(pos, at), ...after);
    pos = at + before.length;
  }
  out.push(...src.slice(pos));
  if (out.length === 0) return '';
  const endsWithNewline = newLacksEol ? false : oldLackedEol ? true : originalEnds;
  return out.join(eol) + (endsWithNewline ? eol : '');
}

function findBlock(src: string[], block: string[], stated: number, from: number): number | undefined {
  const matches = (at: number) => at >= from && at + block.length <= src.length && block.every((l, k) => src[at + k] === l);
  for (let d = 0; d <= MAX_OFFSET; d++) {
    if (matches(stated - d)) return stated - d;
    if (d > 0 && matches(stated + d)) return stated + d;
  }
  return undefined;
}
