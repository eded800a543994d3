/**
 * Personal data is kept only as long as the retention setting says (default 180 days).
 * Modules that store personal fields register their table here; `purgeExpired` then blanks
 * (sets NULL) those fields in rows older than the cut-off, keeping the rows themselves so
 * counts and money figures stay whole. Each run is audited with counts only.
 *
 * A registered column must be nullable and must not be covered by a hash chain (blanking it
 * would break the chain): keep personal fields in their own table next to chained records.
 */
import { BilingualError } from '../../../base/contract/errors';
import type { AuditLog } from '../audit/auditLog';
import { AUDIT_KINDS } from '../audit/kinds';
import type { Db } from '../storage/db';

export const DEFAULT_RETENTION_DAYS = 180;
const DAY_MS = 24 * 60 * 60 * 1000;
const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;

export interface RetentionSpec {
  table: string;
  /** Epoch-ms column the age is measured from (when the customer was served). */
  timeColumn: string;
  /** Columns blanked at expiry. */
  personalColumns: readonly string[];
}

export interface PurgeResult {
  days: number;
  /** Rows older than this (epoch ms) were purged. */
  cutoff: number;
  tables: Array<{ table: string; rows: number }>;
}

export class Retention {
  private readonly specs = new Map<string, RetentionSpec>();

  constructor(
    private readonly db: Db,
    private readonly audit: AuditLog,
    /** From settings privacy.retentionDays; read at each purge. */
    private readonly retentionDays: () => number = () => DEFAULT_RETENTION_DAYS,
  ) {}

  /** Checked now, against the real schema, so a typo fails at start-up and not at 3 a.m. */
  register(spec: RetentionSpec): void {
    const cols = this.columnsOf(spec.table);
    const need = [spec.timeColumn, ...spec.personalColumns];
    if (spec.personalColumns.length === 0) throw registryError(spec.table, 'no personal columns');
    for (const c of need) {
      if (!IDENT.test(c) || !cols.has(c)) throw registryError(spec.table, `no column ${c}`);
    }
    for (const c of spec.personalColumns) {
      if (c === spec.timeColumn) throw registryError(spec.table, 'the time column cannot be purged');
      if (cols.get(c) === true) throw registryError(spec.table, `column ${c} is NOT NULL`);
    }
    this.specs.set(spec.table, { ...spec, personalColumns: [...spec.personalColumns] });
  }

  registered(): RetentionSpec[] {
    return [...this.specs.values()];
  }

  /** One transaction for all tables and the audit entry: either all of it happened or none. */
  purgeExpired(now: number, actor: string | null = null): PurgeResult {
    const days = this.retentionDays();
    if (!Number.isInteger(days) || days < 1) {
      throw new BilingualError('RETENTION_INVALID', `保存期限设置不正确：${days} — 请在设置中填写 1 天以上`, `Invalid retention period: ${days} — set at least 1 day in settings`);
    }
    const cutoff = now - days * DAY_MS;
    const run = this.db.transaction((): PurgeResult => {
      const tables: PurgeResult['tables'] = [];
      for (const s of this.specs.values()) {
        const set = s.personalColumns.map((c) => `"${c}" = NULL`).join(', ');
        const anyLeft = s.personalColumns.map((c) => `"${c}" IS NOT NULL`).join(' OR ');
        // Only rows that came of age since the last purge: everything older was purged then, in
        // the same transaction that moved the mark. Without the lower bound every purge (at each
        // start and daily) walked all of five years' rows: seconds before the first screen.
        const from = purgedBefore(this.db, s.table);
        const info = this.db.prepare(`UPDATE "${s.table}" SET ${set} WHERE "${s.timeColumn}" >= ? AND "${s.timeColumn}" < ? AND (${anyLeft})`).run(from, cutoff);
        if (cutoff > from) setPurgedBefore(this.db, s.table, cutoff);
        tables.push({ table: s.table, rows: info.changes });
      }
      const result = { days, cutoff, tables };
      this.audit.append({ kind: AUDIT_KINDS.retentionPurge, actor, counterId: null, detail: { ...result } });
      return result;
    });
    return run.immediate();
  }

  private columnsOf(table: string): Map<string, boolean> {
    if (!IDENT.test(table)) throw registryError(table, 'not a table name');
    const rows = this.db.prepare(`PRAGMA table_info("${table}")`).all() as Array<{ name: string; notnull: number }>;
    if (rows.length === 0) throw registryError(table, 'no such table');
    return new Map(rows.map((r) => [r.name, r.notnull === 1]));
  }
}

/** The time before which a table's personal fields are all purged (meta), 0 before the first purge. */
export function purgedBefore(db: Db, table: string): number {
  const r = db.prepare('SELECT value FROM meta WHERE key = ?').get(`retention.purgedBefore:${table}`) as { value: string } | undefined;
  return r ? Number(r.value) : 0;
}

function setPurgedBefore(db: Db, table: string, at: number): void {
  db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(`retention.purgedBefore:${table}`, String(at));
}

function registryError(table: string, why: string): BilingualError {
  return new BilingualError(
    'RETENTION_REGISTRY',
    `个人信息保存期限登记有误（${table.slice(0, 40)}：${why}）— 这是程序错误，请联系管理员`,
    `Bad personal-data retention registration (${table.slice(0, 40)}: ${why}) — this is a program error, contact the administrator`,
  );
}
