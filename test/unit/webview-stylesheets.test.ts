// The webview stylesheets use no CSS nesting, so a rule opened inside another rule is a brace
// lost in a merge: modern CSS reads it as nesting (the bundler accepts it) and the rules after
// it silently stop applying. Twice a merge dropped a closing brace this way.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const UI = join(__dirname, '../../src/webviews/ui');

/** Rules opened inside a rule (not inside an at-rule such as @media), with their line numbers. */
function nestedRules(css: string): string[] {
  const text = css.replace(/\/\*[\s\S]*?\*\//g, (c) => c.replace(/[^\n]/g, ' '));
  const stack: Array<'at' | 'rule'> = [];
  const found: string[] = [];
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '{') {
      const head = text.slice(start, i).trim();
      if (stack.includes('rule')) found.push(`line ${text.slice(0, i).split('\n').length}: ${head}`);
      stack.push(head.startsWith('@') ? 'at' : 'rule');
      start = i + 1;
    } else if (c === '}') {
      stack.pop();
      start = i + 1;
    } else if (c === ';') {
      start = i + 1;
    }
  }
  if (stack.length) found.push(`${stack.length} block(s) never closed`);
  return found;
}

describe('webview stylesheets', () => {
  const files = readdirSync(UI).filter((f) => f.endsWith('.css'));

  it('are found', () => expect(files.length).toBeGreaterThan(2));

  it.each(files)('%s closes every rule before the next one', (f) => {
    expect(nestedRules(readFileSync(join(UI, f), 'utf8'))).toEqual([]);
  });

  it('the check finds a rule that lost its closing brace', () => {
    expect(nestedRules('.a {\n  color: red;\n.b {\n  color: blue;\n}\n')).toEqual(['line 3: .b', '1 block(s) never closed']);
    expect(nestedRules('@media (max-width: 600px) {\n  .a { color: red; }\n}\n')).toEqual([]);
  });
});
