/**
 * The small part of YAML that wandb's config.yaml files use: block mappings and sequences,
 * plain / quoted scalars, empty flow collections. Plus a writer for the same subset.
 */

interface Line {
  indent: number;
  text: string;
}

function scalar(s: string): unknown {
  const t = s.trim();
  if (t === '' || t === '~' || t === 'null') return null;
  if (t === 'true' || t === 'True') return true;
  if (t === 'false' || t === 'False') return false;
  if (t === '[]') return [];
  if (t === '{}') return {};
  if (t.startsWith("'") && t.endsWith("'") && t.length >= 2) return t.slice(1, -1).replace(/''/g, "'");
  if (t.startsWith('"') && t.endsWith('"') && t.length >= 2) {
    try {
      return JSON.parse(t);
    } catch {
      return t.slice(1, -1);
    }
  }
  if (t === '.nan' || t === '.NaN') return NaN;
  if (t === '.inf' || t === '+.inf') return Infinity;
  if (t === '-.inf') return -Infinity;
  if (/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(t)) return Number(t);
  if (t.startsWith('[') && t.endsWith(']')) {
    const inner = t.slice(1, -1).trim();
    return inner === '' ? [] : inner.split(',').map((x) => scalar(x));
  }
  return t;
}

function splitKey(text: string): [string, string] | null {
  let key: string;
  let rest: string;
  if (text.startsWith('"') || text.startsWith("'")) {
    const q = text[0]!;
    const end = text.indexOf(q, 1);
    if (end < 0 || text[end + 1] !== ':') return null;
    key = text.slice(1, end);
    rest = text.slice(end + 2);
  } else {
    const m = /^([^:#]+?):(\s|$)/.exec(text);
    if (!m) return null;
    key = m[1]!;
    rest = text.slice(m[0].length - (m[2] ? m[2].length : 0) + (m[2] ? 1 : 0));
    rest = text.slice(m[1]!.length + 1);
  }
  return [key, rest.trim()];
}

function parseBlock(lines: Line[], pos: { i: number }, indent: number): unknown {
  const first = lines[pos.i];
  if (!first || first.indent < indent) return null;
  if (first.text.startsWith('- ') || first.text === '-') {
    const arr: unknown[] = [];
    const ind = first.indent;
    while (pos.i < lines.length && lines[pos.i]!.indent === ind && (lines[pos.i]!.text.startsWith('- ') || lines[pos.i]!.text === '-')) {
      const item = lines[pos.i]!.text.slice(1).trim();
      if (item === '') {
        pos.i++;
        arr.push(parseBlock(lines, pos, ind + 1));
      } else if (splitKey(item) && !item.startsWith('[') && !item.startsWith('{')) {
        // "- key: value" starts a mapping whose other keys are indented to the key's column.
        const col = ind + 2;
        lines[pos.i] = { indent: col, text: item };
        arr.push(parseBlock(lines, pos, col));
      } else {
        pos.i++;
        arr.push(scalar(item));
      }
    }
    return arr;
  }
  const obj: Record<string, unknown> = {};
  const ind = first.indent;
  while (pos.i < lines.length && lines[pos.i]!.indent === ind) {
    const line = lines[pos.i]!;
    if (line.text.startsWith('- ') || line.text === '-') break;
    const kv = splitKey(line.text);
    if (!kv) throw new Error(`cannot parse YAML line: ${line.text}`);
    pos.i++;
    const [key, rest] = kv;
    if (rest === '' || rest === '|' || rest === '>') {
      const next = lines[pos.i];
      if (next && (next.indent > ind || (next.indent === ind && (next.text.startsWith('- ') || next.text === '-')))) {
        obj[key] = parseBlock(lines, pos, next.indent);
      } else obj[key] = null;
    } else obj[key] = scalar(rest);
  }
  return obj;
}

export function parseYaml(text: string): unknown {
  const lines: Line[] = [];
  for (const raw of text.split(/\r?\n/)) {
    if (/^\s*(#.*)?$/.test(raw) || raw.startsWith('---')) continue;
    const indent = raw.length - raw.trimStart().length;
    lines.push({ indent, text: raw.trim() });
  }
  if (lines.length === 0) return null;
  return parseBlock(lines, { i: 0 }, 0);
}

function yamlScalar(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'number') return Number.isNaN(v) ? '.nan' : v === Infinity ? '.inf' : v === -Infinity ? '-.inf' : String(v);
  if (typeof v === 'boolean') return String(v);
  const s = String(v);
  if (s === '' || /^[\s\-?:,[\]{}#&*!|>'"%@`]|[:#]\s|\s$|^(true|false|null|yes|no|~)$/i.test(s) || /^[-+.\d]/.test(s) || /[\n\u0000-\u001f]/.test(s)) {
    return JSON.stringify(s);
  }
  return s;
}

/** Write the YAML subset parseYaml reads (block style, like PyYAML's default_flow_style=False). */
export function toYaml(value: unknown, indent = 0): string {
  const pad = ' '.repeat(indent);
  if (Array.isArray(value)) {
    if (value.length === 0) return `${pad}[]\n`;
    return value
      .map((v) => {
        if (v !== null && typeof v === 'object' && (Array.isArray(v) ? v.length : Object.keys(v).length)) {
          return `${pad}-\n${toYaml(v, indent + 2)}`;
        }
        return `${pad}- ${yamlScalar(Array.isArray(v) ? '[]' : v !== null && typeof v === 'object' ? '{}' : v)}\n`;
      })
      .join('');
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.length === 0) return `${pad}{}\n`;
    return entries
      .map(([k, v]) => {
        const key = /^[\w./-]+$/.test(k) && !/^\d/.test(k) ? k : JSON.stringify(k);
        if (v !== null && typeof v === 'object' && (Array.isArray(v) ? v.length : Object.keys(v).length)) {
          return `${pad}${key}:\n${toYaml(v, Array.isArray(v) ? indent : indent + 2)}`;
        }
        if (Array.isArray(v)) return `${pad}${key}: []\n`;
        if (v !== null && typeof v === 'object') return `${pad}${key}: {}\n`;
        return `${pad}${key}: ${yamlScalar(v)}\n`;
      })
      .join('');
  }
  return `${pad}${yamlScalar(value)}\n`;
}
