// The repository must stand alone: a clone has no folder beside it. This fails when any file
// that the build, the tests, the demo, the benchmarks or CI run reads from a sibling `shared/`
// folder (the team's reference material, which is not part of the repository).
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(__dirname, '../..');
const CHECKED = ['src', 'test', 'scripts', 'bench', '.ci', 'package.json', 'vitest.config.mts', 'eslint.config.mjs', 'tsconfig.json'];
const CODE = /\.(ts|mts|cts|js|mjs|cjs|json|sh)$|^run$/;
const SKIP_DIRS = new Set(['node_modules', 'fixtures', '.tools', 'dist']);

/** Built from parts so that this file does not match itself. */
const SIBLING = 'sha' + 'red';
const READS_SIBLING = new RegExp(
  [
    String.raw`\.\.[\\/]` + SIBLING + String.raw`\b`, // a parent-relative path or URL to it
    String.raw`['"]\.\.['"]\s*,\s*(?:['"]\.\.['"]\s*,\s*)*['"]` + SIBLING + `['"]`, // path segments joined: '..', then its name
  ].join('|'),
);

export function readsSiblingFolder(text: string): boolean {
  return READS_SIBLING.test(text);
}

function* files(path: string): Generator<string> {
  const st = statSync(path, { throwIfNoEntry: false });
  if (!st) return;
  if (st.isFile()) {
    yield path;
    return;
  }
  if (!st.isDirectory()) return;
  for (const name of readdirSync(path)) {
    if (SKIP_DIRS.has(name)) continue;
    yield* files(join(path, name));
  }
}

describe('the repository stands alone', () => {
  it('recognises the ways a file could reach a sibling folder', () => {
    const up = '..';
    expect(readsSiblingFolder(`new URL('${up}/${up}/${up}/${SIBLING}/wandb/schema.graphql', import.meta.url)`)).toBe(true);
    expect(readsSiblingFolder(`join(__dirname, '${up}/${up}/${up}/${SIBLING}/fixtures')`)).toBe(true);
    expect(readsSiblingFolder(`join(ROOT, '${up}', '${SIBLING}', 'fixtures')`)).toBe(true);
    expect(readsSiblingFolder(`join(ROOT, "${up}", "${up}", "${SIBLING}")`)).toBe(true);
    expect(readsSiblingFolder(`path.resolve('${up}\\${SIBLING}\\x')`)).toBe(true);
    expect(readsSiblingFolder(`// state ${SIBLING} by both panels; import './${SIBLING}-state'`)).toBe(false);
    expect(readsSiblingFolder(`new URL('../fixtures/real-runs/', import.meta.url)`)).toBe(false);
  });

  it('no code, test, script, benchmark or CI file reads a sibling folder', () => {
    const offenders: string[] = [];
    let scanned = 0;
    for (const top of CHECKED) {
      for (const f of files(join(ROOT, top))) {
        const rel = relative(ROOT, f);
        if (!CODE.test(f.split('/').pop() ?? '')) continue;
        scanned++;
        const text = readFileSync(f, 'utf8');
        text.split('\n').forEach((line, i) => {
          if (readsSiblingFolder(line)) offenders.push(`${rel}:${i + 1}: ${line.trim()}`);
        });
      }
    }
    expect(scanned).toBeGreaterThan(100);
    expect(offenders).toEqual([]);
  });
});
