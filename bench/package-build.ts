/**
 * A production build and .vsix of the working tree, made in a scratch copy (in the OS temp dir) with
 * the project's own `npm run package`, so the bench never rewrites the dist/ others are using.
 * The size figures and the chart figures both use this build: it is what the .vsix ships.
 */
import { execFile } from 'node:child_process';
import { cp, mkdir, rm, symlink } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** Outside the repository, so neither `tsc -p .` nor `eslint .` ever sees the copy. */
export const PKG_DIR = join(tmpdir(), `wandb-explorer-bench-${process.pid}`, 'pkg');

const COPY = ['src', 'media', 'scripts', 'package.json', 'package-lock.json', 'README.md', 'LICENSE', 'CHANGELOG.md', '.vscodeignore', 'tsconfig.json'];

export interface PackageBuild {
  dir: string;
  extensionJs: string;
  webviewDir: string;
  vsix: string;
  ms: number;
}

let built: Promise<PackageBuild> | undefined;

function sh(cmd: string, args: string[], cwd: string): Promise<void> {
  return new Promise((resolve, reject) =>
    execFile(cmd, args, { cwd, maxBuffer: 32 * 1024 * 1024, env: { ...process.env, npm_config_yes: 'true' } }, (err, _out, stderr) =>
      err ? reject(new Error(`${cmd} ${args.join(' ')}: ${(stderr || err.message).slice(-800)}`)) : resolve(),
    ),
  );
}

export function packageBuild(): Promise<PackageBuild> {
  built ??= (async () => {
    const t0 = Date.now();
    await rm(PKG_DIR, { recursive: true, force: true });
    await mkdir(PKG_DIR, { recursive: true });
    for (const f of COPY) if (existsSync(join(ROOT, f))) await cp(join(ROOT, f), join(PKG_DIR, f), { recursive: true });
    await symlink(join(ROOT, 'node_modules'), join(PKG_DIR, 'node_modules'), 'dir');
    // vsce does not create its --out folder (a fresh clone has no dist-vsix/).
    await mkdir(join(PKG_DIR, 'dist-vsix'), { recursive: true });
    await sh('npm', ['run', '--silent', 'package'], PKG_DIR);
    return {
      dir: PKG_DIR,
      extensionJs: join(PKG_DIR, 'dist', 'extension.js'),
      webviewDir: join(PKG_DIR, 'dist', 'webview'),
      vsix: join(PKG_DIR, 'dist-vsix', 'wandb-explorer.vsix'),
      ms: Date.now() - t0,
    };
  })();
  return built;
}

export async function removePackageBuild(): Promise<void> {
  built = undefined;
  await rm(dirname(PKG_DIR), { recursive: true, force: true });
}
