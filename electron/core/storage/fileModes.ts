/**
 * The data folder is the counter's alone: the folder and every folder in it 0700, every file
 * 0600 (at most: a right the owner lacks is never added) (the database with its WAL and SHM, the settings, the logs, the installation id), so
 * another account on the same PC reads nothing. Files are created with these modes where the app
 * creates them (storage/db.ts, log.ts, settings/confPort.ts); this walk at every start corrects
 * what an older version, a copy, a restore or another tool left wider.
 *
 * Windows has no such modes: a folder under the user's profile is already the user's alone.
 */
import fs from 'node:fs';
import path from 'node:path';

export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

/** Creates the folder owner-only if missing; returns the paths whose mode was corrected. */
export function securePrivateFolder(dir: string): string[] {
  fs.mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  if (process.platform === 'win32') return [];
  const corrected: string[] = [];
  const fix = (p: string, want: number) => {
    try {
      const st = fs.lstatSync(p);
      if (st.isSymbolicLink()) return; // never follow a link out of the folder
      // Only ever takes rights away (from group and others): a folder the administrator made
      // read-only stays read-only, and storage says so.
      const mode = st.mode & 0o777 & want;
      if ((st.mode & 0o777) !== mode) {
        fs.chmodSync(p, mode);
        corrected.push(p);
      }
    } catch {
      // Gone meanwhile, or not ours: the storage check reports a folder it cannot use.
    }
  };
  const walk = (d: string, depth: number) => {
    fix(d, PRIVATE_DIR_MODE);
    if (depth > 4) return;
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(d, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p, depth + 1);
      else if (e.isFile()) fix(p, PRIVATE_FILE_MODE);
    }
  };
  walk(dir, 0);
  return corrected;
}

/** Creates an empty file owner-only when it does not exist yet (before a library opens it). */
export function createPrivateFile(file: string): void {
  try {
    fs.closeSync(fs.openSync(file, fs.constants.O_CREAT | fs.constants.O_EXCL | fs.constants.O_WRONLY, PRIVATE_FILE_MODE));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
  }
}
