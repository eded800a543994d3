/**
 * The hall's one storage port: PostgreSQL, embedded (PGlite, one hall on one PC) or a server
 * (node-postgres, a city or a province). Both speak the same SQL with `$1` parameters; int8
 * arrives as a JS number on both (epoch ms and sequence numbers stay far below 2^53) and jsonb
 * as parsed JSON, so code above this port never knows which one it runs on.
 */
export interface QueryResult<R> {
  rows: R[];
  /** Rows touched by INSERT/UPDATE/DELETE (0 for SELECT on some drivers: do not rely on it there). */
  affected: number;
}

export interface Queryable {
  query<R = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<QueryResult<R>>;
  /** Several statements at once, no parameters (migrations). */
  exec(sql: string): Promise<void>;
}

export interface HallStore extends Queryable {
  /** 'pglite' or 'server': shown at start and in the logs, never branched on by callers. */
  readonly kind: 'pglite' | 'server';
  /** Human-readable location (data dir, or the URL without its password). */
  readonly where: string;
  /**
   * Hears PostgreSQL NOTIFY on a channel (sent by any process on this database, delivered once
   * the sending transaction commits). Returns the way to stop listening.
   */
  listen(channel: string, onPayload: (payload: string) => void): Promise<() => Promise<void>>;
  /** Runs fn in one transaction (BEGIN … COMMIT, ROLLBACK on any throw). */
  tx<T>(fn: (q: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
  /** Embedded only: tells the folder's lock file where this running hall serves (for the CLI). */
  announce?(info: { url: string; fingerprint: string; certPem: string; adminToken: string }): void;
}

/**
 * Memory for one sort or hash in the hall's queries, on both backends: the duty manager's figures
 * sort a month of step times (hundreds of thousands of values) in memory rather than on disk (the
 * default 4 MB spills them to temporary files); a handful of such sorts run at once at most.
 */
export const HALL_WORK_MEM = '32MB';

/** Hides the password of a postgres:// URL for messages and logs. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(invalid URL)';
  }
}
