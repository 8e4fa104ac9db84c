/** Figure 5b: bytes of the production extension bundle, the webview bundles and the .vsix. */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { figure, type Figure } from './figure';
import { packageBuild } from './package-build';

export async function sizeFigures(log: (s: string) => void): Promise<Figure[]> {
  const b = await packageBuild();
  log(`production build + .vsix in ${(b.ms / 1000).toFixed(1)} s`);
  const out: Figure[] = [];
  const ext = statSync(b.extensionJs).size;
  out.push(
    figure({
      id: 'size.extensionJs',
      group: 5,
      title: 'dist/extension.js (production build)',
      value: Math.round(ext / 1024),
      unit: 'KB',
      goal: { op: '<', target: 300 },
      detail: { bytes: ext },
    }),
  );
  // The lazy chunks beside it (yaml.js and scripts/build.mjs LAZY_CHUNKS), loaded on first use
  // only, so they have no goal of their own. yaml.js and local-reader.js keep their old ids.
  const dist = join(b.extensionJs, '..');
  const ids: Record<string, string> = { 'yaml.js': 'size.yamlJs', 'local-reader.js': 'size.localReaderJs' };
  for (const js of readdirSync(dist).filter((f) => f.endsWith('.js') && f !== 'extension.js').sort()) {
    const bytes = statSync(join(dist, js)).size;
    out.push(figure({ id: ids[js] ?? `size.lazy.${js.replace(/\.js$/, '')}`, group: 5, title: `dist/${js} (lazy, production build)`, value: Math.round(bytes / 1024), unit: 'KB', detail: { bytes } }));
  }
  const files = readdirSync(b.webviewDir);
  for (const js of files.filter((f) => f.endsWith('.js')).sort()) {
    const bytes = statSync(join(b.webviewDir, js)).size;
    const css = js.replace(/\.js$/, '.css');
    const cssBytes = files.includes(css) ? statSync(join(b.webviewDir, css)).size : 0;
    out.push(
      figure({
        id: `size.webview.${js.replace(/\.js$/, '')}`,
        group: 5,
        title: `dist/webview/${js} (production build)`,
        value: Math.round(bytes / 1024),
        unit: 'KB',
        goal: { op: '<', target: 400 },
        detail: { bytes, cssBytes },
      }),
    );
  }
  const vsix = statSync(b.vsix).size;
  out.push(figure({ id: 'size.vsix', group: 5, title: '.vsix (npm run package)', value: Math.round(vsix / 1024), unit: 'KB', goal: { op: '<=', target: 400 }, detail: { bytes: vsix } }));
  return out;
}
