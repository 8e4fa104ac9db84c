/**
 * A sweep configuration as YAML to show. W&B stores it as YAML text, sometimes as JSON; JSON is
 * converted by a small block-style writer. (The `yaml` package would do it, but adds about
 * 115 KB to the extension bundle for this one read-only view.)
 */
import { parseWandbJson } from './json';

/** A sweep configuration as YAML text: YAML as stored, JSON converted, a comment when empty. */
export function sweepConfigYaml(config: string): string {
  const text = config.trim();
  if (!text) return '# This sweep has no configuration.\n';
  if (text.startsWith('{')) {
    try {
      const value = parseWandbJson(text);
      if (value && typeof value === 'object') return `${toYaml(value, 0).join('\n')}\n`;
    } catch {
      // not JSON after all: show it as stored
    }
  }
  return `${text}\n`;
}

/** Block-style YAML for JSON values; strings that YAML would read as something else are quoted. */
function toYaml(value: unknown, indent: number): string[] {
  const pad = ' '.repeat(indent);
  if (Array.isArray(value)) {
    if (value.length === 0) return [`${pad}[]`];
    return value.flatMap((v) => {
      if (isContainer(v)) {
        const lines = toYaml(v, indent + 2);
        return [`${pad}- ${lines[0]!.trimStart()}`, ...lines.slice(1)];
      }
      return [`${pad}- ${yamlScalar(v)}`];
    });
  }
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.length === 0) return [`${pad}{}`];
    return entries.flatMap(([k, v]) => (isContainer(v) ? [`${pad}${yamlKey(k)}:`, ...toYaml(v, indent + 2)] : [`${pad}${yamlKey(k)}: ${yamlScalar(v)}`]));
  }
  return [`${pad}${yamlScalar(value)}`];
}

function isContainer(v: unknown): boolean {
  return !!v && typeof v === 'object' && (Array.isArray(v) ? v.length > 0 : Object.keys(v).length > 0);
}

function yamlKey(k: string): string {
  return /^[A-Za-z_][\w.-]*$/.test(k) ? k : JSON.stringify(k);
}

function yamlScalar(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'number') return Number.isNaN(v) ? '.nan' : v === Infinity ? '.inf' : v === -Infinity ? '-.inf' : String(v);
  if (typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return '[]';
  if (typeof v === 'object') return '{}';
  const s = String(v);
  const plain = /^[A-Za-z_/][\w ./-]*$/.test(s) && !/^(true|false|yes|no|on|off|null|~|y|n)$/i.test(s) && !s.endsWith(' ');
  return plain ? s : JSON.stringify(s);
}
