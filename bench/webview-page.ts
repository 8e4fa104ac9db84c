/**
 * A static server on 127.0.0.1 for the benchmarks that load the panels' real webview bundles in
 * headless Chromium: `/webview/<file>` from the build under test, anything else from the
 * caller's routes (its pages and its stand-in for VS Code's host).
 */
import { createServer, type Server } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import type { AddressInfo } from 'node:net';

export const CHROMIUM = process.env.BENCH_CHROMIUM ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

const MIME: Record<string, string> = { '.js': 'text/javascript', '.css': 'text/css', '.ttf': 'font/ttf', '.html': 'text/html' };

export interface Served {
  type: string;
  body: string | Buffer;
}

/** `route` answers a path (undefined: 404); `origin` is this server's, for the pages' CSP. */
export async function serveWebview(webviewDir: string, route: (url: URL, origin: string) => Promise<Served | undefined>): Promise<{ server: Server; origin: string; close(): Promise<void> }> {
  let origin = '';
  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      try {
        if (url.pathname.startsWith('/webview/')) {
          const rel = normalize(url.pathname.slice('/webview/'.length));
          if (rel.startsWith('..')) throw new Error('outside');
          const file = join(webviewDir, rel);
          res.writeHead(200, { 'content-type': MIME[extname(file)] ?? 'application/octet-stream' });
          res.end(await readFile(file));
          return;
        }
        const out = await route(url, origin);
        if (!out) throw new Error('no such page');
        res.writeHead(200, { 'content-type': out.type });
        res.end(out.body);
      } catch {
        res.writeHead(404).end();
      }
    })();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { server, origin, close: () => new Promise<void>((r) => server.close(() => r())) };
}
