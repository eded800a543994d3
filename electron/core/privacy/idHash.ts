/**
 * A keyed hash of the full ID number, so reports can count repeat customers without keeping
 * the number. HMAC-SHA256 with a per-installation key: a plain hash of an ID number could be
 * reversed by trying every number (the space is small); without the key it cannot.
 *
 * The key lives in its own file in the data folder, not in the database, so a copy of the
 * database alone does not allow that search. Losing the file only means counts start afresh.
 */
import { createHmac, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { BilingualError } from '../../../base/contract/errors';

export const PII_KEY_FILE = 'pii-hmac.key';
const KEY_BYTES = 32;

export type IdHasher = (idNumber: string) => string;

/** Normalise what a reader or a keyboard may deliver: spaces, a lower-case check character. */
export function normaliseIdNumber(idNumber: string): string {
  return idNumber.replace(/\s+/g, '').toUpperCase();
}

export function createIdHasher(dataDir: string): IdHasher {
  const key = loadOrCreateKey(dataDir);
  return (idNumber) => createHmac('sha256', key).update(normaliseIdNumber(idNumber), 'utf8').digest('hex');
}

function loadOrCreateKey(dataDir: string): Buffer {
  const file = path.join(dataDir, PII_KEY_FILE);
  try {
    fs.mkdirSync(dataDir, { recursive: true });
    // 'wx': create only if absent, so two processes starting together cannot overwrite each
    // other's key; the loser reads the winner's file below.
    fs.writeFileSync(file, randomBytes(KEY_BYTES).toString('hex') + '\n', { flag: 'wx', mode: 0o600 });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw keyError(file, e);
  }
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8').trim();
  } catch (e) {
    throw keyError(file, e);
  }
  if (!/^[0-9a-f]{64}$/.test(text)) {
    throw new BilingualError(
      'PII_KEY_INVALID',
      `客户证件号散列密钥文件内容不正确：${file} — 请管理员从备份恢复该文件（切勿随意删除：删除后回头客统计会重新开始）`,
      `The ID-number hashing key file is damaged: ${file} — ask the administrator to restore it from a backup (deleting it restarts repeat-customer counts)`,
    );
  }
  return Buffer.from(text, 'hex');
}

function keyError(file: string, e: unknown): BilingualError {
  return new BilingualError(
    'PII_KEY_UNAVAILABLE',
    `无法读写客户证件号散列密钥文件：${file} — 请检查数据目录权限`,
    `Cannot read or create the ID-number hashing key file: ${file} — check the data folder's permissions`,
    { reason: e instanceof Error ? e.message.slice(0, 200) : String(e) },
  );
}
