// The layer rules of architecture.md, as ESLint config blocks (tested by tests/unit/lint-layers.test.ts).
//  - only electron/shell/ imports `electron` (and electron-store, which imports electron at load)
//  - renderer/ imports no node:* built-in and no native module
//  - electron/contract/ imports neither electron nor node nor native modules
const electronOnly = ['electron', 'electron-store', 'electron/*'];
const nativeModules = ['better-sqlite3', 'serialport', '@serialport/*', 'node-hid', 'conf'];
const nodeBuiltins = ['node:*', 'fs', 'path', 'os', 'child_process', 'crypto', 'net', 'http', 'https', 'stream', 'url', 'util', 'events', 'worker_threads'];

const msgElectron = 'Only electron/shell/ may import electron (architecture.md: layers).';
const msgNode = 'renderer/ and electron/contract/ may not import Node built-ins or native modules.';

function restrict(groups) {
  return {
    '@typescript-eslint/no-restricted-imports': 'off',
    'no-restricted-imports': ['error', { patterns: groups }],
  };
}

export const layerRules = [
  {
    files: ['**/*.ts', '**/*.tsx', '**/*.js', '**/*.mjs'],
    ignores: ['electron/shell/**'],
    rules: restrict([{ group: electronOnly, message: msgElectron }]),
  },
  {
    files: ['renderer/**/*.ts', 'renderer/**/*.tsx', 'electron/contract/**/*.ts'],
    rules: restrict([
      { group: electronOnly, message: msgElectron },
      { group: [...nodeBuiltins, ...nativeModules], message: msgNode },
      { group: ['**/electron/core/**', '**/core/**', '**/native/**', '**/electron/host/**', '**/electron/shell/**'], message: 'renderer/ and contract/ talk to the core only through the contract client.' },
    ]),
  },
];
