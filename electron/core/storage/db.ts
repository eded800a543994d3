/**
 * The one SQLite file: WAL, foreign keys, synchronous=FULL (money is written here),
 * numbered SQL migrations applied in one transaction at start.
 *
 * Every failure to open is a BilingualError the UI can show as an error screen:
 * a newer schema, a corrupt file, a read-only folder. Never a silently new empty database.
 */
import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BilingualError } from '../../../base/contract/errors';
import { createPrivateFile, securePrivateFolder } from './fileModes';

export type Db = Database.Database;

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const DB_FILE = 'counterdesk.sqlite';

/** Where the numbered `NNN_name.sql` files live (next to this module, or next to the bundle). */
export function defaultMigrationsDir(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const candidates = [path.join(here, 'migrations'), path.join(here, 'storage', 'migrations')];
  for (const c of candidates) if (fs.existsSync(c)) return c;
  return candidates[0]!;
}

export function loadMigrations(dir = defaultMigrationsDir()): Migration[] {
  const files = fs.readdirSync(dir).filter((f) => /^\d{3}_[a-z0-9_]+\.sql$/.test(f)).sort();
  const out: Migration[] = [];
  for (const f of files) {
    const version = Number(f.slice(0, 3));
    if (out.some((m) => m.version === version)) {
      throw new Error(`duplicate migration number ${version} (${f})`);
    }
    out.push({ version, name: f.replace(/\.sql$/, ''), sql: fs.readFileSync(path.join(dir, f), 'utf8') });
  }
  return out;
}

export interface OpenOptions {
  /** Folder holding the database; created when missing. */
  dataDir: string;
  migrations?: Migration[];
}

export interface OpenedDb {
  db: Db;
  file: string;
  schemaVersion: number;
}

export function openDatabase(opts: OpenOptions): OpenedDb {
  const migrations = opts.migrations ?? loadMigrations();
  const latest = migrations.reduce((m, x) => Math.max(m, x.version), 0);
  try {
    // Owner-only: created so, and corrected when an older version or a copy left it wider.
    securePrivateFolder(opts.dataDir);
  } catch (e) {
    throw storageError('STORAGE_DIR', e, opts.dataDir);
  }
  try {
    fs.accessSync(opts.dataDir, fs.constants.W_OK);
  } catch {
    throw new BilingualError(
      'STORAGE_READONLY',
      `数据目录不可写：${opts.dataDir} — 请检查磁盘权限或换一个数据目录`,
      `The data folder is read-only: ${opts.dataDir} — check its permissions or choose another data folder`,
    );
  }
  const file = path.join(opts.dataDir, DB_FILE);
  let db: Db;
  try {
    // SQLite gives the WAL and SHM files the database file's mode: create it owner-only first.
    createPrivateFile(file);
    db = new Database(file);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    // What a purge or an update leaves behind is zeroed, not left in free space for anyone who
    // copies the file (privacy/retention.ts; the cost is measured in README, Figures).
    db.pragma('secure_delete = ON');
    // Reads the schema: a file that is not a database, or whose schema is damaged, fails here.
    // The full page-by-page check runs after start, off the start path (storage/integrity.ts).
    db.prepare('SELECT count(*) FROM sqlite_schema').get();
  } catch (e) {
    throw new BilingualError(
      'STORAGE_CORRUPT',
      `数据库文件无法打开或已损坏：${file} — 请联系管理员从备份恢复，切勿删除该文件`,
      `The database file cannot be opened or is damaged: ${file} — ask the administrator to restore a backup; do not delete the file`,
      { reason: e instanceof Error ? e.message : String(e) },
    );
  }
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > latest) {
    db.close();
    throw new BilingualError(
      'STORAGE_NEWER_SCHEMA',
      `数据库来自更新版本的柜台通（结构版本 ${current}，本程序支持到 ${latest}）— 请安装新版本`,
      `The database comes from a newer CounterDesk (schema ${current}; this build knows up to ${latest}) — install the newer version`,
      { current, latest },
    );
  }
  const pending = migrations.filter((m) => m.version > current).sort((a, b) => a.version - b.version);
  if (pending.length > 0) {
    const apply = db.transaction(() => {
      for (const m of pending) {
        db.exec(m.sql);
        db.pragma(`user_version = ${m.version}`);
      }
    });
    try {
      apply();
    } catch (e) {
      db.close();
      throw new BilingualError(
        'STORAGE_MIGRATION',
        `数据库升级失败，未做任何更改 — 请联系管理员`,
        `Upgrading the database failed and nothing was changed — contact the administrator`,
        { reason: e instanceof Error ? e.message : String(e) },
      );
    }
  }
  return { db, file, schemaVersion: Math.max(current, latest) };
}

function storageError(code: string, e: unknown, dir: string): BilingualError {
  return new BilingualError(
    code,
    `无法创建数据目录：${dir}`,
    `Cannot create the data folder: ${dir}`,
    { reason: e instanceof Error ? e.message : String(e) },
  );
}
