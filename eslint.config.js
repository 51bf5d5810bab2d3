// Lint, including the import matrix that keeps the layers apart (see docs/architecture.md):
//   core      → never electron, never main/renderer/cli
//   core/api  → the contract: no Node modules at all (the renderer imports it)
//   renderer  → no Node, no Electron, and from core only the contract (core/api)
//   ipcMain / ipcRenderer → only in src/main/ipc.ts and src/preload/index.ts
import js from '@eslint/js';
import { createNodeResolver, importX } from 'eslint-plugin-import-x';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const NODE_BUILTINS = [
  'assert', 'buffer', 'child_process', 'cluster', 'crypto', 'dgram', 'dns', 'events', 'fs', 'fs/promises', 'http', 'https',
  'module', 'net', 'os', 'path', 'perf_hooks', 'process', 'readline', 'stream', 'string_decoder', 'tls', 'tty', 'url', 'util',
  'v8', 'vm', 'worker_threads', 'zlib',
];
const nodeModules = [...NODE_BUILTINS, ...NODE_BUILTINS.map((name) => `node:${name}`)];
const ipcOnlyInOneModule = {
  name: 'electron',
  importNames: ['ipcMain', 'ipcRenderer'],
  message: 'Raw IPC lives only in src/main/ipc.ts and src/preload/index.ts; use the CompanionApi.',
};

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'coverage/**', 'resources/sim/**/*.mjs', 'resources/sim/bin/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-imports': ['error', { paths: [ipcOnlyInOneModule] }],
    },
  },
  {
    // Modules that import each other cannot be understood, tested or loaded one at a time.
    files: ['src/**/*.{ts,tsx}'],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/extensions': ['.ts', '.tsx', '.js', '.mjs'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts', '.tsx'] },
      'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.tsx', '.js', '.mjs', '.json', '.node'] })],
    },
    rules: {
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      // Small modules with one job each.
      'max-lines': ['warn', { max: 400 }],
    },
  },
  {
    files: ['src/main/ipc.ts', 'src/preload/index.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'src/core runs under plain Node: put Electron code in src/main behind a port.' }],
          patterns: [{ group: ['**/main/*', '**/renderer/*', '**/cli/*', '**/preload/*'], message: 'core must not depend on its hosts.' }],
        },
      ],
    },
  },
  {
    files: ['src/core/api/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'electron', message: 'The contract is imported by the renderer: no Electron.' },
            ...nodeModules.map((name) => ({ name, message: 'The contract is imported by the renderer: no Node modules.' })),
          ],
          patterns: [{ group: ['../*', '!../api/*'], message: 'The contract may import only zod and other contract files.' }],
        },
      ],
    },
  },
  {
    files: ['src/renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'electron', message: 'The renderer talks to the CompanionApi only.' },
            { name: 'node-pty', message: 'The renderer talks to the CompanionApi only.' },
            ...nodeModules.map((name) => ({ name, message: 'The renderer never imports Node modules.' })),
          ],
          patterns: [
            {
              group: ['**/core/*', '!**/core/api', '!**/core/api/*'],
              message: 'From core the renderer may import only the contract (src/core/api).',
            },
            { group: ['**/main/*', '**/preload/*', '**/cli/*'], message: 'The renderer talks to the CompanionApi only.' },
          ],
        },
      ],
    },
  },
  {
    files: ['src/cli/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'electron', message: 'The CLI runs under plain Node.' }] }],
    },
  },
);
