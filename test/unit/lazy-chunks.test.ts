/**
 * The production build keeps what activation does not need out of dist/extension.js: each lazy
 * chunk (scripts/build.mjs LAZY_CHUNKS, and `yaml`) is a file of its own, required on first use.
 */
import { join } from 'node:path';
import * as esbuild from 'esbuild';
import { describe, expect, it, vi } from 'vitest';
// @ts-expect-error plain ESM script without types
import { extension, LAZY_CHUNKS } from '../../scripts/build.mjs';

interface Chunk {
  name: string;
  entry: string;
  importer: string;
}

const root = join(__dirname, '../..');
const chunks = LAZY_CHUNKS as Chunk[];

/** What each chunk brings that activation must not pay for (besides its entry). */
const KEPT_OUT: Record<string, string[]> = {
  'local-reader': ['src/local/run-accumulator.ts', 'src/local/log-framing.ts', 'src/local/records.ts'],
  downloads: ['src/api/download/engine.ts', 'src/api/download/resumable-fetch.ts', 'src/api/download/sources.ts', 'src/api/download/verify.ts', 'src/commands/download-report.ts'],
  'run-code-actions': ['src/commands/git-repos.ts', 'src/text/unified-diff.ts'],
  'runs-table-panel': ['src/api/runs-table.ts', 'src/webviews/runs-table-model.ts'],
};

/**
 * Classes a chunk must get handed in, never carry: one copy of each, the extension's (the
 * session, the tree, and the run and compare panels the runs table opens).
 */
const EXTENSION_ONLY = ['src/auth/session.ts', 'src/tree/provider.ts', 'src/webviews/run-panel.ts', 'src/webviews/compare-panel.ts'];

/** The modules with bytes in a build's one output, those with code, and the output's text. */
async function bundle(entryPoints: Record<string, string>): Promise<{ modules: string[]; code: string[]; text: string }> {
  const r = await esbuild.build({ ...(extension as esbuild.BuildOptions), entryPoints, absWorkingDir: root, write: false, metafile: true, logLevel: 'silent', sourcemap: false, minify: true });
  const [out] = Object.values(r.metafile.outputs);
  const inputs = Object.entries(out!.inputs);
  return {
    modules: inputs.filter(([, v]) => v.bytesInOutput > 0).map(([k]) => k),
    // More than what tree-shaking leaves of a module whose exports go unused (its `require("vscode")`).
    code: inputs.filter(([, v]) => v.bytesInOutput > 64).map(([k]) => k),
    text: r.outputFiles.find((f) => f.path.endsWith('.js'))!.text,
  };
}

describe('lazy chunks of the production build', () => {
  it('extension.js requires each chunk by its file and inlines none of what the chunk holds; no chunk carries the extension\'s stateful classes', { timeout: 30_000 }, async () => {
    const ext = await bundle({ extension: 'src/extension.ts' });
    expect(Object.keys(KEPT_OUT).sort()).toEqual(chunks.map((c) => c.name).sort());
    for (const c of chunks) {
      const own = [c.entry, ...KEPT_OUT[c.name]!];
      // The list names modules the chunk really holds, so the check below can fail.
      const chunk = await bundle({ [c.name]: c.entry });
      expect(chunk.modules).toEqual(expect.arrayContaining(own));
      expect(chunk.code.filter((m) => EXTENSION_ONLY.includes(m)), c.name).toEqual([]);
      expect(ext.modules.filter((m) => own.includes(m)), c.name).toEqual([]);
      expect(ext.text).toContain(`require("./${c.name}.js")`);
    }
    expect(ext.modules.filter((m) => m.includes('node_modules/yaml/'))).toEqual([]);
    expect(ext.text).toContain('require("./yaml.js")');
  });

  it('recognises a WandbError made by another copy of src/api/errors.ts (a chunk has its own)', async () => {
    vi.resetModules();
    const mine = await import('../../src/api/errors');
    vi.resetModules();
    const other = await import('../../src/api/errors');
    expect(other.WandbError).not.toBe(mine.WandbError);
    const fromChunk = new other.WandbError('cancelled', 'Cancelled.');
    expect(fromChunk instanceof mine.WandbError).toBe(true);
    expect(mine.isWandbError(fromChunk)).toBe(true);
    expect(new Error('plain') instanceof mine.WandbError).toBe(false);
    expect(({ name: 'WandbError', kind: 'auth', message: 'x' } as object) instanceof mine.WandbError).toBe(false);
  });
});
