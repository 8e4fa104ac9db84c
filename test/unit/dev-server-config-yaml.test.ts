/**
 * The dev server writes a run's `config.yaml` as the SDK that stored the config wrote it, checked
 * against the real files of the corpus: wandb-core's dialect (no version line, keys sorted by
 * yaml.v3, four-space indents) and the Python sender's (`wandb_version: 1`, `{desc, value}`).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { configYaml, wrapConfigValues } from '../server/run-config';
import { parseYaml } from '../server/yaml';

const CORPUS = join(__dirname, '../fixtures/real-runs');
const files = readdirSync(CORPUS, { recursive: true, encoding: 'utf8' })
  .filter((p) => p.endsWith('/files/config.yaml'))
  .sort()
  .map((p) => ({ name: p, text: readFileSync(join(CORPUS, p), 'utf8') }));
const core = files.filter((f) => !f.text.startsWith('wandb_version'));
const python = files.filter((f) => f.text.startsWith('wandb_version: 1\n'));
/** Each mapping key with its indentation, in file order (quotes dropped). */
const keyLines = (text: string) => [...text.matchAll(/^( *)(?:- )?['"]?([^'"\s:][^'":]*)['"]?:/gm)].map((m) => `${m[1]}${m[2]}`);

describe('config.yaml as the dev server writes it', () => {
  it('finds both dialects in the corpus', () => {
    expect(core.length).toBeGreaterThanOrEqual(4);
    expect(python.length).toBeGreaterThanOrEqual(8);
    expect(core.length + python.length).toBe(files.length);
  });

  it.each(core.map((f) => [f.name, f.text]))("wandb-core's dialect: %s", (_name, text) => {
    const config = parseYaml(text) as Record<string, unknown>;
    const written = configYaml(config);
    expect(parseYaml(written)).toEqual(config);
    expect(keyLines(written)).toEqual(keyLines(text));
  });

  it.each(python.map((f) => [f.name, f.text]))("the Python sender's dialect: %s", (_name, text) => {
    const { wandb_version: version, ...config } = parseYaml(text) as Record<string, unknown>;
    expect(version).toBe(1);
    const written = configYaml(config);
    expect(written.startsWith('wandb_version: 1\n\n')).toBe(true);
    expect(parseYaml(written)).toEqual(parseYaml(text));
    // Keys in the order set. Only the top level: nested integer keys (telemetry's `1:`) come back
    // from a JavaScript object in ascending order, whatever order Python had them in.
    const topLevel = (t: string) => keyLines(t).filter((k) => !k.startsWith(' '));
    expect(topLevel(written)).toEqual(topLevel(text));
  });

  it('writes an empty config as each SDK does', () => {
    // yaml.v3 marshals an empty map as `{}`; the Python sender wrote the version line alone.
    expect(configYaml({})).toBe('{}\n');
  });

  it('wraps plain values as wandb-core sends them, and keeps entries as their SDK wrote them', () => {
    expect(wrapConfigValues({ lr: 0.1, opt: { name: 'sgd' }, old: { desc: null, value: 2 }, core: { value: [1] } })).toEqual({
      lr: { value: 0.1 },
      opt: { value: { name: 'sgd' } },
      old: { desc: null, value: 2 },
      core: { value: [1] },
    });
  });
});
