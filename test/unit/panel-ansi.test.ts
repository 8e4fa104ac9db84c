import { describe, expect, it } from 'vitest';
import { lineText, parseAnsi } from '../../src/webviews/ansi';

describe('parseAnsi', () => {
  it('turns SGR colours into classes and keeps plain text plain', () => {
    const lines = parseAnsi('plain \x1b[31mred\x1b[0m and \x1b[1;92mbold bright green\x1b[22m\x1b[39m done\n');
    expect(lines).toEqual([[{ text: 'plain ' }, { text: 'red', cls: 'ansi-fg-1' }, { text: ' and ' }, { text: 'bold bright green', cls: 'ansi-fg-10 ansi-bold' }, { text: ' done' }]]);
  });

  it('carries styles across lines and maps 256/RGB colours to the 16 theme colours', () => {
    const lines = parseAnsi('\x1b[34mone\ntwo\x1b[0m\n\x1b[38;5;196mx\x1b[48;2;0;0;0my');
    expect(lines[0]).toEqual([{ text: 'one', cls: 'ansi-fg-4' }]);
    expect(lines[1]).toEqual([{ text: 'two', cls: 'ansi-fg-4' }]);
    // 196 is pure red: nearest to the theme's red (1); RGB black is black (0).
    expect(lines[2]![0]).toEqual({ text: 'x', cls: 'ansi-fg-1' });
    expect(lines[2]![1]).toEqual({ text: 'y', cls: 'ansi-fg-1 ansi-bg-0' });
  });

  it('keeps only the last write of a carriage-return progress line and drops other escapes', () => {
    const lines = parseAnsi('10%\r50%\r100%\nok\r\n\x1b[2K\x1b]0;title\x07end');
    expect(lines.map(lineText)).toEqual(['100%', 'ok', 'end']);
  });

  it('leaves markup as text', () => {
    expect(parseAnsi('<script>alert(1)</script>').map(lineText)).toEqual(['<script>alert(1)</script>']);
    expect(parseAnsi('')).toEqual([]);
  });
});
