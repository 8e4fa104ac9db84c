/**
 * The demo's code and media runs over real HTTP: the code run's metadata names the commit the
 * demo repository builder makes (so Check Out finds it), its diff.patch applies there, and the
 * media run's keys, steps and files are what the Media tab fetches.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WandbApi } from '../../src/api/wandb-api';
import { readRunMetadata, readRunText } from '../../src/api/run-files';
import { applyFilePatch, parseUnifiedDiff } from '../../src/text/unified-diff';
import { MediaHost } from '../../src/webviews/media-host';
import { remoteRunFiles } from '../../src/webviews/run-file-reader';
import { compareMediaKeys, indexAtOrBefore } from '../../src/webviews/media-steps';
import * as N from '../server/demo-names';
import { createDemoRepo, TRAIN_AS_RUN, TRAIN_AT_RUN } from '../server/demo-repo';
import { clientFor, useDevServer } from './dev-server';

const srv = useDevServer();
let api: WandbApi;
const P = { entity: N.DEMO_USER, project: N.DEMO_PROJECT };
const dir = mkdtempSync(join(tmpdir(), 'wandb-explorer-repo-'));

beforeAll(async () => {
  api = new WandbApi(clientFor(srv, { retry: { baseDelayMs: 10 } }));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the code run', () => {
  it('names the commit and remote of the repository the demo workspace holds; its patch applies there', async () => {
    const ref = { ...P, runId: N.DEMO_CODE_RUN_ID };
    const meta = await readRunMetadata(api, ref);
    expect(meta).toMatchObject({ remote: N.DEMO_CODE_REMOTE, commit: N.DEMO_CODE_COMMIT, program: 'train.py', codePath: 'train.py', args: ['--lr', '0.01', '--epochs', '3'] });
    const repo = createDemoRepo(join(dir, N.DEMO_CODE_REPO_DIR));
    expect(repo.runCommit).toBe(N.DEMO_CODE_COMMIT);
    const patch = await readRunText(api, ref, 'diff.patch', 1_000_000);
    // git itself agrees that the patch applies to the run's commit, and so does the panel's reader.
    const cwd = join(dir, N.DEMO_CODE_REPO_DIR);
    spawnSync('git', ['checkout', '-q', N.DEMO_CODE_COMMIT], { cwd });
    writeFileSync(join(dir, 'run.patch'), patch!);
    expect(spawnSync('git', ['apply', '--check', join(dir, 'run.patch')], { cwd }).status).toBe(0);
    expect(applyFilePatch(TRAIN_AT_RUN, parseUnifiedDiff(patch!)[0]!)).toBe(TRAIN_AS_RUN);
    expect(await readRunText(api, ref, 'code/train.py', 1_000_000)).toBe(TRAIN_AS_RUN);
  });
});

describe('the media run', () => {
  it('has image, list, histogram and sound keys over its steps; a step fetches its files once', async () => {
    const ref = { ...P, runId: N.DEMO_MEDIA_RUN_ID };
    const detail = await api.run(ref);
    const host = new MediaHost({ history: () => api, files: () => remoteRunFiles(api, ref), ref, signal: new AbortController().signal, warn: () => {} });
    const { series } = await host.index(detail);
    const byKey = new Map(series.map((s) => [s.key, s]));
    const media = Math.ceil(N.DEMO_MEDIA_STEPS / N.DEMO_MEDIA_EVERY);
    expect(byKey.get(N.DEMO_MEDIA_IMAGE_KEY)).toMatchObject({ kind: 'image', steps: Array.from({ length: media }, (_, i) => i * N.DEMO_MEDIA_EVERY) });
    expect(byKey.get(N.DEMO_MEDIA_LIST_KEY)?.kind).toBe('images');
    expect(byKey.get(N.DEMO_MEDIA_HISTOGRAM_KEY)?.items).toHaveLength(media);
    expect(byKey.get(N.DEMO_MEDIA_AUDIO_KEY)?.steps).toEqual([0, 100, 200]);
    const step = await host.step(N.DEMO_MEDIA_IMAGE_KEY, 30);
    expect(step?.errors).toEqual([]);
    expect(Object.values(step!.urls).every((u) => u.startsWith('data:image/png;base64,'))).toBe(true);
    expect(Object.values(step!.boxes)[0]?.boxes).toHaveLength(2);
    expect(step!.classes).toEqual({ 1: 'digit', 2: 'smudge' });
    expect(host.fetchedFiles).toBe(4); // image, boxes, mask, classes
    const sound = await host.step(N.DEMO_MEDIA_AUDIO_KEY, 100);
    expect(Object.values(sound!.urls)[0]).toMatch(/^data:audio\/wav;base64,UklGR/);
  });
});

describe('the two media runs compared', () => {
  it('share their keys; at step 30 one shows its step-30 image and the other its step-25 one, each fetched by its own run', async () => {
    const refs = [N.DEMO_MEDIA_RUN_ID, N.DEMO_MEDIA2_RUN_ID].map((runId) => ({ ...P, runId }));
    const hosts = refs.map((ref) => new MediaHost({ history: () => api, files: () => remoteRunFiles(api, ref), ref, signal: new AbortController().signal, warn: () => {} }));
    const indexes = await Promise.all(hosts.map(async (h, i) => (await h.index(await api.run(refs[i]!))).series));
    const card = compareMediaKeys(indexes).find((k) => k.key === N.DEMO_MEDIA_IMAGE_KEY)!;
    expect(card.runs[1]?.steps).toEqual(Array.from({ length: N.DEMO_MEDIA2_STEPS / N.DEMO_MEDIA2_EVERY }, (_, i) => i * N.DEMO_MEDIA2_EVERY));
    const shown = card.runs.map((s) => s!.steps[indexAtOrBefore(s!.steps, 30)]!);
    expect(shown).toEqual([30, 25]);
    const data = await Promise.all(hosts.map((h, i) => h.step(N.DEMO_MEDIA_IMAGE_KEY, shown[i]!)));
    const images = data.map((d, i) => d!.urls[(card.runs[i]!.items[indexAtOrBefore(card.runs[i]!.steps, 30)] as { path: string }).path]);
    expect(images.every((u) => u?.startsWith('data:image/png;base64,'))).toBe(true);
    expect(images[0]).not.toBe(images[1]);
  });
});
