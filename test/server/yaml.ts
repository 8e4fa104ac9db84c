/**
 * YAML as wandb writes it (PyYAML's block style: `- ` items at their key's indentation, `.nan`,
 * `null`, no line folding), through the `yaml` package.
 */
import { parse, stringify } from 'yaml';

export function parseYaml(text: string): unknown {
  return parse(text) ?? null;
}

/** Block-style YAML of `value`; empty collections as `[]` / `{}`. */
export function toYaml(value: unknown): string {
  return stringify(value, { indentSeq: false, lineWidth: 0 });
}

/** A run's `config.yaml`: the version line, then `{key: {desc, value}}` entries. */
export function configYaml(config: Record<string, unknown>): string {
  return 'wandb_version: 1\n\n' + toYaml(config);
}
