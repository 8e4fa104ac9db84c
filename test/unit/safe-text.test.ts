import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import type { MarkdownString } from 'vscode';
import { safeMultilineText, safeText } from '../../src/text/safe-text';
import { toTreeItem } from '../../src/tree/items';
import { showError, showInformation } from '../../src/notify';
import { aRun } from './builders';
import { typeScriptFilesUnder } from './source-files';

const shown = vi.hoisted(() => [] as unknown[][]);
vi.mock('vscode', async (importOriginal) => {
  const base = await importOriginal<typeof import('./vscode-mock')>();
  const record = async (...args: unknown[]) => void shown.push(args);
  return { ...base, window: { showErrorMessage: record, showWarningMessage: record, showInformationMessage: record } };
});

const RLO = '\u202E';
const BIDI_AND_CONTROLS = ['\u202A', '\u202B', '\u202C', '\u202D', '\u202E', '\u2066', '\u2067', '\u2068', '\u2069', '\u200E', '\u200F', '\u061C', '\u0000', '\u0007', '\u001B', '\u007F', '\u0085', '\u009B'];
const UNSAFE = /[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;

describe('safeText: what it writes out', () => {
  it.each(BIDI_AND_CONTROLS.map((c) => [`U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`, c]))('%s becomes a visible escape', (code, ch) => {
    expect(safeText(`a${ch}b`)).toBe(`a\\u${code.slice(2)}b`);
    expect(safeMultilineText(`a${ch}b`)).toBe(`a\\u${code.slice(2)}b`);
  });

  it('the reversed file name shows as typed, not as "exe.jpg"', () => {
    expect(safeText(`model${RLO}gpj.exe`)).toBe('model\\u202Egpj.exe');
  });

  it('one line turns tabs and line breaks into spaces; multi-line text keeps them', () => {
    expect(safeText('a\tb\r\nc')).toBe('a b  c');
    expect(safeMultilineText('a\tb\r\nc')).toBe('a\tb\r\nc');
  });

  it('leaves every other character alone: accents, CJK, right-to-left letters, emoji', () => {
    const text = 'émoji-🚀 日本語 العربية עברית';
    expect(safeText(text)).toBe(text);
  });
});

describe('safe text at the tree boundary', () => {
  it('a run named with U+202E shows its name without the override in label, description, tooltip and screen-reader label', () => {
    const run = aRun(1, { displayName: `evil${RLO}gpj.exe`, group: `g${RLO}x`, user: `u\u0007` });
    const item = toTreeItem({ kind: 'run', id: 'r', run });
    expect(item.label).toBe('evil\\u202Egpj.exe');
    expect(String(item.description ?? '')).not.toMatch(UNSAFE);
    expect(item.accessibilityInformation!.label).toContain('evil\\u202Egpj.exe');
    const folder = toTreeItem({ kind: 'runFolder', id: 'f', run, path: `media/${RLO}x` } as never);
    expect(folder.label).toBe('\\u202Ex');
    expect(folder.tooltip).toBe('media/\\u202Ex');
  });

  it('markdown tooltips are cleaned too', async () => {
    const { WandbTreeProvider } = await import('../../src/tree/provider');
    const run = aRun(1, { displayName: `a${RLO}b`, notes: `n\u2066o\u2069tes` });
    const item = WandbTreeProvider.prototype.resolveTreeItem.call({}, toTreeItem({ kind: 'run', id: 'r', run }), { kind: 'run', id: 'r', run });
    expect((item.tooltip as MarkdownString).value).not.toMatch(UNSAFE);
  });
});

describe('safe text at the notification boundary', () => {
  it('messages and their detail lose bidi controls; actions pass through', async () => {
    shown.length = 0;
    await showError(`Run ${RLO}x failed`, 'Show Log');
    await showInformation(`Delete ${RLO}y?`, { modal: true, detail: `file\u0007${RLO}` }, 'Delete');
    expect(shown).toEqual([
      ['Run \\u202Ex failed', 'Show Log'],
      ['Delete \\u202Ey?', { modal: true, detail: 'file\\u0007\\u202E' }, 'Delete'],
    ]);
  });

  it('no module shows a notification except through src/notify.ts', () => {
    const files = typeScriptFilesUnder(path.resolve(__dirname, '../../src'));
    expect(files.length).toBeGreaterThan(50);
    const direct = files.filter((f) => !f.endsWith(path.join('src', 'notify.ts')) && /window\.show(Error|Warning|Information)Message\b/.test(readFileSync(f, 'utf8')));
    expect(direct).toEqual([]);
  });
});
