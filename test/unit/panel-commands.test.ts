import { describe, expect, it } from 'vitest';
import { parseRunList } from '../../src/commands/panels';
import { contentSecurityPolicy, shellHtml } from '../../src/webviews/html';

describe('panel command arguments', () => {
  it('parseRunList reads paths and URLs separated by spaces or commas', () => {
    expect(parseRunList('e/p/a, e/p/runs/b https://wandb.ai/e/p/runs/c?x=1')?.map((r) => r.runId)).toEqual(['a', 'b', 'c']);
    expect(parseRunList('e/p/a nonsense')).toBeUndefined();
    expect(parseRunList('   ')).toBeUndefined();
  });
});

describe('webview shell', () => {
  it('has a strict CSP: nothing by default, scripts by nonce, no inline styles or eval', () => {
    const csp = contentSecurityPolicy('https://res.example', 'N0NCE');
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'nonce-N0NCE'");
    expect(csp).toContain('style-src https://res.example');
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|\*/);
  });

  it('lets media in only as data: URIs, and lets the page fetch nothing', () => {
    const csp = contentSecurityPolicy('https://res.example', 'N0NCE');
    const directives = Object.fromEntries(csp.split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1).join(' ')]));
    expect(directives['img-src']).toBe('https://res.example data:');
    expect(directives['media-src']).toBe('data:');
    expect(csp).not.toMatch(/blob:|connect-src|frame-src|worker-src|https?:\/\/(?!res\.example)/);
  });

  it('escapes what it puts in attributes (the run ref may hold markup)', () => {
    const html = shellHtml({
      cspSource: 'https://res.example',
      nonce: 'abc',
      title: '<script>x</script>',
      scriptUri: 'https://res.example/run.js',
      styleUris: ['https://res.example/run.css'],
      init: { ref: { runId: '"><img src=x onerror=alert(1)>' } },
    });
    expect(html).not.toContain('<img src=x');
    expect(html).not.toContain('<script>x</script>');
    expect(html).toContain('<script nonce="abc" src="https://res.example/run.js"></script>');
    expect((html.match(/<script/g) ?? []).length).toBe(1);
  });
});

