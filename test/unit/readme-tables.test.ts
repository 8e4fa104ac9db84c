import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error plain ESM script without types
import { updateReadme } from '../../scripts/readme-tables.mjs';

const root = join(__dirname, '../..');

describe('README', () => {
  it('lists exactly the settings and commands package.json contributes (run scripts/readme-tables.mjs)', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    expect(readme).toContain('<!-- /settings-table -->');
    expect(readme).toContain('<!-- /commands-table -->');
    expect((updateReadme as (r: string, p: unknown) => string)(readme, pkg)).toBe(readme);
  });

  it('shows both set-up commands', () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    expect(readme).toContain('npm ci && npm run demo');
    expect(readme).toContain('npm ci && npm test');
  });
});
