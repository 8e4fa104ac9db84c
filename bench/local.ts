/**
 * Figures 7: local runs (src/local). A 100 MB synthetic `.wandb` log shaped like a wandb-core run
 * (one history and one summary record per step, console lines, system metrics) decoded into a
 * run, against a plain `fs` read of the same bytes; the heap the decoded run holds; a growing log
 * read again after an append; and discovery in a generated workspace of 10,000 files holding 200
 * run folders (plus node_modules and a virtualenv it must not enter). Files go to bench/.tmp.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync, appendFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import * as esbuild from 'esbuild';
import { discoverRuns } from '../src/local/discovery';
import { RunAccumulator } from '../src/local/run-accumulator';
import { LocalRunReader } from '../src/local/run-log-reader';
import { LocalRunStore } from '../src/local/run-store';
import { localRef } from '../src/local/local-ref';
import { LocalRunSource } from '../src/webviews/local-run-source';
import { rowsPast } from '../src/webviews/live-updates';
import { LogBytes, rec } from '../test/unit/local-log-writer';
import { figure, median, nowMs, round, settledHeap, type Figure } from './figure';

const TMP = fileURLToPath(new URL('./.tmp/', import.meta.url));
const LOG_BYTES = 100 * 1024 * 1024;
const LOG = join(TMP, 'local-100mb.wandb');
const WORKSPACE = join(TMP, 'local-workspace');
const WORKSPACE_FILES = 10_000;
const WORKSPACE_RUNS = 200;

/** Deterministic, so a log left by an earlier bench is reused. */
function writeBigLog(): { steps: number } {
  const log = new LogBytes().add(rec.header('0.25.1+bench')).add(rec.run(1, { runId: 'bench100', project: 'bench', config: [['lr', '0.001'], ['batch', '64']] }));
  let num = 2;
  let step = 0;
  const t0 = 1_760_000_000;
  for (; log.length < LOG_BYTES; step++) {
    const loss = (1 / (step + 1)).toString();
    const items: Array<[string[], string]> = [
      [['_step'], String(step)],
      [['_runtime'], String(step * 0.25)],
      [['_timestamp'], String(t0 + step * 0.25)],
      [['train/loss'], loss],
      [['train/acc'], String(1 - 1 / (step + 2))],
      [['eval', 'loss'], step % 7 === 0 ? 'NaN' : loss],
      [['eval', 'acc'], String((step % 100) / 100)],
      [['lr'], '0.001'],
    ];
    log.add(rec.history(num++, items, step));
    log.add(rec.summary(num++, items));
    if (step % 5 === 0) log.add(rec.outputRaw(num++, `step ${step}: loss=${loss} ${'·'.repeat(40)}\n`, 'stdout', (t0 + step * 0.25) * 1000));
    if (step % 100 === 0) {
      const stats: Array<[string, string]> = [];
      for (let g = 0; g < 4; g++) stats.push([`gpu.${g}.gpu`, String(step % 97)], [`gpu.${g}.memory`, String(step % 89)], [`gpu.${g}.temp`, '61']);
      stats.push(['cpu', '12.5'], ['memory_percent', '40.1'], ['disk./.usagePercent', '71.2'], ['network.sent', String(step * 1000)]);
      log.add(rec.stats(num++, stats, (t0 + step * 0.25) * 1000));
    }
  }
  log.add(rec.exit(num++, 0, Math.round(step * 0.25)));
  mkdirSync(TMP, { recursive: true });
  writeFileSync(LOG, log.bytes());
  writeFileSync(`${LOG}.steps`, String(step));
  return { steps: step };
}

async function decodeLog(path: string): Promise<{ acc: RunAccumulator; records: number }> {
  const reader = new LocalRunReader(path);
  const acc = new RunAccumulator();
  const { count } = await reader.readMore((r) => acc.apply(r));
  void acc.summary; // materialize the summary, as a view would
  return { acc, records: count };
}

/** 10,000 files: 20 projects, each with sources, data, a node_modules, a virtualenv and 10 runs. */
function writeWorkspace(): { files: number } {
  rmSync(WORKSPACE, { recursive: true, force: true });
  let files = 0;
  const put = (rel: string, text = 'x\n') => {
    const abs = join(WORKSPACE, rel);
    mkdirSync(join(abs, '..'), { recursive: true });
    writeFileSync(abs, text);
    files++;
  };
  const projects = 20;
  const runsPer = WORKSPACE_RUNS / projects;
  const small = new LogBytes().add(rec.header()).add(rec.run(1, { runId: 'x' })).bytes();
  for (let p = 0; p < projects; p++) {
    const proj = `project-${p}`;
    for (let r = 0; r < runsPer; r++) {
      const id = `p${p}r${r}`.padEnd(8, '0');
      const run = `${proj}/wandb/${r % 3 === 2 ? 'offline-run' : 'run'}-20250101_0000${String(r).padStart(2, '0')}-${id}`;
      put(`${run}/run-${id}.wandb`, '');
      writeFileSync(join(WORKSPACE, `${run}/run-${id}.wandb`), small);
      for (const f of ['config.yaml', 'wandb-summary.json', 'output.log', 'requirements.txt', 'wandb-metadata.json']) put(`${run}/files/${f}`);
      for (const f of ['debug.log', 'debug-internal.log']) put(`${run}/logs/${f}`);
      for (let m = 0; m < 7; m++) put(`${run}/files/media/images/img_${m}.png`);
    }
  }
  // Whatever is left of the 10,000: sources and data in the projects, and heavy trees to skip.
  const perProject = Math.floor((WORKSPACE_FILES - files) / projects);
  for (let p = 0; p < projects; p++) {
    const proj = `project-${p}`;
    put(`${proj}/.venv/pyvenv.cfg`, 'home = /usr/bin\n');
    let left = perProject - 1;
    for (let i = 0; left > 0 && i < perProject * 0.5; i++, left--) put(`${proj}/node_modules/pkg-${i % 40}/lib/f${i}.js`);
    for (let i = 0; left > 0 && i < perProject * 0.2; i++, left--) put(`${proj}/.venv/lib/python3.11/site-packages/m${i % 10}/f${i}.py`);
    for (let i = 0; left > 0; i++, left--) put(`${proj}/src/module-${i % 12}/file-${i}.py`);
  }
  while (files < WORKSPACE_FILES) put(`misc/extra-${files}.txt`);
  return { files };
}

/** Bytes of src/local bundled alone (minified, Node): what it would add to dist/extension.js. */
async function bundledBytes(): Promise<{ local: number; wire: number; yaml: number }> {
  const ROOT = fileURLToPath(new URL('..', import.meta.url));
  const build = async (contents: string) => {
    const r = await esbuild.build({
      stdin: { contents, resolveDir: ROOT, loader: 'ts' },
      bundle: true,
      minify: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      write: false,
      external: ['vscode'],
      mainFields: ['module', 'main'],
      logLevel: 'silent',
    });
    return r.outputFiles[0]!.contents.length;
  };
  const local = await build(
    "export { LocalRunFolder } from './src/local/run-folder'; export { discoverRuns } from './src/local/discovery'; export { LocalRunReader } from './src/local/run-log-reader';",
  );
  const wire = await build("export { BinaryReader } from '@bufbuild/protobuf/wire';");
  const yaml = await build("export { parse } from 'yaml';");
  return { local, wire, yaml };
}

export async function localFigures(log: (s: string) => void): Promise<Figure[]> {
  const out: Figure[] = [];
  let steps: number;
  if (existsSync(LOG) && existsSync(`${LOG}.steps`) && statSync(LOG).size >= LOG_BYTES) steps = Number(readFileSync(`${LOG}.steps`, 'utf8'));
  else {
    const t = nowMs();
    steps = writeBigLog().steps;
    log(`wrote ${LOG} in ${round((nowMs() - t) / 1000, 1)} s`);
  }
  const bytes = statSync(LOG).size;

  // Decode vs read, alternating, 2 rounds (a decode takes seconds: warm-up is inside the first).
  readFileSync(LOG);
  let kept: Awaited<ReturnType<typeof decodeLog>> | undefined;
  let last = { records: 0, historyRows: 0 };
  const readMs: number[] = [];
  const decodeMs: number[] = [];
  const decodeCpuMs: number[] = [];
  for (let i = 0; i < 2; i++) {
    let t = nowMs();
    readFileSync(LOG);
    readMs.push(nowMs() - t);
    kept = undefined; // the previous run is garbage before the next decode starts
    t = nowMs();
    const cpu = process.cpuUsage();
    kept = await decodeLog(LOG);
    decodeMs.push(nowMs() - t);
    const used = process.cpuUsage(cpu);
    decodeCpuMs.push((used.user + used.system) / 1000);
    last = { records: kept.records, historyRows: kept.acc.history.length };
  }
  const ratio = median(decodeMs) / median(readMs);
  log(`decode ${round(median(decodeMs))} ms (CPU ${round(median(decodeCpuMs))} ms) vs read ${round(median(readMs))} ms for ${bytes} bytes, ${last.records} records`);
  out.push(
    figure({
      id: 'local.decodeVsFsRead',
      group: 7,
      title: `Decoding a ${Math.round(bytes / 2 ** 20)} MB .wandb log into a run / plain fs read of the same bytes`,
      value: round(ratio, 1),
      unit: 'ratio',
      detail: {
        bytes,
        records: last.records,
        historyRows: last.historyRows,
        steps,
        decodeMedianMs: round(median(decodeMs)),
        decodeCpuMedianMs: round(median(decodeCpuMs)),
        fsReadMedianMs: round(median(readMs)),
        decodeMBps: round(bytes / 2 ** 20 / (median(decodeMs) / 1000), 1),
      },
    }),
  );

  // Heap held by the decoded run (rows, summary, lines kept), measured with nothing else alive.
  kept = undefined;
  const heapBefore = await settledHeap();
  const held = await decodeLog(LOG);
  const heapAfter = await settledHeap();
  const heldMB = (heapAfter - heapBefore) / 2 ** 20;
  out.push(
    figure({
      id: 'local.heapAfterDecode',
      group: 7,
      title: `Heap held by the decoded run of the ${Math.round(bytes / 2 ** 20)} MB log (every history row, system row and console line kept)`,
      value: round(heldMB, 1),
      unit: 'MB',
      detail: { historyRows: held.acc.history.length, systemRows: held.acc.systemMetrics.length, logLines: held.acc.logLines.length, bytesPerRow: Math.round((heapAfter - heapBefore) / held.acc.history.length) },
    }),
  );

  // A growing log: append 1 MB of records; readMore must read just those bytes.
  const growPath = join(TMP, 'local-grow.wandb');
  const grow = new LogBytes().add(rec.header());
  for (let i = 0; grow.length < 4 * 2 ** 20; i++) grow.add(rec.history(i + 1, [[['_step'], String(i)], [['loss'], '0.5']], i));
  writeFileSync(growPath, grow.bytes());
  const reader = new LocalRunReader(growPath);
  await reader.readMore();
  const before = grow.length;
  for (let i = 0; grow.length < before + 2 ** 20; i++) grow.add(rec.history(i + 1e6, [[['_step'], String(i + 1e6)], [['loss'], '0.4']], i + 1e6));
  appendFileSync(growPath, grow.bytes().subarray(before));
  const t = nowMs();
  const more = await reader.readMore();
  const appendMs = nowMs() - t;
  out.push(
    figure({
      id: 'local.appendReadOverAppended',
      group: 7,
      title: 'Growing 4 MB log, 1 MB appended: bytes read by readMore() / bytes appended',
      value: round(more.bytesRead / (grow.length - before), 4),
      unit: 'ratio',
      goal: { op: '<=', target: 1 },
      detail: { appendedBytes: grow.length - before, bytesRead: more.bytesRead, records: more.records.length, readMoreMs: round(appendMs) },
    }),
  );

  // An open run panel's path: 1,000 history rows appended to a run folder; the store reads them
  // (only the appended bytes) and the panel's live update turns them into chart columns.
  const panelRun = join(TMP, 'local-panel', 'wandb', 'run-20250101_000000-panel001');
  rmSync(join(TMP, 'local-panel'), { recursive: true, force: true });
  mkdirSync(join(panelRun, 'files'), { recursive: true });
  const panelLogPath = join(panelRun, 'run-panel001.wandb');
  const panelLog = new LogBytes().add(rec.header('0.25.1')).add(rec.run(1, { runId: 'panel001', project: 'bench' }));
  const row = (i: number) => rec.history(i + 2, [[['_step'], String(i)], [['_runtime'], String(i)], [['_timestamp'], String(1_760_000_000 + i)], [['train/loss'], String(1 / (i + 1))], [['eval', 'acc'], String(i / 1e5)]], i);
  for (let i = 0; i < 50_000; i++) panelLog.add(row(i));
  writeFileSync(panelLogPath, panelLog.bytes());
  const store = new LocalRunStore();
  const source = new LocalRunSource(store);
  const ref = localRef(panelRun, 'panel001');
  const opened = await source.run(ref);
  const panelBefore = panelLog.length;
  for (let i = 50_000; i < 51_000; i++) panelLog.add(row(i));
  appendFileSync(panelLogPath, panelLog.bytes().subarray(panelBefore));
  const tAppend = nowMs();
  const refreshed = await store.refresh(panelRun);
  const liveRun = await source.run(ref);
  const fresh = await rowsPast(source, ref, opened.historyKeys.lastStep, liveRun.historyKeys.lastStep);
  const appendRowsMs = nowMs() - tAppend;
  const appendedBytes = panelLog.length - panelBefore;
  log(`1,000 rows appended: ${refreshed.bytesRead} bytes read of ${appendedBytes} appended, ${fresh?.columns._step?.length ?? 0} rows in the chart in ${round(appendRowsMs)} ms`);
  out.push(
    figure({
      id: 'local.append1000RowsReadOverAppended',
      group: 7,
      title: 'Open run, 1,000 history rows appended: log bytes read / bytes appended (store → panel live rows)',
      value: round(refreshed.bytesRead / appendedBytes, 4),
      unit: 'ratio',
      goal: { op: '<=', target: 1 },
      detail: {
        logBytesBefore: panelBefore,
        appendedBytes,
        bytesRead: refreshed.bytesRead,
        records: refreshed.records,
        rowsInChart: fresh?.columns._step?.length ?? 0,
        toChartColumnsMs: round(appendRowsMs, 1),
      },
    }),
  );

  // Discovery in a generated workspace.
  const ws = writeWorkspace();
  await discoverRuns({ roots: [WORKSPACE] }); // warm the directory cache like a second scan would be
  const runs: number[] = [];
  let report = await discoverRuns({ roots: [WORKSPACE], timeBudgetMs: 60_000 });
  for (let i = 0; i < 3; i++) {
    report = await discoverRuns({ roots: [WORKSPACE], timeBudgetMs: 60_000 });
    runs.push(report.elapsedMs);
  }
  log(`discovery: ${report.runs.length} runs, ${report.entriesSeen} entries seen in ${report.foldersRead} folders, ${round(median(runs))} ms`);
  out.push(
    figure({
      id: 'local.discoveryRunsFound',
      group: 7,
      title: `Discovery in a workspace of ${ws.files.toLocaleString('en')} files: run folders found (of ${WORKSPACE_RUNS})`,
      value: report.runs.length,
      unit: 'runs',
      goal: { op: '==', target: WORKSPACE_RUNS },
      detail: { skipped: report.skipped, stoppedBy: report.stoppedBy ?? null },
    }),
    figure({
      id: 'local.discoveryEntriesTouched',
      group: 7,
      title: `Discovery: directory entries touched / files in the workspace (heavy trees not entered)`,
      value: round(report.entriesSeen / ws.files, 3),
      unit: 'ratio',
      detail: { entriesSeen: report.entriesSeen, foldersRead: report.foldersRead, workspaceFiles: ws.files },
    }),
    figure({
      id: 'local.discoveryMs',
      group: 7,
      title: `Discovery in a workspace of ${ws.files.toLocaleString('en')} files with ${WORKSPACE_RUNS} run folders (warm cache)`,
      value: round(median(runs), 1),
      unit: 'ms',
      detail: { runsMs: runs.map((r) => round(r, 1)) },
    }),
  );

  const size = await bundledBytes();
  out.push(
    figure({
      id: 'size.localBundle',
      group: 5,
      title: 'src/local bundled alone (minified; the reader ships lazily as dist/local-reader.js)',
      value: Math.round(size.local / 1024),
      unit: 'KB',
      detail: { bytes: size.local, protobufWireReaderBytes: size.wire, yamlParserBytes: size.yaml },
    }),
  );
  return out;
}
