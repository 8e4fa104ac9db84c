// Starts the pieces a real-VS-Code test (or the demo) needs: the W&B-compatible dev server with demo
// data, and code-server with the packaged extension installed into a fresh user-data dir whose
// settings point at the dev server. Everything lives under one temp folder; stop() ends both
// process groups and removes it.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import type { LaunchOptions } from 'playwright-core';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

/**
 * The repository root: the nearest folder up from the working directory whose package.json is
 * this extension's (npm scripts and vitest run from there). Found this way rather than from
 * import.meta so that the module loads both as ESM (vitest) and as CommonJS (tsx, the demo).
 */
export const ROOT = findRoot(process.cwd());

function findRoot(start: string): string {
  for (let dir = resolve(start); ; dir = dirname(dir)) {
    try {
      if ((JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string }).name === 'wandb-explorer') return dir;
    } catch {
      /* no package.json here */
    }
    if (dirname(dir) === dir) throw new Error(`run this from inside the wandb-explorer repository (cwd: ${start})`);
  }
}
export const VSIX = join(ROOT, 'dist-vsix', 'wandb-explorer.vsix');
export const CODE_SERVER_BIN = join(ROOT, '.tools', 'code-server', 'node_modules', '.bin', 'code-server');
export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
export const ARTIFACTS = join(ROOT, '.e2e-artifacts');

/** Chromium as these machines run it (Debian's build, headless, no outgoing background traffic). */
export const CHROMIUM_LAUNCH: LaunchOptions = {
  executablePath: CHROMIUM,
  headless: true,
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
};

export const VIEWPORT = { width: 1280, height: 800 };

/** What a test (or the demo) needs to know about a running stack. Plain data: it crosses processes. */
export interface StackInfo {
  /** code-server's workbench URL, with the workspace folder open. */
  url: string;
  /** code-server's origin, e.g. http://127.0.0.1:41234 */
  origin: string;
  /** The dev server's API base URL. */
  baseUrl: string;
  /**
   * The W&B web app URL the extension opens runs at (WANDB_APP_URL): the dev server under the
   * name `wandb-app.localhost`. code-server rewrites any URL on localhost/127.0.0.1 that an
   * extension opens into its own /proxy/PORT/ route and drops the path, so the same origin as
   * the API could not be checked. Browsers resolve *.localhost to the loopback address.
   */
  appUrl: string;
  storageUrl: string;
  /** The dev server's valid API key for the demo user. */
  apiKey: string;
  /** The username that key belongs to (the account node of the tree). */
  username: string;
  tmpDir: string;
  userDataDir: string;
  extensionsDir: string;
  workspaceDir: string;
  homeDir: string;
}

export interface Stack extends StackInfo {
  stop(): Promise<void>;
}

export interface StackOptions {
  /** Launch code-server with WANDB_API_KEY set to the dev key, so the extension starts signed in. */
  signedIn?: boolean;
  /** Fixed code-server port (the demo prints a stable URL); default: a free port. */
  port?: number;
  /** Extra settings merged into the user settings.json. */
  settings?: Record<string, unknown>;
  /** Where code-server's and the dev server's own output goes; default: tmpDir. */
  logDir?: string;
  /** Fills the workspace folder before code-server opens it (the demo puts a git repository there). */
  prepareWorkspace?: (dir: string) => void;
  /** Keep the temp folder after stop() (for debugging). */
  keepTmp?: boolean;
  log?: (msg: string) => void;
}

/** Settings that keep VS Code from showing trust dialogs, walkthroughs and other noise. */
export const QUIET_SETTINGS: Record<string, unknown> = {
  'security.workspace.trust.enabled': false,
  'workbench.startupEditor': 'none',
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'git.enabled': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'chat.commandCenter.enabled': false,
  'window.commandCenter': false,
  'workbench.layoutControl.enabled': false,
};

/** Runs the tools setup (apt packages, code-server); fast when already done. */
export function ensureTools(): void {
  const r = spawnSync(process.execPath, [join(ROOT, 'scripts', 'setup-e2e.mjs')], { stdio: 'inherit', cwd: ROOT });
  if (r.status !== 0) throw new Error('e2e tools setup failed (see the [setup-e2e] lines above)');
}

/** Builds the extension for production and packages it into dist-vsix/wandb-explorer.vsix. */
export function packageExtension(): void {
  mkdirSync(dirname(VSIX), { recursive: true }); // vsce --out does not create the folder
  const r = spawnSync('npm', ['run', '--silent', 'package'], { stdio: 'inherit', cwd: ROOT });
  if (r.status !== 0 || !existsSync(VSIX)) throw new Error(`npm run package failed (exit ${r.status})`);
}

export async function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', rej);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (addr && typeof addr === 'object' ? res(addr.port) : rej(new Error('no port'))));
    });
  });
}

/**
 * The environment code-server (and so the extension host) runs with: a HOME of its own (no
 * ~/.netrc, no ~/.config/wandb) and no WANDB_* variables from the machine running the tests.
 */
export function isolatedEnv(homeDir: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (k.startsWith('WANDB_') || k.startsWith('VSCODE_') || k.startsWith('XDG_') || k === 'NETRC') continue;
    env[k] = v;
  }
  env.HOME = homeDir;
  env.XDG_CONFIG_HOME = join(homeDir, '.config');
  env.XDG_DATA_HOME = join(homeDir, '.local', 'share');
  env.XDG_CACHE_HOME = join(homeDir, '.cache');
  return { ...env, ...extra };
}

function startGroup(cmd: string, args: string[], opts: { env?: NodeJS.ProcessEnv; cwd?: string; logFile: string }): ChildProcess {
  const out = createWriteStream(opts.logFile, { flags: 'a' });
  // detached: the child calls setsid() and leads its own process group, which stop() kills whole.
  const child = spawn(cmd, args, { cwd: opts.cwd ?? ROOT, env: opts.env ?? process.env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout?.pipe(out, { end: false });
  child.stderr?.pipe(out, { end: false });
  return child;
}

async function stopGroup(child: ChildProcess | undefined, timeoutMs = 5000): Promise<void> {
  if (!child?.pid || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((res) => child.once('exit', () => res()));
  try {
    process.kill(-child.pid, 'SIGTERM');
  } catch {
    return; // already gone
  }
  const timer = new Promise<'timeout'>((res) => setTimeout(() => res('timeout'), timeoutMs).unref());
  if ((await Promise.race([exited, timer])) === 'timeout') {
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      /* gone */
    }
    await exited;
  }
}

interface DevServerLine {
  baseUrl: string;
  storageUrl: string;
  apiKey: string;
}

/** Starts `test/server/main.ts --demo` and resolves with the JSON line it prints when ready. */
async function startDevServer(logFile: string, log: (m: string) => void): Promise<{ child: ChildProcess; info: DevServerLine }> {
  const tsx = join(ROOT, 'node_modules', '.bin', 'tsx');
  // E2E_DEV_SERVER_SCRIPT: another server entry point with the same command line (for debugging).
  const script = process.env.E2E_DEV_SERVER_SCRIPT || 'test/server/main.ts';
  const args = [script, '--demo', '--port', '0', '--storage-port', '0', '--json'];
  log(`dev server: tsx ${args.join(' ')}`);
  const child = startGroup(tsx, args, { logFile });
  const info = await new Promise<DevServerLine>((res, rej) => {
    let buf = '';
    const timer = setTimeout(() => rej(new Error(`dev server printed no JSON line within 60 s (see ${logFile})`)), 60_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      buf += chunk.toString('utf8');
      for (const line of buf.split('\n')) {
        const t = line.trim();
        if (!t.startsWith('{')) continue;
        try {
          const parsed = JSON.parse(t) as Partial<DevServerLine>;
          if (parsed.baseUrl && parsed.apiKey) {
            clearTimeout(timer);
            res({ baseUrl: parsed.baseUrl.replace(/\/$/, ''), storageUrl: parsed.storageUrl ?? '', apiKey: parsed.apiKey });
            return;
          }
        } catch {
          /* partial line */
        }
      }
    });
    child.once('exit', (code, sig) => {
      clearTimeout(timer);
      rej(new Error(`dev server exited (${code ?? sig}) before it was ready (see ${logFile})`));
    });
  });
  return { child, info };
}

/** Asks the dev server who the key belongs to, as the extension does on sign-in. */
async function viewerUsername(baseUrl: string, apiKey: string): Promise<string> {
  const r = await fetch(`${baseUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Basic ${Buffer.from(`api:${apiKey}`).toString('base64')}` },
    body: JSON.stringify({ query: 'query Viewer { viewer { username } }' }),
  });
  const body = (await r.json()) as { data?: { viewer?: { username?: string } } };
  const username = body.data?.viewer?.username;
  if (!r.ok || !username) throw new Error(`dev server did not answer the viewer query (${r.status}): ${JSON.stringify(body)}`);
  return username;
}

async function waitForHealth(origin: string, child: ChildProcess, timeoutMs: number, logFile: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`code-server exited with ${child.exitCode} (see ${logFile})`);
    try {
      const r = await fetch(`${origin}/healthz`);
      if (r.ok) return;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`code-server did not answer ${origin}/healthz within ${timeoutMs} ms (see ${logFile})`);
}

/**
 * Starts dev server + code-server. Expects the tools installed (ensureTools) and the extension
 * packaged (packageExtension).
 */
export async function startStack(opts: StackOptions = {}): Promise<Stack> {
  const log = opts.log ?? (() => {});
  if (!existsSync(CODE_SERVER_BIN)) throw new Error(`code-server is not installed: run node scripts/setup-e2e.mjs`);
  if (!existsSync(VSIX)) throw new Error(`${VSIX} is missing: run npm run package`);

  const tmpDir = mkdtempSync(join(tmpdir(), 'wandb-explorer-e2e-'));
  const userDataDir = join(tmpDir, 'user-data');
  const extensionsDir = join(tmpDir, 'extensions');
  const workspaceDir = join(tmpDir, 'workspace');
  const homeDir = join(tmpDir, 'home');
  const logDir = opts.logDir ?? tmpDir;
  for (const d of [join(userDataDir, 'User'), extensionsDir, workspaceDir, homeDir, logDir]) mkdirSync(d, { recursive: true });
  opts.prepareWorkspace?.(workspaceDir);
  const devLog = join(logDir, 'dev-server.log');
  const csLog = join(logDir, 'code-server.log');

  let dev: ChildProcess | undefined;
  let cs: ChildProcess | undefined;
  const stop = async () => {
    await Promise.all([stopGroup(cs), stopGroup(dev)]);
    if (!opts.keepTmp) rmSync(tmpDir, { recursive: true, force: true });
  };

  try {
    const started = await startDevServer(devLog, log);
    dev = started.child;
    const { baseUrl, storageUrl, apiKey } = started.info;
    const username = await viewerUsername(baseUrl, apiKey);
    log(`dev server ready at ${baseUrl} (key of ${username})`);

    const settings = { ...QUIET_SETTINGS, 'wandbExplorer.baseUrl': baseUrl, ...opts.settings };
    writeFileSync(join(userDataDir, 'User', 'settings.json'), JSON.stringify(settings, null, 2) + '\n');

    const appUrl = `http://wandb-app.localhost:${new URL(baseUrl).port}`;
    // WANDB_BASE_URL names the same server as the setting. After a browser reload, code-server
    // sometimes starts the extension host without the user settings and never delivers them
    // (the extension's log then shows it looking for a key of https://api.wandb.ai for a
    // minute); the variable, which the extension reads when the setting is unset, keeps such a
    // window on the dev server, as it would a user's training box.
    const env = isolatedEnv(homeDir, { WANDB_APP_URL: appUrl, WANDB_BASE_URL: baseUrl, ...(opts.signedIn ? { WANDB_API_KEY: apiKey } : {}) });
    const common = ['--config', '/dev/null', '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir];
    const inst = spawnSync(CODE_SERVER_BIN, [...common, '--install-extension', VSIX], { env, encoding: 'utf8' });
    if (inst.status !== 0) throw new Error(`code-server --install-extension failed: ${inst.stdout}${inst.stderr}`);

    const port = opts.port ?? (await freePort());
    const origin = `http://127.0.0.1:${port}`;
    const args = [
      ...common,
      '--bind-addr', `127.0.0.1:${port}`,
      '--auth', 'none',
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      '--disable-getting-started-override',
      // Open in Browser goes to the web app URL without a "Do you want to open" dialog.
      '--link-protection-trusted-domains', appUrl,
      workspaceDir,
    ];
    log(`code-server on ${origin}`);
    cs = startGroup(CODE_SERVER_BIN, args, { env, cwd: workspaceDir, logFile: csLog });
    await waitForHealth(origin, cs, 30_000, csLog);

    return {
      url: `${origin}/?folder=${encodeURIComponent(workspaceDir)}`,
      origin,
      baseUrl,
      appUrl,
      storageUrl,
      apiKey,
      username,
      tmpDir,
      userDataDir,
      extensionsDir,
      workspaceDir,
      homeDir,
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}

/** Every "W&B Explorer" output-channel log file under a user-data dir, newest last. */
export function outputLogFiles(userDataDir: string): string[] {
  return logFilesNamed(userDataDir, (name) => name.endsWith('W&B Explorer.log'));
}

/** Every extension host log file (`exthost.log`) under a user-data dir, newest last. */
export function extensionHostLogs(userDataDir: string): string[] {
  return logFilesNamed(userDataDir, (name) => name === 'exthost.log');
}

function logFilesNamed(userDataDir: string, wanted: (name: string) => boolean): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (wanted(e.name)) found.push(p);
    }
  };
  walk(join(userDataDir, 'logs'));
  return found.sort((a, b) => statSync(a).mtimeMs - statSync(b).mtimeMs);
}
