// Lint: the fences between targets and a few rules that catch real mistakes.
// Run with `npm run lint`. Type-aware rules are left out to keep CI fast.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// Outside src/core, the core is reached only through its public faces: src/core/index.ts
// (Node targets) and src/core/browser.ts (the webview, no Node built-ins).
const coreFence = {
  group: ['**/core/*', '**/core/*/**', '!**/core/index', '!**/core/browser'],
  message: 'import the core through src/core/index (or src/core/browser in the webview), never a deep path',
};

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'test-output/**', 'media/**', '.vscode-test*/**', '**/*.mjs', '**/*.cjs', '**/*.js'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true }],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-non-null-assertion': 'off',
      'no-constant-condition': ['error', { checkLoops: false }],
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      // A forward declaration read by a closure before its one assignment stays `let`.
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
      // Published coefficients (AS241, Hart) are written with the digits their source prints.
      'no-loss-of-precision': 'off',
      // Readers and writers test for control characters on purpose.
      'no-control-regex': 'off',
    },
  },
  {
    // Tests poke at shapes the types forbid (bad input, older formats).
    files: ['test/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // The core never reaches the editor, the webview or the adapters.
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: 'vscode', message: 'the core runs without VS Code' }],
        patterns: [{ group: ['**/extension/*', '**/extension/**', '**/webview/**', '**/cli/**', '**/worker/**'], message: 'the core imports no adapter' }],
      }],
    },
  },
  {
    files: ['src/extension/**/*.ts', 'src/protocol/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [coreFence] }] },
  },
  {
    files: ['src/cli/**/*.ts', 'src/worker/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: 'vscode', message: 'the CLI and worker run without VS Code' }],
        patterns: [coreFence, { group: ['**/extension/*', '**/extension/**', '**/webview/**'], message: 'the CLI and worker do not import the editor or the webview' }],
      }],
    },
  },
  {
    files: ['webview/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [coreFence, { group: ['node:*', '**/extension/**', '**/worker/**', '**/cli/**'], message: 'the webview runs in a browser: no Node built-ins, no host code' }],
      }],
      'no-restricted-globals': ['error', ...['Buffer', 'process', 'require', '__dirname', 'global'].map((name) => ({ name, message: 'the webview runs in a browser' }))],
    },
  },
);
