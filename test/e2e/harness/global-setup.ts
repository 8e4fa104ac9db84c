// Vitest globalSetup for the e2e tier: runs once per `vitest run`, before any story.
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { ARTIFACTS, ensureTools, packageExtension, startStack, VSIX, type Stack, type StackInfo } from './stack';

declare module 'vitest' {
  export interface ProvidedContext {
    e2e: StackInfo;
  }
}

let stack: Stack | undefined;

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const log = (m: string) => process.stderr.write(`[e2e] ${m}\n`);
  const t0 = Date.now();
  rmSync(ARTIFACTS, { recursive: true, force: true });
  mkdirSync(ARTIFACTS, { recursive: true });
  ensureTools();
  // E2E_SKIP_PACKAGE=1 reuses dist-vsix/wandb-explorer.vsix (scripts/test.mjs packages just before).
  if (process.env.E2E_SKIP_PACKAGE !== '1' || !existsSync(VSIX)) packageExtension();
  stack = await startStack({ logDir: join(ARTIFACTS, 'servers'), log });
  const { stop: _stop, ...info } = stack;
  project.provide('e2e', info);
  log(`ready in ${((Date.now() - t0) / 1000).toFixed(1)} s: ${info.url}`);
  return async () => {
    await stack?.stop();
    stack = undefined;
  };
}
