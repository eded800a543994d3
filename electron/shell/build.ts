/**
 * Builds the Electron entry points into dist/electron: main (ESM) and the sandboxed
 * preload (one CommonJS file), plus the SQL migrations next to the bundle.
 * Native modules stay external: they ship prebuilt Node-API binaries (npmRebuild: false).
 */
import { build } from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const out = path.join(root, 'dist/electron');
const external = ['electron', 'electron-store', 'better-sqlite3', 'serialport', '@serialport/*', 'node-hid', 'conf'];

fs.rmSync(out, { recursive: true, force: true });
await build({
  entryPoints: [path.join(root, 'electron/shell/main.ts')],
  outfile: path.join(out, 'main.mjs'),
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node22',
  external,
  sourcemap: true,
  banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  logLevel: 'warning',
});
await build({
  entryPoints: [path.join(root, 'electron/shell/preload.ts')],
  outfile: path.join(out, 'preload.cjs'),
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'chrome140',
  external: ['electron'],
  logLevel: 'warning',
});
fs.cpSync(path.join(root, 'electron/core/storage/migrations'), path.join(out, 'migrations'), { recursive: true });
fs.cpSync(path.join(root, 'resources'), path.join(out, 'resources'), { recursive: true });
process.stdout.write(`built ${path.relative(root, out)}\n`);
