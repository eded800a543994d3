/**
 * `npm run build:app`: bundles what production runs, so nothing transpiles TypeScript at start.
 *
 *   dist/host/      browser mode: start.mjs (checks the Node version, nothing else) and the app in
 *                   chunks it imports afterwards (code splitting keeps the native modules' imports
 *                   out of start.mjs), the SQL migrations and the training-mode sample cards
 *   dist/electron/  the Electron main process (ESM), the sandboxed preload (one CommonJS file),
 *                   the migrations and the sample cards
 *   dist/launch.mjs `npm start`: Electron when there is one, browser mode in a Chromium app window otherwise
 *
 * Native modules stay external (prebuilt Node-API binaries, npmRebuild: false); so do conf and
 * electron-store (they load JSON schemas and their own files at run time). Whitespace and syntax are
 * minified (a smaller source for V8 to keep and parse); names are kept, so stack traces stay readable,
 * and source maps go next to each file.
 */
import { build, type BuildOptions } from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const dist = path.join(root, 'dist');
const NATIVE = ['better-sqlite3', 'serialport', '@serialport/*', 'node-hid', 'conf'];

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

/** What a bundle needs beside it at run time: found relative to import.meta.url. */
function copyRuntimeFiles(out: string): void {
  fs.cpSync(path.join(root, 'electron/core/storage/migrations'), path.join(out, 'migrations'), { recursive: true });
  fs.cpSync(path.join(root, 'native/idcard/sim/cards'), path.join(out, 'cards'), { recursive: true });
}

export async function buildAll(): Promise<string[]> {
  const t0 = performance.now();
  const host = path.join(dist, 'host');
  const electron = path.join(dist, 'electron');
  for (const d of [host, electron]) fs.rmSync(d, { recursive: true, force: true });
  fs.rmSync(path.join(dist, 'launch.mjs'), { force: true });

  await Promise.all([
    build({ ...common, entryPoints: { start: path.join(root, 'electron/host/start.ts') }, outdir: host, splitting: true, chunkNames: 'app-[hash]', external: NATIVE }),
    build({ ...common, entryPoints: { main: path.join(root, 'electron/shell/main.ts') }, outdir: electron, external: ['electron', 'electron-store', ...NATIVE] }),
    build({
      ...common,
      entryPoints: { preload: path.join(root, 'electron/shell/preload.ts') },
      outdir: electron,
      format: 'cjs',
      target: 'chrome140',
      platform: 'node',
      banner: {},
      outExtension: { '.js': '.cjs' },
      external: ['electron'],
    }),
    build({ ...common, entryPoints: { launch: path.join(root, 'electron/shell/launch.ts') }, outdir: dist }),
  ]);
  copyRuntimeFiles(host);
  copyRuntimeFiles(electron);
  const outputs = ['dist/host/start.mjs', 'dist/electron/main.mjs', 'dist/electron/preload.cjs', 'dist/launch.mjs'];
  process.stdout.write(`built ${outputs.join(', ')} in ${Math.round(performance.now() - t0)} ms\n`);
  return outputs;
}

const entry = process.argv[1];
if (entry && import.meta.url === new URL(`file://${path.resolve(entry)}`).href) await buildAll();
