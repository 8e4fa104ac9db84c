/**
 * Prompts that know the project's config and summary keys: the sort key is picked from them
 * (with how many runs have each) and a typed key no run has is refused with the nearest one;
 * a search that compares a key no run has gets a warning. Keys come from one `pathCounts`
 * request (`readRunKeys`), asked for when the prompt opens; without them the prompts still work.
 */
import * as vscode from 'vscode';
import { readRunKeys, type RunKey, type RunKeySource } from '../api/run-keys';
import { checkRunKey, unknownKeysWarning, type NamedKey } from '../api/run-key-check';
import { parseRunsFilter, RunsFilterError, type RunsFilterContext } from '../api/runs-filter';
import type { WandbApi } from '../api/wandb-api';
import type { ProjectRef } from '../tree/nodes';
import { countOf } from '../format';
import { showError } from '../notify';

/** The project's run keys, or undefined when the server could not say (the prompts then trust the user). */
export function projectRunKeys(api: WandbApi, p: ProjectRef): Promise<RunKey[] | undefined> {
  return readRunKeys(api, p).then(
    (r) => r.keys,
    () => undefined,
  );
}

/** Waits for the keys at most `ms` (a slow server must not hold up Enter in an input box). */
function keysWithin(keys: Promise<RunKey[] | undefined>, ms: number): Promise<RunKey[] | undefined> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), ms)));
  return Promise.race([keys, late]).finally(() => clearTimeout(timer));
}

/** Validation for the Search Runs input: errors from the grammar, then a warning for keys no run has. */
export function searchValidator(keys: Promise<RunKey[] | undefined>, p: ProjectRef, context: RunsFilterContext) {
  return async (text: string): Promise<string | vscode.InputBoxValidationMessage | undefined> => {
    const known = await keysWithin(keys, 3000);
    let named: NamedKey[];
    try {
      named = parseRunsFilter(text, { ...context, knownKeys: known }).keys;
    } catch (e) {
      if (e instanceof RunsFilterError) return e.message;
      throw e;
    }
    if (!known) return undefined;
    const warning = unknownKeysWarning(named, known, `${p.entity}/${p.project}`);
    return warning ? { message: warning, severity: vscode.InputBoxValidationSeverity.Warning } : undefined;
  };
}

const SECTION_WORDS: Record<RunKeySource, { what: string; example: string }> = {
  summary: { what: 'summary metric', example: 'val/acc' },
  config: { what: 'config key', example: 'optimizer.lr' },
};

type KeyItem = vscode.QuickPickItem & { key: string };

/**
 * Asks for the key to sort by, listing the section's keys most common first. A typed key no run
 * has is refused with a message naming the nearest key (and a button to sort by that instead).
 * Resolves to the key and its section (a suggestion may come from the other section).
 */
export async function askSortKey(
  section: RunKeySource,
  p: ProjectRef,
  keys: Promise<RunKey[] | undefined>,
  current: string | undefined,
): Promise<{ source: RunKeySource; key: string } | undefined> {
  const words = SECTION_WORDS[section];
  const qp = vscode.window.createQuickPick<KeyItem>();
  qp.title = `Sort by which ${words.what}?`;
  qp.placeholder = `A ${words.what} of the runs in ${p.entity}/${p.project}, e.g. ${words.example}`;
  qp.busy = true;
  qp.ignoreFocusOut = true;
  void keys.then((k) => {
    qp.busy = false;
    if (!k) return;
    qp.items = k
      .filter((x) => x.source === section)
      .map((x) => ({ label: x.key, key: x.key, description: countOf(x.count, 'run') }));
    const cur = qp.items.find((i) => i.key === current);
    if (cur && !qp.value) qp.activeItems = [cur];
  });
  const typed = await new Promise<string | undefined>((resolve) => {
    qp.onDidAccept(() => resolve(qp.activeItems[0]?.key ?? (qp.value.trim() || undefined)));
    qp.onDidHide(() => resolve(undefined));
    qp.show();
  });
  qp.dispose();
  if (!typed) return undefined;
  if (/\s/.test(typed)) return void showError(`A ${words.what} has no spaces; "${typed}" cannot be one.`);
  // Without the project's keys (the server did not answer in time) the typed key is taken as it is.
  const known = await keysWithin(keys, 5000);
  const check = known ? checkRunKey({ source: section, key: typed }, known, `${p.entity}/${p.project}`) : { ok: true as const };
  if (check.ok) return { source: section, key: typed };
  const suggestion = check.suggestion;
  const action = suggestion ? `Sort by ${suggestion.source === 'config' ? 'config.' : ''}${suggestion.key}` : undefined;
  const choice = await showError(check.message, ...(action ? [action] : []));
  return choice && suggestion ? suggestion : undefined;
}
