// `npm run demo`: W&B Explorer in a real VS Code (code-server) against the dev server's demo
// data, already signed in. Builds and packages the extension, installs the tools it needs (see
// scripts/setup-e2e.mjs), prints the URL to open and runs until Ctrl-C, then stops everything it
// started.
//
//   npm run demo                        interactive; open the printed URL in a browser
//   npm run demo -- --port 8080         code-server on that port (default 8080, or a free one)
//   npm run demo -- --screenshot DIR    take the README's screenshots headlessly into DIR and exit
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { tsImport } from 'tsx/esm/api';

// The harness is TypeScript, shared with the e2e tests; tsx loads it.
const load = (path) => tsImport(path, import.meta.url);
const { ensureTools, freePort, packageExtension, startStack, CHROMIUM_LAUNCH, VIEWPORT } = await load('../test/e2e/harness/stack.ts');

const say = (m) => process.stderr.write(`[demo] ${m}\n`);

function parseArgs(argv) {
  const out = { screenshot: undefined, port: undefined };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--screenshot') out.screenshot = argv[++i];
    else if (a.startsWith('--screenshot=')) out.screenshot = a.slice('--screenshot='.length);
    else if (a === '--port') out.port = Number(argv[++i]);
    else if (a.startsWith('--port=')) out.port = Number(a.slice('--port='.length));
    else if (a === '-h' || a === '--help') {
      console.log('usage: npm run demo [-- --port P] [-- --screenshot DIR]');
      process.exit(0);
    } else {
      console.error(`unknown argument ${a}; usage: npm run demo [-- --port P] [-- --screenshot DIR]`);
      process.exit(2);
    }
  }
  if (out.screenshot === '') out.screenshot = undefined;
  if (out.port !== undefined && !(out.port > 0 && out.port < 65536)) {
    console.error('--port needs a port number');
    process.exit(2);
  }
  return out;
}

/** The requested port, else 8080 when free, else any free port. */
async function pickPort(requested) {
  if (requested) return requested;
  const { createServer } = await import('node:net');
  const free = await new Promise((res) => {
    const srv = createServer();
    srv.once('error', () => res(false));
    srv.listen(8080, '127.0.0.1', () => srv.close(() => res(true)));
  });
  return free ? 8080 : freePort();
}

const args = parseArgs(process.argv.slice(2));
const t0 = Date.now();
let stack;
try {
  ensureTools();
  packageExtension();
  // The code run's repository, with git on, so Check Out Run's Commit has somewhere to go.
  const { createDemoRepo } = await load('../test/server/demo-repo.ts');
  const { DEMO_CODE_REPO_DIR } = await load('../test/server/demo-names.ts');
  stack = await startStack({
    signedIn: true,
    port: await pickPort(args.port),
    log: say,
    settings: { 'git.enabled': true },
    prepareWorkspace: (dir) => createDemoRepo(join(dir, DEMO_CODE_REPO_DIR)),
  });
} catch (err) {
  // The message says what failed and where its log is; a stack trace through tsx's loader does not.
  say(`could not start the demo: ${err instanceof Error ? err.message : err}`);
  process.exit(1);
}

/**
 * What the dev server answered so far: every request it recorded (its admin API, loopback only)
 * and each one answered with a 5xx, plus the errors its log shows. A demo that works serves
 * none of those.
 */
async function serverHealth() {
  const r = await fetch(`${stack.baseUrl}/_admin/requests`);
  if (!r.ok) throw new Error(`the dev server's request list answered ${r.status}`);
  const requests = await r.json();
  const failed = requests.filter((q) => typeof q.status === 'number' && q.status >= 500 && q.faults.length === 0);
  const logFile = join(stack.tmpDir, 'dev-server.log');
  const logErrors = existsSync(logFile) ? readFileSync(logFile, 'utf8').split('\n').filter((l) => /error handling/.test(l)) : [];
  return { total: requests.length, failed, logErrors };
}

function describeHealth(h) {
  const lines = [`dev server: ${h.total} requests, ${h.failed.length} answered 5xx, ${h.logErrors.length} error lines in its log`];
  for (const q of h.failed.slice(0, 10)) lines.push(`  ${q.status} ${q.method} ${q.path} ${q.operationName ?? ''}`);
  for (const l of h.logErrors.slice(0, 10)) lines.push(`  log: ${l.slice(0, 300)}`);
  return lines.join('\n');
}

let stopping = false;
async function stop(code) {
  if (stopping) return;
  stopping = true;
  try {
    say(describeHealth(await serverHealth()));
  } catch (err) {
    say(`could not read the dev server's request list: ${err instanceof Error ? err.message : err}`);
  }
  say('stopping code-server and the dev server');
  await stack.stop();
  process.exit(code);
}
process.on('SIGINT', () => void stop(0));
process.on('SIGTERM', () => void stop(0));
process.on('SIGHUP', () => void stop(0));

if (args.screenshot) {
  try {
    const dir = resolve(args.screenshot);
    mkdirSync(dir, { recursive: true });
    const { chromium } = await import('playwright-core');
    const { takeScreenshots } = await load('../test/e2e/harness/screenshots.ts');
    const { waitForWorkbench } = await load('../test/e2e/harness/vscode.ts');
    const browser = await chromium.launch(CHROMIUM_LAUNCH);
    const page = await browser.newPage({ viewport: VIEWPORT });
    try {
      await page.goto(stack.url);
      await waitForWorkbench(page);
      const files = await takeScreenshots(page, stack, dir, say);
      say(`wrote ${files.join(', ')} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
      // The screenshots only count if nothing behind them failed on the server.
      const health = await serverHealth();
      if (health.failed.length || health.logErrors.length) throw new Error(`the dev server failed while the screenshots were taken\n${describeHealth(health)}`);
    } catch (err) {
      await page.screenshot({ path: resolve(dir, 'failed.png') }).catch(() => undefined);
      say(`what the window showed is in ${resolve(dir, 'failed.png')}`);
      throw err;
    } finally {
      await browser.close();
    }
    await stop(0);
  } catch (err) {
    say(`screenshots failed: ${err instanceof Error ? err.message : err}`);
    await stop(1);
  }
} else {
  const line = '─'.repeat(72);
  console.log(`\n${line}\n  W&B Explorer demo is running (signed in as ${stack.username}, demo data).\n\n  Open:  ${stack.url}\n\n  Dev server (W&B API): ${stack.baseUrl}   API key: ${stack.apiKey}\n  Press Ctrl-C to stop.\n${line}\n`);
  say(`ready in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  // Keep running until a signal arrives.
  setInterval(() => {}, 1 << 30);
}
