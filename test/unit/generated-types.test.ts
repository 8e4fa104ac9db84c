import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { allDocuments } from '../../src/api/queries';
import { generatedPath, generateTypes } from '../../scripts/codegen';

describe('generated GraphQL types', () => {
  it('match the schema and the documents (run `npm run codegen` after changing a document)', async () => {
    const committed = readFileSync(generatedPath, 'utf8');
    expect(await generateTypes()).toBe(committed);
  }, 60_000);

  it('change when a document changes (the check can fail)', async () => {
    const docs = allDocuments().map((d) => (d.operationName === 'RunStates' ? { ...d, text: d.text.replace(' heartbeatAt ', ' ') } : d));
    const text = await generateTypes(docs);
    expect(text).not.toBe(readFileSync(generatedPath, 'utf8'));
    expect(text).toMatch(/export type RunStatesQuery = \{ project: \{ runs: \{ edges: Array<\{ node: \{ name: string, state: string \| null \} \}> \} \| null \} \| null \};/);
  }, 60_000);

  it('hold types only: nothing of them reaches the bundle', () => {
    const committed = readFileSync(generatedPath, 'utf8');
    const statements = committed.split('\n').filter((l) => /^export (?!type )/.test(l));
    expect(statements).toEqual([]);
  });
});
