// Bundles the extension (Node, CommonJS) and the webview scripts (browser, IIFE) with esbuild.
// Usage: node scripts/build.mjs [--watch] [--production]
import * as esbuild from 'esbuild';
import { readdirSync, existsSync, mkdirSync, copyFileSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');

/** Every `src/webviews/ui/<name>.ts` with a top-level entry becomes `dist/webview/<name>.js`. */
function webviewEntries() {
  const dir = 'src/webviews/ui';
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.main.ts'))
    .map((f) => join(dir, f));
}

const common = {
  bundle: true,
  minify: production,
  sourcemap: production ? false : 'linked',
  legalComments: 'none',
  logLevel: 'info',
};

/**
 * Modules needed only on first use. Each is bundled on its own as dist/<name>.js, and the one
 * dynamic `import()` of it (in `importer`, which says why it is lazy) becomes a `require` of
 * that file instead of being inlined into extension.js. A chunk carries its own copy of what it
 * shares with extension.js: the state it needs comes in as arguments (the session, the log),
 * and WandbError is recognised across copies (src/api/errors.ts).
 */
export const LAZY_CHUNKS = [
  { name: 'local-reader', entry: 'src/local/run-folder.ts', importer: 'src/local/reader.ts' },
  { name: 'downloads', entry: 'src/commands/downloads.ts', importer: 'src/commands/download.ts' },
  { name: 'run-code-actions', entry: 'src/commands/run-code-actions.ts', importer: 'src/commands/run-code.ts' },
  { name: 'runs-table-panel', entry: 'src/webviews/runs-table-panel.ts', importer: 'src/commands/runs-table.ts' },
];

/** The dynamic import of a lazy chunk's entry, from its importer, as `./<name>.js`. */
function lazyChunks() {
  return {
    name: 'lazy-chunks',
    setup(build) {
      build.onResolve({ filter: /^\.\.?\// }, (args) => {
        if (args.kind !== 'dynamic-import') return undefined;
        const chunk = LAZY_CHUNKS.find((c) => resolve(ROOT, c.importer) === args.importer && resolve(ROOT, dirname(c.importer), `${args.path}.ts`) === resolve(ROOT, c.entry));
        return chunk ? { path: `./${chunk.name}.js`, external: true } : undefined;
      });
    },
  };
}

const nodeBundle = {
  ...common,
  outdir: 'dist',
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  external: ['vscode'],
  // Packages' ESM builds tree-shake far better than their CommonJS mains.
  mainFields: ['module', 'main'],
  // A lazy module is `require`d, as any CommonJS module, not `import()`ed by URL.
  supported: { 'dynamic-import': false },
};

export const extension = {
  ...nodeBundle,
  entryPoints: { extension: 'src/extension.ts' },
  plugins: [lazyYaml(), lazyChunks()],
};

const chunkBundles = LAZY_CHUNKS.map((c) => ({ ...nodeBundle, entryPoints: { [c.name]: c.entry }, plugins: [lazyYaml(), lazyChunks()] }));

/**
 * `yaml` is needed only for local run folders and sweep configs (src/text/yaml.ts requires it on
 * first use), so it is bundled on its own as dist/yaml.js and the extension bundle refers to it
 * by that relative path instead of inlining it.
 */
function lazyYaml() {
  return {
    name: 'lazy-yaml',
    setup(build) {
      build.onResolve({ filter: /^yaml$/ }, () => ({ path: './yaml.js', external: true }));
    },
  };
}

const yamlBundle = {
  ...common,
  entryPoints: { yaml: 'node_modules/yaml/dist/index.js' },
  outdir: 'dist',
  platform: 'node',
  format: 'cjs',
  target: 'node20',
};

const webview = {
  ...common,
  entryPoints: Object.fromEntries(webviewEntries().map((p) => [p.split('/').pop().replace('.main.ts', ''), p])),
  outdir: 'dist/webview',
  platform: 'browser',
  format: 'iife',
  target: 'es2022',
  loader: { '.css': 'css', '.ttf': 'file' },
};

function copyCodicons() {
  const src = 'node_modules/@vscode/codicons/dist';
  if (!existsSync(src)) return;
  mkdirSync('dist/webview', { recursive: true });
  for (const f of ['codicon.css', 'codicon.ttf']) copyFileSync(join(src, f), join('dist/webview', f));
}

// Imported by a test for the options above; built only when run.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();

async function main() {
  // A release build starts from an empty dist/, so no stale source map or bundle of a dev build
  // can end up in the .vsix.
  if (production) {
    rmSync('dist', { recursive: true, force: true });
    mkdirSync('dist-vsix', { recursive: true }); // `vsce package --out` does not create it
  }

  const configs = [extension, yamlBundle, ...chunkBundles];
  if (Object.keys(webview.entryPoints).length > 0) configs.push(webview);

  if (watch) {
    for (const c of configs) await (await esbuild.context(c)).watch();
    copyCodicons();
  } else {
    await Promise.all(configs.map((c) => esbuild.build(c)));
    copyCodicons();
  }
}
