// Lint rules: typescript-eslint's recommended set, plus the layering rules of the design guide.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'dist-vsix/**', 'node_modules/**', '.tools/**', '.e2e-artifacts/**', 'coverage/**'] },
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
  {
    // src/api runs without VS Code (tests, benchmarks, scripts): it must never import it.
    files: ['src/api/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'vscode', message: 'src/api must not depend on VS Code (see DESIGN.md).' }] }],
    },
  },
  {
    // Webview code runs in the browser and talks only through protocol messages.
    files: ['src/webviews/ui/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'vscode', message: 'Webview code runs in a browser; use protocol.ts messages.' }],
          patterns: [{ group: ['node:*'], message: 'Webview code runs in a browser.' }],
        },
      ],
    },
  },
  {
    // Extension code logs through the LogOutputChannel, never the console.
    files: ['src/**/*.ts'],
    ignores: ['src/webviews/ui/**'],
    rules: { 'no-console': 'error' },
  },
);
