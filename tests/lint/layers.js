// The layer rules of architecture.md, as ESLint config blocks (tested by tests/unit/skeleton/lint-layers.test.ts).
//  - only electron/shell/ imports `electron` (and electron-store, which imports electron at load)
//  - renderer/ imports no node:* built-in and no native module
//  - electron/contract/ imports neither electron nor node nor native modules
const msgElectron = 'Only electron/shell/ may import electron (architecture.md: layers).';
const msgNode = 'renderer/ and electron/contract/ may not import Node built-ins or native modules.';
const msgCore = 'renderer/ and electron/contract/ reach the core only through the contract client.';

// Exact module names (`paths`), so "../electron/contract/x" is not mistaken for the electron package.
const electronPaths = ['electron', 'electron/main', 'electron/renderer', 'electron/common', 'electron-store'].map((name) => ({
  name,
  message: msgElectron,
}));
const nodeNames = ['fs', 'fs/promises', 'path', 'os', 'child_process', 'crypto', 'net', 'http', 'https', 'stream', 'url', 'util', 'events', 'worker_threads', 'module', 'process', 'buffer'];
const nativeNames = ['better-sqlite3', 'serialport', 'node-hid', 'conf'];
const nodePaths = [...nodeNames, ...nativeNames].map((name) => ({ name, message: msgNode }));

export const layerRules = [
  {
    files: ['**/*.ts', '**/*.tsx', '**/*.js', '**/*.mjs'],
    ignores: ['electron/shell/**'],
    rules: {
      'no-restricted-imports': ['error', { paths: electronPaths }],
    },
  },
  {
    files: ['renderer/**/*.ts', 'renderer/**/*.tsx', 'electron/contract/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [...electronPaths, ...nodePaths],
          patterns: [
            { group: ['node:*', '@serialport/*'], message: msgNode },
            { group: ['**/electron/core/**', '**/electron/host/**', '**/electron/shell/**', '**/native/**', '../core/**', '../host/**', '../shell/**'], message: msgCore },
          ],
        },
      ],
    },
  },
];
