/**
 * Colours of chart series that stay readable in every theme. VS Code's chart palette is tuned
 * for the default themes; in high-contrast themes (and some light ones) a palette colour can sit
 * too close to the editor background (light blue on white). The rule: every series colour has
 * at least 3:1 contrast with the background (WCAG 2.1, 1.4.11 non-text contrast), 4.5:1 in
 * high-contrast themes, whose users asked for more. A colour short of it keeps its hue and is
 * darkened (light background) or lightened (dark background) until it passes.
 * Pure: the webview reads the theme's colours and hands them in.
 */

export type Rgb = [number, number, number];

/** `#rgb`, `#rrggbb` (alpha digits ignored) or `rgb()/rgba()` as 0–255 channels; undefined otherwise. */
export function parseColor(css: string): Rgb | undefined {
  const s = css.trim().toLowerCase();
  const hex = /^#([0-9a-f]{3,4}|[0-9a-f]{6}|[0-9a-f]{8})$/.exec(s);
  if (hex) {
    const d = hex[1]!;
    const full = d.length <= 4 ? [...d.slice(0, 3)].map((c) => c + c).join('') : d.slice(0, 6);
    return [parseInt(full.slice(0, 2), 16), parseInt(full.slice(2, 4), 16), parseInt(full.slice(4, 6), 16)];
  }
  const hsl = /^hsla?\(\s*([\d.]+)(?:deg)?[\s,]+([\d.]+)%[\s,]+([\d.]+)%/.exec(s);
  if (hsl) return hslToRgb(Number(hsl[1]), Number(hsl[2]) / 100, Number(hsl[3]) / 100);
  const fn = /^rgba?\(\s*([\d.]+)[\s,]+([\d.]+)[\s,]+([\d.]+)/.exec(s);
  if (fn) return [Number(fn[1]), Number(fn[2]), Number(fn[3])].map((v) => Math.max(0, Math.min(255, Math.round(v)))) as Rgb;
  return undefined;
}

function hslToRgb(h: number, s: number, l: number): Rgb {
  const a = s * Math.min(l, 1 - l);
  const f = (n: number) => {
    const k = (n + h / 30) % 12;
    return Math.round(255 * (l - a * Math.max(-1, Math.min(k - 3, 9 - k, 1))));
  };
  return [f(0), f(8), f(4)];
}

export function toHex([r, g, b]: Rgb): string {
  return `#${[r, g, b].map((v) => Math.round(v).toString(16).padStart(2, '0')).join('')}`;
}

/** WCAG relative luminance. */
export function luminance([r, g, b]: Rgb): number {
  const lin = (c: number) => {
    const v = c / 255;
    return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
  };
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}

/** WCAG contrast ratio, 1 to 21. */
export function contrastRatio(a: Rgb, b: Rgb): number {
  const la = luminance(a);
  const lb = luminance(b);
  return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
}

export function minimumContrast(highContrast: boolean): number {
  return highContrast ? 4.5 : 3;
}

/**
 * `color` with at least `min` contrast against `background`: unchanged when it has it, else
 * mixed towards black (light background) or white (dark background) in small steps until it
 * does. Unparseable input comes back as it is.
 */
export function withContrast(color: string, background: string, min: number): string {
  const c = parseColor(color);
  const bg = parseColor(background);
  if (!c || !bg) return color;
  if (contrastRatio(c, bg) >= min) return color;
  const target: Rgb = luminance(bg) > 0.5 ? [0, 0, 0] : [255, 255, 255];
  for (let step = 1; step <= 20; step++) {
    // Rounded before the check, so the hex that is returned is the colour that passed.
    const mixed = c.map((v, i) => Math.round(v + ((target[i]! - v) * step) / 20)) as Rgb;
    if (contrastRatio(mixed, bg) >= min) return toHex(mixed);
  }
  return toHex(target);
}
