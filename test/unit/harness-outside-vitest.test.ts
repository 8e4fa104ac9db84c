// The demo (`npm run demo -- --screenshot`) and the bench load these e2e harness modules with
// tsx, outside vitest, where importing vitest throws. Keep them free of it.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const LOADED_OUTSIDE_VITEST = ['stack.ts', 'vscode.ts', 'screenshots.ts'];

describe('e2e harness modules used by the demo and the bench', () => {
  for (const file of LOADED_OUTSIDE_VITEST) {
    it(`${file} does not import vitest`, () => {
      const text = readFileSync(new URL(`../e2e/harness/${file}`, import.meta.url), 'utf8');
      expect(text).not.toMatch(/from ['"]vitest['"]|require\(['"]vitest['"]\)/);
    });
  }
});
