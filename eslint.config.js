// Lint, including the import matrix that keeps the layers apart (see docs/architecture.md):
//   core      → never electron, never main/renderer/cli
//   core/api  → the contract: no Node modules at all (the renderer imports it)
//   renderer  → no Node, no Electron, and from core only the contract (core/api)
//   ipcMain / ipcRenderer → only in src/main/ipc.ts and src/preload/index.ts
//   inside core → each floor imports only from the floors below it (CORE_FLOORS)
import path from 'node:path';
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

/**
 * The floors inside src/core, lowest first: a module imports only from its own floor's folder or a
 * lower floor. Features (monitor … doctor) sit one per floor, so no feature imports another sideways;
 * the composition root (the remaining files directly in src/core) sits on top and wires them together.
 * test/unit/lint-import-graph.test.ts checks the whole graph against the same list.
 */
export const CORE_FLOORS = [
  { floor: 'api', paths: ['src/core/api'] },
  { floor: 'platform', paths: ['src/core/platform'] },
  { floor: 'store', paths: ['src/core/store'] },
  { floor: 'probe', paths: ['src/core/probe'] },
  { floor: 'ports', paths: ['src/core/ports.ts', 'src/core/feature.ts'] },
  { floor: 'sim', paths: ['src/core/sim'] },
  { floor: 'monitor', paths: ['src/core/monitor'] },
  { floor: 'power', paths: ['src/core/power'] },
  { floor: 'setup', paths: ['src/core/setup'] },
  { floor: 'inference', paths: ['src/core/inference'] },
  { floor: 'doctor', paths: ['src/core/doctor'] },
  { floor: 'metrics', paths: ['src/core/metrics'] },
  // The composition root: every other file directly in src/core.
  { floor: 'companion', paths: ['src/core/*.ts'] },
];

/** Per floor below the top: nothing from a floor above it (folders and files, then the root's files). */
function coreFloorZones() {
  const top = CORE_FLOORS.at(-1);
  const rootFilesBelowTop = CORE_FLOORS.slice(0, -1).flatMap((f) => f.paths).filter((p) => p.endsWith('.ts'));
  return CORE_FLOORS.slice(0, -1).flatMap(({ floor, paths }, index) => {
    const above = CORE_FLOORS.slice(index + 1);
    const message = `src/core's ${floor} floor sits below ${above.map((f) => f.floor).join(', ')}: import only downwards (docs/architecture.md, "Floors").`;
    const higherPaths = above.slice(0, -1).flatMap((f) => f.paths);
    const fromRoot = { target: paths, from: top.paths, except: [`${import.meta.dirname}/src/core/{${rootFilesBelowTop.map((p) => path.basename(p, '.ts')).join(',')}}.ts`], message };
    return higherPaths.length > 0 ? [{ target: paths, from: higherPaths, message }, fromRoot] : [fromRoot];
  });
}

// The renderer's one action path (docs/architecture.md): only store modules write a store, and no
// promise failure is dropped by an inline handler that ignores it.
const SILENT_CATCH = [
  {
    selector: "CallExpression[callee.property.name='catch'] > :matches(ArrowFunctionExpression, FunctionExpression)[params.length=0]",
    message: 'A failed action must reach the user: report it with runAction/runRead or reportError from a store module.',
  },
  {
    selector: "CallExpression[callee.property.name='then'][arguments.length=2] > :matches(ArrowFunctionExpression, FunctionExpression)[params.length=0]:nth-child(2)",
    message: 'A failed action must reach the user: report it with runAction/runRead or reportError from a store module.',
  },
];
const SET_STATE_OUTSIDE_STORES = {
  selector: "CallExpression[callee.property.name='setState']",
  message: 'Only store modules (*store.ts) write a store: add an action there and call it.',
};
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
      'import-x/no-restricted-paths': ['error', { basePath: import.meta.dirname, zones: coreFloorZones() }],
      // Small modules with one job each, short functions.
      'max-lines': ['error', { max: 350 }],
      'max-lines-per-function': ['error', { max: 120 }],
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
          // Data files are bundled as JSON: the renderer gets the same validated figures, no Node needed.
          patterns: [{ regex: '^\\.\\./(?!api/|\\.\\./\\.\\./resources/[\\w-]+\\.json$)', message: 'The contract may import only zod, other contract files and the data files in resources/.' }],
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
    files: ['src/renderer/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-syntax': ['error', SET_STATE_OUTSIDE_STORES, ...SILENT_CATCH],
      // The renderer's size limits (small modules, short components).
      'max-lines': ['error', { max: 350 }],
      'max-lines-per-function': ['error', { max: 120 }],
    },
  },
  {
    files: ['src/renderer/**/*store.ts'],
    rules: { 'no-restricted-syntax': ['error', ...SILENT_CATCH] },
  },
  {
    files: ['src/cli/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'electron', message: 'The CLI runs under plain Node.' }] }],
    },
  },
);
