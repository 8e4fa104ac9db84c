// Bundles the extension (Node, CommonJS) and the webview scripts (browser, IIFE) with esbuild.
// Usage: node scripts/build.mjs [--watch] [--production]
import * as esbuild from 'esbuild';
import { readdirSync, existsSync, mkdirSync, copyFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

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

const extension = {
  ...common,
  entryPoints: { extension: 'src/extension.ts' },
  outdir: 'dist',
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  external: ['vscode'],
  // graphql ships an ESM build that tree-shakes far better than its CommonJS main.
  mainFields: ['module', 'main'],
  plugins: [lazyYaml(), lazyLocalReader()],
  // A lazy module is `require`d, as any CommonJS module, not `import()`ed by URL.
  supported: { 'dynamic-import': false },
};

/**
 * The run folder reader (src/local/run-folder.ts and what it imports) is needed only once the
 * workspace has run folders; src/local/reader.ts imports it dynamically, and that one import is
 * mapped to dist/local-reader.js, bundled on its own, instead of being inlined.
 */
function lazyLocalReader() {
  return {
    name: 'lazy-local-reader',
    setup(build) {
      build.onResolve({ filter: /^\.\/run-folder$/ }, (args) =>
        args.kind === 'dynamic-import' && args.importer.endsWith(join('src', 'local', 'reader.ts')) ? { path: './local-reader.js', external: true } : undefined,
      );
    },
  };
}

const localReaderBundle = {
  ...common,
  entryPoints: { 'local-reader': 'src/local/run-folder.ts' },
  outdir: 'dist',
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  external: ['vscode'],
  plugins: [lazyYaml()],
};

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

// A release build starts from an empty dist/, so no stale source map or bundle of a dev build
// can end up in the .vsix.
if (production) {
  rmSync('dist', { recursive: true, force: true });
  mkdirSync('dist-vsix', { recursive: true }); // `vsce package --out` does not create it
}

const configs = [extension, yamlBundle, localReaderBundle];
if (Object.keys(webview.entryPoints).length > 0) configs.push(webview);

if (watch) {
  for (const c of configs) await (await esbuild.context(c)).watch();
  copyCodicons();
} else {
  await Promise.all(configs.map((c) => esbuild.build(c)));
  copyCodicons();
}
