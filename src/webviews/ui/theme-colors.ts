/**
 * Colours of plotted series in the current VS Code theme: the theme's chart palette with enough
 * contrast against the editor background (see series-colors.ts), and a colour with an alpha
 * whatever CSS syntax the theme uses. No chart library here: the runs table's plots use it too.
 */
import { minimumContrast, withContrast } from '../series-colors';
import { cssVar } from './values';

/** Theme colours for runs: the chart palette first, then the terminal's. */
const PALETTE_VARS: Array<[string, string]> = [
  ['--vscode-charts-blue', '#3794ff'],
  ['--vscode-charts-orange', '#d18616'],
  ['--vscode-charts-green', '#89d185'],
  ['--vscode-charts-red', '#f14c4c'],
  ['--vscode-charts-purple', '#b180d7'],
  ['--vscode-charts-yellow', '#cca700'],
  ['--vscode-terminal-ansiCyan', '#11a8cd'],
  ['--vscode-terminal-ansiMagenta', '#bc3fbc'],
  ['--vscode-terminal-ansiBrightGreen', '#23d18b'],
  ['--vscode-terminal-ansiBrightBlue', '#3b8eea'],
  ['--vscode-terminal-ansiBrightRed', '#f14c4c'],
  ['--vscode-terminal-ansiBrightYellow', '#f5f543'],
];

/** Run `i`'s colour in the current theme, with enough contrast against the editor background. */
export function runColor(i: number): string {
  let base = `hsl(${(i * 137.5) % 360}, 60%, 55%)`;
  if (i < PALETTE_VARS.length) {
    const [name, fallback] = PALETTE_VARS[i]!;
    base = cssVar(name, fallback);
  }
  const cls = document.body.classList;
  const highContrast = cls.contains('vscode-high-contrast') || cls.contains('vscode-high-contrast-light');
  return withContrast(base, cssVar('--vscode-editor-background', highContrast ? '#000000' : '#1e1e1e'), minimumContrast(highContrast));
}

let probe: CanvasRenderingContext2D | null | undefined;
/** `color` with an alpha, whatever CSS colour syntax the theme uses. */
export function withAlpha(color: string, alpha: number): string {
  // Theme colours are hex nearly always: parse those without a probe canvas (its context is slow
  // to create on the first paint).
  const hex = /^#([0-9a-f]{3,4}|[0-9a-f]{6}|[0-9a-f]{8})$/i.exec(color.trim());
  if (hex) {
    const d = hex[1]!;
    const full = d.length <= 4 ? [...d].map((c) => c + c).join('') : d;
    return `rgba(${parseInt(full.slice(0, 2), 16)}, ${parseInt(full.slice(2, 4), 16)}, ${parseInt(full.slice(4, 6), 16)}, ${alpha})`;
  }
  probe ??= document.createElement('canvas').getContext('2d');
  if (!probe) return color;
  probe.fillStyle = '#000';
  probe.fillStyle = color;
  const norm = String(probe.fillStyle);
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(norm);
  if (m) return `rgba(${parseInt(m[1]!, 16)}, ${parseInt(m[2]!, 16)}, ${parseInt(m[3]!, 16)}, ${alpha})`;
  const r = /^rgba?\(([^)]+)\)$/.exec(norm);
  if (r) {
    const [a, b, c] = r[1]!.split(',').map((s) => s.trim());
    return `rgba(${a}, ${b}, ${c}, ${alpha})`;
  }
  return color;
}
