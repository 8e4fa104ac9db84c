/**
 * `npm run bench`: every performance figure against the dev server on 127.0.0.1, one line per
 * figure (value, goal, PASS/MISS), `bench/results.json`, and the table in BENCHMARKS.md.
 *
 * Usage: npm run bench [-- --only tree,table,tablescroll,downloads,charts,startup,size,decode,local,media] [--no-write]
 *
 * Every judged figure is a ratio against a baseline measured in the same run, a count or a size;
 * absolute milliseconds are in `detail` and never judged.
 */
import { cpus, totalmem } from 'node:os';
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { execFileSync } from 'node:child_process';
import { budget, type Figure, skipped } from './figure';
import { startBenchServer, type BenchServer } from './server-proc';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

interface Group {
  name: string;
  needsServer: boolean;
  /** Skipped (reported as SKIP) when less than this is left of the time budget. */
  minLeftMs?: number;
  run: (server: BenchServer | undefined, log: (s: string) => void) => Promise<Figure[]>;
  /** Figures to report as SKIP when the group throws. */
  placeholders: Array<Pick<Figure, 'id' | 'group' | 'title' | 'unit' | 'goal'>>;
}

const GROUPS: Group[] = [
  {
    name: 'tree',
    needsServer: true,
    run: async (s, log) => (await import('./tree')).treeFigures(s!, log),
    placeholders: [
      { id: 'tree.clientOverBareFetch', group: 1, title: 'Runs page of 50: client time / a bare `fetch` + `JSON.parse` of the same request', unit: 'ratio', goal: { op: '<=', target: 1.1 } },
      { id: 'tree.clientOverServer', group: 1, title: 'Runs page of 50: client time / server time', unit: 'ratio', goal: undefined },
      { id: 'tree.requestsPerExpansion', group: 1, title: 'Requests per expansion of a Runs folder', unit: 'requests', goal: { op: '<=', target: 1 } },
      { id: 'tree.bytesVsPythonClient', group: 1, title: "Runs page bytes: tree's query / Python client's query", unit: 'ratio', goal: { op: '<=', target: 0.2 } },
      { id: 'paging.lastOverFirst', group: 2, title: 'Paging 10,000 runs: median last 10 pages / first 10', unit: 'ratio', goal: { op: '<=', target: 1.2 } },
      { id: 'paging.heapPer1000Runs', group: 2, title: 'Heap growth per 1,000 runs listed', unit: 'KB', goal: undefined },
    ],
  },
  {
    name: 'table',
    needsServer: true,
    run: async (s, log) => (await import('./runs-table')).runsTableFigures(s!, log),
    placeholders: [
      { id: 'table.requestsBeforeFirstRows', group: 8, title: 'Runs table on 10,000 runs: requests before the first rows (keys + first page)', unit: 'requests', goal: { op: '<=', target: 2 } },
      { id: 'table.firstPageBytesRatio', group: 8, title: "Runs table first page (100 runs, default columns) bytes / same runs with whole config and summary (demo's 1,200-run project)", unit: 'ratio', goal: { op: '<=', target: 0.25 } },
      { id: 'table.firstPageLeastBytesRatio', group: 8, title: 'Runs table first page: the least any query can ask for the same default columns / same runs with whole config and summary', unit: 'ratio', goal: undefined },
      { id: 'table.firstPageValueBytesRatio', group: 8, title: 'Runs table first page: config+summary bytes of the default columns / whole config and summary (same runs)', unit: 'ratio', goal: undefined },
      { id: 'table.requestsToSortByConfig', group: 8, title: 'Runs table on 10,000 runs: requests to sort by a config column', unit: 'requests', goal: { op: '<=', target: 1 } },
    ],
  },
  {
    name: 'tablescroll',
    needsServer: true,
    run: async (s, log) => (await import('./table-scroll')).tableScrollFigures(s!, log),
    placeholders: [
      { id: 'table.scrollWorstFrame', group: 8, title: "Runs table scrolled top to bottom (demo's 1,200 runs, default columns, 10 rows a frame): worst frame (median of 3 passes)", unit: 'ms', goal: undefined },
      { id: 'table.scrollP95Frame', group: 8, title: 'Runs table scrolled top to bottom: 95th-percentile frame (median of 3 passes)', unit: 'ms', goal: undefined },
    ],
  },
  {
    name: 'decode',
    needsServer: true,
    run: async (s, log) => (await import('./decode')).decodeFigures(s!, log),
    placeholders: [{ id: 'charts.decodeVsJsonParse', group: 4, title: 'Decoding 100,000 history rows / bare JSON.parse', unit: 'ratio', goal: undefined }],
  },
  {
    name: 'size',
    needsServer: false,
    run: async (_s, log) => (await import('./size')).sizeFigures(log),
    placeholders: [
      { id: 'size.extensionJs', group: 5, title: 'dist/extension.js (production build)', unit: 'KB', goal: { op: '<', target: 300 } },
      { id: 'size.webview.run', group: 5, title: 'dist/webview/run.js (production build)', unit: 'KB', goal: { op: '<', target: 400 } },
      { id: 'size.vsix', group: 5, title: '.vsix (npm run package)', unit: 'KB', goal: { op: '<=', target: 400 } },
    ],
  },
  {
    name: 'charts',
    needsServer: false,
    run: async (_s, log) => (await import('./charts')).chartFigures(log),
    placeholders: [
      { id: 'charts.firstPaint100k', group: 4, title: 'Chart first paint, 1 line × 100k points', unit: 'ms', goal: undefined },
      { id: 'charts.firstPaint100k.overUplot', group: 4, title: 'Chart first paint, 1 line × 100k points: panel / uPlot alone on the same points (same run)', unit: 'ratio', goal: { op: '<=', target: 0.5 } },
      { id: 'charts.firstPaint1M', group: 4, title: 'Chart first paint, 1 line × 1M points', unit: 'ms', goal: undefined },
      { id: 'charts.firstPaint20x1500', group: 4, title: 'Chart first paint, 20 lines × 1,500 points (compare panel)', unit: 'ms', goal: undefined },
    ],
  },
  {
    name: 'startup',
    needsServer: true,
    run: async (s, log) => (await import('./startup')).startupFigures(s!, log),
    placeholders: [
      { id: 'tree.requestsPerExpansion.realTree', group: 1, title: "Requests per expansion of a Runs folder (the extension's tree provider)", unit: 'requests', goal: { op: '<=', target: 1 } },
      { id: 'startup.activateToFirstItems', group: 5, title: 'activate() → first tree items (Node, vscode stand-in)', unit: 'ms', goal: undefined },
      { id: 'memory.fiveRunPanels', group: 6, title: 'Heap growth after opening 5 run panels on 100k-step runs', unit: 'MB', goal: undefined },
    ],
  },
  {
    name: 'downloads',
    needsServer: true,
    run: async (s, log) => (await import('./downloads')).downloadFigures(s!, log),
    placeholders: [
      { id: 'download.bigVsCurlOrMd5', group: 3, title: '1 GB file, download and verify: engine time / max(`curl -o` time, Node MD5 time over the same bytes in memory)', unit: 'ratio', goal: { op: '<=', target: 1.15 } },
      { id: 'download.bigOverBareNode', group: 3, title: '1 GB file: engine time / a bare Node read + MD5 on a worker thread, nothing written (the least a Node downloader does), same run', unit: 'ratio', goal: undefined },
      { id: 'download.smallVsCurl32.latency', group: 3, title: '2,000 × 10 KB with 30 ms added per storage request: engine speed / `curl --parallel --parallel-max 32` speed', unit: 'ratio', goal: { op: '>=', target: 0.9 } },
      { id: 'download.smallVsEngine8.latency', group: 3, title: '2,000 × 10 KB with 30 ms added per storage request: engine speed / the same engine limited to 8 files at once', unit: '× faster', goal: { op: '>=', target: 3 } },
      { id: 'download.smallVsCurl32', group: 3, title: '2,000 × 10 KB: engine speed / `curl --parallel --parallel-max 32` speed', unit: 'ratio', goal: { op: '>=', target: 0.6 } },
      { id: 'download.smallVsBareNode', group: 3, title: "2,000 × 10 KB: engine speed / a bare node:http loop's speed", unit: 'ratio', goal: undefined },
      { id: 'download.bareVerifiedVsCurl32', group: 3, title: "2,000 × 10 KB: a bare node:http loop that checks each file's MD5 and writes it to a temp name renamed into place, its speed / `curl --parallel-max 32` speed", unit: 'ratio', goal: undefined },
      { id: 'download.unchangedAgain', group: 3, title: 'Unchanged 2,000-file artifact again / first download', unit: 'ratio', goal: { op: '<=', target: 0.05 } },
      { id: 'download.fromSdkCache', group: 3, title: '2,000-file artifact into a second folder, every file in the SDK artifact cache / cold download', unit: 'ratio', goal: { op: '<=', target: 0.05 } },
      { id: 'download.fromSdkCacheStorageRequests', group: 3, title: '2,000-file artifact into a second folder from the SDK artifact cache: file requests to storage', unit: 'requests', goal: { op: '==', target: 0 } },
    ],
  },
  {
    name: 'media',
    needsServer: true,
    run: async (s, log) => (await import('./media')).mediaFigures(s!, log),
    placeholders: [
      { id: 'media.firstCardPainted', group: 9, title: 'Media tab, 20 image cards on a 1,000-step run: first card painted (from the ask for the index)', unit: 'ms', goal: undefined },
      { id: 'media.sliderRequests', group: 9, title: "Media tab: one card's slider moved 50 times quickly: storage requests issued (goal: 3 files × steps shown + 20 cards)", unit: 'requests', goal: undefined },
    ],
  },
  {
    name: 'vscode',
    needsServer: false,
    minLeftMs: 150_000,
    run: async (_s, log) => (await import('./startup-vscode')).vscodeStartupFigures(log),
    placeholders: [
      { id: 'startup.vscodeViewToFirstItems', group: 5, title: 'Real VS Code (code-server): open the W&B view (activates) → first tree item shown', unit: 'ms', goal: undefined },
    ],
  },
  {
    name: 'local',
    needsServer: false,
    // Last, so the older groups keep their share of the budget: it writes and decodes 100 MB.
    minLeftMs: 90_000,
    run: async (_s, log) => (await import('./local')).localFigures(log),
    placeholders: [
      { id: 'local.decodeVsFsRead', group: 7, title: 'Decoding a 100 MB .wandb log into a run / plain fs read of the same bytes', unit: 'ratio', goal: undefined },
      { id: 'local.heapAfterDecode', group: 7, title: 'Heap held by the decoded run of the 100 MB log', unit: 'MB', goal: undefined },
      { id: 'local.appendReadOverAppended', group: 7, title: 'Growing 4 MB log, 1 MB appended: bytes read by readMore() / bytes appended', unit: 'ratio', goal: { op: '<=', target: 1 } },
      { id: 'local.append1000RowsReadOverAppended', group: 7, title: 'Open run, 1,000 history rows appended: log bytes read / bytes appended', unit: 'ratio', goal: { op: '<=', target: 1 } },
      { id: 'local.discoveryRunsFound', group: 7, title: 'Discovery in a workspace of 10,000 files: run folders found (of 200)', unit: 'runs', goal: { op: '==', target: 200 } },
      { id: 'local.discoveryEntriesTouched', group: 7, title: 'Discovery: directory entries touched / files in the workspace', unit: 'ratio', goal: undefined },
      { id: 'local.discoveryMs', group: 7, title: 'Discovery in a workspace of 10,000 files with 200 run folders', unit: 'ms', goal: undefined },
      { id: 'size.localBundle', group: 5, title: 'src/local bundled alone (minified)', unit: 'KB', goal: undefined },
    ],
  },
];

function machine() {
  let cpuModel = cpus()[0]?.model ?? 'unknown';
  try {
    const lscpu = execFileSync('lscpu', { encoding: 'utf8' });
    const m = /Model name:\s*(.+)/.exec(lscpu);
    if (m?.[1]) cpuModel = m[1].trim();
  } catch {
    /* keep os.cpus() */
  }
  return {
    nproc: cpus().length,
    cpuModel,
    memoryGiB: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
  };
}

function fmtGoal(f: Figure): string {
  return f.goal ? `${f.goal.op} ${f.goal.target}` : '(none)';
}

function fmtValue(f: Figure): string {
  return f.value === null ? '—' : `${f.value}`;
}

function line(f: Figure): string {
  return `${f.status.padEnd(4)}  ${f.id.padEnd(30)} ${fmtValue(f).padStart(10)} ${f.unit.padEnd(12)} goal ${fmtGoal(f).padEnd(10)} ${f.title}${f.note ? `  [${f.note}]` : ''}`;
}

function table(figures: Figure[]): string {
  const rows = figures.map((f) => {
    const d = Object.entries(f.detail)
      .map(([k, v]) => `${k}: ${typeof v === 'number' ? v : JSON.stringify(v)}`)
      .join(', ');
    return `| ${f.group} | ${f.title} | ${fmtValue(f)} ${f.unit} | ${fmtGoal(f).replace('<', '&lt;').replace('>', '&gt;')} | **${f.status}** | ${(d + (f.note ? ` ${f.note}` : '')).replace(/\|/g, '\\|')} |`;
  });
  return ['| # | Figure | Value | Goal | Result | Absolute numbers (reported, not judged) |', '| --- | --- | --- | --- | --- | --- |', ...rows].join('\n');
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const onlyArg = args.find((a) => a.startsWith('--only'));
  const only = onlyArg ? (onlyArg.includes('=') ? onlyArg.split('=')[1]! : args[args.indexOf(onlyArg) + 1]!).split(',') : undefined;
  const write = !args.includes('--no-write') && !only;
  const started = Date.now();
  const log = (s: string) => process.stderr.write(`  · ${s}\n`);
  const groups = GROUPS.filter((g) => !only || only.includes(g.name));
  let server: BenchServer | undefined;
  const figures: Figure[] = [];
  try {
    if (groups.some((g) => g.needsServer)) {
      server = await startBenchServer();
      log(`dev server ${server.baseUrl} (pid ${server.pid})`);
    }
    for (const g of groups) {
      const t0 = Date.now();
      process.stderr.write(`[${g.name}]\n`);
      if (g.minLeftMs !== undefined && budget.leftMs() < g.minLeftMs) {
        for (const p of g.placeholders) {
          const f = skipped(p.id, p.group, p.title, p.unit, p.goal, 'skipped: not enough of the 10-minute budget left');
          figures.push(f);
          console.log(line(f));
        }
        continue;
      }
      try {
        const got = await g.run(server, log);
        figures.push(...got);
        for (const f of got) console.log(line(f) + (process.env.BENCH_DETAIL ? `\n      ${JSON.stringify(f.detail)}` : ''));
      } catch (e) {
        const why = `${g.name} failed: ${(e as Error).message}`.slice(0, 300);
        log(why);
        if (process.env.BENCH_DEBUG) console.error(e);
        for (const p of g.placeholders) {
          const f = skipped(p.id, p.group, p.title, p.unit, p.goal, why);
          figures.push(f);
          console.log(line(f));
        }
      }
      log(`${g.name} took ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    }
  } finally {
    await server?.close();
    await (await import('./package-build')).removePackageBuild();
  }
  figures.sort((a, b) => a.group - b.group);
  const totalSeconds = Math.round((Date.now() - started) / 100) / 10;
  const result = { date: new Date().toISOString(), machine: machine(), totalSeconds, figures };
  const counts = { PASS: 0, MISS: 0, INFO: 0, SKIP: 0 };
  for (const f of figures) counts[f.status]++;
  console.log(`\n${counts.PASS} PASS, ${counts.MISS} MISS, ${counts.INFO} reported without a goal, ${counts.SKIP} not measured; ${totalSeconds} s`);
  if (write) {
    writeFileSync(new URL('./results.json', import.meta.url), JSON.stringify(result, null, 2) + '\n');
    updateBenchmarksMd(result);
  }
}

/** Replaces the generated part of BENCHMARKS.md (between the markers); the prose stays. */
function updateBenchmarksMd(result: { date: string; machine: ReturnType<typeof machine>; totalSeconds: number; figures: Figure[] }): void {
  const file = `${ROOT}BENCHMARKS.md`;
  const m = result.machine;
  const generated = [
    '<!-- bench:begin (written by `npm run bench`; edit the text outside the markers) -->',
    `Last run: ${result.date.slice(0, 16).replace('T', ' ')} UTC, ${result.totalSeconds} s in all, on ${m.nproc} cores (${m.cpuModel}), ${m.memoryGiB} GiB memory, Node ${m.node}, ${m.platform}.`,
    '',
    table(result.figures),
    '<!-- bench:end -->',
  ].join('\n');
  let text = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmarks\n\n<!-- bench:begin -->\n<!-- bench:end -->\n';
  const re = /<!-- bench:begin[\s\S]*?<!-- bench:end -->/;
  text = re.test(text) ? text.replace(re, generated) : `${text.trimEnd()}\n\n${generated}\n`;
  writeFileSync(file, text);
}

main()
  .then(() => process.exit(0))
  .catch((e) => {
    console.error(e);
    process.exit(1);
  });
