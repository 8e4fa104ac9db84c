import { describe, expect, it } from 'vitest';
import { contrastRatio, minimumContrast, parseColor, withContrast } from '../../src/webviews/series-colors';

const ratio = (a: string, b: string) => contrastRatio(parseColor(a)!, parseColor(b)!);

describe('series colours keep their contrast with the background', () => {
  it('computes WCAG contrast (black on white is 21:1, a colour on itself 1:1)', () => {
    expect(ratio('#000', '#fff')).toBeCloseTo(21, 5);
    expect(ratio('#3794ff', '#3794ff')).toBeCloseTo(1, 5);
    expect(parseColor('rgba(55, 148, 255, 0.5)')).toEqual([55, 148, 255]);
    expect(parseColor('#3794ffcc')).toEqual([55, 148, 255]);
    expect(parseColor('hsl(120, 100%, 50%)')).toEqual([0, 255, 0]);
    expect(parseColor('hsl(0, 60%, 55%)')).toEqual([209, 71, 71]);
    expect(parseColor('var(--x)')).toBeUndefined();
  });

  it('leaves a colour that already contrasts enough alone', () => {
    expect(withContrast('#0000ff', '#ffffff', 3)).toBe('#0000ff');
    expect(withContrast('#f14c4c', '#1e1e1e', 3)).toBe('#f14c4c');
  });

  // Light blue on a white high-contrast background, and navy on a black one: the two cases a
  // user reported. Every theme kind, every colour of the palette, must meet the minimum.
  const palette = ['#3794ff', '#d18616', '#89d185', '#f14c4c', '#b180d7', '#cca700', '#11a8cd', '#bc3fbc', '#23d18b', '#3b8eea', '#f5f543', '#75beff', '#1a1aa6'];
  const themes: Array<{ kind: string; background: string; highContrast: boolean }> = [
    { kind: 'light', background: '#ffffff', highContrast: false },
    { kind: 'dark', background: '#1e1e1e', highContrast: false },
    { kind: 'high contrast (dark)', background: '#000000', highContrast: true },
    { kind: 'high contrast (light)', background: '#ffffff', highContrast: true },
  ];
  for (const t of themes) {
    it(`gives every palette colour ${minimumContrast(t.highContrast)}:1 in the ${t.kind} theme, keeping its hue family`, () => {
      const min = minimumContrast(t.highContrast);
      for (const c of palette) {
        const out = withContrast(c, t.background, min);
        expect(ratio(out, t.background), `${c} → ${out}`).toBeGreaterThanOrEqual(min);
        // Mixed towards black or white only: the channel order (its hue) is kept.
        const [r, g, b] = parseColor(c)!;
        const [r2, g2, b2] = parseColor(out)!;
        if (r > g) expect(r2).toBeGreaterThanOrEqual(g2);
        if (b > r) expect(b2).toBeGreaterThanOrEqual(r2);
      }
    });
  }

  it('brightens navy on black and darkens light blue on white', () => {
    const navy = parseColor(withContrast('#1a1aa6', '#000000', 4.5))!;
    expect(navy[2]).toBeGreaterThan(0xa6);
    const light = parseColor(withContrast('#75beff', '#ffffff', 4.5))!;
    expect(light[2]).toBeLessThan(0xff);
  });
});
