// The layer rules in eslint.config.mjs fail on upward imports, folder by folder. Each case lints
// a small in-memory file as if it lived at the given path.
import * as path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '../..');
const eslint = new ESLint({ cwd: root });

async function importErrors(file: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(`${source}\nexport const used = x;\n`, { filePath: path.join(root, file) });
  return result!.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('layer rules', () => {
  it('the tree may not import commands or webviews', async () => {
    expect(await importErrors('src/tree/upward.ts', "import { x } from '../commands/runs';")).toEqual([expect.stringMatching(/Layers import downwards only/)]);
    expect(await importErrors('src/tree/upward.ts', "import { x } from '../webviews/run-panel';")).toHaveLength(1);
  });

  it('the panels may not import commands or the tree', async () => {
    expect(await importErrors('src/webviews/upward.ts', "import { x } from '../commands/targets';")).toHaveLength(1);
    expect(await importErrors('src/webviews/upward.ts', "import { x } from '../tree/nodes';")).toHaveLength(1);
  });

  it('src/api imports no other layer and not vscode', async () => {
    expect(await importErrors('src/api/download/upward.ts', "import { x } from '../../auth/session';")).toHaveLength(1);
    expect(await importErrors('src/api/upward.ts', "import { x } from '../ids';")).toHaveLength(1);
    expect(await importErrors('src/api/upward.ts', "import { x } from 'vscode';")).toEqual([expect.stringContaining('src/api must not depend on VS Code')]);
  });

  it('webview UI code imports neither vscode, Node nor the extension side', async () => {
    expect(await importErrors('src/webviews/ui/upward.ts', "import { x } from 'vscode';")).toHaveLength(1);
    expect(await importErrors('src/webviews/ui/upward.ts', "import { x } from 'node:fs';")).toHaveLength(1);
    expect(await importErrors('src/webviews/ui/upward.ts', "import { x } from '../../api/urls';")).toHaveLength(1);
  });

  it('src/format.ts sits below every layer: it imports none of them, nor vscode or Node', async () => {
    expect(await importErrors('src/format.ts', "import { x } from './api/urls';")).toHaveLength(1);
    expect(await importErrors('src/format.ts', "import { x } from './run-changes';")).toHaveLength(1);
    expect(await importErrors('src/format.ts', "import { x } from 'node:os';")).toHaveLength(1);
    expect(await importErrors('src/format.ts', "import { x } from 'vscode';")).toHaveLength(1);
  });

  it('downward imports pass', async () => {
    expect(await importErrors('src/commands/ok.ts', "import { x } from '../tree/nodes';\nimport { y } from '../webviews/run-panel';\nexport const z = y;")).toEqual([]);
    expect(await importErrors('src/tree/ok.ts', "import { x } from '../api/model/run';\nimport { y } from '../ids';\nexport const z = y;")).toEqual([]);
    expect(await importErrors('src/webviews/ui/ok.ts', "import { x } from '../protocol';")).toEqual([]);
    expect(await importErrors('src/webviews/ui/ok.ts', "import { x } from '../../format';")).toEqual([]);
    expect(await importErrors('src/api/download/ok.ts', "import { x } from '../../format';")).toEqual([]);
  });
});
