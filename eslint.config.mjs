// Lint rules: typescript-eslint's recommended set, plus the layering rules of the design guide.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/**
 * Layers import downwards only: extension.ts → commands → tree / webviews → auth, remote-fs →
 * api; ids.ts, run-changes.ts and notify.ts sit beside api and may be imported by every layer. Each entry
 * names the folders (under src/) a layer must not import. A later config replaces an earlier
 * one's no-restricted-imports for the same file, so each folder gets exactly one rule object,
 * and the most specific folders come last (webviews/ui after webviews).
 */
const LAYERS = [
  { files: ['src/commands/**/*.ts'], forbid: ['extension'] },
  { files: ['src/tree/**/*.ts'], forbid: ['extension', 'commands', 'webviews'] },
  { files: ['src/webviews/**/*.ts'], forbid: ['extension', 'commands', 'tree'] },
  { files: ['src/auth/**/*.ts', 'src/remote-fs/**/*.ts'], forbid: ['extension', 'commands', 'tree', 'webviews'] },
  { files: ['src/ids.ts', 'src/run-changes.ts', 'src/notify.ts'], forbid: ['extension', 'commands', 'tree', 'webviews', 'auth', 'remote-fs'] },
  // Sizes, counts and durations: below every layer (src/api and the webview bundle use it), so it imports none.
  { files: ['src/format.ts'], forbid: ['extension', 'commands', 'tree', 'webviews', 'auth', 'remote-fs', 'api', 'ids', 'run-changes'], noVscode: 'src/format.ts sits below every layer.', noNode: true },
  // Text formats shared by the layers that read them (lazy YAML): below every layer, like format.ts.
  { files: ['src/text/**/*.ts'], forbid: ['extension', 'commands', 'tree', 'webviews', 'auth', 'remote-fs', 'api', 'ids', 'run-changes', 'local'], noVscode: 'src/text sits below every layer.' },
  // src/api runs without VS Code (tests, benchmarks, scripts).
  { files: ['src/api/**/*.ts'], forbid: ['extension', 'commands', 'tree', 'webviews', 'auth', 'remote-fs', 'ids', 'run-changes', 'local'], noVscode: 'src/api must not depend on VS Code (see DESIGN.md).' },
  // src/local reads run folders on disk; beside api (whose model types it shares), without VS Code.
  { files: ['src/local/**/*.ts'], forbid: ['extension', 'commands', 'tree', 'webviews', 'auth', 'remote-fs', 'ids', 'run-changes'], noVscode: 'src/local must not depend on VS Code (see docs/LOCAL-RUNS.md).' },
  // Webview code runs in the browser and talks only through protocol messages.
  { files: ['src/webviews/ui/**/*.ts'], forbid: ['extension', 'commands', 'tree', 'api', 'auth', 'remote-fs', 'local'], noVscode: 'Webview code runs in a browser; use protocol.ts messages.', noNode: true },
];

function layerRules() {
  return LAYERS.map(({ files, forbid, noVscode, noNode }) => {
    const patterns = [
      {
        regex: `^(\\.\\.?/)+(.*/)?(${forbid.join('|')})(/.*)?$`,
        message: `Layers import downwards only: this folder may not import ${forbid.join(', ')} (see README, Architecture).`,
      },
    ];
    if (noNode) patterns.push({ group: ['node:*'], message: 'Webview code runs in a browser.' });
    const paths = noVscode ? [{ name: 'vscode', message: noVscode }] : [];
    return { files, rules: { 'no-restricted-imports': ['error', { paths, patterns }] } };
  });
}

export default tseslint.config(
  { ignores: ['dist/**', 'dist-vsix/**', 'node_modules/**', '.tools/**', '.e2e-artifacts/**', 'coverage/**', 'bench/.tmp/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        console: 'readonly',
        process: 'readonly',
        Buffer: 'readonly',
        URL: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
        fetch: 'readonly',
        AbortController: 'readonly',
        AbortSignal: 'readonly',
        __dirname: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports', disallowTypeAnnotations: false }],
      // Path and name checks must match control characters on purpose.
      'no-control-regex': 'off',
      'no-empty': ['error', { allowEmptyCatch: true }],
    },
  },
  ...layerRules(),
  {
    // Extension code logs through the LogOutputChannel, never the console.
    files: ['src/**/*.ts'],
    ignores: ['src/webviews/ui/**'],
    rules: { 'no-console': 'error' },
  },
);
