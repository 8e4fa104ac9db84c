// The views' side of local runs: the shared store (one read per change, from the last offset),
// the panels' data source (history, system rows, logs answered from the folder), and the Local
// Runs rows (grouped by project, updated in place when the exit record lands).
import { appendFileSync, cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LocalRunStore } from '../../src/local/run-store';
import { localRef } from '../../src/local/local-ref';
import { LocalRunSource, logChunk, sampleRows, twinUrl } from '../../src/webviews/local-run-source';
import { loadHistory, loadImage, loadSystem, loadTable } from '../../src/webviews/run-data';
import { MediaHost } from '../../src/webviews/media-host';
import { rowsPast } from '../../src/webviews/live-updates';
import { LocalRunsTree, NO_PROJECT } from '../../src/tree/loaders/local-runs';
import type { LocalRunNode, LocalTreeNode } from '../../src/tree/local-nodes';
import { toTreeItem } from '../../src/tree/items';
import { LogBytes, rec } from './local-log-writer';

const tmp = mkdtempSync(join(tmpdir(), 'wandb-local-views-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const FIXTURES = resolve(__dirname, '../fixtures/real-runs');

function liveRun(root: string, runId: string, project: string, rows: number): { folder: string; log: LogBytes; file: string } {
  const folder = join(root, 'wandb', `run-20250101_000000-${runId}`);
  mkdirSync(join(folder, 'files'), { recursive: true });
  const log = new LogBytes().add(rec.header('0.21.0')).add(rec.run(1, { runId, project, entity: 'team', displayName: `${runId}-name`, config: [['lr', '0.01']] }));
  for (let i = 0; i < rows; i++) log.add(rec.history(i + 2, [[['_step'], String(i)], [['loss'], String(1 / (i + 1))], [['_timestamp'], String(1_700_000_000 + i)]], i));
  log.add(rec.stats(rows + 2, [['cpu', '12.5']], 1_700_000_000_000)).add(rec.outputRaw(rows + 3, 'epoch 1\n'));
  const file = join(folder, `run-${runId}.wandb`);
  writeFileSync(file, log.bytes());
  return { folder, log, file };
}

describe('LocalRunStore', () => {
  it('opens a folder once, reads only what the log gained, and tells listeners', async () => {
    const root = join(tmp, 'store');
    const { folder, log, file } = liveRun(root, 'grow0001', 'p', 10);
    const store = new LocalRunStore();
    const report = await store.discover({ roots: [root] });
    expect(report.runs.map((r) => r.folder)).toEqual([folder]);
    expect((await store.snapshot(folder))!.history.length).toBe(10);

    const heard: number[] = [];
    store.onDidRefresh((c) => heard.push(c.bytesRead));
    const before = log.length;
    for (let i = 10; i < 1010; i++) log.add(rec.history(i + 10, [[['_step'], String(i)], [['loss'], '0.5']], i));
    appendFileSync(file, log.bytes().subarray(before));
    const [a, b] = await Promise.all([store.refresh(folder), store.refresh(folder)]);
    expect(a).toBe(b); // joined: one read for both callers
    expect(a.records).toBe(1000);
    expect(a.bytesRead).toBe(log.length - before);
    expect(heard).toEqual([log.length - before]);
    expect((await store.snapshot(folder))!.history.length).toBe(1010);
    expect((await store.refresh(folder)).bytesRead).toBe(0);
  });
});

describe('LocalRunSource (the panels reading a run folder)', () => {
  it('answers run, history, live rows, system rows and logs from disk', async () => {
    const root = join(tmp, 'source');
    const { folder, log, file } = liveRun(root, 'src00001', 'p', 50);
    const store = new LocalRunStore();
    await store.discover({ roots: [root] });
    const source = new LocalRunSource(store);
    const ref = localRef(folder, 'src00001');
    const run = await source.run(ref);
    expect(run).toMatchObject({ runId: 'src00001', state: 'running', project: 'p' });
    expect(run.config.lr).toEqual({ value: 0.01 });

    const cols = await loadHistory(source, ref, 'loss', '_step', 20);
    expect(cols.loss!.length).toBe(20);
    expect(cols._step![19]).toBe(49); // the last row is always kept
    const ranged = await loadHistory(source, ref, 'loss', '_step', 20, [10, 14]);
    expect(Array.from(ranged._step!)).toEqual([10, 11, 12, 13, 14]);

    const system = await loadSystem(source, ref, 100);
    expect(Array.from(system['system.cpu']!)).toEqual([12.5]);
    expect(system._runtime!.length).toBe(1);

    const first = await source.log(ref, 0);
    expect(first).toMatchObject({ text: 'epoch 1\n', append: false });

    const before = log.length;
    for (let i = 50; i < 60; i++) log.add(rec.history(i + 100, [[['_step'], String(i)], [['loss'], '0.25']], i));
    log.add(rec.outputRaw(200, 'epoch 2\n')).add(rec.exit(201, 0, 5));
    appendFileSync(file, log.bytes().subarray(before));
    const again = await source.run(ref);
    expect(again.state).toBe('finished');
    const fresh = await rowsPast(source, ref, 49, again.historyKeys.lastStep);
    expect(Array.from(fresh!.columns._step!)).toEqual([50, 51, 52, 53, 54, 55, 56, 57, 58, 59]);
    expect(await source.log(ref, first!.offset)).toMatchObject({ text: 'epoch 2\n', append: true });
  });

  it("shows the folder's own images, media over steps and tables, and reads nothing outside files/", async () => {
    const root = join(tmp, 'media');
    const folder = join(root, 'wandb', 'run-20250101_000000-media001');
    const files = join(folder, 'files');
    mkdirSync(join(files, 'media', 'images'), { recursive: true });
    mkdirSync(join(files, 'media', 'table'), { recursive: true });
    const png = (step: number) => Buffer.from([0x89, 0x50, 0x4e, 0x47, step]);
    const image = (step: number) => JSON.stringify({ _type: 'image-file', path: `media/images/examples_${step}_ab.png`, format: 'png', width: 1, height: 1, size: 5 });
    for (const step of [0, 10]) writeFileSync(join(files, 'media', 'images', `examples_${step}_ab.png`), png(step));
    writeFileSync(join(files, 'media', 'table', 'preds_10_cd.table.json'), JSON.stringify({ columns: ['id', 'label'], data: [[1, 'cat'], [2, 'dog']] }));
    writeFileSync(join(folder, 'secret.txt'), 'not a run file');
    symlinkSync(join(folder, 'secret.txt'), join(files, 'media', 'images', 'link.png'));
    const log = new LogBytes().add(rec.header('0.21.0')).add(rec.run(1, { runId: 'media001', project: 'p' }));
    log.add(rec.history(2, [[['_step'], '0'], [['examples'], image(0)]], 0)).add(rec.history(3, [[['_step'], '10'], [['examples'], image(10)]], 10));
    log.add(rec.summary(4, [[['examples'], image(10)], [['preds'], JSON.stringify({ _type: 'table-file', path: 'media/table/preds_10_cd.table.json', ncols: 2, nrows: 2 })]]));
    writeFileSync(join(folder, 'run-media001.wandb'), log.bytes());
    const store = new LocalRunStore();
    await store.discover({ roots: [root] });
    const source = new LocalRunSource(store);
    const ref = localRef(folder, 'media001');
    const detail = await source.run(ref);

    // The Media tab: the key with its two steps, and a step's image as the page gets it.
    const host = new MediaHost({ history: () => source, files: () => source.files(ref), ref, signal: new AbortController().signal, warn: () => {} });
    const { series } = await host.index(detail);
    expect(series.map((x) => [x.key, x.kind, x.steps])).toEqual([['examples', 'image', [0, 10]], ['preds', 'table', [10]]]);
    const step = await host.step('examples', 10);
    expect(step?.errors).toEqual([]);
    expect(step?.urls['media/images/examples_10_ab.png']).toBe(`data:image/png;base64,${png(10).toString('base64')}`);
    // The summary's thumbnail and table preview.
    expect(await loadImage(source.files(ref), 'media/images/examples_0_ab.png')).toBe(`data:image/png;base64,${png(0).toString('base64')}`);
    expect(await loadTable(source.files(ref), 'media/table/preds_10_cd.table.json')).toMatchObject({ columns: ['id', 'label'], total: 2, rows: [['1', 'cat'], ['2', 'dog']] });

    // Names are untrusted as remote ones are: no way out of files/, no link followed, no big read.
    const got = await source.files(ref).read(['../secret.txt', '/etc/passwd', 'media/images/link.png', 'media/images/none.png', 'media/images/examples_0_ab.png'], 4);
    const why = (name: string) => (got.get(name) as Error).message;
    expect(why('../secret.txt')).toMatch(/^refused: the name contains a "\.\." segment/);
    expect(why('/etc/passwd')).toMatch(/^refused: the name is an absolute path/);
    expect(why('media/images/link.png')).toBe("not among the run's files");
    expect(why('media/images/none.png')).toBe("not among the run's files");
    expect(why('media/images/examples_0_ab.png')).toMatch(/^too large to show/);
  });

  it('refuses a remote ref and says when the folder is gone', async () => {
    const source = new LocalRunSource(new LocalRunStore());
    await expect(source.run({ entity: 'e', project: 'p', runId: 'r' })).rejects.toThrow(/not a local run/);
    await expect(source.run(localRef(join(tmp, 'nowhere'), 'x'))).rejects.toThrow(/holds no W&B run/);
  });

  it('samples evenly, keeps the last row, links only synced runs, and cuts long logs at the head', () => {
    expect(sampleRows([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 4)).toEqual([1, 4, 7, 10]);
    expect(sampleRows([1, 2], 5)).toEqual([1, 2]);
    expect(twinUrl({ offline: false, entity: 'e', project: 'p', runId: 'r' }, 'https://wandb.ai')).toBe('https://wandb.ai/e/p/runs/r');
    expect(twinUrl({ offline: true, entity: 'e', project: 'p', runId: 'r' }, 'https://wandb.ai')).toBeUndefined();
    expect(twinUrl({ offline: false, entity: '', project: 'p', runId: 'r' }, 'https://wandb.ai')).toBeUndefined();
    expect(logChunk({ logLines: [] }, 0)).toBeUndefined();
    const big = logChunk({ logLines: [{ stream: 'stdout', timeMs: 0, text: 'x'.repeat(5_000_000) }, { stream: 'stdout', timeMs: 0, text: 'end' }] }, 0)!;
    expect(big.truncated).toBe(true);
    expect(big.text.endsWith('end\n')).toBe(true);
  });
});

describe('Local Runs rows', () => {
  it('groups the real fixture runs by project, and every run row opens', async () => {
    const root = join(tmp, 'fixtures');
    cpSync(FIXTURES, root, { recursive: true });
    const store = new LocalRunStore();
    const report = await store.discover({ roots: [root] });
    const rows = new LocalRunsTree({ store, roots: () => [{ path: root, name: 'fixtures' }] });
    const [top, ...others] = rows.topNodes();
    expect(others).toEqual([]);
    expect(top).toMatchObject({ kind: 'localRuns', runCount: report.runs.length });
    const projects = await rows.children(top!);
    expect(projects.length).toBeGreaterThan(1);
    let runRows = 0;
    for (const p of projects as LocalTreeNode[]) {
      expect(p.kind).toBe('localProject');
      const runs = (await rows.children(p)) as LocalRunNode[];
      runRows += runs.length;
      for (const r of runs) {
        expect(r.kind).toBe('localRun');
        expect(r.run.ref.project).toBe(r.run.folder);
        expect(['running', 'finished', 'failed', 'crashed', 'killed']).toContain(r.run.state);
        // Enter (or a click) opens it, as a remote run row does.
        expect(toTreeItem(r).command).toMatchObject({ command: 'wandbExplorer.openLocalRun', arguments: [r] });
      }
    }
    expect(runRows).toBe(report.runs.length);
    const names = projects.map((p) => (p as { project: string }).project);
    // Runs no file names a project for are grouped last.
    if (names.includes(NO_PROJECT)) expect(names.at(-1)).toBe(NO_PROJECT);
    expect(names.filter((n) => n !== NO_PROJECT)).toEqual([...names.filter((n) => n !== NO_PROJECT)].sort((x, y) => x.localeCompare(y)));
  });

  it('a group per workspace folder when several hold runs; the run row changes in place when its exit record lands', async () => {
    const a = join(tmp, 'multi-a');
    const b = join(tmp, 'multi-b');
    const live = liveRun(a, 'rowa0001', 'alpha', 3);
    liveRun(b, 'rowb0001', 'beta', 3);
    const store = new LocalRunStore();
    await store.discover({ roots: [a, b] });
    const rows = new LocalRunsTree({ store, roots: () => [{ path: a, name: 'A' }, { path: b, name: 'B' }] });
    const tops = rows.topNodes();
    expect(tops.map((t) => t.rootName)).toEqual(['A', 'B']);
    const [alpha] = await rows.children(tops[0]!);
    const [runRow] = (await rows.children(alpha as LocalTreeNode)) as LocalRunNode[];
    expect(runRow!.run).toMatchObject({ displayName: 'rowa0001-name', state: 'running', twin: { entity: 'team', project: 'alpha' } });
    const children = await rows.children(runRow!);
    expect(children.map((c) => c.kind)).toEqual(['localOverview', 'localFiles']);

    const before = live.log.length;
    live.log.add(rec.exit(99, 1, 3));
    appendFileSync(live.file, live.log.bytes().subarray(before));
    await store.refresh(live.folder);
    const changed = await rows.update(live.folder);
    expect(changed).toEqual([runRow]); // the same object VS Code holds
    expect(runRow!.run.state).toBe('failed');
    expect(await rows.update(live.folder)).toEqual([]);
  });
});
