/**
 * The embedded default: PGlite (PostgreSQL compiled to WASM) in a data folder. One process owns
 * the folder; PGlite serialises queries itself, and tx() holds its transaction lock.
 */
import { PGlite, types, type Transaction } from '@electric-sql/pglite';
import fs from 'node:fs';
import path from 'node:path';
import { BilingualError } from '../../base/contract/errors';
import { acquireLock } from './lock';
import { HALL_WORK_MEM, type HallStore, type Queryable, type QueryResult } from './port';

export const PGLITE_SUBDIR = 'pgdata';

const parsers = { [types.INT8]: (v: string) => Number(v) };

function wrap(q: PGlite | Transaction): Queryable {
  return {
    async query<R>(sql: string, params: unknown[] = []): Promise<QueryResult<R>> {
      const r = await q.query<R>(sql, params);
      return { rows: r.rows, affected: r.affectedRows ?? 0 };
    },
    async exec(sql: string) {
      await q.exec(sql);
    },
  };
}

export async function openPglite(dataDir: string): Promise<HallStore> {
  const dir = path.join(dataDir, PGLITE_SUBDIR);
  try {
    fs.mkdirSync(dir, { recursive: true });
    fs.accessSync(dir, fs.constants.W_OK);
  } catch (e) {
    throw new BilingualError(
      'HALL_STORAGE_DIR',
      `大厅服务器的数据目录无法创建或不可写：${dir}`,
      `The hall server's data folder cannot be created or is read-only: ${dir}`,
      { reason: e instanceof Error ? e.message : String(e) },
    );
  }
  const lock = acquireLock(dataDir);
  let db: PGlite;
  try {
    db = await PGlite.create(dir, { parsers });
  } catch (e) {
    lock.release();
    throw new BilingualError(
      'HALL_STORAGE_OPEN',
      `大厅服务器的内置数据库无法打开：${dir} — 请检查是否有另一个大厅服务器正在使用该目录，或从备份恢复`,
      `The hall server's embedded database cannot be opened: ${dir} — check that no other hall server uses this folder, or restore a backup`,
      { reason: e instanceof Error ? e.message : String(e) },
    );
  }
  // As on a server (pgServer.ts): the desk's figures sort in memory, not on disk.
  await db.exec(`SET work_mem = '${HALL_WORK_MEM}'`);
  const self = wrap(db);
  return {
    kind: 'pglite',
    where: dir,
    query: self.query,
    exec: self.exec,
    tx: (fn) => db.transaction((t) => fn(wrap(t))),
    // One connection in this process: it hears its own notifications.
    async listen(channel, onPayload) {
      const stop = await db.listen(channel, onPayload);
      return async () => {
        await stop().catch(() => undefined);
      };
    },
    async close() {
      await db.close();
      lock.release();
    },
    announce: (info) => lock.update(info),
  };
}
