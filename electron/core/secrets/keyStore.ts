/**
 * Keys that must not travel with a copy of the data folder: the HMAC key of the ID-number
 * pseudonyms and the keys of the ledger and audit chains. Whoever holds the data folder and
 * the key can recompute a chain or reverse a pseudonym by search; whoever holds only the folder
 * can do neither. So keys live in the OS user's keystore (Electron safeStorage, in the shell) or,
 * in browser mode, in 0600 files under the OS user's config folder, never beside the database.
 *
 * Each data folder has a random installation id (a file in the folder); its keys are found by
 * that id, so two counters on one PC (or two test runs) never share keys, and a folder copied to
 * another machine arrives without them.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BilingualError } from '../../../base/contract/errors';

export const KEY_NAMES = ['pii-hmac', 'ledger-chain', 'audit-chain'] as const;
export type KeyName = (typeof KEY_NAMES)[number];
export const KEY_BYTES = 32;

/** Where a counter's secret keys live. `key()` makes the key on first use and returns the same bytes ever after. */
export interface KeyStore {
  key(name: KeyName): Buffer;
  /**
   * Takes an existing key into the store (moving an older installation's key file here), unless
   * the store already holds one: 'adopted', or 'same' / 'differs' for what it already held.
   */
  adopt(name: KeyName, key: Buffer): 'adopted' | 'same' | 'differs';
  /** For messages and the about page: where the keys are, without the keys. */
  readonly description: string;
}

export const INSTALLATION_ID_FILE = 'installation-id';

/** The data folder's installation id, made once (create-only, so two starts cannot disagree). */
export function installationId(dataDir: string): string {
  const file = path.join(dataDir, INSTALLATION_ID_FILE);
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  try {
    fs.writeFileSync(file, `${randomUUID()}\n`, { flag: 'wx', mode: 0o600 });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw keyStoreError(file, e);
  }
  const id = fs.readFileSync(file, 'utf8').trim();
  if (!/^[0-9a-f-]{36}$/.test(id)) {
    throw new BilingualError(
      'KEYSTORE_INSTALLATION_ID_INVALID',
      `数据目录的安装标识文件已损坏：${file} — 请管理员从备份恢复`,
      `The data folder's installation id file is damaged: ${file} — ask the administrator to restore it from a backup`,
    );
  }
  return id;
}

/** The OS user's config folder for CounterDesk keys (XDG on Linux, %APPDATA% on Windows). */
export function defaultKeyDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.COUNTERDESK_KEY_DIR) return path.resolve(env.COUNTERDESK_KEY_DIR);
  if (process.platform === 'win32' && env.APPDATA) return path.join(env.APPDATA, 'CounterDesk', 'keys');
  const config = env.XDG_CONFIG_HOME || path.join(os.homedir(), '.config');
  return path.join(config, 'counterdesk', 'keys');
}

function inside(child: string, parent: string): boolean {
  const rel = path.relative(path.resolve(parent), path.resolve(child));
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/**
 * Browser mode's keystore: one 0600 file per key in a 0700 folder per installation, under the
 * OS user's config folder. Refuses a key folder inside the data folder (that would defeat it).
 */
export function fileKeyStore(dataDir: string, keyDir: string = defaultKeyDir()): KeyStore {
  if (inside(keyDir, dataDir)) {
    throw new BilingualError(
      'KEYSTORE_INSIDE_DATA',
      `密钥目录不能放在数据目录之内：${keyDir} — 请改用操作系统用户的配置目录`,
      `The key folder must not be inside the data folder: ${keyDir} — use the OS user's config folder`,
    );
  }
  const dir = path.join(keyDir, installationId(dataDir));
  const cache = new Map<KeyName, Buffer>();
  return {
    description: dir,
    key(name) {
      const hit = cache.get(name);
      if (hit) return hit;
      const k = loadOrCreateKeyFile(dir, name);
      cache.set(name, k);
      return k;
    },
    adopt(name, key) {
      checkKeyBytes(key);
      const created = createKeyFile(dir, name, key);
      const held = loadOrCreateKeyFile(dir, name);
      cache.set(name, held);
      return created ? 'adopted' : held.equals(key) ? 'same' : 'differs';
    },
  };
}

function checkKeyBytes(key: Buffer): void {
  if (key.length !== KEY_BYTES) throw keyStoreError('(adopt)', new Error(`a key is ${KEY_BYTES} bytes, not ${key.length}`));
}

/** Writes the key file unless one exists; true when this call created it. */
function createKeyFile(dir: string, name: KeyName, key: Buffer): boolean {
  const file = path.join(dir, `${name}.key`);
  try {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    fs.chmodSync(dir, 0o700);
    // 'wx': create only if absent, so two processes starting together cannot overwrite each
    // other's key; the loser reads the winner's file.
    fs.writeFileSync(file, `${key.toString('hex')}\n`, { flag: 'wx', mode: 0o600 });
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw keyStoreError(file, e);
    return false;
  }
}

function loadOrCreateKeyFile(dir: string, name: KeyName): Buffer {
  const file = path.join(dir, `${name}.key`);
  createKeyFile(dir, name, randomBytes(KEY_BYTES));
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8').trim();
  } catch (e) {
    throw keyStoreError(file, e);
  }
  if (!/^[0-9a-f]{64}$/.test(text)) {
    throw new BilingualError(
      'KEYSTORE_KEY_INVALID',
      `密钥文件内容不正确：${file} — 请管理员从备份恢复该文件`,
      `The key file is damaged: ${file} — ask the administrator to restore it from a backup`,
    );
  }
  return Buffer.from(text, 'hex');
}

/**
 * A keystore whose keys are sealed by the OS (Electron safeStorage: DPAPI, Keychain, libsecret):
 * the sealed blobs may sit anywhere, since only this OS user on this machine can open them.
 */
export interface Sealer {
  seal(plain: string): Buffer;
  open(sealed: Buffer): string;
}

export function sealedKeyStore(dataDir: string, sealer: Sealer, blobDir: string): KeyStore {
  const dir = path.join(blobDir, installationId(dataDir));
  const cache = new Map<KeyName, Buffer>();
  /** Seals the key into its blob unless one exists (create-only); true when this call created it. */
  const create = (file: string, key: Buffer): boolean => {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    if (fs.existsSync(file)) return false;
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, sealer.seal(key.toString('hex')), { mode: 0o600 });
    try {
      fs.linkSync(tmp, file); // create-only: a concurrent start keeps the first key
      return true;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw keyStoreError(file, e);
      return false;
    } finally {
      fs.rmSync(tmp, { force: true });
    }
  };
  const load = (name: KeyName): Buffer => {
    const file = path.join(dir, `${name}.sealed`);
    create(file, randomBytes(KEY_BYTES));
    let text: string;
    try {
      text = sealer.open(fs.readFileSync(file)).trim();
    } catch (e) {
      throw keyStoreError(file, e);
    }
    if (!/^[0-9a-f]{64}$/.test(text)) throw keyStoreError(file, new Error('not a key'));
    const k = Buffer.from(text, 'hex');
    cache.set(name, k);
    return k;
  };
  return {
    description: `${dir} (sealed by the OS keystore)`,
    key(name) {
      return cache.get(name) ?? load(name);
    },
    adopt(name, key) {
      checkKeyBytes(key);
      const created = create(path.join(dir, `${name}.sealed`), key);
      const held = load(name);
      return created ? 'adopted' : held.equals(key) ? 'same' : 'differs';
    },
  };
}

function keyStoreError(file: string, e: unknown): BilingualError {
  return new BilingualError(
    'KEYSTORE_UNAVAILABLE',
    `无法读写密钥：${file} — 请检查该目录的权限，或联系管理员`,
    `Cannot read or create the key: ${file} — check the folder's permissions or call the administrator`,
    { reason: e instanceof Error ? e.message.slice(0, 200) : String(e) },
  );
}
