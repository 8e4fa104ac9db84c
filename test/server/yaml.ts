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
