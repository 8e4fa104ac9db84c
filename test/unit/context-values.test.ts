// Every `viewItem` clause in package.json matches a row the tree can produce, and every row the
// tree produces is matched by some menu (or is listed below with why it has none).
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { contextValueOf } from '../../src/tree/context-values';
import type { NodeKind, TreeNode } from '../../src/tree/nodes';

const manifest = JSON.parse(readFileSync(path.resolve(__dirname, '../../package.json'), 'utf8')) as {
  contributes: { menus: Record<string, Array<{ command: string; when?: string }>> };
};

/** `viewItem == x` and `viewItem =~ /re/` clauses of the tree's menus. */
function viewItemPatterns(): Array<{ clause: string; test: (v: string) => boolean }> {
  const out: Array<{ clause: string; test: (v: string) => boolean }> = [];
  for (const item of Object.values(manifest.contributes.menus).flat()) {
    const when = item.when ?? '';
    for (const m of when.matchAll(/viewItem\s*==\s*([\w-]+)/g)) out.push({ clause: m[0], test: (v) => v === m[1] });
    for (const m of when.matchAll(/viewItem\s*=~\s*\/((?:\\\/|[^/])+)\/(\w*)/g)) {
      const re = new RegExp(m[1]!, m[2]);
      out.push({ clause: m[0], test: (v) => re.test(v) });
    }
  }
  return out;
}

const run = (state: string, extra: object = {}) => ({ entity: 'e', project: 'p', runId: 'r', id: 'x', displayName: 'r', state, tags: [], ...extra });
const version = { id: 'v', entity: 'e', project: 'p', collection: 'c', version: 'v1', type: 't', aliases: [] };
const states = ['running', 'finished', 'crashed', 'failed', 'killed', 'pending', 'preempted'];

/** Rows of every kind in every variant that changes the context value (typed: a new kind fails to compile here). */
const samples: Record<NodeKind, object[]> = {
  account: [{}],
  pinned: [{}],
  entity: [{}],
  project: [{ pinned: true }, { pinned: false }],
  runs: [{}],
  openedRuns: [{}],
  run: states.flatMap((s) => [true, false].flatMap((pinned) => [false, true].map((readOnly) => ({ pinned, run: run(s, { readOnly }) })))),
  runOverview: [{}],
  runFiles: [{ readOnly: false }, { readOnly: true }],
  runFolder: [{ readOnly: false }, { readOnly: true }],
  runFile: [{}],
  runArtifacts: [{ direction: 'logged' }, { direction: 'used' }],
  artifacts: [{}],
  artifactType: [{}],
  artifactCollection: [{}],
  artifactVersion: [{ version }],
  artifactFolder: [{ version }],
  artifactFile: [{ entry: { path: 'a' } }, { entry: { path: 'a', ref: 's3://b/a' } }],
  sweeps: [{}],
  sweep: [{}],
  reports: [{}],
  report: [{}],
  filter: [{ text: 'state:running' }, { order: 'val/acc ↓' }, { text: 'x', order: 'val/acc ↓' }],
  loadMore: [{}],
  message: [{}, { error: new Error('x') }],
  localRuns: [{}],
  localProject: [{}],
  localRun: states.flatMap((state) => [
    { run: { state, offline: true } },
    { run: { state, offline: false, twin: { entity: 'e', project: 'p', runId: 'r' } } },
    { run: { state, offline: false } },
  ]),
  localOverview: [{}],
  localFiles: [{}],
  localFile: [{}],
};

function producedValues(): Set<string> {
  const values = new Set<string>();
  for (const [kind, variants] of Object.entries(samples)) {
    for (const v of variants) {
      values.add(contextValueOf({ kind, id: kind, ...v } as TreeNode));
      if (kind === 'runs') {
        for (const facets of [{ searched: true }, { sorted: true }, { searched: true, sorted: true }]) values.add(contextValueOf({ kind, id: kind, ...v } as TreeNode, facets));
      }
    }
  }
  return values;
}

/** Rows without a context menu, on purpose. */
const NO_MENU: Record<string, string> = {
  account: 'the signed-in account; its actions are in the view title',
  runOverview: 'a click opens the run panel',
  openedRuns: 'a group of runs; each run has its own menu',
  loadMore: 'a click loads the next page',
  message: 'information only',
  localRuns: 'a group; its runs carry the actions',
  localProject: 'a group; its runs carry the actions',
  localOverview: 'a click opens the run panel',
  localFiles: 'a group of files on disk',
  localFile: 'a click opens the file; the Explorer has its file actions',
};

describe('context values and package.json menus', () => {
  const values = producedValues();
  const patterns = viewItemPatterns();

  it('finds the menus to check', () => {
    expect(patterns.length).toBeGreaterThan(40);
    expect(values.size).toBeGreaterThan(50);
  });

  it('every viewItem clause matches a value the tree produces', () => {
    expect(patterns.filter((p) => ![...values].some((v) => p.test(v))).map((p) => p.clause)).toEqual([]);
  });

  it('every value the tree produces is matched by a menu, or has none on purpose', () => {
    const unmatched = [...values].filter((v) => !patterns.some((p) => p.test(v)));
    expect(unmatched.sort()).toEqual(Object.keys(NO_MENU).sort());
  });

  it('edit actions stay off read-only runs and Stop only on running ones', () => {
    const renameClause = manifest.contributes.menus['view/item/context']!.find((m) => m.command === 'wandbExplorer.renameRun')!.when!;
    const stopClause = manifest.contributes.menus['view/item/context']!.find((m) => m.command === 'wandbExplorer.stopRun')!.when!;
    const re = (when: string) => new RegExp(/viewItem =~ \/(.+)\//.exec(when)![1]!);
    const runValue = (state: string, readOnly: boolean) => contextValueOf({ kind: 'run', id: 'r', run: run(state, { readOnly }) } as unknown as TreeNode);
    expect(re(renameClause).test(runValue('finished', false))).toBe(true);
    expect(re(renameClause).test(runValue('finished', true))).toBe(false);
    expect(re(stopClause).test(runValue('running', false))).toBe(true);
    expect(re(stopClause).test(runValue('finished', false))).toBe(false);
  });
});
