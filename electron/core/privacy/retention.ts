/**
 * Personal data is kept only as long as the retention setting says (default 180 days), in every
 * place the list names (places.ts). Each module that owns such a place hands the purge a purger:
 * its own SQL on its own tables, or its own files, blanking what came of age and keeping the rows
 * themselves so counts and money figures stay whole. One run:
 *
 *  1. files and memory (the day's log files, a stale card) — outside the database;
 *  2. one transaction over every database purger, each for the time window since its last run
 *     (a mark in meta: five years of history are not walked at every start), and the audit entry
 *     with what went, counted per place — all of it happened or none;
 *  3. a WAL checkpoint that truncates the log, so no page copy from before the purge stays in
 *     `counterdesk.sqlite-wal`; with secure_delete (storage/db.ts) the space the blanked values
 *     leave in the database file is zeroed as they go.
 *
 * A chained record never holds a purgeable value: it cites a free_text row (freeTextStore.ts).
 */
import { BilingualError } from '../../../base/contract/errors';
import type { AuditLog } from '../audit/auditLog';
import { AUDIT_KINDS } from '../audit/kinds';
import type { Db } from '../storage/db';
import { PERSONAL_DATA } from './places';

export const DEFAULT_RETENTION_DAYS = 180;
const DAY_MS = 24 * 60 * 60 * 1000;
const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** What one purger purges: places of the list, the count of rows (or files) it blanked in each. */
export type PurgeCounts = Record<string, number>;

export interface Purger {
  /** Names the purger's mark in meta (`retention.purgedBefore:<name>`). */
  name: string;
  /** The places of the list (places.ts) it covers. */
  places: readonly string[];
  /**
   * 'database': runs inside the purge transaction, for the window [from, before) since its last
   * run; 'outside': files and memory, run first with the cut-off alone (they are not windowed).
   */
  kind: 'database' | 'outside';
  purge(window: { from: number; before: number }): PurgeCounts;
}

/** A table whose personal columns are simply blanked, by a time column (for modules that need no more). */
export interface RetentionSpec {
  table: string;
  /** Epoch-ms column the age is measured from (when the customer was served). */
  timeColumn: string;
  /** Columns blanked at expiry. */
  personalColumns: readonly string[];
}

export interface PurgeResult {
  days: number;
  /** Everything older than this (epoch ms) was purged. */
  cutoff: number;
  /** Per place of the list: how many rows (or files) were blanked in this run. */
  places: Array<{ place: string; count: number }>;
}

export class Retention {
  private readonly purgers = new Map<string, Purger>();

  constructor(
    private readonly db: Db,
    private readonly audit: AuditLog,
    /** From settings privacy.retentionDays; read at each purge. */
    private readonly retentionDays: () => number = () => DEFAULT_RETENTION_DAYS,
  ) {}

  add(p: Purger): void {
    for (const place of p.places) {
      if (!PERSONAL_DATA.some((x) => x.place === place && x.lives === 'retention')) throw registryError(place, 'not a place of the list with a retention period (privacy/places.ts)');
    }
    if (this.purgers.has(p.name)) throw registryError(p.name, 'a second purger of that name');
    this.purgers.set(p.name, p);
  }

  /**
   * Blanks a module's personal columns older than the period: checked now against the real
   * schema, so a typo fails at start-up and not at 3 a.m.
   */
  register(spec: RetentionSpec): void {
    const cols = this.columnsOf(spec.table);
    if (spec.personalColumns.length === 0) throw registryError(spec.table, 'no personal columns');
    for (const c of [spec.timeColumn, ...spec.personalColumns]) {
      if (!IDENT.test(c) || !cols.has(c)) throw registryError(spec.table, `no column ${c}`);
    }
    for (const c of spec.personalColumns) {
      if (c === spec.timeColumn) throw registryError(spec.table, 'the time column cannot be purged');
      if (cols.get(c) === true) throw registryError(spec.table, `column ${c} is NOT NULL`);
    }
    const set = spec.personalColumns.map((c) => `"${c}" = NULL`).join(', ');
    const anyLeft = spec.personalColumns.map((c) => `"${c}" IS NOT NULL`).join(' OR ');
    const update = this.db.prepare(`UPDATE "${spec.table}" SET ${set} WHERE "${spec.timeColumn}" >= ? AND "${spec.timeColumn}" < ? AND (${anyLeft})`);
    this.add({
      name: spec.table,
      kind: 'database',
      places: spec.personalColumns.map((c) => `${spec.table}.${c}`),
      purge: ({ from, before }) => {
        const n = update.run(from, before).changes;
        return Object.fromEntries(spec.personalColumns.map((c) => [`${spec.table}.${c}`, n]));
      },
    });
  }

  registered(): Purger[] {
    return [...this.purgers.values()];
  }

  /** Refuses to go on when a place of the list with a retention period has no purger (a program error). */
  assertComplete(): void {
    const covered = new Set([...this.purgers.values()].flatMap((p) => p.places));
    const missing = PERSONAL_DATA.filter((p) => p.lives === 'retention' && !covered.has(p.place)).map((p) => p.place);
    if (missing.length > 0) throw registryError(missing.join(', '), 'no purger covers it');
  }

  purgeExpired(now: number, actor: string | null = null): PurgeResult {
    const days = this.retentionDays();
    if (!Number.isInteger(days) || days < 1) {
      throw new BilingualError('RETENTION_INVALID', `保存期限设置不正确：${days} — 请在设置中填写 1 天以上`, `Invalid retention period: ${days} — set at least 1 day in settings`);
    }
    const cutoff = now - days * DAY_MS;
    const counts = new Map<string, number>();
    const tally = (p: Purger, c: PurgeCounts) => {
      for (const [place, n] of Object.entries(c)) {
        if (!p.places.includes(place)) throw registryError(place, `purger ${p.name} reported a place it does not cover`);
        counts.set(place, (counts.get(place) ?? 0) + n);
      }
    };
    for (const p of this.purgers.values()) {
      for (const place of p.places) counts.set(place, 0);
      if (p.kind === 'outside') tally(p, p.purge({ from: 0, before: cutoff }));
    }
    const run = this.db.transaction((): PurgeResult => {
      for (const p of this.purgers.values()) {
        if (p.kind !== 'database') continue;
        const from = purgedBefore(this.db, p.name);
        if (cutoff <= from) continue;
        tally(p, p.purge({ from, before: cutoff }));
        setPurgedBefore(this.db, p.name, cutoff);
      }
      const result: PurgeResult = { days, cutoff, places: [...counts].map(([place, count]) => ({ place, count })) };
      this.audit.append({ kind: AUDIT_KINDS.retentionPurge, actor, counterId: null, detail: { days, cutoff, places: result.places } });
      return result;
    });
    const result = run.immediate();
    // Page copies from before the purge leave the WAL; a reader still open (the integrity check)
    // makes this a partial checkpoint, and the next purge truncates.
    this.db.pragma('wal_checkpoint(TRUNCATE)');
    return result;
  }

  private columnsOf(table: string): Map<string, boolean> {
    if (!IDENT.test(table)) throw registryError(table, 'not a table name');
    const rows = this.db.prepare(`PRAGMA table_info("${table}")`).all() as Array<{ name: string; notnull: number }>;
    if (rows.length === 0) throw registryError(table, 'no such table');
    return new Map(rows.map((r) => [r.name, r.notnull === 1]));
  }
}

/** The time before which a purger's places are all purged (meta), 0 before its first run. */
export function purgedBefore(db: Db, name: string): number {
  const r = db.prepare('SELECT value FROM meta WHERE key = ?').get(`retention.purgedBefore:${name}`) as { value: string } | undefined;
  return r ? Number(r.value) : 0;
}

function setPurgedBefore(db: Db, name: string, at: number): void {
  db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(`retention.purgedBefore:${name}`, String(at));
}

function registryError(what: string, why: string): BilingualError {
  return new BilingualError(
    'RETENTION_REGISTRY',
    `个人信息保存期限登记有误（${what.slice(0, 80)}：${why}）— 这是程序错误，请联系管理员`,
    `Bad personal-data retention registration (${what.slice(0, 80)}: ${why}) — this is a program error, contact the administrator`,
  );
}
