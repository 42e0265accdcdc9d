import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

// Bare built-in names are matched exactly (paths), so a local './http' module is not taken for one.
const builtinPaths = [
  'fs',
  'path',
  'os',
  'crypto',
  'child_process',
  'http',
  'https',
  'net',
  'url',
  'util',
  'stream',
  'events',
  'worker_threads',
].map((name) => ({ name, message: 'No Node built-ins here.' }));

export default tseslint.config(
  { ignores: ['node_modules', 'dist', 'dist-*', 'out', 'coverage', 'test-results', 'playwright-report', 'data'] },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
      globals: { ...globals.node, ...globals.browser },
    },
    rules: {
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': ['error', { selector: 'ExportDefaultDeclaration', message: 'Use named exports.' }],
    },
  },
  {
    // shared/ runs in the renderer, the server and Electron alike: no platform imports.
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: builtinPaths,
          patterns: [
            {
              group: ['electron', 'electron/*', 'react', 'react-*', 'react/*', 'node:*'],
              message: 'shared/ must not import electron, react or Node built-ins.',
            },
            {
              group: ['**/renderer/**', '**/sync-server/**', '**/electron/**', '**/test/**'],
              message: 'shared/ must not import app, server or test code.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['renderer/**/*.ts', 'renderer/**/*.tsx'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: builtinPaths,
          patterns: [
            {
              group: ['electron', 'electron/*', 'node:*'],
              message: 'renderer/ runs sandboxed: no electron or Node built-ins; use platform/.',
            },
            {
              group: ['**/sync-server/**', '**/electron/**'],
              message: 'renderer/ must not import server or main-process code.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['sync-server/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/renderer/**', '**/electron/**', 'electron', 'react'],
              message: 'sync-server/ must not import app code.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['test/**/*.ts', 'test/**/*.tsx'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    files: ['*.config.ts', '*.config.js', 'eslint.config.js'],
    rules: { 'no-restricted-syntax': 'off' },
  },
  {
    files: ['**/*.js'],
    ...tseslint.configs.disableTypeChecked,
  },
);
