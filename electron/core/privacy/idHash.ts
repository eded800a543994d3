/**
 * A keyed hash of the full ID number, so reports can count repeat customers without keeping
 * the number. HMAC-SHA256 with a per-installation key: a plain hash of an ID number could be
 * reversed by trying every number (the space is small); without the key it cannot.
 *
 * The key comes from the keystore (electron/core/secrets/keyStore.ts: the OS keystore in the
 * Electron app, an owner-only file under the OS user's config folder in browser mode), never from
 * the data folder: whoever copies the folder gets the hashes and the masked numbers but cannot try
 * a single candidate (tests/integration/privacy/pseudonym.test.ts writes that attack).
 *
 * Earlier versions kept the key beside the database (`pii-hmac.key`). At start that file is moved
 * into the keystore and removed, so hashes made before stay comparable with those made after.
 */
import { createHmac } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { BilingualError } from '../../../base/contract/errors';
import type { KeyStore } from '../secrets/keyStore';

/** The key file of earlier versions, in the data folder. */
export const LEGACY_PII_KEY_FILE = 'pii-hmac.key';

export type IdHasher = (idNumber: string) => string;

/** Normalise what a reader or a keyboard may deliver: spaces, a lower-case check character. */
export function normaliseIdNumber(idNumber: string): string {
  return idNumber.replace(/\s+/g, '').toUpperCase();
}

export interface LegacyKeyMove {
  /** 'moved': the old file's key is now the keystore's; 'same': it already was; 'differs': the keystore had another key, which stays. */
  outcome: 'moved' | 'same' | 'differs';
  file: string;
}

/**
 * Moves an earlier version's key file into the keystore and removes it from the data folder.
 * Null when there was none. When the keystore already holds a different key (it has been hashing
 * with it since), that key stays: the old file is removed all the same, since a key beside the
 * data is exactly what must not be, and hashes made with it simply stop matching new ones.
 */
export function moveLegacyKey(dataDir: string, keys: KeyStore): LegacyKeyMove | null {
  const file = path.join(dataDir, LEGACY_PII_KEY_FILE);
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8').trim();
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw legacyKeyError(file, e);
  }
  if (!/^[0-9a-f]{64}$/.test(text)) {
    throw new BilingualError(
      'PII_KEY_INVALID',
      `数据目录中旧版本的证件号散列密钥文件内容不正确：${file} — 请管理员从备份恢复该文件（或确认不再需要后移走它）`,
      `The older version's ID-number hashing key file in the data folder is damaged: ${file} — ask the administrator to restore it from a backup (or move it away once it is not needed)`,
    );
  }
  const outcome = keys.adopt('pii-hmac', Buffer.from(text, 'hex'));
  try {
    fs.rmSync(file);
  } catch (e) {
    throw legacyKeyError(file, e);
  }
  return { outcome: outcome === 'adopted' ? 'moved' : outcome, file };
}

export function createIdHasher(keys: KeyStore): IdHasher {
  const key = keys.key('pii-hmac');
  return (idNumber) => createHmac('sha256', key).update(normaliseIdNumber(idNumber), 'utf8').digest('hex');
}

function legacyKeyError(file: string, e: unknown): BilingualError {
  return new BilingualError(
    'PII_KEY_UNAVAILABLE',
    `无法把旧版本的证件号散列密钥移入密钥存储：${file} — 请检查数据目录权限`,
    `Cannot move the older version's ID-number hashing key into the key store: ${file} — check the data folder's permissions`,
    { reason: e instanceof Error ? e.message.slice(0, 200) : String(e) },
  );
}
