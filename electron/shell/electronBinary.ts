/**
 * Finds the Electron binary WITHOUT triggering electron's lazy download (requiring the
 * `electron` package would try to fetch it). ELECTRON_OVERRIDE_DIST_PATH names a folder
 * holding an unpacked Electron; otherwise node_modules/electron/dist.
 */
import fs from 'node:fs';
import path from 'node:path';

export function electronBinary(root: string, env: NodeJS.ProcessEnv = process.env): string | null {
  const pkgDir = path.join(root, 'node_modules', 'electron');
  let rel = process.platform === 'win32' ? 'electron.exe' : process.platform === 'darwin' ? 'Electron.app/Contents/MacOS/Electron' : 'electron';
  const pathTxt = path.join(pkgDir, 'path.txt');
  if (fs.existsSync(pathTxt)) rel = fs.readFileSync(pathTxt, 'utf8').trim() || rel;
  const candidates = [
    env.COUNTERDESK_ELECTRON_BINARY,
    env.ELECTRON_OVERRIDE_DIST_PATH ? path.join(env.ELECTRON_OVERRIDE_DIST_PATH, rel) : undefined,
    path.join(pkgDir, 'dist', rel),
  ].filter((c): c is string => !!c);
  return candidates.find((c) => fs.existsSync(c)) ?? null;
}
