/**
 * `npm run build:app`: bundles what production runs, so nothing transpiles TypeScript at start.
 *
 *   dist/host/      browser mode in CommonJS: start.cjs checks the Node version and turns on
 *                   Node's compile cache, then requires app.cjs (the app and, from it, the native
 *                   modules); beside them the SQL migrations and the training-mode sample cards
 *   dist/electron/  the Electron main process (ESM), the sandboxed preload (one CommonJS file),
 *                   the migrations and the sample cards
 *   dist/launch.mjs `npm start`: Electron when there is one, browser mode in a Chromium app window otherwise
 *
 * Browser mode is CommonJS, not ESM, because it measured lighter and faster (`npm run bench --
 * startup`): an ESM import of node:http builds the module's ESM facade, which loads Node's whole
 * fetch implementation (undici), and every CommonJS package imported from ESM is lexed for its
 * exports first; together 13 MB of memory and ~70 ms of CPU at start. `import.meta.url` is
 * defined from __filename.
 *
 * Only the native modules stay external (prebuilt Node-API binaries, npmRebuild: false; in the
 * Electron main also electron and electron-store). conf is bundled: it is ESM only, and required
 * from a CommonJS bundle its default export would be its module namespace (a test starts the
 * bundle on a data folder with settings to keep that caught). Whitespace and syntax are minified;
 * names are kept, so logged stack traces stay readable; source maps go next to each file. Every
 * output is pure ASCII: V8 keeps a script's source in memory, and one non-ASCII character
 * (esbuild leaves them in regular expressions) makes all of it two bytes a character.
 */
import { build, type BuildOptions, type Plugin } from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const dist = path.join(root, 'dist');
const NATIVE = ['better-sqlite3', 'serialport', '@serialport/*', 'node-hid'];

// ESM bundles may still reach CommonJS `require` (esbuild's shims for bundled CommonJS packages).
const requireShim = { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" };

const common: BuildOptions = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node22',
  sourcemap: 'linked',
  minifyWhitespace: true,
  minifySyntax: true,
  keepNames: true,
  legalComments: 'none',
  logLevel: 'warning',
  banner: requireShim,
  outExtension: { '.js': '.mjs' },
};

const hostCommon: BuildOptions = {
  ...common,
  outdir: path.join(dist, 'host'),
  format: 'cjs',
  outExtension: { '.js': '.cjs' },
  define: { 'import.meta.url': '__cd_import_meta_url' },
  banner: { js: "var __cd_import_meta_url = require('node:url').pathToFileURL(__filename).href;" },
  external: NATIVE,
};

/** start.ts's `import('./browserMode')` becomes `require('./app.cjs')` (dynamic imports are turned into requires). */
const appAsItsOwnFile: Plugin = {
  name: 'app-as-its-own-file',
  setup(b) {
    b.onResolve({ filter: /^\.\/browserMode$/ }, () => ({ path: './app.cjs', external: true }));
  },
};

/** What a bundle needs beside it at run time: found relative to import.meta.url. */
function copyRuntimeFiles(out: string): void {
  fs.cpSync(path.join(root, 'electron/core/storage/migrations'), path.join(out, 'migrations'), { recursive: true });
  fs.cpSync(path.join(root, 'native/idcard/sim/cards'), path.join(out, 'cards'), { recursive: true });
}

/** Escapes what is left outside ASCII (in strings, templates and regular expressions alike, \uXXXX means the same UTF-16 unit). */
function asciiOnly(file: string): void {
  const text = fs.readFileSync(file, 'utf8');
  if (!/[\u0080-\uffff]/.test(text)) return;
  fs.writeFileSync(file, text.replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`));
}

export async function buildAll(): Promise<string[]> {
  const t0 = performance.now();
  const host = path.join(dist, 'host');
  const electron = path.join(dist, 'electron');
  for (const d of [host, electron]) fs.rmSync(d, { recursive: true, force: true });
  fs.rmSync(path.join(dist, 'launch.mjs'), { force: true });

  await Promise.all([
    // Two files: start.cjs checks the Node version and turns on Node's compile cache before
    // app.cjs is even read, so V8 can take the app's compiled code from the cache.
    build({
      ...hostCommon,
      entryPoints: { start: path.join(root, 'electron/host/start.ts') },
      plugins: [appAsItsOwnFile],
      supported: { 'dynamic-import': false },
    }),
    build({ ...hostCommon, entryPoints: { app: path.join(root, 'electron/host/browserMode.ts') } }),
    build({ ...common, entryPoints: { main: path.join(root, 'electron/shell/main.ts') }, outdir: electron, external: ['electron', 'electron-store', ...NATIVE] }),
    build({
      ...common,
      entryPoints: { preload: path.join(root, 'electron/shell/preload.ts') },
      outdir: electron,
      format: 'cjs',
      target: 'chrome140',
      banner: {},
      outExtension: { '.js': '.cjs' },
      external: ['electron'],
    }),
    build({ ...common, entryPoints: { launch: path.join(root, 'electron/shell/launch.ts') }, outdir: dist }),
  ]);
  copyRuntimeFiles(host);
  copyRuntimeFiles(electron);
  const outputs = ['dist/host/start.cjs', 'dist/host/app.cjs', 'dist/electron/main.mjs', 'dist/electron/preload.cjs', 'dist/launch.mjs'];
  for (const o of outputs) asciiOnly(path.join(root, o));
  process.stdout.write(`built ${outputs.join(', ')} in ${Math.round(performance.now() - t0)} ms\n`);
  return outputs;
}

const entry = process.argv[1];
if (entry && import.meta.url === new URL(`file://${path.resolve(entry)}`).href) await buildAll();
