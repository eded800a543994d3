/**
 * A PostgreSQL server through node-postgres: a small pool (ingest runs one transaction per
 * batch; the hall page and the desk read alongside). int8 is parsed to a number here as in PGlite.
 */
import pg from 'pg';
import { BilingualError } from '../../base/contract/errors';
import { HALL_WORK_MEM, redactUrl, type HallStore, type Queryable, type QueryResult } from './port';

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
    // The duty manager's figures sort a month of step times (hundreds of thousands of values) in
    // memory rather than on disk (the default 4 MB spills them); a few sorts at once at most.
    options: `-c work_mem=${HALL_WORK_MEM}`,
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
    listen: (channel, onPayload) => listenOn(url, channel, onPayload),
    close: () => pool.end(),
  };
}

/**
 * A connection of its own that LISTENs (a pooled one would be handed to other queries). When
 * the server goes away it reconnects every few seconds, so the hall page's live updates come
 * back with the database without a restart of the hall.
 */
async function listenOn(url: string, channel: string, onPayload: (payload: string) => void): Promise<() => Promise<void>> {
  let client: pg.Client | null = null;
  let stopped = false;
  let retry: NodeJS.Timeout | null = null;
  const connect = async (): Promise<void> => {
    if (stopped) return;
    const c = new pg.Client({ connectionString: url });
    client = c;
    let lost = false;
    const again = () => {
      if (lost || stopped) return;
      lost = true;
      if (client === c) client = null;
      c.end().catch(() => undefined);
      retry = setTimeout(() => void connect().catch(() => undefined), 2_000);
      retry.unref();
    };
    c.on('notification', (m) => {
      if (m.channel === channel && m.payload !== undefined) onPayload(m.payload);
    });
    c.on('error', again);
    c.on('end', again);
    try {
      await c.connect();
      await c.query(`LISTEN ${pg.escapeIdentifier(channel)}`);
    } catch (e) {
      again();
      throw e;
    }
  };
  try {
    await connect();
  } catch (e) {
    stopped = true;
    if (retry) clearTimeout(retry);
    throw e;
  }
  return async () => {
    stopped = true;
    if (retry) clearTimeout(retry);
    const c = client;
    client = null;
    await c?.end().catch(() => undefined);
  };
}
