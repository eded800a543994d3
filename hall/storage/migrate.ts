/**
 * Numbered SQL migrations (`NNN_name.sql` next to this module), the same files for PGlite and a
 * PostgreSQL server, applied in one transaction under an advisory lock (two hall processes
 * starting against one server do not both migrate). A database from a newer hall is refused.
 */
import fs from 'node:fs';
import path from 'node:path';
import { BilingualError } from '../../base/contract/errors';
import type { HallStore } from './port';

export interface HallMigration {
  version: number;
  name: string;
  sql: string;
}

const MIGRATION_LOCK = 7_340_016; // any constant: the advisory lock key the hall's migrations share

export function hallMigrationsDir(): string {
  return path.join(import.meta.dirname, 'migrations');
}

export function loadHallMigrations(dir = hallMigrationsDir()): HallMigration[] {
  const files = fs.readdirSync(dir).filter((f) => /^\d{3}_[a-z0-9_]+\.sql$/.test(f)).sort();
  const out: HallMigration[] = [];
  for (const f of files) {
    const version = Number(f.slice(0, 3));
    if (out.some((m) => m.version === version)) throw new Error(`duplicate hall migration number ${version} (${f})`);
    out.push({ version, name: f.replace(/\.sql$/, ''), sql: fs.readFileSync(path.join(dir, f), 'utf8') });
  }
  return out;
}

/** Applies what is pending; returns the schema version now in force. */
export async function migrate(store: HallStore, migrations = loadHallMigrations()): Promise<number> {
  const latest = migrations.reduce((m, x) => Math.max(m, x.version), 0);
  try {
    return await store.tx(async (q) => {
      await q.query(`SELECT pg_advisory_xact_lock(${MIGRATION_LOCK})`);
      await q.query('CREATE TABLE IF NOT EXISTS hall_schema (id int PRIMARY KEY CHECK (id = 1), version int NOT NULL)');
      const cur = (await q.query<{ version: number }>('SELECT version FROM hall_schema WHERE id = 1')).rows[0]?.version ?? 0;
      if (cur > latest) {
        throw new BilingualError(
          'HALL_NEWER_SCHEMA',
          `数据库来自更新版本的大厅服务器（结构版本 ${cur}，本程序支持到 ${latest}）— 请安装新版本`,
          `The database comes from a newer hall server (schema ${cur}; this build knows up to ${latest}) — install the newer version`,
          { current: cur, latest },
        );
      }
      for (const m of migrations.filter((x) => x.version > cur).sort((a, b) => a.version - b.version)) {
        await q.exec(m.sql);
      }
      if (latest > cur) {
        await q.query('INSERT INTO hall_schema (id, version) VALUES (1, $1) ON CONFLICT (id) DO UPDATE SET version = excluded.version', [latest]);
      }
      return Math.max(cur, latest);
    });
  } catch (e) {
    if (e instanceof BilingualError) throw e;
    throw new BilingualError(
      'HALL_MIGRATION',
      '大厅服务器数据库升级失败，未做任何更改 — 请联系管理员',
      'Upgrading the hall database failed and nothing was changed — contact the administrator',
      { reason: e instanceof Error ? e.message : String(e) },
    );
  }
}
