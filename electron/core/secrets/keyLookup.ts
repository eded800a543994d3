/**
 * A key looked up for a verifier, never made: a command-line check of a copied data folder must
 * not invent a fresh key and then call every row forged. Finds browser mode's key file
 * (keyStore.ts, fileKeyStore) for the folder's installation id; null when there is none here
 * (another machine, or the Electron app's OS-sealed store, which only the app can open).
 */
import fs from 'node:fs';
import path from 'node:path';
import { defaultKeyDir, INSTALLATION_ID_FILE, type KeyName } from './keyStore';

export function findKey(dataDir: string, name: KeyName, keyDir: string = defaultKeyDir()): Buffer | null {
  try {
    const id = fs.readFileSync(path.join(dataDir, INSTALLATION_ID_FILE), 'utf8').trim();
    if (!/^[0-9a-f-]{36}$/.test(id)) return null;
    const text = fs.readFileSync(path.join(keyDir, id, `${name}.key`), 'utf8').trim();
    return /^[0-9a-f]{64}$/.test(text) ? Buffer.from(text, 'hex') : null;
  } catch {
    return null;
  }
}
