/**
 * Checks the config and summary keys a person types (a sort key, `config.<key>` in a search)
 * against the keys the project's runs really have (`readRunKeys`, W&B's `pathCounts`), and
 * suggests the nearest one. The server takes any key and answers with an unsorted or empty list,
 * so a typo is only caught here.
 */
import type { RunKey, RunKeySource } from './run-keys';

/** A key a search or sort names. */
export interface NamedKey {
  source: RunKeySource;
  key: string;
}

const SOURCE_LABEL: Record<RunKeySource, string> = { config: 'config key', summary: 'summary metric' };

/** Lower case with `_ / . -` and spaces as one separator: `val_accuracy` ≈ `val/accuracy`. */
function normalise(key: string): string {
  return key.toLowerCase().replace(/[\s_./-]+/g, ' ').trim();
}

/** Optimal-string-alignment distance (Levenshtein plus adjacent swaps), on normalised text. */
function distance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[] = new Array<number>(rows * cols).fill(0);
  for (let i = 0; i < rows; i++) d[i * cols] = i;
  for (let j = 0; j < cols; j++) d[j] = j;
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[(i - 1) * cols + j]! + 1, d[i * cols + j - 1]! + 1, d[(i - 1) * cols + j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, d[(i - 2) * cols + j - 2]! + 1);
      d[i * cols + j] = best;
    }
  }
  return d[rows * cols - 1]!;
}

/**
 * The candidate nearest to `typed`, or undefined when none is close: equal once normalised,
 * one a prefix of the other (`val_accuracy` → `val/acc`), or a few edits apart (at most 40%
 * of the longer name, and at least 2).
 */
export function closestKey(typed: string, candidates: readonly string[]): string | undefined {
  const t = normalise(typed);
  if (!t) return undefined;
  let best: { key: string; score: number } | undefined;
  for (const c of candidates) {
    const n = normalise(c);
    if (!n) continue;
    let score: number;
    if (n === t) score = 0;
    else if (n.startsWith(t) || t.startsWith(n)) score = 0.5 + Math.abs(n.length - t.length) / 100;
    else {
      const dist = distance(t, n);
      if (dist > Math.max(2, Math.floor(Math.max(t.length, n.length) * 0.4))) continue;
      score = dist;
    }
    if (!best || score < best.score) best = { key: c, score };
  }
  return best?.key;
}

export type KeyCheck =
  | { ok: true }
  /** No run has it; `suggestion` is the nearest key of either section (the other one says so in the message). */
  | { ok: false; message: string; suggestion?: NamedKey };

/** Whether some run has `named`; otherwise what to say, with the nearest key. `where` names the project. */
export function checkRunKey(named: NamedKey, keys: readonly RunKey[], where: string): KeyCheck {
  const key = named.key.trim();
  if (keys.some((k) => k.source === named.source && k.key === key)) return { ok: true };
  const other: RunKeySource = named.source === 'config' ? 'summary' : 'config';
  if (keys.some((k) => k.source === other && k.key === key)) {
    return { ok: false, message: `"${key}" is a ${SOURCE_LABEL[other]} in ${where}, not a ${SOURCE_LABEL[named.source]}.`, suggestion: { source: other, key } };
  }
  const same = closestKey(key, keys.filter((k) => k.source === named.source).map((k) => k.key));
  const anywhere = same ? undefined : closestKey(key, keys.filter((k) => k.source === other).map((k) => k.key));
  const suggestion = same ? { source: named.source, key: same } : anywhere ? { source: other, key: anywhere } : undefined;
  const hint = suggestion ? ` Did you mean ${suggestion.source === named.source ? `"${suggestion.key}"` : `the ${SOURCE_LABEL[other]} "${suggestion.key}"`}?` : '';
  return { ok: false, message: `No run in ${where} has the ${SOURCE_LABEL[named.source]} "${key}".${hint}`, suggestion };
}

/** One line for an input box: the first key of a search that no run has, with its suggestion. */
export function unknownKeysWarning(named: readonly NamedKey[], keys: readonly RunKey[], where: string): string | undefined {
  for (const n of named) {
    const check = checkRunKey(n, keys, where);
    if (!check.ok) {
      const fix = check.suggestion ? ` Type ${check.suggestion.source}.${check.suggestion.key} instead.` : ' The search will match no run.';
      return `No run in ${where} has ${n.source}.${n.key}.${fix}`;
    }
  }
  return undefined;
}

/** The section a bare key belongs to, when exactly one has it (`optimizer.lr` → config). */
export function sectionOfBareKey(key: string, keys: readonly NamedKey[]): RunKeySource | undefined {
  const inConfig = keys.some((k) => k.source === 'config' && k.key === key);
  const inSummary = keys.some((k) => k.source === 'summary' && k.key === key);
  return inConfig === inSummary ? undefined : inConfig ? 'config' : 'summary';
}
