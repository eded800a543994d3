/**
 * A PostgreSQL server through node-postgres: a small pool (ingest runs one transaction per
 * batch; the hall page and the desk read alongside). int8 is parsed to a number here as in PGlite.
 */
import pg from 'pg';
import { BilingualError } from '../../base/contract/errors';
import { redactUrl, type HallStore, type Queryable, type QueryResult } from './port';

const INT8_OID = 20;

function wrap(c: pg.Pool | pg.PoolClient): Queryable {
  return {
    async query<R>(sql: string, params: unknown[] = []): Promise<QueryResult<R>> {
      const r = await c.query(sql, params);
      return { rows: r.rows as R[], affected: r.rowCount ?? 0 };
    },
    async exec(sql: string) {
      await c.query(sql);
    },
  };
}

export async function openPgServer(url: string, opts: { max?: number } = {}): Promise<HallStore> {
  const where = redactUrl(url);
  const pool = new pg.Pool({
    connectionString: url,
    max: opts.max ?? 8,
    types: { getTypeParser: (oid: number, format?: string) => (oid === INT8_OID ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format as 'text')) },
  } as pg.PoolConfig);
  // An idle client that loses its server must not crash the hall: the next query reconnects.
  pool.on('error', () => undefined);
  try {
    await pool.query('SELECT 1');
  } catch (e) {
    await pool.end().catch(() => undefined);
    throw new BilingualError(
      'HALL_STORAGE_CONNECT',
      `无法连接 PostgreSQL 服务器：${where} — 请检查地址、用户名、密码和服务器是否在运行`,
      `Cannot connect to the PostgreSQL server: ${where} — check the address, user, password and that the server is running`,
      { reason: e instanceof Error ? e.message : String(e) },
    );
  }
  const self = wrap(pool);
  return {
    kind: 'server',
    where,
    query: self.query,
    exec: self.exec,
    async tx(fn) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const out = await fn(wrap(client));
        await client.query('COMMIT');
        return out;
      } catch (e) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw e;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}
