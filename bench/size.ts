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
  // Loaded on first use only (src/text/yaml.ts), so it has no goal of its own.
  const yamlJs = join(b.extensionJs, '..', 'yaml.js');
  const yamlBytes = statSync(yamlJs).size;
  out.push(figure({ id: 'size.yamlJs', group: 5, title: 'dist/yaml.js (lazy, production build)', value: Math.round(yamlBytes / 1024), unit: 'KB', detail: { bytes: yamlBytes } }));
  // The run folder reader, loaded once the workspace has run folders (src/local/reader.ts).
  const readerBytes = statSync(join(b.extensionJs, '..', 'local-reader.js')).size;
  out.push(figure({ id: 'size.localReaderJs', group: 5, title: 'dist/local-reader.js (lazy, production build)', value: Math.round(readerBytes / 1024), unit: 'KB', detail: { bytes: readerBytes } }));
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
