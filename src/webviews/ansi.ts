/**
 * ANSI escape sequences (as in `output.log`) to lines of styled segments. Styles are class
 * names (`ansi-fg-1`, `ansi-bold`...) the webview's stylesheet maps to the terminal theme
 * colours: no inline styles, which the webview CSP forbids. 256-colour and 24-bit colours are
 * mapped to the nearest of the 16 theme colours. Carriage returns (progress bars) keep only
 * what was written last on the line. Other escape sequences are dropped. Pure.
 */

export interface AnsiSegment {
  text: string;
  /** Space-separated class names, absent for plain text. */
  cls?: string;
}

export type AnsiLine = AnsiSegment[];

interface Style {
  fg?: number;
  bg?: number;
  bold?: boolean;
  dim?: boolean;
  italic?: boolean;
  underline?: boolean;
}

// The 16 xterm colours, to map 256-colour and RGB values onto the theme's 16.
const BASE16: Array<[number, number, number]> = [
  [0, 0, 0], [205, 49, 49], [13, 188, 121], [229, 229, 16], [36, 114, 200], [188, 63, 188], [17, 168, 205], [229, 229, 229],
  [102, 102, 102], [241, 76, 76], [35, 209, 139], [245, 245, 67], [59, 142, 234], [214, 112, 214], [41, 184, 219], [255, 255, 255],
];

function nearest16(r: number, g: number, b: number): number {
  let best = 0;
  let bestD = Infinity;
  for (let i = 0; i < 16; i++) {
    const [cr, cg, cb] = BASE16[i]!;
    const d = (cr - r) ** 2 + (cg - g) ** 2 + (cb - b) ** 2;
    if (d < bestD) {
      bestD = d;
      best = i;
    }
  }
  return best;
}

function from256(n: number): number {
  if (n < 16) return n;
  if (n >= 232) {
    const v = 8 + (n - 232) * 10;
    return nearest16(v, v, v);
  }
  const i = n - 16;
  const level = (x: number) => (x === 0 ? 0 : 55 + x * 40);
  return nearest16(level(Math.floor(i / 36)), level(Math.floor(i / 6) % 6), level(i % 6));
}

function applySgr(style: Style, params: number[]): Style {
  const s: Style = { ...style };
  if (params.length === 0) params = [0];
  for (let i = 0; i < params.length; i++) {
    const p = params[i]!;
    if (p === 0) {
      for (const k of Object.keys(s) as Array<keyof Style>) delete s[k];
    } else if (p === 1) s.bold = true;
    else if (p === 2) s.dim = true;
    else if (p === 3) s.italic = true;
    else if (p === 4) s.underline = true;
    else if (p === 22) {
      delete s.bold;
      delete s.dim;
    } else if (p === 23) delete s.italic;
    else if (p === 24) delete s.underline;
    else if (p >= 30 && p <= 37) s.fg = p - 30;
    else if (p >= 90 && p <= 97) s.fg = p - 90 + 8;
    else if (p === 39) delete s.fg;
    else if (p >= 40 && p <= 47) s.bg = p - 40;
    else if (p >= 100 && p <= 107) s.bg = p - 100 + 8;
    else if (p === 49) delete s.bg;
    else if (p === 38 || p === 48) {
      const mode = params[i + 1];
      let colour: number | undefined;
      if (mode === 5 && params[i + 2] !== undefined) {
        colour = from256(params[i + 2]! & 255);
        i += 2;
      } else if (mode === 2 && params[i + 4] !== undefined) {
        colour = nearest16(params[i + 2]!, params[i + 3]!, params[i + 4]!);
        i += 4;
      } else break;
      if (p === 38) s.fg = colour;
      else s.bg = colour;
    }
  }
  return s;
}

function classOf(s: Style): string | undefined {
  const c: string[] = [];
  if (s.fg !== undefined) c.push(`ansi-fg-${s.fg}`);
  if (s.bg !== undefined) c.push(`ansi-bg-${s.bg}`);
  if (s.bold) c.push('ansi-bold');
  if (s.dim) c.push('ansi-dim');
  if (s.italic) c.push('ansi-italic');
  if (s.underline) c.push('ansi-underline');
  return c.length ? c.join(' ') : undefined;
}

// CSI (ESC [ params letter), OSC (ESC ] ... BEL or ESC \), and two-character escapes.
const ESCAPE = /\x1b\[([0-9;:?]*)([@-~])|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b[@-Z\\-_]/g;

/** Parses ANSI text into lines of segments. A trailing newline does not add an empty line. */
export function parseAnsi(text: string): AnsiLine[] {
  const lines: AnsiLine[] = [];
  let style: Style = {};
  let line: AnsiLine = [];
  const pushText = (t: string) => {
    if (!t) return;
    // A carriage return not followed by a newline starts the line over (progress bars).
    const parts = t.split('\r');
    for (let i = 0; i < parts.length; i++) {
      if (i > 0 && parts[i] !== '') line = [];
      const part = parts[i]!;
      if (!part) continue;
      const cls = classOf(style);
      const prev = line[line.length - 1];
      if (prev && prev.cls === cls) prev.text += part;
      else line.push(cls ? { text: part, cls } : { text: part });
    }
  };
  const pushChunk = (chunk: string) => {
    const rows = chunk.split('\n');
    for (let i = 0; i < rows.length; i++) {
      if (i > 0) {
        lines.push(line);
        line = [];
      }
      pushText(rows[i]!);
    }
  };
  let last = 0;
  ESCAPE.lastIndex = 0;
  for (let m = ESCAPE.exec(text); m; m = ESCAPE.exec(text)) {
    pushChunk(text.slice(last, m.index));
    last = m.index + m[0].length;
    if (m[2] === 'm') {
      const params = (m[1] ?? '')
        .split(/[;:]/)
        .filter((x) => x !== '')
        .map((x) => Number.parseInt(x, 10))
        .filter((x) => Number.isFinite(x));
      style = applySgr(style, params);
    }
  }
  pushChunk(text.slice(last));
  if (line.length > 0 || !text.endsWith('\n')) lines.push(line);
  if (lines.length === 1 && lines[0]!.length === 0 && text === '') return [];
  return lines;
}

/** The plain text of a line (for search). */
export function lineText(line: AnsiLine): string {
  let s = '';
  for (const seg of line) s += seg.text;
  return s;
}
